//! Column builders per record kind: each takes the header as written and returns a column
//! that writes one field in one of the messy ways of [`crate::mess`]. The sample inbox and the
//! district benchmark compose their tables from these.

use crate::grid::Cell;
use crate::mess::{self, D, DateStyle, HourStyle, RangeStyle};
use crate::model::{MonthItem, Paper, Project, Session, Teacher, Training};
use crate::table::{Col, col};

fn pick<T: Copy>(styles: &[T], i: usize) -> T {
    styles[i % styles.len()]
}

fn date_or_empty(d: &Option<D>, style: DateStyle) -> Cell {
    d.as_ref()
        .map(|d| mess::date_cell(d, style))
        .unwrap_or(Cell::Empty)
}

// ---- teachers ----------------------------------------------------------------------------

/// 姓名, padded to two characters' width (`王　静`) when `pad`.
pub fn t_name(head: &str, pad: bool) -> Col<Teacher> {
    col(head, "name", 10.0, move |t: &Teacher, _| {
        Cell::text(if pad {
            mess::pad_name(&t.name)
        } else {
            t.name.clone()
        })
    })
}

/// 教研组.
pub fn t_dep(head: &str) -> Col<Teacher> {
    col(head, "department", 10.0, |t: &Teacher, _| {
        Cell::text(&t.department)
    })
}

/// 任教学科.
pub fn t_subject(head: &str) -> Col<Teacher> {
    col(head, "subject", 12.0, |t: &Teacher, _| {
        Cell::text(&t.subject)
    })
}

/// 职称.
pub fn t_title(head: &str) -> Col<Teacher> {
    col(head, "title", 12.0, |t: &Teacher, _| Cell::text(&t.title))
}

/// 性别.
pub fn t_gender(head: &str) -> Col<Teacher> {
    col(head, "gender", 6.0, |t: &Teacher, _| {
        Cell::text(if t.male { "男" } else { "女" })
    })
}

/// 身份证号 as text.
pub fn t_id(head: &str) -> Col<Teacher> {
    col(head, "id_number", 22.0, |t: &Teacher, _| Cell::text(&t.id))
}

// ---- papers ------------------------------------------------------------------------------

/// Authors joined by `sep`.
pub fn p_authors(head: &str, sep: &'static str) -> Col<Paper> {
    col(head, "authors", 14.0, move |p: &Paper, _| {
        Cell::text(p.authors.join(sep))
    })
}

/// The title as the truth has it.
pub fn p_title(head: &str) -> Col<Paper> {
    col(head, "title", 44.0, |p: &Paper, _| Cell::text(&p.title))
}

/// Contest or journal; journals in 《》 when `brackets`.
pub fn p_venue(head: &str, brackets: bool) -> Col<Paper> {
    col(head, "venue", 34.0, move |p: &Paper, _| {
        Cell::text(if brackets {
            format!("《{}》", p.venue)
        } else {
            p.venue.clone()
        })
    })
}

/// Level, spelling rotated from `offset` (0 = the canonical spellings).
pub fn p_level(head: &str, rotate: bool) -> Col<Paper> {
    col(head, "level", 10.0, move |p: &Paper, i| {
        Cell::text(mess::level_spelling(&p.level, if rotate { i } else { 0 }))
    })
}

/// Award grade, spelling rotated.
pub fn p_award(head: &str, rotate: bool) -> Col<Paper> {
    col(head, "award", 10.0, move |p: &Paper, i| {
        Cell::text(mess::award_spelling(&p.award, if rotate { i } else { 0 }))
    })
}

/// Level and grade in one cell (`省一等奖`); records without a level get the grade alone.
pub fn p_award_with_level(head: &str) -> Col<Paper> {
    col(head, "award", 12.0, |p: &Paper, _| {
        Cell::text(format!("{}{}", mess::level_prefix(&p.level), p.award))
    })
}

/// 颁奖单位.
pub fn p_organizer(head: &str) -> Col<Paper> {
    col(head, "organizer", 24.0, |p: &Paper, _| {
        Cell::text(&p.organizer)
    })
}

/// Date in rotating styles.
pub fn p_date(head: &str, styles: &[DateStyle]) -> Col<Paper> {
    let styles = styles.to_vec();
    col(head, "date", 14.0, move |p: &Paper, i| {
        date_or_empty(&p.date, pick(&styles, i))
    })
}

/// 教研组.
pub fn p_dep(head: &str) -> Col<Paper> {
    col(head, "department", 8.0, |p: &Paper, _| {
        Cell::text(&p.department)
    })
}

/// 刊号.
pub fn p_cn(head: &str) -> Col<Paper> {
    col(head, "cn", 16.0, |p: &Paper, _| Cell::text(&p.cn))
}

/// A column the truth leaves empty (备注).
pub fn blank<T>(head: &str) -> Col<T> {
    col(head, "note", 10.0, |_: &T, _| Cell::Empty)
}

// ---- projects ----------------------------------------------------------------------------

/// 课题名称.
pub fn j_title(head: &str) -> Col<Project> {
    col(head, "title", 44.0, |p: &Project, _| Cell::text(&p.title))
}

/// 课题编号.
pub fn j_code(head: &str) -> Col<Project> {
    col(head, "code", 16.0, |p: &Project, _| Cell::text(&p.code))
}

/// 课题级别, spelling rotated.
pub fn j_level(head: &str) -> Col<Project> {
    col(head, "level", 10.0, |p: &Project, i| {
        Cell::text(mess::level_spelling(&p.level, i))
    })
}

/// 课题类别.
pub fn j_category(head: &str) -> Col<Project> {
    col(head, "category", 12.0, |p: &Project, _| {
        Cell::text(&p.category)
    })
}

