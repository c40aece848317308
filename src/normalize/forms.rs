//! Answer exports of online form platforms (问卷星, 腾讯问卷, 腾讯文档收集表, 金数据, 钉钉 and
//! 企业微信 收集表): what a question header says and how an answer reads back.
//!
//! - [`Question::parse`]: a header such as `3、论文题目（请勿加书名号）：` or
//!   `请填写您的姓名[填空题]` is a question; without its number, polite prompt words, tags and
//!   bracketed hints it names a field (`论文题目`). `4、获奖级别：国家级` is one option of a
//!   choice question exported one column per option.
//! - [`chosen`]: whether a cell of such an option column says the option was chosen.
//! - [`submission_time`]: the submission time column, to tell which of two submissions is later.
//!
//! This module only reads headers and cells; which columns form one question and which fields
//! they map to is decided in [`super::header`], the rows in [`super::rows`], and which of two
//! submissions counts in [`crate::select::copies`]. The words are data (`[forms]` in
//! `vocab.toml`).

use chrono::{NaiveDate, NaiveDateTime};

use crate::table::Value;
use crate::text::strip_brackets;
use crate::vocab::{FormWords, clean_header};

/// Headers longer than this (in bytes, cleaned) are no question: a title or a pasted text.
const MAX_QUESTION: usize = 300;

/// A question header, taken apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    /// The question's number, when it has one (`4、`, `Q4.`, `第4题`).
    pub number: Option<u32>,
    /// The prompt without number, prompt words, tags and hints: what the field is looked up by.
    pub base: String,
    /// The option this column holds, for a choice question exported one column per option.
    pub option: Option<String>,
    /// Tagged as a multi-select question.
    pub multi: bool,
}

impl Question {
    /// Takes a cleaned header ([`clean_header`]) apart; `None` when it does not look like a
    /// question or nothing is left to look up. Allocates only for headers that look like one.
    ///
    /// ```
    /// use jiaoke::normalize::forms::Question;
    /// use jiaoke::vocab::{Vocab, clean_header};
    /// let words = Vocab::builtin().forms;
    /// let q = Question::parse(&clean_header("3、论文题目（请勿加书名号）："), &words).unwrap();
    /// assert_eq!((q.number, q.base.as_str(), q.option), (Some(3), "论文题目", None));
    /// let q = Question::parse(&clean_header("4、获奖级别：国家级"), &words).unwrap();
    /// assert_eq!((q.base.as_str(), q.option.as_deref()), ("获奖级别", Some("国家级")));
    /// ```
    pub fn parse(cleaned: &str, words: &FormWords) -> Option<Question> {
        if cleaned.len() > MAX_QUESTION {
            return None;
        }
        let (number, rest) = split_number(cleaned);
        let looks = number.is_some()
            || rest.contains(['[', '【', ':', '?', '('])
            || words.starts_with_prompt(rest);
        if !looks {
            return None;
        }
        let (prompt, option) = split_option(rest);
        let option = option
            .map(|o| strip_brackets(o).trim_matches(['?', ':']).to_string())
            .filter(|o| !o.is_empty());
        let base = bare_prompt(prompt, words);
        if base.is_empty() || (base == cleaned && option.is_none()) {
            return None;
        }
        let multi = words
            .multi_tags
            .iter()
            .any(|t| cleaned.contains(t.as_str()));
        Some(Question {
            number,
            base,
            option,
            multi,
        })
    }
}

/// Splits a leading question number off: `4、` `4.` `Q4.` `Q4:` `第4题` `(4)`.
fn split_number(s: &str) -> (Option<u32>, &str) {
    let (ordinal, body) = match s.strip_prefix('第') {
        Some(rest) => (true, rest),
        None => (false, s.strip_prefix('Q').unwrap_or(s)),
    };
    let (bracketed, body) = match body.strip_prefix('(') {
        Some(rest) if !ordinal => (true, rest),
        _ => (false, body),
    };
    let digits = body.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 3 {
        return (None, s);
    }
    let number = body[..digits].parse().ok();
    let mut rest = &body[digits..];
    let closer: &[char] = match (ordinal, bracketed) {
        (true, _) => &['题'],
        (_, true) => &[')'],
        _ => &['、', '.', ':', ')', '_'],
    };
    match rest.strip_prefix(closer) {
        Some(after) => rest = after,
        // `Q4` followed by the prompt is numbered too; `10月` is no question number.
        None if s.starts_with('Q') && !rest.starts_with(|c: char| c.is_ascii_alphanumeric()) => {}
        None => return (None, s),
    }
    rest = rest.trim_start_matches(['、', '.', ':', '-']);
    if rest.is_empty() {
        return (None, s);
    }
    (number, rest)
}

