//! The vocabularies: record kinds, their columns and header spellings, and the value scales
//! (levels, award grades, project statuses, training types).
//!
//! They are data, kept in `vocab.toml` beside this file and compiled in; a school adds its own
//! spellings in `jiaoke.toml` ([`Vocab::extend`]). Every other module asks this one what a
//! header or a value means; none keeps a list of its own.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use serde::Deserialize;

use crate::text::strip_brackets;

/// The record kinds jiaoke imports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// 教师名单: the roster.
    Teachers,
    /// 论文获奖 and 论文发表.
    Papers,
    /// 课题: research projects.
    Projects,
    /// 继续教育学时 / 校本培训: training hours.
    Training,
    /// 行事历: the office's calendar.
    Plans,
}

impl Kind {
    /// All kinds in output order.
    pub const ALL: [Kind; 5] = [
        Kind::Teachers,
        Kind::Papers,
        Kind::Projects,
        Kind::Training,
        Kind::Plans,
    ];

    /// The key used in `vocab.toml`, `jiaoke.toml` and output file names.
    pub fn key(self) -> &'static str {
        match self {
            Kind::Teachers => "teachers",
            Kind::Papers => "papers",
            Kind::Projects => "projects",
            Kind::Training => "training",
            Kind::Plans => "plans",
        }
    }

    /// Parses a key as written in `vocab.toml` / `jiaoke.toml`.
    pub fn from_key(key: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.key() == key)
    }
}

/// What a column's values look like; decides between two readings of an ambiguous header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueKind {
    /// Free text.
    Text,
    /// One person's name.
    Name,
    /// One or more names in a cell.
    Names,
    /// A date.
    Date,
    /// A date or a date range.
    DateRange,
    /// A level (国家级 … 校级).
    Level,
    /// An award grade (特等奖 … 优秀奖).
    Award,
    /// A project status.
    Status,
    /// Training hours.
    Hours,
    /// A month or a week of a calendar.
    Month,
    /// 获奖 / 发表.
    Category,
    /// A 身份证号.
    IdNumber,
    /// A running number (序号).
    Index,
}

/// One canonical column of a record kind.
#[derive(Debug, Clone, Deserialize)]
pub struct ColumnSpec {
    /// Canonical field name (`authors`, `hours`…), filled from the TOML key.
    #[serde(skip)]
    pub field: String,
    /// Chinese header for jiaoke's own workbooks.
    pub label: String,
    /// Weight in the kind's header signature.
    pub weight: u32,
    /// What the values look like.
    pub values: ValueKind,
    /// Header spellings, cleaned with [`clean_header`].
    pub headers: Vec<String>,
}

/// A record kind: its columns and how to recognise it.
#[derive(Debug, Clone, Deserialize)]
pub struct KindSpec {
    /// The kind, filled from the TOML key.
    #[serde(skip, default = "default_kind")]
    pub kind: Kind,
    /// Chinese name.
    pub label: String,
    /// Words in a sheet or file name that favour this kind.
    pub sheet_hints: Vec<String>,
    /// Columns whose absence is a `missing_column` finding.
    pub required: Vec<String>,
    /// Grouping columns where a blank means "same as above".
    pub fill_down: Vec<String>,
    /// Minimum signature score.
    pub min_score: u32,
    /// The fields of this kind's 采集表, in column order (`jiaoke template`).
    #[serde(default)]
    pub template: Vec<String>,
    /// Columns, in the order of `vocab.toml`.
    #[serde(skip)]
    pub columns: Vec<ColumnSpec>,
    #[serde(rename = "columns", default)]
    raw_columns: toml::Table,
    /// Cleaned header spelling → the columns it names (in column order): header matching
    /// looks a cell up instead of scanning every spelling of every column.
    #[serde(skip)]
    index: FxHashMap<String, Vec<usize>>,
    /// The longest spelling in `index`, in bytes: a longer text (a title, a data cell among
    /// the top rows) is no header of this kind and needs no hashing.
    #[serde(skip)]
    longest: usize,
}

