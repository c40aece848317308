//! Value normalizers: one cell's raw value → its canonical form, or a [`Problem`].
//!
//! Each function takes the cell as read ([`Value`]) and returns `Ok(None)` for a blank cell,
//! `Ok(Some(canonical))` when the value is understood, and `Err(Problem)` when it is not: the
//! caller keeps the raw text and turns the problem into a finding. Nothing here guesses: a
//! value that could mean two things is a problem with both readings in the suggestion.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use chrono::{Datelike, Days, NaiveDate};
use regex::Regex;

use crate::finding::{Code, Severity};
use crate::table::{Value, format_number};
use crate::text::{
    collapse_spaces, halfwidth_alnum, is_space, remove_spaces, strip_brackets, to_halfwidth,
};
use crate::vocab::{Scale, Vocab, clean_value};

/// Why a value could not be normalized.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// `invalid_value`, `invalid_date`, `out_of_range` or `suspicious_value`.
    pub code: Code,
    /// Error unless the value is usable but doubtful.
    pub severity: Severity,
    /// What is wrong, in Chinese.
    pub message: String,
    /// What was probably meant; empty when unknown.
    pub suggestion: String,
}

/// How precise a parsed date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Precision {
    /// Year and month only (`2023.5`, `2023年第5期`): the day is 1.
    Month,
    /// A full date.
    Day,
}

/// A date that may know only its month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartialDate {
    /// The date; day 1 when `precision` is `Month`.
    pub date: NaiveDate,
    /// How much of it was written.
    pub precision: Precision,
}

/// A month or a range of months in a calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthSpan {
    /// First month, 1–12.
    pub month: u32,
    /// Last month when the entry spans several (`十一月份——十二月份`).
    pub month_end: Option<u32>,
}

/// A list of names from one cell.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Names {
    /// Cleaned names in the order written.
    pub names: Vec<String>,
    /// The list ended in 等 ("张三等", "张三等5人"): someone is missing.
    pub truncated: bool,
}

/// An award cell, which sometimes carries the level too ("省一等奖").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwardValue {
    /// Canonical grade.
    pub award: String,
    /// Canonical level, when the cell names one.
    pub level: Option<String>,
}

impl Problem {
    /// An error-level problem without a suggestion.
    fn new(code: Code, message: impl Into<String>) -> Problem {
        Problem {
            code,
            severity: Severity::Error,
            message: message.into(),
            suggestion: String::new(),
        }
    }

    /// Marks the problem as doubtful-but-usable.
    fn warning(mut self) -> Problem {
        self.severity = Severity::Warning;
        self
    }

    /// Adds what was probably meant.
    fn suggest(mut self, suggestion: impl Into<String>) -> Problem {
        self.suggestion = suggestion.into();
        self
    }
}

/// The cell as a person reads it, for messages.
fn shown(v: &Value) -> String {
    collapse_spaces(&v.raw_text())
}

/// Compiles one of this module's fixed patterns.
fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("the module's regexes are valid")
}

/// True for a CJK ideograph (not punctuation, not a full-width form).
fn is_ideograph(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

// ---------------------------------------------------------------------------------------
// Text

/// Running text (titles, contests, organizers): full-width letters and digits to ASCII,
/// white space folded, Chinese punctuation kept.
pub fn text(v: &Value) -> String {
    match v {
        Value::Text(s) => collapse_spaces(&halfwidth_alnum(s)),
        Value::Empty => String::new(),
        other => other.raw_text(),
    }
}

/// A code or number written as text (project codes, 刊号, certificate numbers): every
/// full-width form to ASCII, spaces removed at the ends.
pub fn code(v: &Value) -> String {
    match v {
        Value::Text(s) => collapse_spaces(&to_halfwidth(s)),
        Value::Empty => String::new(),
        other => other.raw_text(),
    }
}

/// A journal or contest name without its 《》.
pub fn journal(v: &Value) -> String {
    let t: String = text(v)
        .chars()
        .filter(|c| !matches!(c, '《' | '》' | '〈' | '〉'))
        .collect();
    collapse_spaces(&t)
}

// ---------------------------------------------------------------------------------------
// Names

/// Characters that separate the names of a list (spaces are handled apart).
const NAME_SEPARATORS: [char; 9] = ['、', ',', '，', ';', '；', '/', '／', '\n', '\r'];

/// A longer "name" is a sentence or a note, not a person.
const MAX_NAME_CHARS: usize = 20;

/// What may follow a truncation marker: `等`, `等5人`, `等3位老师`, `等3校共5位老师`.
static TRUNCATION_TAIL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?:[0-9一二三四五六七八九十两几多]+(?:个|所)?(?:校|学校|单位)共?)?[0-9一二三四五六七八九十两几多]*个?(?:人|位|名)?(?:老师|教师|同志|同学)?$",
    )
});

/// Splits on white space, keeping a run of spaces between two Latin letters inside one token
/// (`John Smith`).
fn space_tokens(part: &str) -> Vec<String> {
    let mut tokens: Vec<String> = Vec::new();
    for tok in part.split(is_space).filter(|t| !t.is_empty()) {
        if let Some(last) = tokens.last_mut()
            && last.ends_with(|c: char| c.is_ascii_alphabetic())
            && tok.starts_with(|c: char| c.is_ascii_alphabetic())
        {
            last.push(' ');
            last.push_str(tok);
            continue;
        }
        tokens.push(tok.to_string());
    }
    tokens
}

/// The names before a trailing truncation marker (`张三等5人` → `张三`), if there is one.
fn cut_truncation<'a>(part: &'a str, markers: &[String]) -> Option<&'a str> {
    for marker in markers.iter().filter(|m| !m.is_empty()) {
        for (i, _) in part.match_indices(marker.as_str()) {
            let tail = remove_spaces(&part[i + marker.len()..]);
            if TRUNCATION_TAIL.is_match(&tail) {
                return Some(&part[..i]);
            }
        }
    }
    None
}

/// Cleans one person's name: brackets dropped, spaces removed (one kept between Latin
/// letters), middle-dot variants to `·`, a trailing 老师 dropped. `Err` says why it is not a
/// name; `Ok(None)` when nothing is left.
fn clean_name(piece: &str) -> Result<Option<String>, String> {
    let chars: Vec<char> = strip_brackets(&to_halfwidth(piece)).chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        let prev = out.chars().next_back();
        let next = chars[i + 1..].iter().copied().find(|c| !is_space(*c));
        if is_space(c) {
            let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphabetic());
            if latin(prev) && latin(next) && !out.ends_with(' ') {
                out.push(' ');
            }
            continue;
        }
        let non_ascii = |c: Option<char>| c.is_some_and(|c| !c.is_ascii());
        let c = match c {
            '•' | '・' | '･' | '‧' | '∙' | '⋅' => '·',
            '.' if non_ascii(prev) && non_ascii(next) => '·',
            _ => c,
        };
        out.push(c);
    }
    let out = match out.strip_suffix("老师") {
        Some(head) if head.chars().count() >= 2 => head.to_string(),
        _ => out,
    };
    if out.is_empty() {
        return Ok(None);
    }
    if out.chars().any(|c| c.is_ascii_digit()) {
        return Err("含有数字".into());
    }
    if out.chars().count() > MAX_NAME_CHARS {
        return Err(format!("超过{MAX_NAME_CHARS}个字"));
    }
    Ok(Some(out))
}

/// The text of a name cell, half-width and without bracketed notes; `None` when blank, an
/// error when the cell is not text (a number or a date is no name).
fn name_text(v: &Value) -> Result<Option<String>, Problem> {
    if v.is_blank() {
        return Ok(None);
    }
    let Value::Text(raw) = v else {
        return Err(Problem::new(
            Code::InvalidValue,
            format!("“{}”不是姓名", shown(v)),
        ));
    };
    Ok(Some(strip_brackets(&to_halfwidth(raw))))
}

/// One person's name: inner spaces removed (`张　三` → `张三`).
pub fn name(v: &Value) -> Result<Option<String>, Problem> {
    let Some(s) = name_text(v)? else {
        return Ok(None);
    };
    let parts = s
        .split(NAME_SEPARATORS)
        .filter(|p| !remove_spaces(p).is_empty())
        .count();
    if parts > 1 {
        return Err(Problem::new(
            Code::InvalidValue,
            format!("“{}”含有多个姓名，这里只应填一人", shown(v)),
        ));
    }
    match clean_name(&s) {
        Ok(Some(n)) => Ok(Some(n)),
        Ok(None) => Err(Problem::new(
            Code::InvalidValue,
            format!("“{}”中没有姓名", shown(v)),
        )),
        Err(why) => Err(Problem::new(
            Code::InvalidValue,
            format!("“{}”不是姓名：{why}", shown(v)),
        )),
    }
}

/// Several names in one cell, split on `、，,;；/` and spaces.
pub fn names(v: &Value, vocab: &Vocab) -> Result<Option<Names>, Problem> {
    let Some(s) = name_text(v)? else {
        return Ok(None);
    };
    let mut parts: Vec<String> = s.split(NAME_SEPARATORS).map(str::to_string).collect();
    let mut truncated = false;
    if let Some(last) = parts
        .iter_mut()
        .rev()
        .find(|p| !remove_spaces(p).is_empty())
        && let Some(head) = cut_truncation(last, &vocab.rows.truncation)
    {
        *last = head.to_string();
        truncated = true;
    }
    let mut out = Vec::new();
    for part in parts {
        let tokens = space_tokens(&part);
        let pieces = if tokens.len() > 1 && tokens.iter().all(|t| t.chars().count() >= 2) {
            tokens
        } else {
            vec![part]
        };
        for piece in pieces {
            match clean_name(&piece) {
                Ok(Some(n)) => out.push(n),
                Ok(None) => {}
                Err(why) => {
                    return Err(Problem::new(
                        Code::InvalidValue,
                        format!(
                            "“{}”中的“{}”不是姓名：{why}",
                            shown(v),
                            collapse_spaces(&piece)
                        ),
                    ));
                }
            }
        }
    }
    if out.is_empty() {
        return Err(Problem::new(
            Code::InvalidValue,
            format!("“{}”中没有姓名", shown(v)),
        ));
    }
    Ok(Some(Names {
        names: out,
        truncated,
    }))
}