/// Splits `prompt:option` at the first colon outside brackets, as cleaned or as written.
///
/// ```
/// use jiaoke::normalize::forms::split_option;
/// assert_eq!(split_option("4、获奖级别（如：省级）：国家级"), ("4、获奖级别（如：省级）", Some("国家级")));
/// ```
pub fn split_option(s: &str) -> (&str, Option<&str>) {
    let mut depth = 0usize;
    for (i, c) in s.char_indices() {
        match c {
            '(' | '（' | '【' | '[' | '〔' => depth += 1,
            ')' | '）' | '】' | ']' | '〕' => depth = depth.saturating_sub(1),
            ':' | '：' if depth == 0 => return (&s[..i], Some(&s[i + c.len_utf8()..])),
            _ => {}
        }
    }
    (s, None)
}

/// A prompt without its tags, hints, polite words and question mark.
fn bare_prompt(prompt: &str, words: &FormWords) -> String {
    let stripped = strip_brackets(prompt);
    let mut s = stripped.trim_end_matches(['?', ':', '。', '.']);
    // `请填写您的姓名`: the words may come one after another.
    while let Some(rest) = words
        .prompt_prefixes
        .iter()
        .find_map(|p| s.strip_prefix(p.as_str()).filter(|r| !r.is_empty()))
    {
        s = rest;
    }
    if let Some(rest) = words
        .prompt_suffixes
        .iter()
        .find_map(|p| s.strip_suffix(p.as_str()).filter(|r| !r.is_empty()))
    {
        s = rest;
    }
    s.to_string()
}

/// Whether a cell of a column per option says the option was chosen: `1`, `√`, the option's
/// text… anything but a blank or a "not chosen" word (`0`, `否`, `(跳过)`).
pub fn chosen(v: &Value, words: &FormWords) -> bool {
    match v {
        Value::Number(n) => *n > 0.0,
        Value::Bool(b) => *b,
        Value::Text(t) if !v.is_blank() => {
            let cleaned = clean_header(t);
            !words.not_chosen.contains(&cleaned)
        }
        Value::DateTime(_) => true,
        _ => false,
    }
}

/// The time a submission time cell gives: a date-time cell, an Excel serial number or a text
/// such as `2023/10/12 14:23:05` or `2023年10月12日 14:23`. `None` when it gives none.
pub fn submission_time(v: &Value, date1904: bool) -> Option<NaiveDateTime> {
    match v {
        Value::DateTime(dt) => Some(*dt),
        Value::Number(n) if n.is_finite() && *n > 0.0 && *n < 2_958_466.0 => {
            let base = if date1904 {
                NaiveDate::from_ymd_opt(1904, 1, 1)
            } else {
                NaiveDate::from_ymd_opt(1899, 12, 30)
            }?
            .and_hms_opt(0, 0, 0)?;
            let seconds = (n * 86_400.0).round() as i64;
            base.checked_add_signed(chrono::TimeDelta::try_seconds(seconds)?)
        }
        Value::Text(t) => text_time(t),
        _ => None,
    }
}

