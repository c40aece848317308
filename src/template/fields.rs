//! The rule of each field of a 采集表: which drop-down it offers, which check it makes as it
//! is typed, what its input message says, how wide its column is, and what the 填表说明's
//! example row holds. One place, used by the data sheets and the instructions alike.
//!
//! The lists come from the vocabularies the checks read (vocab.toml's levels, grades,
//! statuses and training types; its `[template]` lists) and from the school (jiaoke.toml's
//! departments, the roster in the inbox), so that what the form offers is what `check`
//! accepts.

use crate::period::MONTH_NAMES;
use crate::vocab::{ColumnSpec, Kind, ValueKind, Vocab};

/// A drop-down list of a 采集表.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum List {
    /// 国家级 … 校级.
    Levels,
    /// 特等奖 … 优秀奖.
    Awards,
    /// 申报 … 撤项.
    Statuses,
    /// 获奖 / 发表.
    PaperKinds,
    /// 课题类别 (vocab.toml `[template]`).
    ProjectCategories,
    /// 培训类型.
    TrainingTypes,
    /// 教研组.
    Departments,
    /// The roster's names.
    Teachers,
    /// 九月 … 八月, in school-year order.
    Months,
}

impl List {
    /// Every list, in the column order of the hidden list sheet.
    pub const ALL: [List; 9] = [
        List::Levels,
        List::Awards,
        List::Statuses,
        List::PaperKinds,
        List::ProjectCategories,
        List::TrainingTypes,
        List::Departments,
        List::Teachers,
        List::Months,
    ];

    /// The list's heading on the hidden list sheet.
    pub fn label(self) -> &'static str {
        match self {
            List::Levels => "级别",
            List::Awards => "获奖等次",
            List::Statuses => "研究状态",
            List::PaperKinds => "类别",
            List::ProjectCategories => "课题类别",
            List::TrainingTypes => "培训类型",
            List::Departments => "教研组",
            List::Teachers => "教师",
            List::Months => "月份",
        }
    }
}

/// What a field asks of its cells.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Rule {
    /// A drop-down.
    Choice {
        /// Its values.
        list: List,
        /// Only its values (else a value outside it is allowed after a warning).
        strict: bool,
    },
    /// A date cell.
    Date,
    /// Training hours: a number in (0, the school's bound].
    Hours,
    /// An 18-character 身份证号, kept as text.
    IdNumber,
    /// 序号.
    Index,
    /// One or more names.
    Names,
    /// A code kept as text (课题编号, 刊号).
    Code,
    /// Free text.
    Text,
}

/// The rule of `field` of `kind`; `roster` says whether teacher names can be offered.
pub fn rule(kind: Kind, spec: &ColumnSpec, roster: bool) -> Rule {
    let choice = |list, strict| Rule::Choice { list, strict };
    match (kind, spec.field.as_str(), spec.values) {
        (_, "department", _) => choice(List::Departments, false),
        (Kind::Training, "type", _) => choice(List::TrainingTypes, false),
        (Kind::Projects, "category", _) => choice(List::ProjectCategories, false),
        (Kind::Papers, "category", _) => choice(List::PaperKinds, true),
        // One person each: the first author, the leader, the trainee. Co-authors and members
        // are several names in one cell, which a drop-down cannot hold.
        (Kind::Papers, "authors", _)
        | (Kind::Projects, "leader", _)
        | (Kind::Training, "teacher", _)
            if roster =>
        {
            choice(List::Teachers, false)
        }
        (_, "code" | "cn" | "issue" | "certificate" | "staff_no", _) => Rule::Code,
        (_, _, ValueKind::Level) => choice(List::Levels, true),
        (_, _, ValueKind::Award) => choice(List::Awards, true),
        (_, _, ValueKind::Status) => choice(List::Statuses, true),
        // A calendar may name a range (`十一月—十二月`): the list is a help, not a rule.
        (_, _, ValueKind::Month) => choice(List::Months, false),
        (_, _, ValueKind::Date | ValueKind::DateRange) => Rule::Date,
        (_, _, ValueKind::Hours) => Rule::Hours,
        (_, _, ValueKind::IdNumber) => Rule::IdNumber,
        (_, _, ValueKind::Index) => Rule::Index,
        (_, _, ValueKind::Name | ValueKind::Names) => Rule::Names,
        _ => Rule::Text,
    }
}