fn default_kind() -> Kind {
    Kind::Teachers
}

impl KindSpec {
    /// The column spec for a canonical field.
    pub fn column(&self, field: &str) -> Option<&ColumnSpec> {
        self.columns.iter().find(|c| c.field == field)
    }

    /// The canonical fields a cleaned header can mean in this kind (several when ambiguous).
    pub fn fields_for_header(&self, cleaned: &str) -> Vec<&ColumnSpec> {
        self.columns_for_header(cleaned)
            .iter()
            .map(|&i| &self.columns[i])
            .collect()
    }

    /// Like [`KindSpec::fields_for_header`], as positions in [`KindSpec::columns`]: header
    /// detection asks this for every cell of the top rows, for every kind, without allocating.
    pub fn columns_for_header(&self, cleaned: &str) -> &[usize] {
        let exact = self.named(cleaned);
        if exact.is_empty()
            && let Some(bare) = bracketless(cleaned)
        {
            return self.named(&bare);
        }
        exact
    }

    /// The columns a cleaned spelling names exactly.
    fn named(&self, cleaned: &str) -> &[usize] {
        if cleaned.len() > self.longest {
            return &[];
        }
        self.index.get(cleaned).map_or(&[], Vec::as_slice)
    }

    /// Rebuilds the header index after the spellings changed.
    fn reindex(&mut self) {
        self.index.clear();
        self.longest = 0;
        for (i, c) in self.columns.iter().enumerate() {
            for h in &c.headers {
                self.longest = self.longest.max(h.len());
                let cols = self.index.entry(h.clone()).or_default();
                if !cols.contains(&i) {
                    cols.push(i);
                }
            }
        }
    }
}

/// A header without its units and notes in brackets ("学时（小时）", "姓名(第一作者)"), when it
/// has some and something is left: looked up when the header as cleaned names nothing.
fn bracketless(cleaned: &str) -> Option<String> {
    if !cleaned.contains(['(', '（', '【', '[', '〔']) {
        return None;
    }
    let bare = strip_brackets(cleaned);
    (bare != cleaned && !bare.is_empty()).then_some(bare)
}

/// An ordered scale of canonical values with their spellings (levels, grades, statuses).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Scale {
    /// Canonical values, highest or earliest first.
    pub order: Vec<String>,
    /// Spellings per canonical value.
    pub aliases: BTreeMap<String, Vec<String>>,
    /// For levels: level words a place name may precede ("常州" + "市").
    #[serde(default)]
    pub place_suffixes: BTreeMap<String, Vec<String>>,
    /// What reports call a record that gives no value (`未注明级别`).
    pub missing: String,
}

impl Scale {
    /// The canonical value whose alias is exactly `cleaned` (already cleaned).
    pub fn lookup(&self, cleaned: &str) -> Option<&str> {
        self.aliases
            .iter()
            .find(|(_, spellings)| spellings.iter().any(|s| s == cleaned))
            .map(|(canon, _)| canon.as_str())
            .or_else(|| {
                self.order
                    .iter()
                    .find(|c| *c == cleaned)
                    .map(String::as_str)
            })
    }

    /// Position of a canonical value in the scale (0 = highest / first).
    pub fn rank(&self, canonical: &str) -> Option<usize> {
        self.order.iter().position(|c| c == canonical)
    }

    /// Position of a value in the report order: its rank, or `order.len()` for anything
    /// else (the [`Scale::missing`] row or column).
    pub fn index(&self, value: &str) -> usize {
        self.rank(value).unwrap_or(self.order.len())
    }

    /// The report rows or columns: the scale's values, then [`Scale::missing`].
    pub fn with_missing(&self) -> Vec<&str> {
        self.order
            .iter()
            .map(String::as_str)
            .chain([self.missing.as_str()])
            .collect()
    }