/// 主持人.
pub fn j_leader(head: &str) -> Col<Project> {
    col(head, "leader", 10.0, |p: &Project, _| Cell::text(&p.leader))
}

/// 课题组成员 joined by `sep`.
pub fn j_members(head: &str, sep: &'static str) -> Col<Project> {
    col(head, "members", 28.0, move |p: &Project, _| {
        Cell::text(p.members.join(sep))
    })
}

/// 研究状态 as written.
pub fn j_status(head: &str) -> Col<Project> {
    col(head, "status", 10.0, |p: &Project, _| {
        Cell::text(&p.status_written)
    })
}

/// 立项时间.
pub fn j_approved(head: &str, styles: &[DateStyle]) -> Col<Project> {
    let styles = styles.to_vec();
    col(head, "approved", 14.0, move |p: &Project, i| {
        date_or_empty(&p.approved, pick(&styles, i))
    })
}

/// 结题时间.
pub fn j_closed(head: &str, styles: &[DateStyle]) -> Col<Project> {
    let styles = styles.to_vec();
    col(head, "closed", 14.0, move |p: &Project, i| {
        date_or_empty(&p.closed, pick(&styles, i))
    })
}

// ---- training ----------------------------------------------------------------------------

/// 姓名.
pub fn r_teacher(head: &str) -> Col<Training> {
    col(head, "teacher", 10.0, |t: &Training, _| {
        Cell::text(&t.teacher)
    })
}

/// 教研组.
pub fn r_dep(head: &str) -> Col<Training> {
    col(head, "department", 8.0, |t: &Training, _| {
        Cell::text(&t.department)
    })
}

/// 任教学科.
pub fn r_subject(head: &str) -> Col<Training> {
    col(head, "subject", 8.0, |t: &Training, _| {
        Cell::text(&t.subject)
    })
}

/// 身份证号.
pub fn r_id(head: &str) -> Col<Training> {
    col(head, "id_number", 22.0, |t: &Training, _| Cell::text(&t.id))
}

/// 培训项目.
pub fn r_course(head: &str) -> Col<Training> {
    col(head, "course", 40.0, |t: &Training, _| {
        Cell::text(&t.course)
    })
}

/// 培训形式 as written.
pub fn r_type(head: &str) -> Col<Training> {
    col(head, "type", 10.0, |t: &Training, _| {
        Cell::text(&t.type_written)
    })
}

/// 培训级别, spelling rotated.
pub fn r_level(head: &str, rotate: bool) -> Col<Training> {
    col(head, "level", 10.0, move |t: &Training, i| {
        Cell::text(mess::level_spelling(&t.level, if rotate { i } else { 0 }))
    })
}

/// 开始.
pub fn r_start(head: &str, styles: &[DateStyle]) -> Col<Training> {
    let styles = styles.to_vec();
    col(head, "start", 12.0, move |t: &Training, i| {
        date_or_empty(&t.start, pick(&styles, i))
    })
}

/// 结束.
pub fn r_end(head: &str, styles: &[DateStyle]) -> Col<Training> {
    let styles = styles.to_vec();
    col(head, "end", 12.0, move |t: &Training, i| {
        date_or_empty(&t.end, pick(&styles, i))
    })
}

/// 培训时间 as one cell holding a range.
pub fn r_period(head: &str, styles: &[RangeStyle]) -> Col<Training> {
    let styles = styles.to_vec();
    col(head, "period", 24.0, move |t: &Training, i| {
        match (&t.start, &t.end) {
            (Some(a), Some(b)) => mess::range_cell(a, b, pick(&styles, i)),
            _ => Cell::Empty,
        }
    })
}

/// 学时 in rotating styles.
pub fn r_hours(head: &str, styles: &[HourStyle]) -> Col<Training> {
    let styles = styles.to_vec();
    col(head, "hours", 8.0, move |t: &Training, i| {
        t.hours
            .map(|h| mess::hours_cell(h, pick(&styles, i)))
            .unwrap_or(Cell::Empty)
    })
}

/// 培训机构.
pub fn r_organizer(head: &str) -> Col<Training> {
    col(head, "organizer", 24.0, |t: &Training, _| {
        Cell::text(&t.organizer)
    })
}

/// The columns of a 校本培训记载表: 时间 | 地点 | 主讲人 | 培训内容 | 参加人员 | 学时.
pub fn session_cols(dates: &[DateStyle]) -> Vec<Col<Session>> {
    let dates = dates.to_vec();
    vec![
        col("时间", "date", 14.0, move |s: &Session, i| {
            mess::date_cell(&s.date, pick(&dates, i))
        }),
        col("地点", "place", 12.0, |s: &Session, _| {
            Cell::text(&s.place)
        }),
        col("主讲人", "speaker", 16.0, |s: &Session, _| {
            Cell::text(&s.speaker)
        }),
        col("培训内容", "course", 36.0, |s: &Session, _| {
            Cell::text(&s.course)
        }),
        col("参加人员", "participants", 36.0, |s: &Session, _| {
            Cell::text(s.participants.join("、"))
        }),
        col("学时", "hours", 8.0, |s: &Session, _| {
            s.hours.map(Cell::Num).unwrap_or(Cell::Empty)
        }),
    ]
}

/// The columns of a month-based calendar: month label (merged down), item, owner.
pub fn month_cols(heads: [&str; 3]) -> Vec<Col<MonthItem>> {
    vec![
        col(heads[0], "month", 16.0, |m: &MonthItem, _| {
            Cell::text(&m.label)
        })
        .merged(),
        col(heads[1], "item", 60.0, |m: &MonthItem, _| {
            Cell::text(&m.plan.item)
        }),
        col(heads[2], "owner", 16.0, |m: &MonthItem, _| {
            Cell::text(&m.plan.owner)
        }),
    ]
}