// ---------------------------------------------------------------------------------------
// Dates

/// Separators that can only mean a range (the hyphen is tried apart, since dates use it too).
const STRONG_SEP: &str = r"(?:—+|–+|―+|~+|〜+|至|到|-{2,})";
/// Any range separator.
const ANY_SEP: &str = r"(?:—+|–+|―+|~+|〜+|至|到|-+)";

static TIME_SUFFIX: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(.*\d)(?:T|\s+)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$"));
static YMD8: LazyLock<Regex> = LazyLock::new(|| re(r"^(\d{4})(\d{2})(\d{2})$"));
static YMD: LazyLock<Regex> = LazyLock::new(|| re(r"^(\d{4})([-/.])(\d{1,2})([-/.])(\d{1,2})$"));
static YMD_CN: LazyLock<Regex> = LazyLock::new(|| re(r"^(\d{4})年(\d{1,2})月(\d{1,2})[日号]?$"));
static YM: LazyLock<Regex> = LazyLock::new(|| re(r"^(\d{4})[-/.](\d{1,2})$"));
static YM_CN: LazyLock<Regex> = LazyLock::new(|| re(r"^(\d{4})年(\d{1,2})月份?$"));
static YM_ISSUE: LazyLock<Regex> = LazyLock::new(|| re(r"^(\d{4})年(\d{1,2})月第?(\d{1,3})期$"));
static ISSUE: LazyLock<Regex> = LazyLock::new(|| re(r"^(\d{4})年第?(\d{1,3})期$"));
static YEAR: LazyLock<Regex> = LazyLock::new(|| re(r"^(\d{4})(?:年度?)?$"));
static COMPACT: LazyLock<Regex> = LazyLock::new(|| re(r"^(\d{4})(\d{1,3})$"));
static NO_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    re(r"^\d{1,2}(?:[-/.]\d{1,2}){1,2}$|^(?:\d{1,2}年)?\d{1,2}月(?:\d{1,2}[日号]?)?$")
});
static STRONG: LazyLock<Regex> = LazyLock::new(|| re(STRONG_SEP));
static YEAR_RANGE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"^(\d{{4}})(?:年度?)?{ANY_SEP}(\d{{4}})(?:年度?)?$"
    ))
});
static END_MD: LazyLock<Regex> = LazyLock::new(|| re(r"^(\d{1,2})[-/.月](\d{1,2})[日号]?$"));
static END_M: LazyLock<Regex> = LazyLock::new(|| re(r"^(\d{1,2})月份?$"));
static END_N: LazyLock<Regex> = LazyLock::new(|| re(r"^(\d{1,2})$"));

/// Years a date in these files can have.
const YEARS: std::ops::RangeInclusive<i32> = 1900..=2100;
/// Years an Excel serial number is taken to be a date for.
const SERIAL_YEARS: std::ops::RangeInclusive<i32> = 1950..=2100;

/// Why a text did not parse: not a date shape at all, or a date shape with a bad value.
enum Fail {
    NoShape,
    Bad(Problem),
}

impl From<Problem> for Fail {
    fn from(p: Problem) -> Fail {
        Fail::Bad(p)
    }
}

/// The value of one Chinese numeral digit (`〇`/`○`/`零`/`O` count as zero).
fn cn_digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '○' | '零' | 'O' | 'o' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// A run of Chinese numerals as digits: `二〇二三` → `2023`, `十二` → `12`, `二十三` → `23`.
fn cn_run(run: &[char]) -> Option<String> {
    let Some(pos) = run.iter().position(|&c| c == '十') else {
        return run
            .iter()
            .map(|&c| cn_digit(c).map(|d| char::from(b'0' + d as u8)))
            .collect();
    };
    if run.iter().filter(|&&c| c == '十').count() > 1 || run.len() > 3 {
        return None;
    }
    let tens = match pos {
        0 => 1,
        1 => cn_digit(run[0]).filter(|&d| d > 0)?,
        _ => return None,
    };
    let units = match run.len() - pos {
        1 => 0,
        2 => cn_digit(run[pos + 1]).filter(|&d| d > 0)?,
        _ => return None,
    };
    Some((tens * 10 + units).to_string())
}

/// The value of a Chinese number (`四` → 4, `十二` → 12, `二十三` → 23), as section and item
/// numbers are written.
pub fn cn_number(s: &str) -> Option<u32> {
    let run: Vec<char> = s.chars().collect();
    cn_run(&run)?.parse().ok()
}

/// Replaces every run of Chinese numerals with Arabic digits (a run that is not a number is
/// kept). A Latin `O` counts only inside a run of real Chinese numerals (`二O二三`).
pub(crate) fn cn_digits(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let is_num = |c: char| cn_digit(c).is_some() || c == '十';
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        if !is_num(chars[i]) {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && is_num(chars[i]) {
            i += 1;
        }
        let run = &chars[start..i];
        let real = run.iter().any(|c| !matches!(c, 'O' | 'o'));
        match cn_run(run).filter(|_| real) {
            Some(digits) => out.push_str(&digits),
            None => out.extend(run),
        }
    }
    out
}

/// Brings date text to one shape: ASCII, no spaces, Chinese numerals as digits, no time of
/// day and no trailing `日`/`号`/`.`.
fn tidy_date_text(raw: &str) -> String {
    let t = to_halfwidth(raw);
    let t = t.trim();
    let t = match TIME_SUFFIX.captures(t) {
        Some(c) => c[1].to_string(),
        None => t.to_string(),
    };
    let t = cn_digits(&remove_spaces(&t));
    tidy_side(&t).to_string()
}

/// Drops a trailing `日`/`号`/`.`/`。` from one side of a range.
fn tidy_side(s: &str) -> &str {
    s.trim_end_matches(['日', '号', '.', '。'])
}

fn num<T: std::str::FromStr + Default>(s: &str) -> T {
    s.parse().unwrap_or_default()
}

/// Formats a partial date for suggestions: `2023-05-20`, or `2023-05` at month precision.
fn iso(d: &PartialDate) -> String {
    match d.precision {
        Precision::Day => d.date.format("%Y-%m-%d").to_string(),
        Precision::Month => d.date.format("%Y-%m").to_string(),
    }
}

fn bad_date(raw: &str, why: impl std::fmt::Display) -> Problem {
    Problem::new(Code::InvalidDate, format!("“{raw}”不是有效日期：{why}"))
}

fn unknown_date(raw: &str) -> Problem {
    Problem::new(Code::InvalidDate, format!("“{raw}”不是可识别的日期"))
}

fn only_year(raw: &str) -> Problem {
    Problem::new(Code::InvalidDate, format!("“{raw}”只有年份，缺少月份")).warning()
}

fn days_in_month(y: i32, m: u32) -> u32 {
    (28..=31)
        .rev()
        .find(|&d| NaiveDate::from_ymd_opt(y, m, d).is_some())
        .unwrap_or(28)
}

/// A full date, checked part by part.
fn ymd(y: i32, m: u32, d: u32, raw: &str) -> Result<PartialDate, Problem> {
    if !YEARS.contains(&y) {
        return Err(bad_date(raw, format!("年份{y}不合理")));
    }
    if !(1..=12).contains(&m) {
        let mut p = bad_date(raw, "月份应为1–12");
        // Day and month swapped is the one sensible reading.
        if let Some(swapped) = NaiveDate::from_ymd_opt(y, d, m) {
            p = p.suggest(format!("是否为 {}？", swapped.format("%Y-%m-%d")));
        }
        return Err(p);
    }
    if d == 0 {
        return Err(bad_date(raw, "日应从1开始"));
    }
    match NaiveDate::from_ymd_opt(y, m, d) {
        Some(date) => Ok(PartialDate {
            date,
            precision: Precision::Day,
        }),
        None => Err(bad_date(
            raw,
            format!("{y}年{m}月只有{}天", days_in_month(y, m)),
        )),
    }
}

/// A year and month, checked.
fn ym(y: i32, m: u32, raw: &str) -> Result<PartialDate, Problem> {
    if !YEARS.contains(&y) {
        return Err(bad_date(raw, format!("年份{y}不合理")));
    }
    match NaiveDate::from_ymd_opt(y, m, 1) {
        Some(date) if (1..=12).contains(&m) => Ok(PartialDate {
            date,
            precision: Precision::Month,
        }),
        _ => Err(bad_date(raw, "月份应为1–12")),
    }
}

/// Digits run together (`2021719`): every reading that is a real date, for the suggestion.
fn compact_readings(y: i32, rest: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut day = |m: &str, d: &str| {
        if !m.starts_with('0')
            && !d.starts_with('0')
            && let Some(date) = NaiveDate::from_ymd_opt(y, num(m), num(d))
        {
            out.push(date.format("%Y-%m-%d").to_string());
        }
    };
    match rest.len() {
        2 => day(&rest[..1], &rest[1..]),
        3 => {
            day(&rest[..1], &rest[1..]);
            day(&rest[..2], &rest[2..]);
        }
        _ => {}
    }
    let m: u32 = num(rest);
    if rest.len() <= 2 && (1..=12).contains(&m) && YEARS.contains(&y) {
        out.push(format!("{y}-{m:02}"));
    }
    out.sort();
    out
}

