//! Plan documents → calendar items: the 行事历 of a research office's 工作计划.
//!
//! A plan is running text: sections (`一、指导思想`, `二、工作目标`…) and, usually last, a
//! calendar listing month by month what will be done. This module finds every calendar in a
//! document's lines and turns each item into a [`Plan`] record, like a row of a calendar sheet.
//!
//! - A calendar starts at a short heading naming one (`四、行事历：`, `附：月工作安排`; the
//!   words are `[documents] calendar_headings` in vocab.toml), or at a month heading followed
//!   by at least one more before the next section heading.
//! - Month headings: `九月份：`, `九月`, `9月份`, `二○一一年一月：`, ranges `十一月份——十二月份`,
//!   `二~三月份`; alone on a line or followed by the first item (after a colon or a space); or
//!   glued to the end of the previous item (`…评估试题。二月：`). Months are read by
//!   [`values::month`], like a 月份 cell.
//! - Week lines `第三周 9.13-9.19 …` (and `9.13-9.19 …`): the items take the month the week
//!   starts in; a week heading alone applies to the lines below it.
//! - Items: numbered `1．` `1、` `(1)` `（1）` `⑴` `一、` or one per line; several on one line are
//!   split ([`split_items`]); a line continues the previous item only when that one visibly
//!   breaks off (ends in `，` `、` `：` or an open bracket).
//! - Owners: `（教科室）` at the end of an item when every name in the brackets ends like an
//!   office or a role, `（张三负责）`, or `负责：…` / `负责人：…` / `责任人：…` at its end.
//! - A calendar ends at the next section heading (`五、…`, `第二篇：…`, a heading that names a
//!   section such as `一、指导思想`, a Word heading style), at the title of the next plan, or at
//!   a signature (`焦溪小学教科室` above a date, a date line `2月20日`). The scan goes on:
//!   every calendar of a document that holds several plans is read.
//!
//! Not headings: a month inside an item (`本月撰写九月份教研综述`, `（11月份）`), a date with its
//! day (`9月10日召开…`).

use std::sync::LazyLock;

use regex::Regex;

use crate::finding::Finding;
use crate::import::document::{DocLine, RawDocument};
use crate::table::{RawSheet, Value};
use crate::text::collapse_spaces;
use crate::vocab::{DocumentWords, Vocab};

use super::items::{split_items, strip_closing, strip_number};
use super::records::{Plan, Provenance};
use super::values::{self, MonthSpan, cn_number};

/// A year written before a month: `2011年`, `二○一一年`.
const YEAR: &str = r"(?:[0-9０-９]{4}|[〇○零OＯ一二三四五六七八九]{4})\s*年\s*";
/// A month number, Arabic or Chinese.
const MONTH: &str = r"(?:1[0-2]|１[０-２]|0?[1-9]|０?[１-９]|十[一二]?|[一二三四五六七八九])";
/// What joins the two ends of a month or date range.
const SEP: &str = r"(?:[—–―\-－~～〜]+|至|到)";
/// A day of the month as part of a date: `9.13`, `9月13日`.
const DAY: &str = r"[0-9０-９]{1,2}\s*[.．/月]\s*[0-9０-９]{1,2}\s*[日号]?";
/// The end of a date range: `9.19`, `19日`, `10月1日`.
const DAY_END: &str = r"(?:[0-9０-９]{1,2}\s*[.．/月]\s*)?[0-9０-９]{1,2}\s*[日号]?";
/// A Chinese section number: `一`…`十九`.
const CN_NUMBER: &str = r"[一二三四五六七八九十]{1,3}";

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("the module's regexes are valid")
}

/// A month heading at the start of a line, with what follows it.
static MONTH_HEAD: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"^(?P<pre>(?:[(（]\s*{CN_NUMBER}\s*[)）]|{CN_NUMBER}\s*[、.．])\s*)?[【\[［〔]?\s*(?P<head>(?:{YEAR})?{MONTH}\s*(?:月份?)?\s*{SEP}\s*(?:{YEAR})?{MONTH}\s*月份?|(?:{YEAR})?{MONTH}\s*月份?(?:上旬|中旬|下旬|初|中|底|末)?)(?:\s*[】\]］〕])?(?P<colon>\s*[:：])?(?P<sp>\s*)(?P<rest>.*)$"
    ))
});

/// A month heading glued to the end of the previous item: `…试题。二月：`.
static GLUED_HEAD: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"[。；;]\s*(?P<head>[【\[]?(?:{YEAR})?{MONTH}\s*(?:(?:月份?)?\s*{SEP}\s*(?:{YEAR})?{MONTH}\s*)?月份?[】\]]?)\s*(?P<end>[:：]|$)"
    ))
});

/// The day after a month: `9月 10日`.
static DAY_OF_MONTH: LazyLock<Regex> = LazyLock::new(|| re(r"^[0-9０-９]{1,2}\s*[日号]"));

/// A week line: `第三周 9.13-9.19 …`, `第3周（9月13日—19日）：…`.
static WEEK: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"^(?P<when>第\s*[0-9０-９一二三四五六七八九十]{{1,3}}\s*周次?(?:\s*[(（]?\s*(?:[0-9０-９]{{4}}\s*[.．/年]\s*)?{DAY}(?:\s*{SEP}\s*{DAY_END})?(?:\s*[)）])?)?)(?P<colon>\s*[:：])?(?P<sp>\s*)(?P<rest>.*)$"
    ))
});

/// Dates opening a line: `9.13-9.19 …`, `（9月13日—9月19日）…`.
static DATES: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"^(?P<when>[(（]?\s*(?:[0-9０-９]{{4}}\s*[.．/年]\s*)?{DAY}(?P<range>\s*{SEP}\s*{DAY_END})?(?:\s*[)）])?)(?P<colon>\s*[:：])?(?P<sp>\s*)(?P<rest>.*)$"
    ))
});

/// A line that is only a date with its day: `2月20日`, `二○一二年九月一日`, `2012.9.1`.
static DATE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"^[(（]?\s*(?:(?:{YEAR})?{MONTH}\s*月\s*(?:[0-9０-９]{{1,2}}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])\s*[日号]|[0-9０-９]{{4}}\s*[.．/\-－]\s*[0-9０-９]{{1,2}}\s*[.．/\-－]\s*[0-9０-９]{{1,2}})\s*[)）]?$"
    ))
});

/// A line that is only a year and month (a signature date): `2012年9月`, `2012.9`.
static YEAR_MONTH_LINE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"^[(（]?\s*(?:{YEAR}{MONTH}\s*月份?|[0-9０-９]{{4}}\s*[.．/\-－]\s*[0-9０-９]{{1,2}})\s*[)）]?$"
    ))
});

/// A heading numbered like a section: `一、`, `二．`.
static SECTION: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r"^(?P<n>{CN_NUMBER})\s*[、.．]\s*(?P<text>.*)$")));