    /// The rows or columns of a report table: the scale's values, then [`Scale::missing`]
    /// when some record gives none (frames hold only the scale's values, or nothing).
    ///
    /// ```
    /// let awards = jiaoke::vocab::Vocab::builtin().awards;
    /// assert_eq!(awards.rows(false).len(), awards.order.len());
    /// assert_eq!(awards.rows(true).last().unwrap(), "未注明等次");
    /// ```
    pub fn rows(&self, any_missing: bool) -> Vec<String> {
        let mut out = self.order.clone();
        if any_missing {
            out.push(self.missing.clone());
        }
        out
    }

    /// A value as reports show it: [`Scale::missing`] when empty.
    pub fn shown<'a>(&'a self, value: &'a str) -> &'a str {
        if value.is_empty() {
            &self.missing
        } else {
            value
        }
    }

    /// The canonical values joined for messages: `特等奖/一等奖/二等奖/三等奖/优秀奖`.
    pub fn listing(&self) -> String {
        self.order.join("/")
    }
}

/// Words that mark rows which are not records.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct RowWords {
    /// Totals-row markers.
    pub totals: Vec<String>,
    /// Note / signature row prefixes.
    pub notes: Vec<String>,
    /// Keys of info rows naming the department.
    pub department_keys: Vec<String>,
    /// Suffixes that mark a truncated name list.
    pub truncation: Vec<String>,
    /// Endings of a title line above or between tables.
    pub title_endings: Vec<String>,
    /// Keys that end an info row's value (`填表人`, `日期`).
    pub value_ends: Vec<String>,
    /// Sheets of jiaoke's 采集表 that hold no records (填表说明, 下拉选项).
    pub own_sheets: Vec<String>,
}

/// The lists of a 采集表's drop-downs beyond the scales.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct TemplateWords {
    /// 课题类别.
    pub project_categories: Vec<String>,
    /// 教研组 when the school names none.
    pub departments: Vec<String>,
}

/// Words that find the calendar (行事历) in a plan document's running text.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct DocumentWords {
    /// Words of a heading that opens a calendar (行事历, 工作安排…).
    pub calendar_headings: Vec<String>,
    /// Words a month heading may carry after the month (`九月份工作安排：`).
    pub month_heading_suffixes: Vec<String>,
    /// Words introducing a month's theme (`三月主题：学雷锋`): the text after them is no item
    /// when numbered items follow.
    pub month_themes: Vec<String>,
    /// Month names that are not numbers, as the month they mean (`元月` → `一月`).
    pub month_names: BTreeMap<String, String>,
    /// Section names that end a calendar when numbered like an item (`一、指导思想`).
    pub section_words: Vec<String>,
    /// Units of `第二篇` / `第三部分` headings.
    pub part_units: Vec<String>,
    /// Labels before an item's owner (`负责：`, `负责人：`).
    pub owner_keys: Vec<String>,
    /// Endings of office and role names, for an owner in brackets (`（教科室）`).
    pub office_suffixes: Vec<String>,
    /// Endings of a school or office name signing a plan.
    pub signature_suffixes: Vec<String>,
    /// Endings of a plan's title.
    pub title_endings: Vec<String>,
    /// Words naming a school year's first term (`第一学期`, `上学期`).
    pub first_term: Vec<String>,
    /// Words naming its second term (`第二学期`, `下学期`).
    pub second_term: Vec<String>,
    /// Seasons naming the first term of the school year starting that year (`2024年秋季`).
    pub autumn_term: Vec<String>,
    /// Seasons naming the second term of the school year ending that year (`2024年春季`).
    pub spring_term: Vec<String>,
}

/// What a column a form platform adds to every answer says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormColumn {
    /// When the answer was submitted.
    SubmittedAt,
    /// The platform account that submitted it.
    Submitter,
    /// Anything else the platform records (IP, device, time taken…).
    Other,
}