fn text_time(t: &str) -> Option<NaiveDateTime> {
    let mut parts = [0u32; 6];
    let mut count = 0;
    for run in t
        .split(|c: char| !c.is_ascii_digit())
        .filter(|r| !r.is_empty())
    {
        if count == parts.len() || run.len() > 4 {
            return None;
        }
        parts[count] = run.parse().ok()?;
        count += 1;
    }
    if count < 3 || parts[0] < 1900 {
        return None;
    }
    let [y, m, d, h, min, s] = parts;
    NaiveDate::from_ymd_opt(y as i32, m, d)?.and_hms_opt(h, min, s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::Vocab;

    fn q(raw: &str) -> Option<(Option<u32>, String, Option<String>, bool)> {
        let words = Vocab::builtin().forms;
        Question::parse(&clean_header(raw), &words).map(|q| (q.number, q.base, q.option, q.multi))
    }

    fn base(raw: &str) -> String {
        q(raw).map(|q| q.1).unwrap_or_default()
    }

    #[test]
    fn numbers_prompt_words_tags_and_hints_are_stripped() {
        assert_eq!(base("1、您的姓名："), "姓名");
        assert_eq!(base("2、所在教研组：[单选题]"), "所在教研组");
        assert_eq!(base("3、论文题目（请勿加书名号）："), "论文题目");
        assert_eq!(base("6、获奖时间（如2023年10月）："), "获奖时间");
        assert_eq!(base("Q1. 请填写您的姓名"), "姓名");
        assert_eq!(base("Q12：培训学时【填空题】"), "培训学时");
        assert_eq!(base("第3题 课题名称(必填)"), "课题名称");
        assert_eq!(base("(4)获奖等次？"), "获奖等次");
        assert_eq!(base("请输入培训项目(选填)"), "培训项目");
        assert_eq!(base("您所在的教研组是？"), "教研组");
        assert_eq!(base("5. 获奖时间（如：2023年10月）"), "获奖时间");
    }

    #[test]
    fn option_columns_and_multi_select_tags() {
        assert_eq!(
            q("4、获奖级别：国家级"),
            Some((Some(4), "获奖级别".into(), Some("国家级".into()), false))
        );
        assert_eq!(
            q("7、作者[多选题]：李四"),
            Some((Some(7), "作者".into(), Some("李四".into()), true))
        );
        // A tag after the colon is no option.
        assert_eq!(q("2、所在教研组：[单选题]").unwrap().2, None);
    }

    #[test]
    fn plain_headers_and_data_are_no_questions() {
        for raw in [
            "姓名",
            "论文题目",
            "10月",
            "2023年度",
            "张三",
            "2023.10.1",
            "",
        ] {
            assert_eq!(q(raw), None, "{raw}");
        }
        // Huge or odd headers neither panic nor take long.
        let huge = "1、".to_string() + &"[多选题]：𠀀".repeat(20_000);
        assert_eq!(q(&huge), None);
        let odd = "1、\u{202E}(((((【【【:::???\u{0}";
        let _ = q(odd);
        let _ = q("第");
        let _ = q("Q");
        let _ = q("(1");
    }

    #[test]
    fn chosen_cells() {
        let words = Vocab::builtin().forms;
        let t = |s: &str| Value::Text(s.into());
        for v in [Value::Number(1.0), t("1"), t("√"), t("国家级"), t("是")] {
            assert!(chosen(&v, &words), "{v:?}");
        }
        for v in [
            Value::Number(0.0),
            t("0"),
            t(""),
            t("否"),
            t("(跳过)"),
            Value::Empty,
        ] {
            assert!(!chosen(&v, &words), "{v:?}");
        }
    }

    #[test]
    fn submission_times() {
        let t = |s: &str| submission_time(&Value::Text(s.into()), false).map(|d| d.to_string());
        assert_eq!(t("2023/10/12 14:23:05").unwrap(), "2023-10-12 14:23:05");
        assert_eq!(t("2023年10月12日 14:23").unwrap(), "2023-10-12 14:23:00");
        assert_eq!(t("2023-10-12").unwrap(), "2023-10-12 00:00:00");
        assert_eq!(t("12/10/2023"), None);
        assert_eq!(t("99999999999999"), None);
        let serial = submission_time(&Value::Number(45211.5), false).unwrap();
        assert_eq!(serial.to_string(), "2023-10-12 12:00:00");
        assert_eq!(submission_time(&Value::Number(f64::MAX), false), None);
    }
}