/// The values of a list for this school.
pub fn values(list: List, vocab: &Vocab, school: &School) -> Vec<String> {
    match list {
        List::Levels => vocab.levels.order.clone(),
        List::Awards => vocab.awards.order.clone(),
        List::Statuses => vocab.statuses.order.clone(),
        List::PaperKinds => {
            // 获奖 before 发表, as offices list them.
            let mut kinds: Vec<String> = vocab.paper_categories.keys().cloned().collect();
            kinds.sort_by_key(|k| k != "获奖");
            kinds
        }
        List::ProjectCategories => vocab.template.project_categories.clone(),
        List::TrainingTypes => vocab.training_types.order.clone(),
        List::Departments => school.departments.clone(),
        List::Teachers => school.teachers.clone(),
        // A school year's months, September first.
        List::Months => (0..12)
            .map(|i| MONTH_NAMES[(8 + i) % 12].to_string())
            .collect(),
    }
}

/// What a 采集表 knows of the school besides the vocabularies.
#[derive(Debug, Clone, Default)]
pub struct School {
    /// Its 教研组, in order.
    pub departments: Vec<String>,
    /// The teachers offered in name drop-downs (the roster, of one department when asked).
    pub teachers: Vec<String>,
    /// The most hours one training item may carry (jiaoke.toml `[check]`).
    pub max_hours: f64,
}

/// The input message shown when a cell of the field is selected, or "".
pub fn hint(kind: Kind, spec: &ColumnSpec, rule: Rule, school: &School) -> String {
    match rule {
        Rule::Choice { strict: true, .. } => "请从下拉列表中选择".into(),
        Rule::Choice { list, .. } => {
            let more = match (kind, spec.field.as_str()) {
                (Kind::Papers, "authors") => "；第一作者填这里，其他作者填在“其他作者”列",
                (Kind::Projects, "leader") => "；其他成员填在“课题组成员”列",
                _ if list == List::Months => "；跨月的写作“十一月—十二月”",
                _ => "",
            };
            format!("请从下拉列表中选择，列表中没有的可直接填写{more}")
        }
        Rule::Date => "填写格式：2023-09-01（只知道月份的填该月1日）".into(),
        Rule::Hours => format!(
            "填写大于 0、不超过 {} 的数字，如 24 或 1.5",
            crate::table::format_number(school.max_hours)
        ),
        Rule::IdNumber => "18 位身份证号，末位 X 大写".into(),
        Rule::Names => "多人用“、”分隔，如：张三、李四".into(),
        Rule::Code | Rule::Text => match (kind, spec.field.as_str()) {
            (Kind::Papers, "contest" | "organizer") => "获奖的论文填写".into(),
            (Kind::Papers, "journal" | "issue" | "cn") => "发表的论文填写".into(),
            (_, _) if rule == Rule::Code => "照证书或文件上的写法填写".into(),
            _ => String::new(),
        },
        Rule::Index => String::new(),
    }
}

/// The width of the field's column, in Excel units: room for its header and typical values.
pub fn width(spec: &ColumnSpec, rule: Rule) -> f64 {
    let typical: f64 = match (rule, spec.field.as_str()) {
        (_, "title" | "course" | "item") => 28.0,
        (_, "contest" | "journal" | "organizer" | "members") => 18.0,
        (_, "note" | "coauthors") => 14.0,
        (Rule::Index, _) => 6.0,
        (Rule::Date, _) => 12.0,
        (Rule::Hours, _) => 8.0,
        (Rule::IdNumber, _) => 21.0,
        (Rule::Names, _) => 14.0,
        (Rule::Code, _) => 12.0,
        (Rule::Choice { .. }, _) => 12.0,
        (Rule::Text, _) => 14.0,
    };
    let header = crate::text::display_width(&spec.label) as f64 * 1.1 + 2.0;
    typical.max(header)
}