/// The number and label that open a heading: `一、`, `（四）`, `第二篇：`, `附：`, `附件1：`.
static HEADING_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"^(?:(?P<n>{CN_NUMBER})\s*[、.．]|[(（]\s*{CN_NUMBER}\s*[)）]|第\s*[0-9０-９一二三四五六七八九十百]+\s*[^\s:：、，,]{{1,2}}\s*[:：、]?|附件?\s*[0-9０-９一二三四五六七八九十]*\s*[:：])\s*"
    ))
});

/// A number opening an item that is not a Chinese section number: `1．`, `（1）`, `⑴`.
static ARABIC_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(?:[0-9０-９]|[(（]\s*[0-9０-９]|[⑴-⒇①-⑳])"));

/// Sentence punctuation: a line holding it inside is prose, not a heading.
const SENTENCE: &[char] = &['，', '。', '；', ',', ';', '！', '？', '!', '?'];

/// What a line is, before the calendar state is considered.
#[derive(Debug, Clone, PartialEq)]
enum Shape<'a> {
    /// A month heading and what follows it on the line.
    Month {
        span: MonthSpan,
        when: String,
        rest: &'a str,
    },
    /// A week or date line.
    Week(Week<'a>),
    /// A date with its day, alone.
    DateLine,
    /// `第二篇：…`, `第三部分`.
    Part,
    /// `一、…` that is not a month heading.
    Section { n: u32, text: &'a str },
    /// Anything else: an item, prose.
    Text,
}

/// A week line: its month (when its dates give one) and the items after it.
#[derive(Debug, Clone, PartialEq)]
struct Week<'a> {
    span: Option<MonthSpan>,
    /// The dates could not be read: the message.
    problem: Option<values::Problem>,
    /// Whether the line starts with `第N周` (else with dates only).
    numbered: bool,
    when: String,
    rest: &'a str,
}

/// One physical line of the document.
#[derive(Debug, Clone)]
struct Line<'a> {
    number: u32,
    text: &'a str,
    heading: bool,
}

/// The calendar items of a document's running text, with problems found in them.
pub fn plan_items(doc: &RawDocument, vocab: &Vocab) -> (Vec<Plan>, Vec<Finding>) {
    plan_lines(&doc.file, "", &doc.lines, vocab)
}

/// The calendar items of numbered lines (a document's text, or the rows of a table without a
/// recognisable header); `sheet` goes into the provenance.
pub fn plan_lines(
    file: &str,
    sheet: &str,
    lines: &[DocLine],
    vocab: &Vocab,
) -> (Vec<Plan>, Vec<Finding>) {
    let words = &vocab.documents;
    let physical: Vec<(u32, String, bool)> = lines
        .iter()
        .flat_map(|l| {
            l.text
                .split(['\n', '\r'])
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(move |t| {
                    // Tab-separated text (a table pasted as text): cells as in a table row.
                    let text = if t.contains('\t') {
                        join_cells(t.split('\t'), words)
                    } else {
                        t.to_string()
                    };
                    (l.number, text, l.heading)
                })
        })
        .collect();
    let lines: Vec<Line> = physical
        .iter()
        .map(|(number, text, heading)| Line {
            number: *number,
            text,
            heading: *heading,
        })
        .collect();
    let mut scan = Scan::new(&vocab.documents, file, sheet);
    scan.run(&lines);
    scan.finish()
}

/// The rows of a table as lines for [`plan_lines`]: the row's cells joined by spaces, a cell
/// naming only offices written as an owner in brackets (`（教科室）`).
pub fn table_lines(sheet: &RawSheet, vocab: &Vocab) -> Vec<DocLine> {
    let words = &vocab.documents;
    sheet
        .rows
        .iter()
        .filter(|r| !r.is_blank())
        .map(|r| {
            let cells: Vec<String> = r.cells.iter().map(Value::raw_text).collect();
            DocLine {
                number: r.number(),
                text: join_cells(cells.iter().map(String::as_str), words),
                heading: false,
            }
        })
        .collect()
}

/// The cells of a row as one line: joined by spaces, a cell after the first that names only
/// offices written as an owner in brackets (`（教科室）`).
fn join_cells<'a>(cells: impl Iterator<Item = &'a str>, words: &DocumentWords) -> String {
    cells
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .enumerate()
        .map(|(i, t)| {
            if i > 0 && !t.contains('\n') && offices(t, words) {
                format!("（{t}）")
            } else {
                t.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// True when `text` opens with an item number (`1．` `（1）` `⑴` `一、`).
fn is_numbered(text: &str) -> bool {
    strip_number(text).len() != text.len()
}

/// The month a heading names, via the same reader as a 月份 cell.
fn read_month(head: &str) -> Option<MonthSpan> {
    let head = head.trim_matches(['【', '】', '[', ']', '［', '］', '〔', '〕']);
    values::month(&Value::Text(head.to_string()), false)
        .ok()
        .flatten()
}

/// Replaces month names (`元月`) at the start of a line so that the month patterns see a
/// number.
fn with_month_names<'a>(t: &'a str, words: &DocumentWords) -> std::borrow::Cow<'a, str> {
    for (name, month) in &words.month_names {
        if let Some(pos) = t.find(name.as_str())
            && t[..pos]
                .chars()
                .all(|c| c.is_ascii_digit() || "〇○零一二三四五六七八九年 　".contains(c))
        {
            return std::borrow::Cow::Owned(format!(
                "{}{month}{}",
                &t[..pos],
                &t[pos + name.len()..]
            ));
        }
    }
    std::borrow::Cow::Borrowed(t)
}

/// A month heading at the start of `t`.
fn month_heading<'a>(t: &'a str, words: &DocumentWords) -> Option<(MonthSpan, String, &'a str)> {
    let named = with_month_names(t, words);
    if let std::borrow::Cow::Owned(s) = &named {
        // Parse the renamed line, then map the rest back onto the original.
        let (span, _, rest) = month_heading_plain(s, words)?;
        let rest_len = rest.len();
        // The heading as written (`元月份`), without its colon.
        let when = t[..t.len() - rest_len]
            .trim()
            .trim_end_matches([':', '：'])
            .trim()
            .to_string();
        return Some((span, when, &t[t.len() - rest_len..]));
    }
    month_heading_plain(t, words)
}

fn month_heading_plain<'a>(
    t: &'a str,
    words: &DocumentWords,
) -> Option<(MonthSpan, String, &'a str)> {
    let c = MONTH_HEAD.captures(t)?;
    let head = c.name("head")?.as_str();
    let mut span = read_month(head)?;
    let mut when = head.trim().to_string();
    let mut rest = c.name("rest").map_or("", |m| m.as_str());
    let mut colon = c.name("colon").is_some();
    let spaced = c.name("sp").is_some_and(|m| !m.as_str().is_empty());
    let pre = c.name("pre").map(|m| m.as_str().trim());
    // `九月份（第1—4周）：`: a note in brackets after the month.
    if !colon
        && rest.starts_with(['(', '（'])
        && let Some(close) = rest.find([')', '）'])
    {
        let close_end = close + rest[close..].chars().next().map_or(1, char::len_utf8);
        let after = rest[close_end..].trim_start();
        if after.is_empty() || after.starts_with([':', '：']) {
            when = format!("{when}{}", &rest[..close_end]);
            colon = !after.is_empty();
            rest = after.trim_start_matches([':', '：']).trim_start();
        }
    }
    // `九月份工作安排：`: a heading word after the month.
    if !colon && !rest.is_empty() {
        let mut suffixes: Vec<&String> = words.month_heading_suffixes.iter().collect();
        suffixes.sort_by_key(|s| std::cmp::Reverse(s.len()));
        for s in suffixes {
            if let Some(after) = rest.strip_prefix(s.as_str()) {
                let after_trim = after.trim_start();
                if after_trim.is_empty() {
                    rest = after_trim;
                    break;
                }
                if let Some(a) = after_trim
                    .strip_prefix(':')
                    .or_else(|| after_trim.strip_prefix('：'))
                {
                    rest = a.trim_start();
                    colon = true;
                    break;
                }
            }
        }
    }
    if let Some(pre) = pre {
        // `二、三月份` is February to March, `一、九月份` a numbered heading.
        let n = pre
            .trim_end_matches(['、', '.', '．'])
            .trim_matches(['(', ')', '（', '）']);
        if pre.ends_with('、')
            && span.month_end.is_none()
            && cn_number(n).is_some_and(|n| n + 1 == span.month)
        {
            span = MonthSpan {
                month: span.month - 1,
                month_end: Some(span.month),
            };
            when = format!("{pre}{when}");
        }
    }
    let rest_trim = rest.trim();
    let heading = if rest_trim.is_empty() || colon {
        true
    } else if pre.is_some() {
        false
    } else {
        (spaced || is_numbered(rest_trim)) && !DAY_OF_MONTH.is_match(rest_trim)
    };
    heading.then_some((span, when, rest_trim))
}