/// One date written as text (already tidied).
fn parse_single(s: &str, raw: &str) -> Result<PartialDate, Fail> {
    // One separator throughout: "2023.9-12" is a range of months, not 12 September.
    if let Some(c) = YMD.captures(s)
        && c[2] == c[4]
    {
        return Ok(ymd(num(&c[1]), num(&c[3]), num(&c[5]), raw)?);
    }
    for shape in [&*YMD8, &*YMD_CN] {
        if let Some(c) = shape.captures(s) {
            return Ok(ymd(num(&c[1]), num(&c[2]), num(&c[3]), raw)?);
        }
    }
    for shape in [&*YM, &*YM_CN, &*YM_ISSUE] {
        if let Some(c) = shape.captures(s) {
            return Ok(ym(num(&c[1]), num(&c[2]), raw)?);
        }
    }
    if let Some(c) = ISSUE.captures(s) {
        let issue: u32 = num(&c[2]);
        if !(1..=12).contains(&issue) {
            return Err(bad_date(raw, format!("第{issue}期是期号，不是月份"))
                .suggest(format!(
                    "期号{issue}不能当作月份，请改填出版年月（如 {}-05）",
                    &c[1]
                ))
                .into());
        }
        return Ok(ym(num(&c[1]), issue, raw)?);
    }
    if YEAR.is_match(s) {
        return Err(only_year(raw).into());
    }
    if let Some(c) = COMPACT.captures(s) {
        let readings = compact_readings(num(&c[1]), &c[2]);
        let mut p = bad_date(raw, "年、月、日之间缺少分隔符");
        if !readings.is_empty() {
            p = p.suggest(format!("是否为 {}？", readings.join(" 或 ")));
        }
        return Err(p.into());
    }
    if NO_YEAR.is_match(s) {
        return Err(bad_date(raw, "缺少四位年份").into());
    }
    Err(Fail::NoShape)
}

/// The end of a range: a full date, or a part that inherits the start's year (and month).
/// A part written without a year has the start's precision.
fn parse_end(right: &str, start: &PartialDate, raw: &str) -> Result<PartialDate, Fail> {
    let r = tidy_side(right);
    let y = start.date.year();
    match start.precision {
        Precision::Day => {
            if let Some(c) = END_MD.captures(r) {
                return Ok(ymd(y, num(&c[1]), num(&c[2]), raw)?);
            }
            if let Some(c) = END_N.captures(r) {
                return Ok(ymd(y, start.date.month(), num(&c[1]), raw)?);
            }
        }
        Precision::Month => {
            if let Some(c) = END_M.captures(r).or_else(|| END_N.captures(r)) {
                return Ok(ym(y, num(&c[1]), raw)?);
            }
        }
    }
    if END_MD.is_match(r) || END_M.is_match(r) {
        return Err(Fail::NoShape);
    }
    parse_single(r, raw)
}

/// A start and an end around one separator.
fn parse_pair(left: &str, right: &str, raw: &str) -> Result<(PartialDate, PartialDate), Fail> {
    let start = parse_single(tidy_side(left), raw)?;
    let end = parse_end(right, &start, raw)?;
    Ok((start, end))
}

/// A range written as text (already tidied).
fn parse_range(s: &str, raw: &str) -> Result<(PartialDate, PartialDate), Fail> {
    if YEAR_RANGE.is_match(s) {
        return Err(only_year(raw).into());
    }
    let strong: Vec<_> = STRONG.find_iter(s).collect();
    if strong.len() == 1 {
        let m = strong[0];
        return parse_pair(&s[..m.start()], &s[m.end()..], raw);
    }
    if !strong.is_empty() {
        return Err(Fail::NoShape);
    }
    // Hyphens separate both the parts of a date and the ends of a range: try each one as the
    // range separator and keep the readings that work.
    let mut found = Vec::new();
    let mut bad = Vec::new();
    for (i, _) in s.match_indices('-') {
        match parse_pair(&s[..i], &s[i + 1..], raw) {
            Ok(pair) => found.push(pair),
            Err(Fail::Bad(p)) if parse_single(tidy_side(&s[..i]), raw).is_ok() => bad.push(p),
            Err(_) => {}
        }
    }
    match (found.len(), bad.len()) {
        (1, _) => Ok(found[0]),
        (0, 1) => Err(Fail::Bad(bad.remove(0))),
        (0, _) => Err(Fail::NoShape),
        _ => {
            let readings: Vec<String> = found
                .iter()
                .map(|(a, b)| format!("{} 至 {}", iso(a), iso(b)))
                .collect();
            Err(
                Problem::new(Code::InvalidDate, format!("“{raw}”可以有几种读法"))
                    .suggest(format!("是否为 {}？", readings.join(" 或 ")))
                    .into(),
            )
        }
    }
}

