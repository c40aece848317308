//! The column names of the normalized frames, in one place: the frames are the interface
//! between the stages (normalize builds them, check, select and report read them, the CSV
//! files are their contract), so every stage names a column through these constants.
//!
//! Columns shared by several kinds (provenance, `department`, `level`…) are at the top; the
//! columns of one kind are in the module of that kind. Name lists (`authors`, `leader`,
//! `members`) are `List(String)` columns, joined with `、` only when written out.

/// The file a record was read from.
pub const SOURCE_FILE: &str = "source_file";
/// The sheet a record was read from (empty for CSV input).
pub const SHEET: &str = "sheet";
/// The 1-based row of the record in its sheet.
pub const ROW: &str = "row";
/// Cells that no column took, `表头：原值；…`.
pub const UNPARSED: &str = "unparsed";
/// 教研组 as the record says.
pub const DEPARTMENT: &str = "department";
/// Canonical level.
pub const LEVEL: &str = "level";
/// 题目 / 课题名称.
pub const TITLE: &str = "title";
/// 身份证号.
pub const ID_NUMBER: &str = "id_number";
/// Organizer / awarding body / 培训机构.
pub const ORGANIZER: &str = "organizer";
/// The school a record comes from (a district's records).
pub const SCHOOL: &str = "school";

/// 教师名单.
pub mod teachers {
    /// 姓名.
    pub const NAME: &str = "name";
    /// 学科.
    pub const SUBJECT: &str = "subject";
    /// 职称.
    pub const TITLE: &str = "title";
    /// 性别.
    pub const GENDER: &str = "gender";
    /// 工号.
    pub const STAFF_NO: &str = "staff_no";
}

/// 论文获奖 and 论文发表.
pub mod papers {
    /// 获奖 or 发表.
    pub const KIND: &str = "kind";
    /// Authors in written order: `List(String)`.
    pub const AUTHORS: &str = "authors";
    /// Contest or journal.
    pub const VENUE: &str = "venue";
    /// Canonical award grade.
    pub const AWARD: &str = "award";
    /// Date: the deciding date of a paper.
    pub const DATE: &str = "date";
    /// The level as written.
    pub const LEVEL_RAW: &str = "level_raw";
    /// `day` or `month`.
    pub const DATE_PRECISION: &str = "date_precision";
    /// The author list was cut short on the sheet.
    pub const AUTHORS_TRUNCATED: &str = "authors_truncated";
    /// 期号.
    pub const ISSUE: &str = "issue";
    /// 刊号.
    pub const CN: &str = "cn";
    /// 证书编号.
    pub const CERTIFICATE: &str = "certificate";
}

/// 课题.
pub mod projects {
    /// 课题编号.
    pub const CODE: &str = "code";
    /// 课题类别.
    pub const CATEGORY: &str = "category";
    /// 主持人 in written order: `List(String)`.
    pub const LEADER: &str = "leader";
    /// 课题组成员: `List(String)`.
    pub const MEMBERS: &str = "members";
    /// Canonical status.
    pub const STATUS: &str = "status";
    /// 立项时间.
    pub const APPROVED_ON: &str = "approved_on";
    /// 结题时间.
    pub const CLOSED_ON: &str = "closed_on";
    /// The level as written.
    pub const LEVEL_RAW: &str = "level_raw";
    /// The status as written.
    pub const STATUS_RAW: &str = "status_raw";
    /// 开题时间.
    pub const OPENED_ON: &str = "opened_on";
    /// 计划结题时间.
    pub const PLANNED_CLOSE: &str = "planned_close";
    /// 成果.
    pub const RESULT: &str = "result";
}

/// 培训学时.
pub mod training {
    /// 姓名.
    pub const TEACHER: &str = "teacher";
    /// 培训项目.
    pub const COURSE: &str = "course";
    /// 培训类型.
    pub const TYPE: &str = "type";
    /// 开始日期.
    pub const START: &str = "start";
    /// 结束日期: with `start`, the deciding date of a record.
    pub const END: &str = "end";
    /// 学时: Float64.
    pub const HOURS: &str = "hours";
}

/// 行事历.
pub mod plans {
    /// First month: UInt32.
    pub const MONTH: &str = "month";
    /// 工作内容.
    pub const ITEM: &str = "item";
    /// 负责人.
    pub const OWNER: &str = "owner";
    /// Last month of a range: UInt32.
    pub const MONTH_END: &str = "month_end";
    /// The time as written.
    pub const WHEN: &str = "when";
    /// The plan's school year, `2021-2022` ([`crate::normalize::plan_term`]).
    pub const SCHOOL_YEAR: &str = "school_year";
    /// The plan's term: UInt32, 1 or 2.
    pub const TERM: &str = "term";
}