/// What a line is.
fn shape<'a>(t: &'a str, words: &DocumentWords) -> Shape<'a> {
    if let Some((span, when, rest)) = month_heading(t, words) {
        return Shape::Month { span, when, rest };
    }
    if DATE_LINE.is_match(t) {
        return Shape::DateLine;
    }
    if let Some(c) = WEEK.captures(t) {
        let when = c["when"].trim().to_string();
        let has_dates = when
            .chars()
            .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
            && when.contains(['.', '．', '/', '月']);
        let (span, problem) = match values::month(&Value::Text(when.clone()), false) {
            Ok(span) => (span, None),
            Err(p) if has_dates => (None, Some(p)),
            Err(_) => (None, None),
        };
        return Shape::Week(Week {
            span,
            problem,
            numbered: true,
            when,
            rest: c.name("rest").map_or("", |m| m.as_str().trim()),
        });
    }
    if let Some(c) = DATES.captures(t) {
        let rest = c.name("rest").map_or("", |m| m.as_str().trim());
        let separated = c.name("colon").is_some() || !c["sp"].is_empty() || rest.is_empty();
        if separated && (c.name("range").is_some() || !rest.is_empty()) {
            let when = c["when"].trim().to_string();
            if let Ok(span) = values::month(&Value::Text(when.clone()), false) {
                return Shape::Week(Week {
                    span,
                    problem: None,
                    numbered: false,
                    when,
                    rest,
                });
            }
        }
    }
    if is_part(t, words) {
        return Shape::Part;
    }
    if let Some(c) = SECTION.captures(t)
        && let Some(n) = cn_number(&c["n"])
    {
        return Shape::Section {
            n,
            text: c.name("text").map_or("", |m| m.as_str()),
        };
    }
    Shape::Text
}

/// An appendix heading: `附：…`, `附件1：…`, `附录`.
static APPENDIX: LazyLock<Regex> =
    LazyLock::new(|| re(r"^附(?:件|录|表)?\s*[0-9０-９一二三四五六七八九十]*\s*(?:[:：]|$)"));

/// `第二篇：…`, `第三部分 …`, `附：…`.
fn is_part(t: &str, words: &DocumentWords) -> bool {
    if APPENDIX.is_match(t) {
        return true;
    }
    let Some(after) = t.strip_prefix('第') else {
        return false;
    };
    let after = after.trim_start();
    let digits = after
        .char_indices()
        .find(|(_, c)| !("0123456789０１２３４５６７８９一二三四五六七八九十百".contains(*c)))
        .map_or(after.len(), |(i, _)| i);
    if digits == 0 {
        return false;
    }
    let unit = after[digits..].trim_start();
    words
        .part_units
        .iter()
        .any(|u| unit.starts_with(u.as_str()))
}

/// A heading that opens a calendar; `Some(n)` carries its Chinese section number if any.
/// Inside a calendar only a numbered or styled heading counts (an item may name 工作安排).
fn calendar_heading(
    t: &str,
    heading: bool,
    inside: bool,
    words: &DocumentWords,
) -> Option<Option<u32>> {
    let (rest, number, prefixed) = match HEADING_PREFIX.captures(t) {
        Some(c) => (
            &t[c.get(0).map_or(0, |m| m.end())..],
            c.name("n").and_then(|n| cn_number(n.as_str())),
            true,
        ),
        None => (t, None, false),
    };
    if inside && !prefixed && !heading {
        return None;
    }
    let rest = rest.trim().trim_end_matches([':', '：']).trim();
    if rest.is_empty()
        || rest.chars().count() > 40
        || rest.contains(SENTENCE)
        || ARABIC_NUMBER.is_match(rest)
    {
        return None;
    }
    words
        .calendar_headings
        .iter()
        .any(|w| rest.contains(w.as_str()))
        .then_some(number)
}

/// `（2012.9——2013.1）`, `2012学年第一学期`: the period line under a plan's title.
fn is_period(t: &str) -> bool {
    let inner = t.trim_matches(['(', ')', '（', '）', ' ', '　']);
    let year = inner
        .chars()
        .filter(|c| c.is_ascii_digit() || ('０'..='９').contains(c))
        .count()
        >= 4
        || inner.contains("学年")
        || inner.contains("学期");
    year && !inner.is_empty()
        && inner.chars().all(|c| {
            c.is_ascii_digit()
                || ('０'..='９').contains(&c)
                || ".．/-－—–―~～〜至到年月日号学期度第上下一二三四〇○零 　".contains(c)
        })
}