/// An Excel serial number as a date, when it falls in [`SERIAL_YEARS`].
fn serial_date(serial: f64, date1904: bool) -> Option<NaiveDate> {
    let days = serial.floor();
    if !(0.0..1e7).contains(&days) {
        return None;
    }
    // 1900 system: Excel counts a 29 February 1900 that never was, so from serial 61 on the
    // date is 1899-12-30 plus the serial.
    let base = if date1904 {
        NaiveDate::from_ymd_opt(1904, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(1899, 12, 30)?
    };
    let date = base.checked_add_days(Days::new(days as u64))?;
    SERIAL_YEARS.contains(&date.year()).then_some(date)
}

/// A date from a number cell: `20230520`, an Excel serial, `2023.5` (a year and month).
fn number_date(n: f64, date1904: bool, raw: &str) -> Result<PartialDate, Problem> {
    if !n.is_finite() || n <= 0.0 {
        return Err(unknown_date(raw));
    }
    if n.fract() == 0.0 {
        let i = n as i64;
        if (19000101..=21001231).contains(&i) {
            return ymd(
                (i / 10000) as i32,
                (i / 100 % 100) as u32,
                (i % 100) as u32,
                raw,
            );
        }
        if (1900..=2100).contains(&i) {
            return Err(only_year(raw));
        }
    } else {
        let year = n.trunc() as i32;
        if YEARS.contains(&year) {
            // The digits as Excel shows them: a number cell has lost any trailing zero.
            let digits = format_number(n);
            let frac = digits.split_once('.').map_or("", |(_, f)| f);
            return match frac {
                "1" => Err(Problem::new(
                    Code::InvalidDate,
                    format!("“{raw}”是数字单元格，无法区分{year}年1月和{year}年10月"),
                )
                .suggest(format!("是否为 {year}-01 或 {year}-10？"))),
                f if f.len() <= 2 => ym(year, num(f), raw),
                _ => Err(unknown_date(raw)),
            };
        }
    }
    match serial_date(n, date1904) {
        Some(date) => Ok(PartialDate {
            date,
            precision: Precision::Day,
        }),
        None => Err(unknown_date(raw)),
    }
}

/// A date: date cells, Excel serials, `2023.5`, `2023年5月20日`, `20230520`, `2023年第5期`…
pub fn date(v: &Value, date1904: bool) -> Result<Option<PartialDate>, Problem> {
    if v.is_blank() {
        return Ok(None);
    }
    let raw = shown(v);
    match v {
        Value::DateTime(dt) => Ok(Some(PartialDate {
            date: dt.date(),
            precision: Precision::Day,
        })),
        Value::Number(n) => number_date(*n, date1904, &raw).map(Some),
        Value::Text(t) => {
            let s = tidy_date_text(t);
            match parse_single(&s, &raw) {
                Ok(d) => Ok(Some(d)),
                Err(Fail::Bad(p)) => Err(p),
                Err(Fail::NoShape) => match parse_range(&s, &raw) {
                    Ok((start, _)) => Err(Problem::new(
                        Code::InvalidDate,
                        format!("“{raw}”是一段时间，这里应填一个日期"),
                    )
                    .suggest(format!("是否为开始日期 {}？", iso(&start)))),
                    Err(Fail::Bad(p)) => Err(p),
                    Err(Fail::NoShape) => Err(unknown_date(&raw)),
                },
            }
        }
        _ => Err(unknown_date(&raw)),
    }
}

/// A date or a range (`2023.7.10-7.14`): a single date gives the same start and end.
pub fn date_range(
    v: &Value,
    date1904: bool,
) -> Result<Option<(PartialDate, PartialDate)>, Problem> {
    let Value::Text(t) = v else {
        return date(v, date1904).map(|d| d.map(|d| (d, d)));
    };
    if v.is_blank() {
        return Ok(None);
    }
    let raw = shown(v);
    let s = tidy_date_text(t);
    match parse_single(&s, &raw) {
        Ok(d) => Ok(Some((d, d))),
        Err(Fail::Bad(p)) => Err(p),
        Err(Fail::NoShape) => match parse_range(&s, &raw) {
            Ok(pair) => Ok(Some(pair)),
            Err(Fail::Bad(p)) => Err(p),
            Err(Fail::NoShape) => Err(Problem::new(
                Code::InvalidDate,
                format!("“{raw}”不是可识别的日期或时间段"),
            )),
        },
    }
}

// ---------------------------------------------------------------------------------------
// Hours

static HOURS: LazyLock<Regex> =
    LazyLock::new(|| re(r"^([+-]?(?:\d+(?:\.\d*)?|\.\d+))个?(学时|课时|学分|h|小时|分钟|min)?$"));

/// Minutes in one 学时.
const MINUTES_PER_HOUR: f64 = 45.0;

/// Training hours: `24`, `"24学时"`, `"２４"`.
pub fn hours(v: &Value) -> Result<Option<f64>, Problem> {
    if v.is_blank() {
        return Ok(None);
    }
    let raw = shown(v);
    let not_hours = || {
        Problem::new(
            Code::InvalidValue,
            format!("“{raw}”不是学时数：应为数字，如 24 或 24学时"),
        )
    };
    match v {
        Value::Number(n) if n.is_finite() => Ok(Some(*n)),
        Value::Text(t) => {
            let s = remove_spaces(&to_halfwidth(t)).to_lowercase();
            let c = HOURS.captures(&s).ok_or_else(not_hours)?;
            let n: f64 = c[1].parse().map_err(|_| not_hours())?;
            let minutes = match c.get(2).map(|m| m.as_str()) {
                Some("小时") => n * 60.0,
                Some("分钟" | "min") => n,
                _ => return Ok(Some(n)),
            };
            let converted = (minutes / MINUTES_PER_HOUR * 2.0).round() / 2.0;
            let unit = if &c[2] == "小时" {
                "小时数"
            } else {
                "分钟数"
            };
            Err(Problem::new(
                Code::InvalidValue,
                format!("“{raw}”是{unit}，不是学时（1学时=45分钟）"),
            )
            .suggest(format!(
                "按1学时=45分钟折算约为{}学时？",
                format_number(converted)
            )))
        }
        _ => Err(not_hours()),
    }
}

// ---------------------------------------------------------------------------------------
// Levels and grades

/// Why a level did not parse.
enum LevelFail {
    /// Not a level.
    Unknown,
    /// Two levels in one cell (`省市级`).
    Two(String, String),
}

/// A cleaned level: exact, then without a trailing 级别/级.
fn level_alias(scale: &Scale, s: &str) -> Option<String> {
    if s.is_empty() {
        return None;
    }
    if let Some(c) = scale.lookup(s) {
        return Some(c.to_string());
    }
    ["级别", "级"]
        .iter()
        .filter_map(|suffix| s.strip_suffix(suffix))
        .find_map(|head| (!head.is_empty()).then(|| scale.lookup(head)).flatten())
        .map(str::to_string)
}

/// The level without a trailing 级别/级.
fn level_core(s: &str) -> &str {
    s.strip_suffix("级别")
        .or_else(|| s.strip_suffix("级"))
        .unwrap_or(s)
}

/// Every level word (aliases, canonical names and place suffixes) with its level.
fn level_words(scale: &Scale) -> Vec<(&str, &str)> {
    let mut words: Vec<(&str, &str)> = Vec::new();
    for (canon, list) in scale.aliases.iter().chain(&scale.place_suffixes) {
        words.extend(list.iter().map(|w| (w.as_str(), canon.as_str())));
    }
    words.extend(scale.order.iter().map(|c| (c.as_str(), c.as_str())));
    words
}

/// A place name before a level word: `常州市` → 市级, `苏州工业园区` → 区县级.
///
/// The place must be 2+ ideographs, must not be a level word itself and must not end with a
/// level word of another level that follows a place of its own (`常州市区`: 常州 + 市 + 区).
fn place_level(scale: &Scale, core: &str) -> Option<String> {
    let mut suffixes: Vec<(&str, &str)> = scale
        .place_suffixes
        .iter()
        .flat_map(|(canon, list)| list.iter().map(move |s| (s.as_str(), canon.as_str())))
        .collect();
    suffixes.sort_by_key(|(s, _)| std::cmp::Reverse(s.chars().count()));
    let words = level_words(scale);
    for (suffix, canon) in suffixes {
        let Some(place) = core.strip_suffix(suffix) else {
            continue;
        };
        if place.chars().count() < 2 || !place.chars().all(is_ideograph) {
            continue;
        }
        if level_alias(scale, place).is_some() || words.iter().any(|(w, _)| *w == place) {
            continue;
        }
        let stacked = words.iter().any(|(w, level)| {
            place
                .strip_suffix(w)
                .is_some_and(|before| before.chars().count() >= 2)
                && *level != canon
        });
        if !stacked {
            return Some(canon.to_string());
        }
    }
    None
}

/// A level written alone or after a place name, no brackets, no second level.
fn simple_level(scale: &Scale, s: &str) -> Option<String> {
    level_alias(scale, s).or_else(|| place_level(scale, level_core(s)))
}

/// Two different levels side by side (`省市`), for the suggestion.
fn two_levels(scale: &Scale, core: &str) -> Option<(String, String)> {
    core.char_indices().skip(1).find_map(|(i, _)| {
        let a = simple_level(scale, &core[..i])?;
        let b = simple_level(scale, &core[i..])?;
        (a != b).then_some((a, b))
    })
}

fn parse_level(scale: &Scale, cleaned: &str) -> Result<String, LevelFail> {
    if let Some(level) = simple_level(scale, cleaned) {
        return Ok(level);
    }
    let bare = strip_brackets(cleaned);
    if bare != cleaned
        && let Some(level) = simple_level(scale, &bare)
    {
        return Ok(level);
    }
    match two_levels(scale, level_core(&bare)) {
        Some((a, b)) => Err(LevelFail::Two(a, b)),
        None => Err(LevelFail::Unknown),
    }
}

fn level_problem(raw: &str, cleaned: &str, fail: LevelFail, vocab: &Vocab) -> Problem {
    let listing = vocab.levels.listing();
    match fail {
        LevelFail::Two(a, b) => Problem::new(
            Code::InvalidValue,
            format!("“{raw}”含有两个级别（{a}、{b}）：只应填一个"),
        )
        .suggest(format!("是否为 {a} 或 {b}？")),
        LevelFail::Unknown if vocab.awards.lookup(cleaned).is_some() => Problem::new(
            Code::InvalidValue,
            format!("“{raw}”是获奖等次，不是级别：级别应为 {listing}"),
        ),
        LevelFail::Unknown => Problem::new(
            Code::InvalidValue,
            format!("“{raw}”不是有效级别：应为 {listing}"),
        ),
    }
}

/// A level → 国家级/省级/市级/区县级/片区级/校级.
pub fn level(v: &Value, vocab: &Vocab) -> Result<Option<String>, Problem> {
    if v.is_blank() {
        return Ok(None);
    }
    let cleaned = clean_value(&v.raw_text());
    parse_level(&vocab.levels, &cleaned)
        .map(Some)
        .map_err(|fail| level_problem(&shown(v), &cleaned, fail, vocab))
}

/// An award grade → 特等奖/一等奖/二等奖/三等奖/优秀奖, with the level when the cell has one.
pub fn award(v: &Value, vocab: &Vocab) -> Result<Option<AwardValue>, Problem> {
    if v.is_blank() {
        return Ok(None);
    }
    let raw = shown(v);
    let awards = &vocab.awards;
    let cleaned = clean_value(&v.raw_text());
    if let Some(a) = awards.lookup(&cleaned) {
        return Ok(Some(AwardValue {
            award: a.to_string(),
            level: None,
        }));
    }
    let bare = strip_brackets(&cleaned);
    if let Some(a) = awards.lookup(&bare) {
        return Ok(Some(AwardValue {
            award: a.to_string(),
            level: None,
        }));
    }
    // A level before the grade: "省一等奖", "常州市二等奖". The longest grade is tried first.
    let mut first_fail: Option<Problem> = None;
    for (i, _) in bare.char_indices().skip(1) {
        let (prefix, rest) = bare.split_at(i);
        let Some(a) = awards.lookup(rest) else {
            continue;
        };
        if let Some(other) = awards.lookup(prefix) {
            return Err(Problem::new(
                Code::InvalidValue,
                format!("“{raw}”含有两个等次（{other}、{a}）：只应填一个"),
            )
            .suggest(format!("是否为 {other} 或 {a}？")));
        }
        match parse_level(&vocab.levels, prefix) {
            Ok(level) => {
                return Ok(Some(AwardValue {
                    award: a.to_string(),
                    level: Some(level),
                }));
            }
            Err(fail) => {
                let p = level_problem(prefix, prefix, fail, vocab);
                first_fail.get_or_insert(Problem {
                    message: format!("“{raw}”中的{}", p.message),
                    ..p
                });
            }
        }
    }
    Err(first_fail.unwrap_or_else(|| {
        Problem::new(
            Code::InvalidValue,
            format!("“{raw}”不是有效等次：应为 {}", awards.listing()),
        )
    }))
}

/// A project status → 申报/立项/开题/中期/结题/延期/撤项.
pub fn status(v: &Value, vocab: &Vocab) -> Result<Option<String>, Problem> {
    if v.is_blank() {
        return Ok(None);
    }
    let cleaned = clean_value(&v.raw_text());
    let scale = &vocab.statuses;
    scale
        .lookup(&cleaned)
        .or_else(|| scale.lookup(&strip_brackets(&cleaned)))
        .map(|s| Some(s.to_string()))
        .ok_or_else(|| {
            Problem::new(
                Code::InvalidValue,
                format!("“{}”不是有效研究状态：应为 {}", shown(v), scale.listing()),
            )
        })
}

/// The canonical key of a spelling map whose key or spelling cleans to `cleaned`.
fn map_lookup<'a>(map: &'a BTreeMap<String, Vec<String>>, cleaned: &str) -> Option<&'a str> {
    let found = |s: &str| {
        map.iter()
            .find(|(canon, list)| {
                clean_value(canon) == s || list.iter().any(|l| clean_value(l) == s)
            })
            .map(|(canon, _)| canon.as_str())
    };
    found(cleaned).or_else(|| {
        let bare = strip_brackets(cleaned);
        (bare != cleaned && !bare.is_empty())
            .then(|| found(&bare))
            .flatten()
    })
}

/// 获奖 or 发表.
pub fn paper_category(v: &Value, vocab: &Vocab) -> Result<Option<String>, Problem> {
    if v.is_blank() {
        return Ok(None);
    }
    let map = &vocab.paper_categories;
    map_lookup(map, &clean_value(&v.raw_text()))
        .map(|c| Some(c.to_string()))
        .ok_or_else(|| {
            let listing: Vec<&str> = map.keys().map(String::as_str).collect();
            Problem::new(
                Code::InvalidValue,
                format!("“{}”不是有效类别：应为 {}", shown(v), listing.join("/")),
            )
        })
}

/// A training type: known spellings to one name, anything else kept as written.
pub fn training_type(v: &Value, vocab: &Vocab) -> String {
    if v.is_blank() {
        return String::new();
    }
    match map_lookup(&vocab.training_types.aliases, &clean_value(&v.raw_text())) {
        Some(canon) => canon.to_string(),
        None => text(v),
    }
}

// ---------------------------------------------------------------------------------------
// Months

static MONTH: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(?:\d{4}年)?(\d{1,2})月份?(?:第\d+周|上旬|中旬|下旬|初|中|底|末)?$"));
static MONTH_RANGE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"^(?:\d{{4}}年)?(\d{{1,2}})(?:月份?)?{ANY_SEP}(?:\d{{4}}年)?(\d{{1,2}})月份?$"
    ))
});
static WEEK_PREFIX: LazyLock<Regex> = LazyLock::new(|| re(r"^第\d+周次?"));
static WEEK_DATES: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"^(?:\d{{4}}[-/.年])?(\d{{1,2}})[./月](\d{{1,2}})[日号]?(?:{ANY_SEP}(?:(?:\d{{4}}[-/.年])?\d{{1,2}}[./月])?\d{{1,2}}[日号]?)?$"
    ))
});

fn bad_month(raw: &str) -> Problem {
    Problem::new(
        Code::InvalidDate,
        format!("“{raw}”不是有效月份：月份应为1–12"),
    )
}