/// Words of online form exports (问卷星, 腾讯问卷, 金数据, 钉钉, 企业微信): the columns the
/// platforms add, and what a question header carries besides its field's name.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct FormWords {
    /// Submission time columns; one in a header row makes it a form export.
    pub submitted_at: Vec<String>,
    /// Submitting account columns.
    pub submitter: Vec<String>,
    /// Other platform columns.
    pub metadata: Vec<String>,
    /// Polite words a prompt starts with (`请填写`, `您的`), longest first.
    pub prompt_prefixes: Vec<String>,
    /// Words a prompt ends with (`是`).
    pub prompt_suffixes: Vec<String>,
    /// Tags that mark a multi-select question (`多选题`).
    pub multi_tags: Vec<String>,
    /// Separators of a multi-select answer in one cell (`┋`).
    pub choice_separators: Vec<String>,
    /// Values meaning "not chosen" in a column per option.
    pub not_chosen: Vec<String>,
    /// Cleaned platform column name → what it says.
    #[serde(skip)]
    columns: FxHashMap<String, FormColumn>,
    /// The longest name in `columns`, in bytes: a longer header needs no hashing.
    #[serde(skip)]
    longest: usize,
    /// The first characters of the prompt prefixes: most cells start with none of them.
    #[serde(skip)]
    prompt_starts: Vec<char>,
}

impl FormWords {
    /// What a cleaned header names, when it is a column the platforms add.
    pub fn column(&self, cleaned: &str) -> Option<FormColumn> {
        if cleaned.len() > self.longest {
            return None;
        }
        self.columns.get(cleaned).copied()
    }

    /// Whether a cleaned header starts with a prompt prefix (`请填写`, `您的`).
    pub fn starts_with_prompt(&self, cleaned: &str) -> bool {
        cleaned
            .chars()
            .next()
            .is_some_and(|c| self.prompt_starts.contains(&c))
            && self
                .prompt_prefixes
                .iter()
                .any(|p| cleaned.starts_with(p.as_str()))
    }

    fn index(&mut self) {
        let roles = [
            (&self.submitted_at, FormColumn::SubmittedAt),
            (&self.submitter, FormColumn::Submitter),
            (&self.metadata, FormColumn::Other),
        ];
        let mut columns = FxHashMap::default();
        for (names, role) in roles {
            for name in names {
                columns.entry(clean_header(name)).or_insert(role);
            }
        }
        self.longest = columns.keys().map(String::len).max().unwrap_or(0);
        self.columns = columns;
        for words in [&mut self.prompt_prefixes, &mut self.prompt_suffixes] {
            *words = dedup(words.iter().map(|w| clean_header(w)));
            words.sort_by_key(|w| std::cmp::Reverse(w.len()));
        }
        self.prompt_starts = dedup(
            self.prompt_prefixes
                .iter()
                .filter_map(|p| p.chars().next())
                .map(String::from),
        )
        .iter()
        .filter_map(|s| s.chars().next())
        .collect();
        self.multi_tags = dedup(self.multi_tags.iter().map(|w| clean_header(w)));
        self.not_chosen = dedup(self.not_chosen.iter().map(|w| clean_header(w)));
    }
}

/// All vocabularies.
#[derive(Debug, Clone)]
pub struct Vocab {
    /// Record kinds in [`Kind::ALL`] order.
    pub kinds: Vec<KindSpec>,
    /// Levels 国家级 … 校级.
    pub levels: Scale,
    /// Award grades 特等奖 … 优秀奖.
    pub awards: Scale,
    /// Project statuses 申报 … 撤项.
    pub statuses: Scale,
    /// 获奖 / 发表 spellings.
    pub paper_categories: BTreeMap<String, Vec<String>>,
    /// Training types 集中培训 …, with their spellings.
    pub training_types: Scale,
    /// Row markers.
    pub rows: RowWords,
    /// Department stems (`数学` → 数学组).
    pub departments: Vec<String>,
    /// Plan documents: calendar headings, section words, owner markers.
    pub documents: DocumentWords,
    /// The 采集表's own lists.
    pub template: TemplateWords,
    /// Online form exports: platform columns, question prompts and tags.
    pub forms: FormWords,
}

