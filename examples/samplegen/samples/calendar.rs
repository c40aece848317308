//! 教科室行事历.xlsx: month-based and week-based calendar sheets.

use super::*;

/// One month of a calendar sheet: label, first month, last month of a range, (item, owner).
type MonthBlock<'a> = (&'a str, u32, Option<u32>, &'a [(&'a str, &'a str)]);
/// One week: label, dates, month, last month, (item, owner).
type WeekBlock<'a> = (&'a str, &'a str, u32, Option<u32>, &'a [(&'a str, &'a str)]);

/// A calendar line of a week-based sheet.
#[derive(Debug, Clone)]
struct WeekItem {
    week: String,
    dates: String,
    plan: Plan,
}

impl ToExp for WeekItem {
    fn exp(&self) -> Vec<Exp> {
        self.plan.exp()
    }
}

pub(super) fn month_sheet(
    out: &mut Out,
    file: &str,
    name: &str,
    title: &str,
    heads: [&str; 3],
    months: &[MonthBlock],
    term: (i32, u8),
) -> Grid {
    let at = At::sheet(file, name);
    let mut t = Table::new(month_cols(heads));
    t.title = Some(title.into());
    let mut recs = vec![];
    for (label, month, end, lines) in months {
        for (item, owner) in lines.iter() {
            recs.push(Rec::new(MonthItem {
                label: label.to_string(),
                plan: Plan {
                    month: *month,
                    month_end: *end,
                    item: item.to_string(),
                    owner: owner.to_string(),
                    term: Some(term),
                },
            }));
        }
    }
    let mut g = Grid::new(name);
    render(&mut g, &t, &records(&recs), &at, &mut out.truth);
    g
}

/// 教科室行事历.xlsx: two month-based sheets (月份 merged down, `九月`, `十月份`,
/// `十一月份——十二月份`, `3月份`, `5月份—6月份`) and a week-based one.
pub(super) fn calendar(out: &mut Out) -> Result<()> {
    let file = "教科室行事历.xlsx";
    let k = "教科室";
    let s1 = month_sheet(
        out,
        file,
        "第一学期",
        "云溪实验小学2023—2024学年第一学期教科室行事历",
        ["月份", "工作内容", "负责人"],
        &[
            (
                "九月",
                9,
                None,
                &[
                    ("制订新学期教科室工作计划", k),
                    ("各教研组制订本学期教研活动方案、公开课安排", "各教研组长"),
                    ("召开课题主持人会议，部署课题中期评估工作", k),
                    ("组织教师制订个人专业发展计划", k),
                    ("期初备课检查和听课调研", "教导处、教科室"),
                ],
            ),
            (
                "十月份",
                10,
                None,
                &[
                    (
                        "省级课题“指向深度学习的小学数学单元整体教学实践研究”中期评估",
                        "孙建国",
                    ),
                    ("区级微型课题开题论证", k),
                    ("教师外出培训", k),
                    ("校本培训：教育科研论文的选题与撰写", k),
                ],
            ),
            (
                "十一月份——十二月份",
                11,
                Some(12),
                &[
                    ("组织教师撰写教育教学论文，参加常州市教育学会论文评比", k),
                    ("期中教学工作全面检查", "教导处"),
                    ("追踪调研课题组研究情况", k),
                    ("做好2023年教师发表、获奖论文情况统计", k),
                ],
            ),
            (
                "一月份",
                1,
                None,
                &[
                    ("课题材料收集整理归档，完成阶段性总结", "各课题组"),
                    ("撰写教科室工作总结", k),
                    ("整理校本培训记载表", k),
                    ("收齐各教研组台账资料", "各教研组长"),
                ],
            ),
        ],
        (2023, 1),
    );
    let s2 = month_sheet(
        out,
        file,
        "第二学期",
        "云溪实验小学2023—2024学年第二学期教科室行事历",
        ["月份", "主要工作", "责任处室"],
        &[
            (
                "2月份",
                2,
                None,
                &[
                    ("制订新学期教科室工作计划", k),
                    ("各教研组制订教研活动计划", "各教研组"),
                ],
            ),
            (
                "3月份",
                3,
                None,
                &[
                    ("武进区微型课题申报", k),
                    ("江苏省“师陶杯”论文撰写动员", k),
                    ("青年教师读书沙龙", "教科室、校团支部"),
                ],
            ),
            (
                "4月",
                4,
                None,
                &[("校级课题中期检查", k), ("常州市教学案例评比推荐", k)],
            ),
            (
                "5月份—6月份",
                5,
                Some(6),
                &[
                    ("组织参加江苏省“五四杯”初等教育论文评比", k),
                    ("课题结题材料审核", k),
                    ("学年教科研工作总结与表彰", "校长室、教科室"),
                ],
            ),
        ],
        (2023, 2),
    );
    let at = At::sheet(file, "开学周历");
    let t: Table<WeekItem> = Table::new(vec![
        col("周次", "week", 10.0, |w: &WeekItem, _| {
            Cell::text(&w.week)
        })
        .merged(),
        col("日期", "when", 14.0, |w: &WeekItem, _| {
            Cell::text(&w.dates)
        })
        .merged(),
        col("工作内容", "item", 50.0, |w: &WeekItem, _| {
            Cell::text(&w.plan.item)
        }),
        col("责任人", "owner", 12.0, |w: &WeekItem, _| {
            Cell::text(&w.plan.owner)
        }),
    ]);
    let weeks: &[WeekBlock] = &[
        (
            "第一周",
            "9.1-9.3",
            9,
            None,
            &[("开学准备，收集各教研组计划", "陈雪梅")],
        ),
        (
            "第二周",
            "9.4-9.10",
            9,
            None,
            &[("教科室工作计划定稿", "陈雪梅"), ("课题组长会议", "孙建国")],
        ),
        (
            "第三周",
            "9.11-9.17",
            9,
            None,
            &[("新教师课堂教学常规专题讲座", "葛秀英")],
        ),
        (
            "第四周",
            "9.18-9.24",
            9,
            None,
            &[
                ("校本培训：新课标背景下的大单元教学设计", "陈雪梅"),
                ("期初听课调研", "教导处"),
            ],
        ),
        (
            "第五周",
            "9.25-10.1",
            // A week takes the month it starts in; a week is not a range of months.
            9,
            None,
            &[("微型课题开题报告收交", "陈雪梅")],
        ),
        ("第六周", "10.2-10.8", 10, None, &[("国庆假期", "")]),
        (
            "第七周",
            "10.9-10.15",
            10,
            None,
            &[("数学组课堂观察与评课活动", "孙建国")],
        ),
    ];
    let mut recs = vec![];
    for (week, dates, m, end, lines) in weeks {
        for (item, owner) in lines.iter() {
            recs.push(Rec::new(WeekItem {
                week: week.to_string(),
                dates: dates.to_string(),
                plan: Plan {
                    month: *m,
                    month_end: *end,
                    item: item.to_string(),
                    owner: owner.to_string(),
                    // No title: the workbook's other sheets name 2023—2024, the months term 1.
                    term: Some((2023, 1)),
                },
            }));
        }
    }
    let mut s3 = Grid::new(&at.sheet);
    render(&mut s3, &t, &records(&recs), &at, &mut out.truth);
    out.xlsx(
        file,
        &Book {
            sheets: vec![s1, s2, s3],
            macros: false,
        },
    )
}