fn month_of(m: u32, raw: &str) -> Result<u32, Problem> {
    if (1..=12).contains(&m) {
        Ok(m)
    } else {
        Err(bad_month(raw))
    }
}

/// A month or a month range written as text.
fn month_text(t: &str, date1904: bool, raw: &str) -> Result<MonthSpan, Problem> {
    let s = cn_digits(&remove_spaces(&to_halfwidth(t)));
    let s = s.trim_end_matches([':', '：']);
    if let Some(c) = MONTH.captures(s) {
        return Ok(MonthSpan {
            month: month_of(num(&c[1]), raw)?,
            month_end: None,
        });
    }
    if let Some(c) = MONTH_RANGE.captures(s) {
        let (first, last) = (month_of(num(&c[1]), raw)?, month_of(num(&c[2]), raw)?);
        return Ok(MonthSpan {
            month: first,
            month_end: (last != first).then_some(last),
        });
    }
    // A week: its dates decide, and the week's start gives the month.
    let week = WEEK_PREFIX.find(s).map_or(0, |m| m.end());
    let dates = s[week..].trim_matches(['(', ')', '[', ']', '【', '】', '〔', '〕']);
    if let Some(c) = WEEK_DATES.captures(dates) {
        let (m, d): (u32, u32) = (num(&c[1]), num(&c[2]));
        // Any leap year: the year is not written.
        if NaiveDate::from_ymd_opt(2024, m, d).is_none() {
            return Err(Problem::new(
                Code::InvalidDate,
                format!("“{raw}”中的日期{m}.{d}不存在"),
            ));
        }
        return Ok(MonthSpan {
            month: m,
            month_end: None,
        });
    }
    // A full date or range with its year.
    if let Ok(Some((start, _))) = date_range(&Value::Text(s.to_string()), date1904) {
        return Ok(MonthSpan {
            month: start.date.month(),
            month_end: None,
        });
    }
    let why = if s.contains('周') {
        "没有写日期，"
    } else {
        ""
    };
    Err(Problem::new(
        Code::InvalidValue,
        format!("“{raw}”{why}无法确定月份"),
    ))
}

/// A calendar month: `九月份`, `9月`, `十一月份——十二月份`, `第三周 9.13-9.19`, a date cell.
pub fn month(v: &Value, date1904: bool) -> Result<Option<MonthSpan>, Problem> {
    if v.is_blank() {
        return Ok(None);
    }
    let raw = shown(v);
    match v {
        Value::DateTime(dt) => Ok(Some(MonthSpan {
            month: dt.date().month(),
            month_end: None,
        })),
        // A month (9) or a day typed as a number (9.13).
        Value::Number(n) if (1.0..13.0).contains(n) => Ok(Some(MonthSpan {
            month: n.trunc() as u32,
            month_end: None,
        })),
        Value::Number(_) => match date(v, date1904) {
            Ok(Some(d)) => Ok(Some(MonthSpan {
                month: d.date.month(),
                month_end: None,
            })),
            _ => Err(bad_month(&raw)),
        },
        Value::Text(t) => month_text(t, date1904, &raw).map(Some),
        _ => Err(Problem::new(Code::InvalidValue, format!("“{raw}”不是月份"))),
    }
}

// ---------------------------------------------------------------------------------------
// ID numbers

static SCIENTIFIC: LazyLock<Regex> = LazyLock::new(|| re(r"^\d+(?:\.\d+)?E\+?\d+$"));

/// GB 11643 weights of the first 17 digits.
const ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/// GB 11643 check characters by the weighted sum mod 11.
const ID_CHECK: &[u8; 11] = b"10X98765432";

fn lost_digits(message: String) -> Problem {
    Problem::new(Code::InvalidValue, message).suggest("请把该列设为文本格式后重新输入完整号码")
}

/// A 身份证号 as text: full-width to ASCII, `x` → `X`; a number cell has lost digits.
pub fn id_number(v: &Value) -> Result<Option<String>, Problem> {
    if v.is_blank() {
        return Ok(None);
    }
    match v {
        Value::Text(t) => {
            let s = remove_spaces(&to_halfwidth(t));
            // A leading apostrophe is Excel's "store as text" marker.
            let s = s.trim_start_matches('\'').to_uppercase();
            if SCIENTIFIC.is_match(&s) {
                return Err(lost_digits(format!(
                    "身份证号“{s}”是科学计数法：末几位已丢失"
                )));
            }
            Ok(Some(s))
        }
        Value::Number(_) => Err(lost_digits(format!(
            "身份证号“{}”存成了数字：数字只保留15位有效数字，末几位已丢失",
            shown(v)
        ))),
        _ => Err(Problem::new(
            Code::InvalidValue,
            format!("“{}”不是身份证号", shown(v)),
        )),
    }
}