#[derive(Deserialize)]
struct Departments {
    stems: Vec<String>,
}

#[derive(Deserialize)]
struct VocabFile {
    kinds: BTreeMap<String, KindSpec>,
    levels: Scale,
    awards: Scale,
    statuses: Scale,
    paper_categories: BTreeMap<String, Vec<String>>,
    training_types: Scale,
    rows: RowWords,
    departments: Departments,
    documents: DocumentWords,
    template: TemplateWords,
    forms: FormWords,
}

const BUILTIN: &str = include_str!("vocab.toml");

/// Errors in a vocabulary file (the built-in one, or a school's additions).
#[derive(Debug, thiserror::Error)]
pub enum VocabError {
    /// The TOML does not have the expected shape.
    #[error("词表格式错误：{0}")]
    Parse(String),
    /// A kind or column name that does not exist.
    #[error("词表中没有“{0}”：可用的有 {1}")]
    Unknown(String, String),
}

impl Vocab {
    /// The vocabularies compiled into jiaoke.
    ///
    /// ```
    /// let vocab = jiaoke::vocab::Vocab::builtin();
    /// let papers = vocab.kind(jiaoke::vocab::Kind::Papers);
    /// assert_eq!(papers.fields_for_header("论文题目")[0].field, "title");
    /// ```
    pub fn builtin() -> Vocab {
        Vocab::parse(BUILTIN).expect("the built-in vocab.toml is valid (checked by a unit test)")
    }

    fn parse(text: &str) -> Result<Vocab, VocabError> {
        let file: VocabFile = toml::from_str(text).map_err(|e| VocabError::Parse(e.to_string()))?;
        let mut kinds = Vec::new();
        for kind in Kind::ALL {
            let mut spec = file
                .kinds
                .get(kind.key())
                .cloned()
                .ok_or_else(|| VocabError::Unknown(kind.key().into(), "kinds".into()))?;
            spec.kind = kind;
            for (field, value) in std::mem::take(&mut spec.raw_columns) {
                let mut col: ColumnSpec = value
                    .try_into()
                    .map_err(|e: toml::de::Error| VocabError::Parse(e.to_string()))?;
                col.field = field;
                col.headers = dedup(col.headers.iter().map(|h| clean_header(h)));
                spec.columns.push(col);
            }
            // toml::Table is sorted by key; keep the file's order for the fields that the
            // user sees (index first), which the TOML table does not preserve, by ordering
            // on the position of the field's first appearance in the source text.
            spec.columns.sort_by_key(|c| {
                text.find(&format!("[kinds.{}.columns.{}]", kind.key(), c.field))
                    .unwrap_or(0)
            });
            spec.reindex();
            kinds.push(spec);
        }
        let clean_scale = |mut s: Scale| {
            for spellings in s.aliases.values_mut() {
                *spellings = dedup(spellings.iter().map(|v| clean_value(v)));
            }
            s
        };
        Ok(Vocab {
            kinds,
            levels: clean_scale(file.levels),
            awards: clean_scale(file.awards),
            statuses: clean_scale(file.statuses),
            paper_categories: file.paper_categories,
            training_types: file.training_types,
            rows: file.rows,
            departments: file.departments.stems,
            documents: file.documents,
            template: file.template,
            forms: {
                let mut forms = file.forms;
                forms.index();
                forms
            },
        })
    }