/// The title of a plan (`焦溪小学教科室工作计划`), known by the line after it.
fn is_title(t: &str, next: Option<&str>, words: &DocumentWords) -> bool {
    if is_numbered(t) || t.chars().count() > 50 || t.contains(SENTENCE) {
        return false;
    }
    let bare = crate::text::strip_brackets(t);
    let bare = bare.trim().trim_end_matches([':', '：']);
    if !words
        .title_endings
        .iter()
        .any(|e| bare.ends_with(e.as_str()))
    {
        return false;
    }
    let Some(next) = next else {
        return false;
    };
    is_period(next)
        || is_part(next, words)
        || SECTION
            .captures(next)
            .is_some_and(|c| cn_number(&c["n"]) == Some(1))
}

/// The school or office signing the plan, above a date (or last in the document).
fn is_signature(t: &str, next: Option<&str>, words: &DocumentWords) -> bool {
    if is_numbered(t)
        || t.chars().count() > 25
        || t.contains(SENTENCE)
        || t.contains([':', '：', '、', '(', ')', '（', '）'])
        || !words
            .signature_suffixes
            .iter()
            .any(|s| t.ends_with(s.as_str()))
    {
        return false;
    }
    match next {
        None => true,
        Some(n) => DATE_LINE.is_match(n) || YEAR_MONTH_LINE.is_match(n) || is_period(n),
    }
}

/// True when `t` (the text inside brackets, or a table cell) names only offices or roles.
fn offices(t: &str, words: &DocumentWords) -> bool {
    let parts: Vec<&str> = t
        .split(['、', '，', ',', '/', '／', ' ', '　', '；', ';'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    !parts.is_empty()
        && parts.iter().all(|p| {
            p.chars().count() <= 12
                && !p.contains(SENTENCE)
                && words
                    .office_suffixes
                    .iter()
                    .any(|s| p.ends_with(s.as_str()))
        })
}

/// Splits an item from the owner it names at its end.
fn split_owner<'a>(item: &'a str, words: &DocumentWords) -> (&'a str, String) {
    // `…，负责人：张三`, `…（负责：教科室）`.
    let mut best: Option<(usize, usize)> = None;
    for key in &words.owner_keys {
        for (pos, _) in item.match_indices(key.as_str()) {
            let after = item[pos + key.len()..].trim_start();
            if !after.starts_with([':', '：']) {
                continue;
            }
            let before = &item[..pos];
            let boundary = before.is_empty()
                || before.ends_with(|c: char| c.is_whitespace() || "（(，,；;。—".contains(c));
            if boundary && best.is_none_or(|(p, _)| pos < p) {
                best = Some((pos, key.len()));
            }
        }
    }
    if let Some((pos, len)) = best {
        let owner = item[pos + len..]
            .trim_start()
            .trim_start_matches([':', '：'])
            .trim();
        let owner = owner
            .trim_end_matches(['）', ')', '。', '；', ';', '，', ','])
            .trim();
        if !owner.is_empty() && !owner.contains(SENTENCE) {
            let before = item[..pos]
                .trim_end()
                .trim_end_matches(['（', '(', '—'])
                .trim_end();
            return (before, owner.to_string());
        }
    }
    // `…（教科室）`, `…（张三负责）`.
    let trimmed = item.trim_end();
    if let Some(inner_end) = trimmed
        .strip_suffix('）')
        .or_else(|| trimmed.strip_suffix(')'))
    {
        let mut depth = 0;
        let mut open = None;
        for (i, c) in inner_end.char_indices().rev() {
            match c {
                '）' | ')' => depth += 1,
                '（' | '(' if depth == 0 => {
                    open = Some(i);
                    break;
                }
                '（' | '(' => depth -= 1,
                _ => {}
            }
        }
        if let Some(open) = open {
            let bracket_len = inner_end[open..].chars().next().map_or(1, char::len_utf8);
            let inner = inner_end[open + bracket_len..].trim();
            let before = inner_end[..open].trim_end();
            if !before.is_empty() {
                if let Some(who) = inner.strip_suffix("负责").map(str::trim)
                    && !who.is_empty()
                    && who.chars().count() <= 20
                    && !who.contains(SENTENCE)
                {
                    return (before, who.to_string());
                }
                if offices(inner, words) {
                    return (before, inner.to_string());
                }
            }
        }
    }
    (item, String::new())
}

/// An item read so far, finished when the calendar is done with it.
#[derive(Debug, Clone)]
struct Pending {
    number: u32,
    span: Option<MonthSpan>,
    when: String,
    unparsed: Vec<String>,
    raw: String,
}

/// The calendar being read.
#[derive(Debug, Clone, Default)]
struct Calendar {
    /// The Chinese section number of its heading (`四、行事历` → 4).
    number: Option<u32>,
    /// The month (or week) in effect; `None` before the first heading.
    span: Option<MonthSpan>,
    /// Whether a heading has been read (a week whose dates cannot be read counts).
    dated: bool,
    when: String,
    unparsed: Vec<String>,
    /// Items since the last heading.
    items: usize,
    /// The last item numbered `一、`, `二、`…
    last_cn: Option<u32>,
}

struct Scan<'a> {
    words: &'a DocumentWords,
    file: &'a str,
    sheet: &'a str,
    pending: Vec<Pending>,
    findings: Vec<Finding>,
}

impl<'a> Scan<'a> {
    fn new(words: &'a DocumentWords, file: &'a str, sheet: &'a str) -> Self {
        Scan {
            words,
            file,
            sheet,
            pending: Vec::new(),
            findings: Vec::new(),
        }
    }

    /// Whether at least two month or week headings follow from `i` before the next section.
    fn run_of_headings(&self, lines: &[Line], i: usize) -> bool {
        let mut count = 0;
        for (k, l) in lines.iter().enumerate().skip(i) {
            match shape(l.text, self.words) {
                Shape::Month { .. } | Shape::Week(Week { numbered: true, .. }) => {
                    count += 1;
                    if count >= 2 {
                        return true;
                    }
                }
                Shape::Part | Shape::Section { .. } if k > i => return false,
                _ if l.heading && k > i => return false,
                _ => {}
            }
        }
        false
    }