/// Validates an 18-digit 身份证号 (GB 11643: birth date and check digit). `Err` says why.
pub fn validate_id_number(id: &str) -> Result<(), String> {
    let chars: Vec<char> = id.chars().collect();
    if chars.len() == 15 && chars.iter().all(char::is_ascii_digit) {
        return Err("这是15位的旧身份证号，应为18位".into());
    }
    if chars.len() != 18 {
        return Err(format!("身份证号应为18位，这里有{}位", chars.len()));
    }
    if let Some(pos) = chars[..17].iter().position(|c| !c.is_ascii_digit()) {
        return Err(format!("前17位应为数字，第{}位不是", pos + 1));
    }
    let last = chars[17].to_ascii_uppercase();
    if !(last.is_ascii_digit() || last == 'X') {
        return Err("第18位应为数字或X".into());
    }
    let birth: String = chars[6..14].iter().collect();
    let date = NaiveDate::from_ymd_opt(num(&birth[..4]), num(&birth[4..6]), num(&birth[6..]))
        .ok_or_else(|| format!("出生日期“{birth}”不是有效日期"))?;
    if date.year() < 1900 {
        return Err(format!("出生日期“{birth}”早于1900年"));
    }
    if date > chrono::Local::now().date_naive() {
        return Err(format!("出生日期“{birth}”晚于今天"));
    }
    let sum: u32 = chars[..17]
        .iter()
        .zip(ID_WEIGHTS)
        .map(|(c, w)| c.to_digit(10).unwrap_or(0) * w)
        .sum();
    let expected = char::from(ID_CHECK[(sum % 11) as usize]);
    if last != expected {
        return Err(format!("校验位应为 {expected}，这里是 {last}"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::fmt::Debug;

    use chrono::NaiveDateTime;

    use super::*;

    fn t(s: &str) -> Value {
        Value::Text(s.to_string())
    }

    fn day(y: i32, m: u32, d: u32) -> PartialDate {
        PartialDate {
            date: NaiveDate::from_ymd_opt(y, m, d).unwrap(),
            precision: Precision::Day,
        }
    }

    fn mon(y: i32, m: u32) -> PartialDate {
        PartialDate {
            date: NaiveDate::from_ymd_opt(y, m, 1).unwrap(),
            precision: Precision::Month,
        }
    }

    fn dt(s: &str) -> Value {
        Value::DateTime(NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap())
    }

    /// Asserts an error with `code` and a message, and returns it.
    #[track_caller]
    fn err<T: Debug>(r: Result<T, Problem>, code: Code) -> Problem {
        let p = r.expect_err("expected a problem");
        assert_eq!(p.code, code, "{p:?}");
        assert!(!p.message.is_empty(), "{p:?}");
        p
    }

    fn span(month: u32, month_end: Option<u32>) -> Option<MonthSpan> {
        Some(MonthSpan { month, month_end })
    }

    // --- text, code, journal ------------------------------------------------------------

    #[test]
    fn text_folds_width_and_spaces_but_keeps_chinese_punctuation() {
        assert_eq!(
            text(&t("  浅谈ＰＢＬ\u{3000}教学，第２版：\n ")),
            "浅谈PBL 教学，第2版："
        );
        assert_eq!(text(&Value::Number(24.0)), "24");
        assert_eq!(text(&dt("2023-05-20 00:00:00")), "2023-05-20");
        assert_eq!(text(&Value::Empty), "");
        assert_eq!(text(&t(" \u{3000}")), "");
    }

    #[test]
    fn code_turns_full_width_to_ascii_and_keeps_the_rest() {
        assert_eq!(code(&t("DCA180419")), "DCA180419");
        assert_eq!(code(&t(" D/2021/02/123 ")), "D/2021/02/123");
        assert_eq!(code(&t("ＷＪ－２０２３－０７")), "WJ-2023-07");
        assert_eq!(code(&t("CN32  -\u{3000}1234/G4")), "CN32 - 1234/G4");
        assert_eq!(code(&Value::Number(2012.0)), "2012");
        assert_eq!(code(&Value::Empty), "");
    }

    #[test]
    fn journal_drops_title_marks() {
        assert_eq!(journal(&t("《江苏教育》")), "江苏教育");
        assert_eq!(journal(&t("〈江苏教育〉")), "江苏教育");
        assert_eq!(
            journal(&t("《小学数学教师》（2023年第5期）")),
            "小学数学教师（2023年第5期）"
        );
        assert_eq!(journal(&t(" 《 江苏教育 》 ")), "江苏教育");
    }

    // --- names --------------------------------------------------------------------------

    #[test]
    fn name_removes_every_inner_space() {
        assert_eq!(name(&t("张　三")).unwrap(), Some("张三".into()));
        assert_eq!(name(&t("王 小 明")).unwrap(), Some("王小明".into()));
        assert_eq!(
            name(&t("\u{00A0}李\u{00A0}四 ")).unwrap(),
            Some("李四".into())
        );
        assert_eq!(name(&t("John  Smith")).unwrap(), Some("John Smith".into()));
    }

    #[test]
    fn name_drops_bracketed_note_and_trailing_title() {
        assert_eq!(name(&t("张三（执笔）")).unwrap(), Some("张三".into()));
        assert_eq!(name(&t("张三(执笔)")).unwrap(), Some("张三".into()));
        assert_eq!(name(&t("李四老师")).unwrap(), Some("李四".into()));
        // Only a surname would be left: kept as written for the roster check to report.
        assert_eq!(name(&t("张老师")).unwrap(), Some("张老师".into()));
    }

    #[test]
    fn name_keeps_middle_dot() {
        assert_eq!(name(&t("买买提·艾力")).unwrap(), Some("买买提·艾力".into()));
        assert_eq!(name(&t("买买提•艾力")).unwrap(), Some("买买提·艾力".into()));
        assert_eq!(name(&t("买买提.艾力")).unwrap(), Some("买买提·艾力".into()));
    }

    #[test]
    fn name_blank_is_none() {
        assert_eq!(name(&Value::Empty).unwrap(), None);
        assert_eq!(name(&t("\u{3000} ")).unwrap(), None);
    }

    #[test]
    fn name_rejects_what_is_not_a_name() {
        err(name(&t("张三1")), Code::InvalidValue);
        err(name(&t("１３９１２３４５６７８")), Code::InvalidValue);
        err(
            name(&t("本学期参加区级以上培训的全体教师名单见附表")),
            Code::InvalidValue,
        );
        err(name(&Value::Number(5.0)), Code::InvalidValue);
        err(name(&t("张三、李四")), Code::InvalidValue);
        err(name(&t("（执笔）")), Code::InvalidValue);
    }

    #[test]
    fn names_split_on_every_separator() {
        let v = Vocab::builtin();
        let got = names(
            &t("张三、李四，王五,赵六;钱七；孙八/周九／吴十\n郑一\r\n冯二"),
            &v,
        )
        .unwrap()
        .unwrap();
        assert_eq!(
            got.names,
            [
                "张三", "李四", "王五", "赵六", "钱七", "孙八", "周九", "吴十", "郑一", "冯二"
            ]
        );
        assert!(!got.truncated);
    }

    #[test]
    fn names_split_on_spaces_only_between_full_names() {
        let v = Vocab::builtin();
        let n = |s: &str| names(&t(s), &v).unwrap().unwrap().names;
        assert_eq!(n("张三 李四"), ["张三", "李四"]);
        assert_eq!(n("张三　李四　王小明"), ["张三", "李四", "王小明"]);
        assert_eq!(n("张 三"), ["张三"]);
        assert_eq!(n("张 三、李 四"), ["张三", "李四"]);
        assert_eq!(n("买买提·艾力 张三"), ["买买提·艾力", "张三"]);
    }

    #[test]
    fn names_cleaned_like_name_order_and_duplicates_kept() {
        let v = Vocab::builtin();
        let n = |s: &str| names(&t(s), &v).unwrap().unwrap().names;
        assert_eq!(n("张三（执笔）、李四老师"), ["张三", "李四"]);
        assert_eq!(n("、张三、、李四、"), ["张三", "李四"]);
        assert_eq!(n("李四、张三、李四"), ["李四", "张三", "李四"]);
    }

    #[test]
    fn names_truncation_markers() {
        let v = Vocab::builtin();
        for s in [
            "张三等",
            "张三等5人",
            "张三等3位老师",
            "张三等人",
            "张三 等 5 人",
        ] {
            let got = names(&t(s), &v).unwrap().unwrap();
            assert_eq!(got.names, ["张三"], "{s}");
            assert!(got.truncated, "{s}");
        }
        let got = names(&t("杜兴武等3校共5位老师"), &v).unwrap().unwrap();
        assert_eq!(
            got,
            Names {
                names: vec!["杜兴武".into()],
                truncated: true
            }
        );
        let got = names(&t("张三、李四等"), &v).unwrap().unwrap();
        assert_eq!(
            got,
            Names {
                names: vec!["张三".into(), "李四".into()],
                truncated: true
            }
        );
        let got = names(&t("张三 李四等"), &v).unwrap().unwrap();
        assert_eq!(
            got,
            Names {
                names: vec!["张三".into(), "李四".into()],
                truncated: true
            }
        );
        assert!(!names(&t("张三、李四"), &v).unwrap().unwrap().truncated);
    }

    #[test]
    fn names_reject_non_names_and_empty_lists() {
        let v = Vocab::builtin();
        let p = err(names(&t("张三、13912345678"), &v), Code::InvalidValue);
        assert!(p.message.contains("13912345678"), "{}", p.message);
        err(names(&Value::Number(3.0), &v), Code::InvalidValue);
        err(names(&t("、、"), &v), Code::InvalidValue);
        err(names(&t("等"), &v), Code::InvalidValue);
        assert_eq!(names(&t(" "), &v).unwrap(), None);
        assert_eq!(names(&Value::Empty, &v).unwrap(), None);
    }

    // --- dates --------------------------------------------------------------------------

    #[test]
    fn date_cell_gives_its_day() {
        assert_eq!(
            date(&dt("2023-05-20 00:00:00"), false).unwrap(),
            Some(day(2023, 5, 20))
        );
        assert_eq!(
            date(&dt("2023-05-20 14:30:00"), true).unwrap(),
            Some(day(2023, 5, 20))
        );
        assert_eq!(date(&Value::Empty, false).unwrap(), None);
        assert_eq!(date(&t("  "), false).unwrap(), None);
    }

    #[test]
    fn date_number_yyyymmdd() {
        assert_eq!(
            date(&Value::Number(20230520.0), false).unwrap(),
            Some(day(2023, 5, 20))
        );
        err(date(&Value::Number(20231301.0), false), Code::InvalidDate);
    }

    #[test]
    fn date_excel_serials_1900_and_1904() {
        assert_eq!(
            date(&Value::Number(45066.0), false).unwrap(),
            Some(day(2023, 5, 20))
        );
        assert_eq!(
            date(&Value::Number(43604.0), true).unwrap(),
            Some(day(2023, 5, 20))
        );
        // A serial with a time of day.
        assert_eq!(
            date(&Value::Number(45066.75), false).unwrap(),
            Some(day(2023, 5, 20))
        );
        assert_eq!(
            date(&Value::Number(18264.0), false).unwrap(),
            Some(day(1950, 1, 1))
        );
        // Before 1950: not a plausible date.
        err(date(&Value::Number(18263.0), false), Code::InvalidDate);
        err(date(&Value::Number(3.0), false), Code::InvalidDate);
        err(date(&Value::Number(-45066.0), false), Code::InvalidDate);
    }

    #[test]
    fn date_float_cell_is_year_and_month() {
        assert_eq!(
            date(&Value::Number(2023.5), false).unwrap(),
            Some(mon(2023, 5))
        );
        assert_eq!(
            date(&Value::Number(2023.05), false).unwrap(),
            Some(mon(2023, 5))
        );
        assert_eq!(
            date(&Value::Number(2023.12), false).unwrap(),
            Some(mon(2023, 12))
        );
        assert_eq!(
            date(&Value::Number(2023.11), false).unwrap(),
            Some(mon(2023, 11))
        );
        err(date(&Value::Number(2023.13), false), Code::InvalidDate);
    }

    #[test]
    fn date_float_cell_x1_is_ambiguous() {
        let p = err(date(&Value::Number(2021.1), false), Code::InvalidDate);
        assert_eq!(p.severity, Severity::Error);
        assert_eq!(p.suggestion, "是否为 2021-01 或 2021-10？");
    }

    #[test]
    fn date_bare_year_is_a_warning() {
        for v in [Value::Number(2023.0), t("2023"), t("2023年"), t("２０２３")] {
            let p = err(date(&v, false), Code::InvalidDate);
            assert_eq!(p.severity, Severity::Warning, "{v:?}");
            assert!(p.message.contains("年份"), "{}", p.message);
        }
    }

    #[test]
    fn date_text_shapes() {
        let d = |s: &str| date(&t(s), false).unwrap().unwrap();
        for s in [
            "2023.5",
            "2023.05",
            "2023年5月",
            "2023年05月",
            "2023-05",
            "2023/5",
            "2023年5期",
        ] {
            assert_eq!(d(s), mon(2023, 5), "{s}");
        }
        for s in [
            "2023年5月20日",
            "2023年5月20号",
            "2023年05月20日",
            "2023-5-20",
            "2023/5/20",
            "2023.5.20",
            "2023-05-20",
            "20230520",
            "2023-05-20 00:00:00",
            "2023-05-20T08:30",
            "２０２３．５．２０",
            " 2023 年 5 月 20 日 ",
        ] {
            assert_eq!(d(s), day(2023, 5, 20), "{s}");
        }
    }

    #[test]
    fn date_text_x1_is_january_and_x10_october() {
        assert_eq!(date(&t("2023.1"), false).unwrap(), Some(mon(2023, 1)));
        assert_eq!(date(&t("2023.10"), false).unwrap(), Some(mon(2023, 10)));
    }

    #[test]
    fn date_journal_issue_is_month() {
        assert_eq!(date(&t("2023年第5期"), false).unwrap(), Some(mon(2023, 5)));
        assert_eq!(
            date(&t("2023年5月第2期"), false).unwrap(),
            Some(mon(2023, 5))
        );
        let p = err(date(&t("2023年第15期"), false), Code::InvalidDate);
        assert!(p.suggestion.contains("期号"), "{}", p.suggestion);
    }

    #[test]
    fn date_chinese_numerals() {
        assert_eq!(
            date(&t("二〇二三年五月"), false).unwrap(),
            Some(mon(2023, 5))
        );
        assert_eq!(
            date(&t("二○二三年十二月"), false).unwrap(),
            Some(mon(2023, 12))
        );
        assert_eq!(
            date(&t("二〇二三年五月二十日"), false).unwrap(),
            Some(day(2023, 5, 20))
        );
        assert_eq!(
            date(&t("二零二三年十月三十一日"), false).unwrap(),
            Some(day(2023, 10, 31))
        );
    }

    #[test]
    fn date_two_digit_years_rejected() {
        for s in ["23.5.20", "23年5月", "23-05-20", "5月20日"] {
            err(date(&t(s), false), Code::InvalidDate);
        }
    }

    #[test]
    fn date_invalid_parts_are_named() {
        let p = err(date(&t("2023.13.5"), false), Code::InvalidDate);
        assert_eq!(p.message, "“2023.13.5”不是有效日期：月份应为1–12");
        assert_eq!(p.suggestion, "是否为 2023-05-13？");
        let p = err(date(&t("2023-02-30"), false), Code::InvalidDate);
        assert_eq!(p.message, "“2023-02-30”不是有效日期：2023年2月只有28天");
        assert_eq!(p.suggestion, "");
        let p = err(date(&t("2023年13月"), false), Code::InvalidDate);
        assert!(p.message.contains("月份应为1–12"), "{}", p.message);
        let p = err(date(&t("1023.5.1"), false), Code::InvalidDate);
        assert!(p.message.contains("年份"), "{}", p.message);
    }

    #[test]
    fn date_web_garbage_rejected() {
        let p = err(date(&t("2021719日"), false), Code::InvalidDate);
        assert_eq!(p.suggestion, "是否为 2021-07-19？");
        let p = err(date(&t("2021111"), false), Code::InvalidDate);
        assert_eq!(p.suggestion, "是否为 2021-01-11 或 2021-11-01？");
        let p = err(date(&t("65.09"), false), Code::InvalidDate);
        assert_eq!(p.suggestion, "");
        let p = err(date(&Value::Number(65.09), false), Code::InvalidDate);
        assert_eq!(p.suggestion, "");
        err(date(&t("待定"), false), Code::InvalidDate);
        err(date(&Value::Bool(true), false), Code::InvalidDate);
        err(
            date(&Value::Error("#REF!".into()), false),
            Code::InvalidDate,
        );
    }

    #[test]
    fn date_given_a_range_names_the_start() {
        let p = err(date(&t("2023.7.10-7.14"), false), Code::InvalidDate);
        assert!(p.suggestion.contains("2023-07-10"), "{}", p.suggestion);
        let p = err(date(&t("2023.9-2024.6"), false), Code::InvalidDate);
        assert!(p.suggestion.contains("2023-09"), "{}", p.suggestion);
    }

    #[test]
    fn date_range_single_dates() {
        let r = |v: Value| date_range(&v, false).unwrap().unwrap();
        assert_eq!(r(t("2023-07-10")), (day(2023, 7, 10), day(2023, 7, 10)));
        assert_eq!(r(t("2023.5")), (mon(2023, 5), mon(2023, 5)));
        assert_eq!(
            r(Value::Number(45066.0)),
            (day(2023, 5, 20), day(2023, 5, 20))
        );
        assert_eq!(
            r(dt("2023-05-20 00:00:00")),
            (day(2023, 5, 20), day(2023, 5, 20))
        );
        assert_eq!(date_range(&Value::Empty, false).unwrap(), None);
        assert_eq!(date_range(&t(" "), false).unwrap(), None);
    }

    #[test]
    fn date_range_day_ranges() {
        let r = |s: &str| date_range(&t(s), false).unwrap().unwrap();
        let july = (day(2023, 7, 10), day(2023, 7, 14));
        for s in [
            "2023.7.10-7.14",
            "2023-07-10至2023-07-14",
            "2023年7月10日-7月14日",
            "2023年7月10日至14日",
            "2023.7.10—2023.7.14",
            "2023.7.10——7.14",
            "2023.7.10~7.14",
            "2023.7.10～7.14",
            "2023.7.10－7.14",
            "2023-07-10-2023-07-14",
            "2023-07-10到14日",
            "2023-07-10 - 2023-07-14",
        ] {
            assert_eq!(r(s), july, "{s}");
        }
        assert_eq!(r("2023.7.31-8.2"), (day(2023, 7, 31), day(2023, 8, 2)));
    }

    #[test]
    fn date_range_month_ranges() {
        let r = |s: &str| date_range(&t(s), false).unwrap().unwrap();
        for s in [
            "2023.9-2024.6",
            "2023年9月—2024年6月",
            "2023年9月至2024年6月",
            "2023-09-2024-06",
        ] {
            assert_eq!(r(s), (mon(2023, 9), mon(2024, 6)), "{s}");
        }
        assert_eq!(r("2023.9-12"), (mon(2023, 9), mon(2023, 12)));
        assert_eq!(r("2023年9月-12月"), (mon(2023, 9), mon(2023, 12)));
    }

    #[test]
    fn date_range_end_before_start_is_returned() {
        assert_eq!(
            date_range(&t("2023.7.14-7.10"), false).unwrap(),
            Some((day(2023, 7, 14), day(2023, 7, 10)))
        );
    }

    #[test]
    fn date_range_rejects_bad_ends_and_years_only() {
        let p = err(date_range(&t("2023.7.10-7.32"), false), Code::InvalidDate);
        assert!(p.message.contains("31天"), "{}", p.message);
        let p = err(date_range(&t("2021-2023"), false), Code::InvalidDate);
        assert_eq!(p.severity, Severity::Warning);
        err(date_range(&t("全年"), false), Code::InvalidDate);
        err(
            date_range(&t("2023.13.1-2023.14.1"), false),
            Code::InvalidDate,
        );
    }

    // --- hours --------------------------------------------------------------------------

    #[test]
    fn hours_accepted_forms() {
        let h = |v: Value| hours(&v).unwrap().unwrap();
        assert_eq!(h(Value::Number(24.0)), 24.0);
        for s in [
            "24",
            "24学时",
            "２４",
            "24 学时",
            "24课时",
            "24h",
            "24H",
            "24个学时",
        ] {
            assert_eq!(h(t(s)), 24.0, "{s}");
        }
        assert_eq!(h(t("24.5")), 24.5);
        assert_eq!(h(t("2学分")), 2.0);
        // Bounds are the check stage's business.
        assert_eq!(h(Value::Number(0.0)), 0.0);
        assert_eq!(h(t("-2")), -2.0);
        assert_eq!(hours(&Value::Empty).unwrap(), None);
    }

    #[test]
    fn hours_clock_hours_rejected_with_conversion() {
        let p = err(hours(&t("3小时")), Code::InvalidValue);
        assert_eq!(p.suggestion, "按1学时=45分钟折算约为4学时？");
        let p = err(hours(&t("2.5小时")), Code::InvalidValue);
        assert_eq!(p.suggestion, "按1学时=45分钟折算约为3.5学时？");
        let p = err(hours(&t("90分钟")), Code::InvalidValue);
        assert_eq!(p.suggestion, "按1学时=45分钟折算约为2学时？");
    }

    #[test]
    fn hours_non_numbers_rejected() {
        for s in ["若干", "全天", "2-3学时", "2天"] {
            let p = err(hours(&t(s)), Code::InvalidValue);
            assert_eq!(p.suggestion, "", "{s}");
        }
        err(hours(&Value::Bool(true)), Code::InvalidValue);
    }

    // --- levels -------------------------------------------------------------------------

    fn lv(s: &str) -> Option<String> {
        level(&t(s), &Vocab::builtin()).unwrap()
    }

    #[test]
    fn level_aliases_and_trailing_ji() {
        for (s, want) in [
            ("国家级", "国家级"),
            ("国家", "国家级"),
            ("全国级", "国家级"),
            ("核心期刊", "国家级"),
            ("cssci", "国家级"),
            ("省", "省级"),
            ("省级", "省级"),
            ("省级别", "省级"),
            ("市", "市级"),
            ("地市级", "市级"),
            ("区", "区县级"),
            ("县级", "区县级"),
            ("县（区）级", "区县级"),
            ("片区", "片区级"),
            ("校级", "校级"),
            ("校", "校级"),
            (" 市 级 。", "市级"),
        ] {
            assert_eq!(lv(s).as_deref(), Some(want), "{s}");
        }
        assert_eq!(level(&Value::Empty, &Vocab::builtin()).unwrap(), None);
    }

    #[test]
    fn level_bracketed_note_ignored() {
        assert_eq!(lv("省级（教育厅）").as_deref(), Some("省级"));
    }

    #[test]
    fn level_place_prefixes() {
        for (s, want) in [
            ("江苏省级", "省级"),
            ("江苏省", "省级"),
            ("新疆维吾尔自治区", "省级"),
            ("常州市级", "市级"),
            ("常州市", "市级"),
            ("江苏省常州市", "市级"),
            ("延边朝鲜族自治州", "市级"),
            ("武进区级", "区县级"),
            ("武进区", "区县级"),
            ("溧阳县", "区县级"),
            ("苏州工业园区", "区县级"),
            ("通州区", "区县级"),
            ("城东片区", "片区级"),
        ] {
            assert_eq!(lv(s).as_deref(), Some(want), "{s}");
        }
    }

    #[test]
    fn level_two_levels_rejected() {
        let v = Vocab::builtin();
        for (s, a, b) in [
            ("市区级", "市级", "区县级"),
            ("省市级", "省级", "市级"),
            ("常州市区级", "市级", "区县级"),
        ] {
            let p = err(level(&t(s), &v), Code::InvalidValue);
            assert_eq!(p.suggestion, format!("是否为 {a} 或 {b}？"), "{s}");
        }
    }

    #[test]
    fn level_near_misses_rejected() {
        let v = Vocab::builtin();
        for s in [
            "乡级",
            "镇级",
            "村级",
            "国",
            "国级",
            "一等奖",
            "高级",
            "中级",
            "X市",
        ] {
            let p = err(level(&t(s), &v), Code::InvalidValue);
            assert!(
                p.message.contains(&v.levels.listing()),
                "{s}: {}",
                p.message
            );
        }
        err(level(&Value::Number(1.0), &v), Code::InvalidValue);
    }

    // --- awards -------------------------------------------------------------------------

    fn aw(s: &str) -> AwardValue {
        award(&t(s), &Vocab::builtin()).unwrap().unwrap()
    }

    fn grade(award: &str, level: Option<&str>) -> AwardValue {
        AwardValue {
            award: award.into(),
            level: level.map(Into::into),
        }
    }

    #[test]
    fn award_exact_spellings() {
        for (s, want) in [
            ("一等", "一等奖"),
            ("一等奖", "一等奖"),
            ("1等奖", "一等奖"),
            ("１等奖", "一等奖"),
            ("特等", "特等奖"),
            ("优秀", "优秀奖"),
            ("二等奖。", "二等奖"),
        ] {
            assert_eq!(aw(s), grade(want, None), "{s}");
        }
        assert_eq!(award(&Value::Empty, &Vocab::builtin()).unwrap(), None);
    }

    #[test]
    fn award_bracketed_note_ignored() {
        assert_eq!(aw("一等奖（第一名）"), grade("一等奖", None));
        assert_eq!(aw("三等奖(省级)"), grade("三等奖", None));
    }

    #[test]
    fn award_level_prefix_split_off() {
        assert_eq!(aw("省一等奖"), grade("一等奖", Some("省级")));
        assert_eq!(aw("市级二等奖"), grade("二等奖", Some("市级")));
        assert_eq!(aw("常州市一等奖"), grade("一等奖", Some("市级")));
        assert_eq!(aw("区级优秀奖"), grade("优秀奖", Some("区县级")));
        assert_eq!(aw("国家级特等奖"), grade("特等奖", Some("国家级")));
        assert_eq!(aw("省一等奖（第一名）"), grade("一等奖", Some("省级")));
    }

    #[test]
    fn award_near_misses_rejected() {
        let v = Vocab::builtin();
        for s in ["特别奖", "金奖", "一等功", "四等奖", "鼓励奖", "入围"] {
            let p = err(award(&t(s), &v), Code::InvalidValue);
            assert!(
                p.message.contains(&v.awards.listing()),
                "{s}: {}",
                p.message
            );
        }
        let p = err(award(&t("一等奖二等奖"), &v), Code::InvalidValue);
        assert_eq!(p.suggestion, "是否为 一等奖 或 二等奖？");
        let p = err(award(&t("乡一等奖"), &v), Code::InvalidValue);
        assert!(p.message.contains("乡"), "{}", p.message);
    }

    // --- statuses, categories, training types ------------------------------------------

    #[test]
    fn status_spellings() {
        let v = Vocab::builtin();
        let s = |x: &str| status(&t(x), &v).unwrap().unwrap();
        assert_eq!(s("已结题"), "结题");
        assert_eq!(s("已结题（优秀）"), "结题");
        assert_eq!(s("在研"), "立项");
        assert_eq!(s("中期检查"), "中期");
        assert_eq!(s("撤项"), "撤项");
        assert_eq!(status(&Value::Empty, &v).unwrap(), None);
    }

    #[test]
    fn status_unknown_rejected_with_listing() {
        let v = Vocab::builtin();
        for x in ["暂停", "优秀"] {
            let p = err(status(&t(x), &v), Code::InvalidValue);
            assert!(p.message.contains(&v.statuses.listing()), "{}", p.message);
        }
    }

    #[test]
    fn paper_category_spellings() {
        let v = Vocab::builtin();
        let c = |x: &str| paper_category(&t(x), &v).unwrap().unwrap();
        assert_eq!(c("获奖"), "获奖");
        assert_eq!(c("论文获奖"), "获奖");
        assert_eq!(c("发表"), "发表");
        assert_eq!(c(" 见刊 "), "发表");
        assert_eq!(c("发表（省级）"), "发表");
        err(paper_category(&t("其他"), &v), Code::InvalidValue);
        assert_eq!(paper_category(&Value::Empty, &v).unwrap(), None);
    }

    #[test]
    fn training_type_known_and_open() {
        let v = Vocab::builtin();
        let k = |x: &str| training_type(&t(x), &v);
        assert_eq!(k("远程培训"), "网络研修");
        assert_eq!(k("面授"), "集中培训");
        assert_eq!(k("校本培训"), "校本研修");
        assert_eq!(k("读书沙龙"), "读书沙龙");
        assert_eq!(k("ＰＢＬ 读书会"), "PBL 读书会");
        assert_eq!(training_type(&Value::Empty, &v), "");
    }

    // --- months -------------------------------------------------------------------------

    #[test]
    fn month_words_and_digits() {
        let m = |s: &str| month(&t(s), false).unwrap();
        for s in [
            "九月份",
            "九月",
            "9月份",
            "9月",
            "9月：",
            "九月:",
            "2023年9月",
            "9月初",
            "9月第二周",
        ] {
            assert_eq!(m(s), span(9, None), "{s}");
        }
        assert_eq!(m("10月份"), span(10, None));
        assert_eq!(m("十月"), span(10, None));
        assert_eq!(m("十一月"), span(11, None));
        assert_eq!(m("十二月份"), span(12, None));
        assert_eq!(m("二○一一年一月"), span(1, None));
        assert_eq!(m("二〇一一年一月"), span(1, None));
        assert_eq!(m("二零一一年一月"), span(1, None));
    }

    #[test]
    fn month_from_cells() {
        assert_eq!(month(&Value::Number(9.0), false).unwrap(), span(9, None));
        assert_eq!(
            month(&dt("2023-09-13 00:00:00"), false).unwrap(),
            span(9, None)
        );
        assert_eq!(
            month(&Value::Number(45066.0), false).unwrap(),
            span(5, None)
        );
        assert_eq!(month(&Value::Empty, false).unwrap(), None);
        err(month(&Value::Number(13.0), false), Code::InvalidDate);
    }

    #[test]
    fn month_of_a_week_is_its_start() {
        let m = |s: &str| month(&t(s), false).unwrap();
        assert_eq!(m("9.13-9.19"), span(9, None));
        assert_eq!(m("第三周 9.13-9.19"), span(9, None));
        assert_eq!(m("第3周（9月13日-9月19日）"), span(9, None));
        assert_eq!(m("2.21–2.27"), span(2, None));
        assert_eq!(m("9.27-10.3"), span(9, None));
        assert_eq!(m("2023.9.13-2023.9.19"), span(9, None));
    }

    #[test]
    fn month_ranges() {
        let m = |s: &str| month(&t(s), false).unwrap();
        assert_eq!(m("十一月份——十二月份"), span(11, Some(12)));
        assert_eq!(m("二~三月份"), span(2, Some(3)));
        assert_eq!(m("11-12月"), span(11, Some(12)));
        assert_eq!(m("9—10月"), span(9, Some(10)));
    }

    #[test]
    fn month_unknowable_rejected() {
        for s in ["预备周", "开学前", "寒假", "暑假", "第一周"] {
            let p = err(month(&t(s), false), Code::InvalidValue);
            assert_eq!(p.suggestion, "", "{s}");
        }
        err(month(&t("13月"), false), Code::InvalidDate);
        err(month(&t("十三月"), false), Code::InvalidDate);
        err(month(&t("11-13月"), false), Code::InvalidDate);
        err(month(&t("2.30-3.5"), false), Code::InvalidDate);
    }

    // --- ID numbers ---------------------------------------------------------------------

    /// The GB 11643 check character of a 17-digit prefix, computed independently.
    fn check_char(prefix: &str) -> char {
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        let sum: u32 = prefix
            .bytes()
            .zip(weights)
            .map(|(b, w)| u32::from(b - b'0') * w)
            .sum();
        b"10X98765432"[(sum % 11) as usize] as char
    }

    fn valid_id(prefix: &str) -> String {
        format!("{prefix}{}", check_char(prefix))
    }

    #[test]
    fn id_number_text_cleaned() {
        let id = |s: &str| id_number(&t(s)).unwrap().unwrap();
        assert_eq!(id("32041219800101123x"), "32041219800101123X");
        assert_eq!(id(" 3204 1219 8001 0112 3X "), "32041219800101123X");
        assert_eq!(
            id("３２０４１２１９８００１０１１２３Ｘ"),
            "32041219800101123X"
        );
        assert_eq!(id("'320412198001011234"), "320412198001011234");
        // Invalid IDs are returned as written; validation is separate.
        assert_eq!(id("12345"), "12345");
        assert_eq!(id_number(&Value::Empty).unwrap(), None);
    }

    #[test]
    fn id_number_stored_as_number_rejected() {
        let p = err(
            id_number(&Value::Number(320412198001011234.0)),
            Code::InvalidValue,
        );
        assert!(p.message.contains("15位"), "{}", p.message);
        assert!(!p.suggestion.is_empty());
        for s in ["3.20412E+17", "3.20412e+17", "3.20412E17"] {
            let p = err(id_number(&t(s)), Code::InvalidValue);
            assert!(!p.suggestion.is_empty(), "{s}");
        }
    }

    #[test]
    fn validate_id_number_accepts_valid_ids() {
        for prefix in [
            "11010519491231002",
            "32041219800101123",
            "44030420000229001",
        ] {
            let id = valid_id(prefix);
            assert_eq!(validate_id_number(&id), Ok(()), "{id}");
        }
        // One whose check character is X, in either case.
        let id = (0..1000)
            .map(|seq| valid_id(&format!("32041219800101{seq:03}")))
            .find(|id| id.ends_with('X'))
            .unwrap();
        assert_eq!(validate_id_number(&id), Ok(()));
        assert_eq!(validate_id_number(&id.to_lowercase()), Ok(()));
    }

    #[test]
    fn validate_id_number_names_the_failed_rule() {
        let good = valid_id("32041219800101123");
        let want = good.chars().last().unwrap();
        let wrong = if want == '0' { '1' } else { '0' };
        let bad = format!("{}{wrong}", &good[..17]);
        assert_eq!(
            validate_id_number(&bad),
            Err(format!("校验位应为 {want}，这里是 {wrong}"))
        );

        let e = validate_id_number("320412800101123").unwrap_err();
        assert!(e.contains("15位"), "{e}");
        let e = validate_id_number("3204121980010112").unwrap_err();
        assert!(e.contains("18位"), "{e}");
        let e = validate_id_number("3204121980A101123X").unwrap_err();
        assert!(e.contains("前17位"), "{e}");
        let e = validate_id_number("32041219800101123Y").unwrap_err();
        assert!(e.contains("第18位"), "{e}");
        let e = validate_id_number(&valid_id("32041219800230123")).unwrap_err();
        assert!(e.contains("出生日期") && e.contains("19800230"), "{e}");
        let e = validate_id_number(&valid_id("32041218991231123")).unwrap_err();
        assert!(e.contains("1900"), "{e}");
        let e = validate_id_number(&valid_id("32041220990101123")).unwrap_err();
        assert!(e.contains("晚于今天"), "{e}");
    }
}