    /// The kinds a cleaned header names a column of ([`KindSpec::columns_for_header`] not
    /// empty): bit `k` set for the `k`-th of [`Vocab::kinds`]. Header detection asks this for
    /// every cell of the top rows: the brackets are looked for once, not once per kind.
    pub fn kinds_naming(&self, cleaned: &str) -> u32 {
        let mut bare: Option<Option<String>> = None;
        let mut bits = 0;
        for (k, spec) in self.kinds.iter().enumerate() {
            let named = !spec.named(cleaned).is_empty()
                || bare
                    .get_or_insert_with(|| bracketless(cleaned))
                    .as_deref()
                    .is_some_and(|b| !spec.named(b).is_empty());
            if named {
                bits |= 1 << k;
            }
        }
        bits
    }

    /// The spec of one kind.
    pub fn kind(&self, kind: Kind) -> &KindSpec {
        self.kinds
            .iter()
            .find(|k| k.kind == kind)
            .expect("every kind is in the vocab")
    }

    /// Adds a school's header spellings: `kind → field → [spellings]`.
    ///
    /// # Errors
    /// An unknown kind or field, so that a typo in `jiaoke.toml` is not silently ignored.
    pub fn extend_headers(
        &mut self,
        extra: &BTreeMap<String, BTreeMap<String, Vec<String>>>,
    ) -> Result<(), VocabError> {
        for (kind_key, fields) in extra {
            let kind = Kind::from_key(kind_key).ok_or_else(|| {
                let all: Vec<_> = Kind::ALL.iter().map(|k| k.key()).collect();
                VocabError::Unknown(kind_key.clone(), all.join("、"))
            })?;
            let spec = self
                .kinds
                .iter_mut()
                .find(|k| k.kind == kind)
                .expect("kind exists");
            for (field, spellings) in fields {
                let known: Vec<String> = spec.columns.iter().map(|c| c.field.clone()).collect();
                let col = spec
                    .columns
                    .iter_mut()
                    .find(|c| &c.field == field)
                    .ok_or_else(|| VocabError::Unknown(field.clone(), known.join("、")))?;
                col.headers
                    .extend(spellings.iter().map(|s| clean_header(s)));
                col.headers = dedup(col.headers.iter().cloned());
            }
            spec.reindex();
        }
        Ok(())
    }

    /// Adds a school's value spellings: `levels|awards|statuses|training_types → canonical →
    /// [spellings]`.
    ///
    /// # Errors
    /// An unknown scale or canonical value.
    pub fn extend_values(
        &mut self,
        extra: &BTreeMap<String, BTreeMap<String, Vec<String>>>,
    ) -> Result<(), VocabError> {
        for (scale_key, entries) in extra {
            let map = match scale_key.as_str() {
                "levels" => &mut self.levels.aliases,
                "awards" => &mut self.awards.aliases,
                "statuses" => &mut self.statuses.aliases,
                "training_types" => &mut self.training_types.aliases,
                "paper_categories" => &mut self.paper_categories,
                other => {
                    return Err(VocabError::Unknown(
                        other.into(),
                        "levels、awards、statuses、training_types、paper_categories".into(),
                    ));
                }
            };
            for (canon, spellings) in entries {
                let known: Vec<String> = map.keys().cloned().collect();
                let list = map
                    .get_mut(canon)
                    .ok_or_else(|| VocabError::Unknown(canon.clone(), known.join("、")))?;
                list.extend(spellings.iter().map(|s| clean_value(s)));
                *list = dedup(list.iter().cloned());
            }
        }
        Ok(())
    }
}