    fn run(&mut self, lines: &[Line]) {
        let mut cal: Option<Calendar> = None;
        let mut i = 0;
        while i < lines.len() {
            let line = &lines[i];
            let next = lines.get(i + 1).map(|l| l.text);
            let t = line.text;
            let Some(c) = cal.as_mut() else {
                if let Some(number) = calendar_heading(t, line.heading, false, self.words) {
                    cal = Some(Calendar {
                        number,
                        ..Calendar::default()
                    });
                    i += 1;
                } else if matches!(
                    shape(t, self.words),
                    Shape::Month { .. } | Shape::Week(Week { numbered: true, .. })
                ) && self.run_of_headings(lines, i)
                {
                    cal = Some(Calendar::default());
                } else {
                    i += 1;
                }
                continue;
            };
            let shape = shape(t, self.words);
            match shape {
                Shape::Month { span, when, rest } => {
                    c.span = Some(span);
                    c.dated = true;
                    c.when = when;
                    c.unparsed.clear();
                    c.items = 0;
                    c.last_cn = None;
                    if !rest.is_empty() {
                        self.items(c, rest, line.number);
                    }
                }
                Shape::Week(w) => {
                    // A week heads the lines below it, like a month; its dates decide the
                    // month, else the month heading above it does.
                    let mut unparsed = Vec::new();
                    if let Some(p) = w.problem {
                        unparsed.push(format!("时间：{}", w.when));
                        self.findings.push(Finding {
                            code: p.code,
                            severity: p.severity,
                            file: self.file.to_string(),
                            sheet: self.sheet.to_string(),
                            row: Some(line.number),
                            column: String::new(),
                            cell: String::new(),
                            value: w.when.clone(),
                            message: p.message,
                            suggestion: p.suggestion,
                        });
                        c.span = None;
                    } else if w.span.is_some() {
                        c.span = w.span;
                    }
                    c.dated = c.span.is_some() || !unparsed.is_empty();
                    c.when = w.when;
                    c.unparsed = unparsed;
                    c.items = 0;
                    c.last_cn = None;
                    if !w.rest.is_empty() {
                        self.items(c, w.rest, line.number);
                    }
                }
                _ if calendar_heading(t, line.heading, true, self.words).is_some() => {
                    // A new calendar section (`五、下学期行事历`): read again from outside.
                    cal = None;
                    continue;
                }
                Shape::Part | Shape::DateLine => {
                    cal = None;
                    continue;
                }
                Shape::Section { n, text } => {
                    let ends = !c.dated
                        || line.heading
                        || self
                            .words
                            .section_words
                            .iter()
                            .any(|w| text.contains(w.as_str()))
                        || c.number.is_some_and(|k| n == k + 1)
                        || !(c.last_cn == Some(n.wrapping_sub(1)) || (c.items == 0 && n == 1));
                    if ends {
                        cal = None;
                        continue;
                    }
                    c.last_cn = Some(n);
                    self.items(c, t, line.number);
                }
                Shape::Text => {
                    if line.heading
                        || is_title(t, next, self.words)
                        || is_signature(t, next, self.words)
                    {
                        cal = None;
                        continue;
                    }
                    self.items(c, t, line.number);
                }
            }
            i += 1;
        }
    }

    /// Reads the items of one line (after its heading, if any), switching month at a heading
    /// glued to the end of an item.
    fn items(&mut self, c: &mut Calendar, text: &str, number: u32) {
        let mut text = text;
        while let Some(m) = GLUED_HEAD.captures(text) {
            let head = m.name("head").expect("group");
            let Some(span) = read_month(head.as_str()) else {
                break;
            };
            let whole = m.get(0).expect("match");
            // The item keeps its closing punctuation; the heading starts after it.
            let before = &text[..head.start()];
            self.item(c, before, number);
            c.span = Some(span);
            c.dated = true;
            c.when = head
                .as_str()
                .trim_matches(['【', '】', '[', ']'])
                .trim()
                .to_string();
            c.unparsed.clear();
            c.items = 0;
            c.last_cn = None;
            text = text[whole.end()..].trim_start();
        }
        self.item(c, text, number);
    }

    fn item(&mut self, c: &mut Calendar, text: &str, number: u32) {
        let text = text.trim();
        if text.is_empty() || !c.dated {
            return;
        }
        if c.span.is_none() && c.unparsed.is_empty() {
            return;
        }
        // A line that visibly continues the previous item.
        if !is_numbered(text)
            && c.items > 0
            && let Some(last) = self.pending.last_mut()
            && last
                .raw
                .trim_end()
                .ends_with(['，', ',', '、', '：', ':', '（', '(', '—'])
        {
            last.raw.push_str(text);
            return;
        }
        c.items += 1;
        self.pending.push(Pending {
            number,
            span: c.span,
            when: c.when.clone(),
            unparsed: c.unparsed.clone(),
            raw: text.to_string(),
        });
    }