/// The example row's value of the field in the 填表说明 sheet: a list's own value where the
/// field has a list, so that the example passes its own checks.
pub fn example(
    kind: Kind,
    spec: &ColumnSpec,
    rule: Rule,
    lists: &dyn Fn(List) -> Vec<String>,
) -> String {
    let pick = |list: List, at: usize| {
        let v = lists(list);
        v.get(at).or(v.first()).cloned().unwrap_or_default()
    };
    match rule {
        Rule::Choice {
            list: List::Levels, ..
        } => pick(List::Levels, 2),
        Rule::Choice {
            list: List::Awards, ..
        } => pick(List::Awards, 1),
        Rule::Choice {
            list: List::Statuses,
            ..
        } => pick(List::Statuses, 3),
        Rule::Choice {
            list: List::Teachers,
            ..
        } => pick(List::Teachers, 0),
        Rule::Choice { list, .. } => pick(list, 0),
        Rule::Date => "2023-10-15".into(),
        Rule::Hours => "24".into(),
        Rule::IdNumber => "32041219850315XXXX".into(),
        Rule::Index => "1".into(),
        _ => example_text(kind, &spec.field).into(),
    }
}

/// Example texts of free-text fields.
fn example_text(kind: Kind, field: &str) -> &'static str {
    match (kind, field) {
        (Kind::Teachers, "name") => "王静",
        (Kind::Teachers, "gender") => "女",
        (Kind::Teachers, "subject") => "语文",
        (Kind::Teachers, "title") => "一级教师",
        (Kind::Papers, "authors") | (Kind::Projects, "leader") | (Kind::Training, "teacher") => {
            "王静"
        }
        (Kind::Papers, "coauthors") | (Kind::Projects, "members") => "李明、张华",
        (Kind::Papers, "title") => "小学语文整本书阅读的实践与思考",
        (Kind::Papers, "contest") => "常州市教育学会论文评比",
        // The example is an award: the publication's fields stay empty.
        (Kind::Papers, "journal" | "issue" | "cn") => "",
        (Kind::Papers, "organizer") => "常州市教育学会",
        (Kind::Papers, "certificate") => "CZJY2023-0158",
        (Kind::Projects, "title") => "指向深度学习的小学语文单元整体教学实践研究",
        (Kind::Projects, "code") => "CZ2023-012",
        (Kind::Projects, "organizer") => "常州市教育科学规划领导小组",
        (Kind::Training, "course") => "新课标背景下的大单元教学设计",
        (Kind::Training, "organizer") => "武进区教师发展中心",
        (Kind::Plans, "item") => "组织教师撰写教育教学论文",
        (Kind::Plans, "owner") => "教科室",
        (_, "staff_no") => "2008015",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_field_has_a_rule_and_an_example_that_reads_back() {
        let vocab = Vocab::builtin();
        let school = School {
            departments: vec!["语文组".into()],
            teachers: vec!["王静".into()],
            max_hours: 200.0,
        };
        let lists = |l: List| values(l, &vocab, &school);
        for kind in Kind::ALL {
            let spec = vocab.kind(kind);
            assert!(!spec.template.is_empty(), "{kind:?} has template fields");
            for field in &spec.template {
                let col = spec
                    .column(field)
                    .unwrap_or_else(|| panic!("{kind:?}.{field}"));
                let r = rule(kind, col, true);
                if let Rule::Choice { list, .. } = r {
                    let v = example(kind, col, r, &lists);
                    assert!(lists(list).contains(&v), "{kind:?}.{field}: {v}");
                }
                assert!(width(col, r) >= 6.0);
            }
        }
    }

    #[test]
    fn names_are_offered_only_with_a_roster() {
        let vocab = Vocab::builtin();
        let spec = vocab.kind(Kind::Training).column("teacher").unwrap();
        assert_eq!(
            rule(Kind::Training, spec, true),
            Rule::Choice {
                list: List::Teachers,
                strict: false
            }
        );
        assert_eq!(rule(Kind::Training, spec, false), Rule::Names);
        let level = vocab.kind(Kind::Papers).column("level").unwrap();
        assert_eq!(
            rule(Kind::Papers, level, false),
            Rule::Choice {
                list: List::Levels,
                strict: true
            }
        );
    }
}