fn dedup(items: impl Iterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in items {
        if !item.is_empty() && !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

/// Cleans a header cell for lookup: no white space or line breaks, full-width forms as ASCII,
/// Latin letters upper-cased, a leading `*` (required-field marker) and trailing `:` dropped.
///
/// ```
/// use jiaoke::vocab::clean_header;
/// assert_eq!(clean_header("论 文\n题 目"), "论文题目");
/// assert_eq!(clean_header("*姓名："), "姓名");
/// assert_eq!(clean_header("论文（案例）题目"), "论文(案例)题目");
/// assert_eq!(clean_header("cn号"), "CN号");
/// ```
pub fn clean_header(raw: &str) -> String {
    clean_header_chars(raw.chars(), raw.len())
}

/// [`clean_header`] of `top` followed by `sub` (a two-row header's combined text), without
/// joining them first.
pub fn clean_header_joined(top: &str, sub: &str) -> String {
    clean_header_chars(top.chars().chain(sub.chars()), top.len() + sub.len())
}

fn clean_header_chars(chars: impl Iterator<Item = char>, len: usize) -> String {
    // One pass and one allocation: header matching cleans every cell of the top rows of
    // every sheet, the hottest loop of an import.
    let mut s = String::with_capacity(len);
    for c in chars {
        // Most header text is CJK ideographs, which nothing below changes.
        if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
            s.push(c);
            continue;
        }
        let c = crate::text::halfwidth_char(c);
        if crate::text::is_space(c) {
            continue;
        }
        if c.is_ascii() {
            s.push(c.to_ascii_uppercase());
        } else if matches!(c, '\u{2E80}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FE30}'..='\u{FE4F}' | '\u{FF00}'..='\u{FFEF}' | '\u{20000}'..='\u{3FFFF}')
        {
            // CJK has no case (and full-width Latin is ASCII by now).
            s.push(c);
        } else {
            s.extend(c.to_uppercase());
        }
    }
    let trimmed = s
        .trim_start_matches(['*', '★', '※'])
        .trim_end_matches([':', '：', '*']);
    if trimmed.len() == s.len() {
        s
    } else {
        trimmed.to_string()
    }
}

/// Cleans a short coded value (a level, grade or status) for lookup: like [`clean_header`],
/// and a trailing `。` dropped.
pub fn clean_value(raw: &str) -> String {
    clean_header(raw)
        .trim_end_matches(['。', '.', ';', '；'])
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_header_is_halfwidth_without_spaces_upper_cased_and_trimmed() {
        use crate::text::{remove_spaces, to_halfwidth};
        let slow = |raw: &str| {
            let s = remove_spaces(&to_halfwidth(raw)).to_uppercase();
            s.trim_start_matches(['*', '★', '※'])
                .trim_end_matches([':', '：', '*'])
                .to_string()
        };
        for raw in [
            "论 文\n题 目",
            "*姓名：",
            "ＣＮ号",
            "cn号（刊号）",
            "straße",
            "Émile",
            "δοκιμή",
            "тест",
            "★ 主持人 ※",
            "学时\u{3000}(小时)",
            "𠀀𪚥",
            "",
        ] {
            assert_eq!(clean_header(raw), slow(raw), "{raw}");
        }
    }

    #[test]
    fn a_joined_header_is_cleaned_as_its_texts_written_together() {
        for (top, sub) in [
            ("获奖：", "等级*"),
            ("*培训", "时间"),
            ("*", "*姓名"),
            ("学 时", "（小时）："),
            ("ｃｎ", "号"),
            ("", "：ISSN"),
            ("论文", ""),
        ] {
            assert_eq!(
                clean_header_joined(top, sub),
                clean_header(&format!("{top}{sub}")),
                "{top} + {sub}"
            );
        }
        assert_eq!(clean_header_joined("获奖：", "等级"), "获奖:等级");
    }

    #[test]
    fn kinds_naming_a_header_are_those_with_columns_for_it() {
        let v = Vocab::builtin();
        let bits = |text: &str| {
            let cleaned = clean_header(text);
            let one_by_one = v
                .kinds
                .iter()
                .enumerate()
                .filter(|(_, spec)| !spec.columns_for_header(&cleaned).is_empty())
                .fold(0, |bits, (k, _)| bits | 1 << k);
            assert_eq!(v.kinds_naming(&cleaned), one_by_one, "{text}");
            one_by_one
        };
        let position = |kind| v.kinds.iter().position(|s| s.kind == kind).unwrap();
        assert_ne!(bits("姓名") & 1 << position(Kind::Teachers), 0);
        assert_ne!(bits("学时（小时）") & 1 << position(Kind::Training), 0);
        assert_ne!(bits("论文题目【必填】") & 1 << position(Kind::Papers), 0);
        for none in ["张三", "（小时）", "2023年5月", "", "()"] {
            assert_eq!(bits(none), 0, "{none}");
        }
    }

    #[test]
    fn builtin_vocab_parses_and_has_every_kind() {
        let v = Vocab::builtin();
        assert_eq!(v.kinds.len(), 5);
        for spec in &v.kinds {
            assert!(!spec.columns.is_empty(), "{:?} has columns", spec.kind);
            for req in &spec.required {
                assert!(
                    spec.column(req).is_some(),
                    "{:?}: required {req} is a column",
                    spec.kind
                );
            }
            for f in &spec.fill_down {
                assert!(
                    spec.column(f).is_some(),
                    "{:?}: fill_down {f} is a column",
                    spec.kind
                );
            }
            assert_eq!(
                spec.columns[0].field, "index",
                "{:?} keeps file order",
                spec.kind
            );
        }
        assert_eq!(v.levels.order.len(), 6);
        assert_eq!(v.awards.listing(), "特等奖/一等奖/二等奖/三等奖/优秀奖");
    }

    #[test]
    fn headers_map_to_fields() {
        let v = Vocab::builtin();
        let papers = v.kind(Kind::Papers);
        let f = |h: &str| -> Vec<String> {
            papers
                .fields_for_header(&clean_header(h))
                .iter()
                .map(|c| c.field.clone())
                .collect()
        };
        assert_eq!(f("论 文 题 目"), ["title"]);
        assert_eq!(f("获奖\n教师"), ["authors"]);
        assert_eq!(f("论文（案例）题目"), ["title"]);
        assert_eq!(f("发表刊物（名称）"), ["journal"]);
        // Ambiguous: the column's values decide.
        assert_eq!(f("等级"), ["level", "award"]);
        assert!(f("家庭住址").is_empty());
    }

    #[test]
    fn scales_look_up_aliases() {
        let v = Vocab::builtin();
        assert_eq!(v.levels.lookup("国家"), Some("国家级"));
        assert_eq!(v.levels.lookup("县(区)"), Some("区县级"));
        assert_eq!(v.levels.lookup("乡"), None);
        assert_eq!(v.awards.lookup("1等奖"), Some("一等奖"));
        assert_eq!(v.statuses.lookup("已结题"), Some("结题"));
        assert_eq!(v.levels.rank("校级"), Some(5));
    }

    #[test]
    fn schools_extend_headers_and_typos_are_reported() {
        let mut v = Vocab::builtin();
        let mut extra = BTreeMap::new();
        extra.insert(
            "papers".to_string(),
            BTreeMap::from([("authors".to_string(), vec!["申报 教师".to_string()])]),
        );
        v.extend_headers(&extra).unwrap();
        let papers = v.kind(Kind::Papers);
        assert_eq!(papers.fields_for_header("申报教师")[0].field, "authors");

        let bad = BTreeMap::from([(
            "papers".to_string(),
            BTreeMap::from([("autors".to_string(), vec!["x".to_string()])]),
        )]);
        let err = v.extend_headers(&bad).unwrap_err().to_string();
        assert!(err.contains("autors") && err.contains("authors"), "{err}");
    }

    #[test]
    fn schools_extend_value_spellings() {
        let mut v = Vocab::builtin();
        let extra = BTreeMap::from([(
            "levels".to_string(),
            BTreeMap::from([("区县级".to_string(), vec!["镇级".to_string()])]),
        )]);
        v.extend_values(&extra).unwrap();
        assert_eq!(v.levels.lookup("镇级"), Some("区县级"));
    }
}