    fn finish(self) -> (Vec<Plan>, Vec<Finding>) {
        let mut plans = Vec::new();
        for p in self.pending {
            for piece in split_items(&p.raw) {
                let (item, owner) = split_owner(&piece, self.words);
                let item = collapse_spaces(strip_closing(item));
                if item.is_empty() {
                    continue;
                }
                plans.push(Plan {
                    month: p.span.map(|s| s.month),
                    month_end: p.span.and_then(|s| s.month_end),
                    when: p.when.clone(),
                    item,
                    owner,
                    prov: Provenance {
                        source_file: self.file.to_string(),
                        sheet: self.sheet.to_string(),
                        row: p.number,
                    },
                    unparsed: p.unparsed.clone(),
                });
            }
        }
        (plans, self.findings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::document::text_lines;

    const PLAN_2021: &str =
        include_str!("../../tests/fixtures/plans/2021-2022学年第一学期教科室工作计划.txt");
    const PLAN_JIAOXI: &str =
        include_str!("../../tests/fixtures/plans/焦溪小学教科室工作计划（2012.9—2013.1）.txt");

    fn doc(text: &str) -> RawDocument {
        RawDocument {
            file: "教科室/计划.txt".into(),
            lines: text_lines(text),
            tables: Vec::new(),
        }
    }

    fn plans(text: &str) -> Vec<Plan> {
        let (plans, findings) = plan_items(&doc(text), &Vocab::builtin());
        assert!(findings.is_empty(), "{findings:?}");
        plans
    }

    /// Month, last month, item, owner, row.
    type Row = (Option<u32>, Option<u32>, String, String, u32);

    /// (month, month_end, item, owner, row) of each plan.
    fn rows(text: &str) -> Vec<Row> {
        plans(text)
            .into_iter()
            .map(|p| (p.month, p.month_end, p.item, p.owner, p.prov.row))
            .collect()
    }

    /// (month, item) of each plan.
    fn months(text: &str) -> Vec<(u32, String)> {
        plans(text)
            .into_iter()
            .map(|p| (p.month.expect("every item has a month"), p.item))
            .collect()
    }

    fn m(pairs: &[(u32, &str)]) -> Vec<(u32, String)> {
        pairs.iter().map(|(m, s)| (*m, s.to_string())).collect()
    }

    // ---- headings -------------------------------------------------------------------

    #[test]
    fn every_heading_form_gives_its_month() {
        let text = "四、行事历\n九月份：\n1．制定计划\n十月\n1．课题评估\n11月份\n1．论文评比\n12月\n1．调研\n二○一一年一月：\n1．总结\n二〇一二年二月\n1．检查\n";
        assert_eq!(
            months(text),
            m(&[
                (9, "制定计划"),
                (10, "课题评估"),
                (11, "论文评比"),
                (12, "调研"),
                (1, "总结"),
                (2, "检查")
            ])
        );
    }

    #[test]
    fn a_heading_may_carry_the_first_item_on_its_line() {
        let text = "行事历\n九月份：1．制定计划；2．开学检查\n十月份 组织听课\n11月：\n各教研组活动\n12月份工作安排：课题调研\n";
        assert_eq!(
            rows(text),
            [
                (Some(9), None, "制定计划".into(), String::new(), 2),
                (Some(9), None, "开学检查".into(), String::new(), 2),
                (Some(10), None, "组织听课".into(), String::new(), 3),
                (Some(11), None, "各教研组活动".into(), String::new(), 5),
                (Some(12), None, "课题调研".into(), String::new(), 6),
            ]
        );
    }

    #[test]
    fn a_note_in_brackets_may_follow_the_month() {
        let text = "行事历\n九月份（第1—4周）：\n1、制定计划\n十月（国庆）\n1、课题评估\n";
        assert_eq!(months(text), m(&[(9, "制定计划"), (10, "课题评估")]));
        assert_eq!(plans(text)[0].when, "九月份（第1—4周）");
    }

    #[test]
    fn tab_separated_lines_are_read_like_table_rows() {
        let text = "月份\t工作内容\t负责人\n九月\t制定计划\t教科室\n\t期初检查\t教导处\n十月\t课题评估\t孙建国\n";
        let got: Vec<(u32, String, String)> = plans(text)
            .into_iter()
            .map(|p| (p.month.unwrap(), p.item, p.owner))
            .collect();
        assert_eq!(
            got,
            [
                (9, "制定计划".into(), "教科室".into()),
                (9, "期初检查".into(), "教导处".into()),
                (10, "课题评估 孙建国".into(), String::new()),
            ]
        );
    }

    #[test]
    fn full_width_colons_spaces_and_numbers_are_read() {
        let text =
            "行事历：\n　９月份：　\n１．制定计划；　\n【十月】\n１、课题评估\n元月份：\n1、总结\n";
        assert_eq!(
            months(text),
            m(&[(9, "制定计划"), (10, "课题评估"), (1, "总结")])
        );
        assert_eq!(plans(text)[2].when, "元月份");
    }

    #[test]
    fn a_heading_glued_to_the_end_of_an_item_switches_the_month() {
        let text = "行事历\n一月：\n1、期末复习研讨。2、学科质量分析。3、组织编印单元质量评估试题。二月：\n1、制订新学期计划。\n2、开学检查。三月：1、课题申报。\n";
        assert_eq!(
            rows(text),
            [
                (Some(1), None, "期末复习研讨".into(), String::new(), 3),
                (Some(1), None, "学科质量分析".into(), String::new(), 3),
                (
                    Some(1),
                    None,
                    "组织编印单元质量评估试题".into(),
                    String::new(),
                    3
                ),
                (Some(2), None, "制订新学期计划".into(), String::new(), 4),
                (Some(2), None, "开学检查".into(), String::new(), 5),
                (Some(3), None, "课题申报".into(), String::new(), 5),
            ]
        );
    }

    #[test]
    fn ranges_give_first_and_last_month() {
        let text = "行事历\n十一月份——十二月份\n1、课题结题\n二~三月份：\n1、课题申报\n4-5月\n1、论文评比\n九、十月份：\n1、读书节\n";
        assert_eq!(
            rows(text),
            [
                (Some(11), Some(12), "课题结题".into(), String::new(), 3),
                (Some(2), Some(3), "课题申报".into(), String::new(), 5),
                (Some(4), Some(5), "论文评比".into(), String::new(), 7),
                (Some(9), Some(10), "读书节".into(), String::new(), 9),
            ]
        );
        assert_eq!(plans(text)[0].when, "十一月份——十二月份");
    }

    #[test]
    fn a_numbered_month_heading_is_a_heading() {
        let text = "四、行事历\n（一）九月份\n1、制定计划\n二、十月份：\n1、课题评估\n";
        assert_eq!(months(text), m(&[(9, "制定计划"), (10, "课题评估")]));
    }

    // ---- items ---------------------------------------------------------------------

    #[test]
    fn every_numbering_style_is_stripped() {
        let text =
            "行事历\n九月\n1．甲项\n2、乙项\n3.丙项\n(4)丁项\n（5）戊项\n⑹己项\n⑦庚项\n3.、辛项\n";
        let items: Vec<String> = months(text).into_iter().map(|(_, i)| i).collect();
        assert_eq!(
            items,
            [
                "甲项", "乙项", "丙项", "丁项", "戊项", "己项", "庚项", "辛项"
            ]
        );
    }

    #[test]
    fn unnumbered_items_are_one_per_line() {
        let text = "行事历\n九月\n制定新学期计划\n期初检查\n\n十月\n课题中期评估\n";
        assert_eq!(
            rows(text),
            [
                (Some(9), None, "制定新学期计划".into(), String::new(), 3),
                (Some(9), None, "期初检查".into(), String::new(), 4),
                (Some(10), None, "课题中期评估".into(), String::new(), 7),
            ]
        );
    }

    #[test]
    fn several_items_on_one_line_are_split() {
        let text = "行事历\n九月\n⑴开展读书活动⑵做好课题中期评估\n1．制定计划；2．开学检查；3．听课调研。\n";
        assert_eq!(
            months(text),
            m(&[
                (9, "开展读书活动"),
                (9, "做好课题中期评估"),
                (9, "制定计划"),
                (9, "开学检查"),
                (9, "听课调研")
            ])
        );
        assert!(plans(text)[..2].iter().all(|p| p.prov.row == 3));
    }

    #[test]
    fn a_line_that_breaks_off_continues_the_item() {
        let text = "行事历\n一月份\n1、召开课题主持人会议，反馈结题情况，\n检查课题组研究活动记录。\n2、撰写总结\n";
        assert_eq!(
            rows(text),
            [
                (
                    Some(1),
                    None,
                    "召开课题主持人会议，反馈结题情况，检查课题组研究活动记录".into(),
                    String::new(),
                    3
                ),
                (Some(1), None, "撰写总结".into(), String::new(), 5),
            ]
        );
    }

    #[test]
    fn items_numbered_with_chinese_numerals_stay_in_the_month() {
        let text = "四、行事历\n九月份：\n一、制定计划\n二、开学检查\n三、听课调研\n五、保障措施\n加强领导。\n";
        assert_eq!(
            months(text),
            m(&[(9, "制定计划"), (9, "开学检查"), (9, "听课调研")])
        );
    }

    // ---- weeks ---------------------------------------------------------------------

    #[test]
    fn week_lines_take_the_month_their_week_starts_in() {
        let text = "教科室周工作安排\n第一周 8.30-9.5 制定计划\n第三周 9.13-9.19 ⑴开展读书活动⑵做好课题中期评估\n第五周（9.27—10.3）：国庆假期\n第六周 10月4日-10月10日 课题评估\n";
        let p = plans(text);
        let got: Vec<(Option<u32>, Option<u32>, &str, &str)> = p
            .iter()
            .map(|p| (p.month, p.month_end, p.item.as_str(), p.when.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (Some(8), None, "制定计划", "第一周 8.30-9.5"),
                (Some(9), None, "开展读书活动", "第三周 9.13-9.19"),
                (Some(9), None, "做好课题中期评估", "第三周 9.13-9.19"),
                (Some(9), None, "国庆假期", "第五周（9.27—10.3）"),
                (Some(10), None, "课题评估", "第六周 10月4日-10月10日"),
            ]
        );
    }

    #[test]
    fn a_week_heading_applies_to_the_lines_below_it() {
        let text = "行事历\n第三周 9.13-9.19\n1、开展读书活动\n2、课题中期评估\n9.20-9.26\n1、听课调研\n九月份\n第一周 开学准备\n";
        assert_eq!(
            months(text),
            m(&[
                (9, "开展读书活动"),
                (9, "课题中期评估"),
                (9, "听课调研"),
                (9, "开学准备")
            ])
        );
    }

    #[test]
    fn a_week_with_an_impossible_date_is_reported_and_kept() {
        let (p, f) = plan_items(
            &doc("行事历\n第三周 9.13-9.19 读书活动\n第五周 9.31-10.6 课题评估\n"),
            &Vocab::builtin(),
        );
        assert_eq!(p.len(), 2);
        assert_eq!(p[1].month, None);
        assert_eq!(p[1].item, "课题评估");
        assert_eq!(p[1].unparsed, ["时间：第五周 9.31-10.6"]);
        assert_eq!(f.len(), 1);
        assert_eq!(
            (f[0].row, f[0].value.as_str()),
            (Some(3), "第五周 9.31-10.6")
        );
    }

    // ---- owners --------------------------------------------------------------------

    #[test]
    fn owners_are_read_from_the_end_of_an_item() {
        let text = "行事历\n九月\n1、制定计划（教科室）\n2、期初检查。（教导处、教科室）\n3、听课调研，负责：张三\n4、课题评估（负责人：李四）\n5、论文评比 责任人：王五、赵六\n6、读书节（各教研组长）\n7、科技节（数棋竞赛）\n8、课题申报（教科室负责）\n9、一项课题（电教）的中期评估\n";
        let got: Vec<(String, String)> =
            plans(text).into_iter().map(|p| (p.item, p.owner)).collect();
        let want = [
            ("制定计划", "教科室"),
            ("期初检查", "教导处、教科室"),
            ("听课调研", "张三"),
            ("课题评估", "李四"),
            ("论文评比", "王五、赵六"),
            ("读书节", "各教研组长"),
            ("科技节（数棋竞赛）", ""),
            ("课题申报", "教科室"),
            ("一项课题（电教）的中期评估", ""),
        ];
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        assert_eq!(got, want);
    }

    // ---- what is not a heading -------------------------------------------------------

    #[test]
    fn a_month_inside_an_item_is_no_heading() {
        let text = "行事历\n十月份\n1、本月撰写九月份教研综述\n2、上交论文（11月份）\n九月份教研综述由教科室撰写\n";
        assert_eq!(
            months(text),
            m(&[
                (10, "本月撰写九月份教研综述"),
                (10, "上交论文（11月份）"),
                (10, "九月份教研综述由教科室撰写")
            ])
        );
    }

    #[test]
    fn a_signature_under_the_calendar_is_no_item() {
        let text = "四、行事历\n二月份：\n1．收齐台账资料；\n2．期末工作全面检查。\n焦溪小学教科室\n2月20日\n";
        assert_eq!(
            months(text),
            m(&[(2, "收齐台账资料"), (2, "期末工作全面检查")])
        );
        let text = "四、行事历\n二月份：\n1．期末工作全面检查。\n云溪实验小学\n2012年9月\n";
        assert_eq!(months(text), m(&[(2, "期末工作全面检查")]));
        let text = "四、行事历\n二月份：\n1．期末工作全面检查。\n2月20日\n";
        assert_eq!(months(text), m(&[(2, "期末工作全面检查")]));
    }

    #[test]
    fn section_headings_end_the_calendar() {
        let text = "四、行事历\n一月份：\n1．学科过程考核。\n五、保障措施\n1．加强领导。\n";
        assert_eq!(months(text), m(&[(1, "学科过程考核")]));
        let text = "行事历\n一月份：\n1．学科过程考核。\n一、指导思想\n坚持科研为先导。\n";
        assert_eq!(months(text), m(&[(1, "学科过程考核")]));
        let text = "行事历\n一月份：\n1．学科过程考核。\n第二篇：德育工作计划\n1．加强领导。\n";
        assert_eq!(months(text), m(&[(1, "学科过程考核")]));
        let text = "行事历\n一月份：\n1．学科过程考核。\n二、工作目标\n1．加强领导。\n";
        assert_eq!(months(text), m(&[(1, "学科过程考核")]));
        let text = "行事历\n一月份：\n1．学科过程考核。\n附：本学期课题一览\n1．省级课题\n";
        assert_eq!(months(text), m(&[(1, "学科过程考核")]));
        let text = "行事历\n一月份：\n1．学科过程考核。\n附：二月份工作安排\n二月份\n1．开学检查\n";
        assert_eq!(months(text), m(&[(1, "学科过程考核"), (2, "开学检查")]));
    }

    #[test]
    fn a_word_heading_style_ends_the_calendar() {
        let mut d = doc("行事历\n一月份：\n1．学科过程考核。\n附录\n1．加强领导。\n");
        d.lines[3].heading = true;
        let (p, _) = plan_items(&d, &Vocab::builtin());
        assert_eq!(p.len(), 1);
    }

    #[test]
    fn months_outside_a_calendar_are_not_items() {
        // One month named in running text is no calendar.
        let text = "一、工作目标\n九月份：完成课题申报。\n1．做好常规工作\n二、具体工作\n1、9月10日召开会议\n";
        assert!(plans(text).is_empty());
        // Prose under a calendar heading before its first month is no item.
        let text = "四、行事历\n（具体以学校通知为准）\n九月份：\n1．制定计划\n";
        assert_eq!(months(text), m(&[(9, "制定计划")]));
    }

    #[test]
    fn a_run_of_month_headings_is_a_calendar_without_a_heading() {
        let text = "三、工作安排如下，请各组遵照执行。\n九月份\n1．制定计划\n十月份\n1．课题评估\n";
        assert_eq!(months(text), m(&[(9, "制定计划"), (10, "课题评估")]));
    }

    #[test]
    fn several_plans_in_one_document_give_every_calendar() {
        let text = format!("{PLAN_2021}\n{PLAN_JIAOXI}\n{PLAN_2021}");
        let p = plans(&text);
        assert_eq!(p.len(), 21 + 27 + 21);
        let per_month = |items: &[Plan]| {
            let mut counts = std::collections::BTreeMap::new();
            for p in items {
                *counts.entry(p.month.unwrap()).or_insert(0) += 1;
            }
            counts
        };
        assert_eq!(per_month(&p[..21]), per_month(&p[48..]));
        assert_eq!(p[20].item, "期末工作全面检查");
        assert_eq!(p[21].item, "制订学校教科室计划");
        assert_eq!(p[21].prov.row, 62 + 73);
        assert_eq!(p[47].item, "做好校本课程资料收缴与考核工作");
        assert_eq!(p[48].item, "制定新学期教科室工作计划");
        // A title line and its period end the calendar above them, even when the next plan
        // follows right after the last item.
        let glued = format!(
            "{}\n{PLAN_JIAOXI}",
            PLAN_2021.trim_end().trim_end_matches(' ')
        );
        assert_eq!(plans(&glued).len(), 48);
    }

    // ---- the two real plans --------------------------------------------------------

    /// Count per month and first and last item of each month.
    /// Month, last month, count, first item, last item.
    type MonthSummary = (u32, Option<u32>, usize, String, String);

    fn summary(p: &[Plan]) -> Vec<MonthSummary> {
        let mut out: Vec<MonthSummary> = Vec::new();
        for plan in p {
            let month = plan.month.unwrap();
            match out.last_mut() {
                Some(last) if last.0 == month => {
                    last.2 += 1;
                    last.4.clone_from(&plan.item);
                }
                _ => out.push((
                    month,
                    plan.month_end,
                    1,
                    plan.item.clone(),
                    plan.item.clone(),
                )),
            }
        }
        out
    }

    fn s(m: u32, e: Option<u32>, n: usize, first: &str, last: &str) -> MonthSummary {
        (m, e, n, first.into(), last.into())
    }

    #[test]
    fn the_2021_plan_comes_out_item_by_item() {
        let p = plans(PLAN_2021);
        assert_eq!(
            summary(&p),
            [
                s(
                    9,
                    None,
                    5,
                    "制定新学期教科室工作计划",
                    "对现有的区级、校级课题，召开课题组长会议"
                ),
                s(10, None, 3, "进行课题中期评估", "各教研组活动"),
                s(11, None, 4, "期中阶段教学工作全面检查", "各教研组活动"),
                s(12, None, 3, "追踪调研课题组研究情况", "各教研组活动"),
                s(
                    1,
                    None,
                    3,
                    "及时做好课题材料的收集整理归档工作，完成课题研究的阶段性总结",
                    "各教研组活动"
                ),
                s(2, None, 3, "做好学校教科室工作总结", "期末工作全面检查"),
            ]
        );
        let rows: Vec<u32> = p.iter().map(|p| p.prov.row).collect();
        assert_eq!(
            rows,
            [
                36, 37, 38, 39, 40, 42, 43, 44, 46, 47, 48, 49, 51, 52, 53, 55, 56, 57, 59, 60, 61
            ]
        );
        assert_eq!(
            p[1].item,
            "教研组完成本学期教研活动方案、公开课安排，将电子稿在开学第一周内交教科室指定文件夹"
        );
        assert!(
            p.iter()
                .all(|p| p.owner.is_empty() && p.prov.sheet.is_empty())
        );
    }

    #[test]
    fn the_jiaoxi_plan_comes_out_item_by_item() {
        let p = plans(PLAN_JIAOXI);
        assert_eq!(
            summary(&p),
            [
                s(
                    9,
                    None,
                    10,
                    "制订学校教科室计划",
                    "第四批、第五批区级和第八批市级学科带头人、骨干教师的年度考核工作"
                ),
                s(10, None, 6, "校级课题申报工作", "国际数棋公开教学"),
                s(
                    11,
                    Some(12),
                    5,
                    "了解课题研究情况，做好部分课题结题的资料完善及结题或中期评估的相关筹备工作",
                    "课题组研讨活动"
                ),
                s(
                    1,
                    None,
                    6,
                    "召开课题主持人会议，反馈部分课题结题的情况，对照反馈情况，检查其他课题组研究活动记录，进行相关资料的完善",
                    "做好校本课程资料收缴与考核工作"
                ),
            ]
        );
        let rows: Vec<u32> = p.iter().map(|p| p.prov.row).collect();
        assert_eq!(
            rows,
            [
                73, 74, 75, 76, 78, 79, 80, 82, 83, 85, 88, 90, 91, 92, 93, 94, 97, 99, 100, 102,
                103, 106, 108, 110, 112, 114, 116
            ]
        );
        let items: Vec<&str> = p.iter().map(|p| p.item.as_str()).collect();
        assert!(items.contains(&"焦溪小学第八届科技节（数棋竞赛）"));
        assert!(items.contains(&"中旬焦溪小学第六届读书节闭幕"));
        assert!(items.contains(&"编制校刊《春晖》"));
        assert!(p.iter().all(|p| p.owner.is_empty()));
    }

    // ---- tables read line by line ------------------------------------------------------

    #[test]
    fn a_table_without_a_known_header_is_read_row_by_row() {
        let sheet = RawSheet {
            file: "计划.docx".into(),
            sheet: "表1".into(),
            rows: [
                ["九月", "1、制定计划\n2、开学检查", "教科室"],
                ["", "3、听课调研", "教导处"],
                ["十月", "课题评估", "张三"],
            ]
            .iter()
            .enumerate()
            .map(|(i, r)| crate::table::RawRow {
                index: i as u32,
                cells: r
                    .iter()
                    .map(|c| {
                        if c.is_empty() {
                            Value::Empty
                        } else {
                            Value::Text(c.to_string())
                        }
                    })
                    .collect(),
            })
            .collect(),
            merges_known: true,
            ..RawSheet::default()
        };
        let vocab = Vocab::builtin();
        let lines = table_lines(&sheet, &vocab);
        let (p, _) = plan_lines(&sheet.file, &sheet.sheet, &lines, &vocab);
        let got: Vec<(Option<u32>, &str, &str, u32)> = p
            .iter()
            .map(|p| (p.month, p.item.as_str(), p.owner.as_str(), p.prov.row))
            .collect();
        assert_eq!(
            got,
            [
                (Some(9), "制定计划", "", 1),
                (Some(9), "开学检查", "教科室", 1),
                (Some(9), "听课调研", "教导处", 2),
                (Some(10), "课题评估 张三", "", 3),
            ]
        );
        assert!(p.iter().all(|p| p.prov.sheet == "表1"));
    }

    #[test]
    fn chinese_numbers() {
        assert_eq!(cn_number("四"), Some(4));
        assert_eq!(cn_number("十"), Some(10));
        assert_eq!(cn_number("十二"), Some(12));
        assert_eq!(cn_number("二十"), Some(20));
        assert_eq!(cn_number("二十三"), Some(23));
        assert_eq!(cn_number("元"), None);
    }
}
