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

use super::items::{split_cell_items, split_items, strip_closing, strip_number};
use super::plan_term::Dating;
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

/// What offices put before a month heading instead of a number: leader dots, middle dots,
/// ellipses, bullets, dashes, arrows.
const DECORATION: &str = r"[·・•●◆◇■□▲△▶►★☆※＊*…⋯.．~～\-—–>＞→√✓➢➤\s]";

/// Nothing but decoration (or nothing).
static DECORATION_ONLY: LazyLock<Regex> = LazyLock::new(|| re(&format!(r"^{DECORATION}*$")));

/// A month heading at the start of a line, with what follows it.
static MONTH_HEAD: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"^(?:{DECORATION}+)?(?P<pre>(?:[(（]\s*{CN_NUMBER}\s*[)）]|{CN_NUMBER}\s*[、.．])\s*)?[【\[［〔]?\s*(?P<head>(?:{YEAR})?{MONTH}\s*(?:月份?)?\s*{SEP}\s*(?:{YEAR})?{MONTH}\s*月份?|(?:{YEAR})?{MONTH}\s*月份?(?:上旬|中旬|下旬|初|中|底|末)?)(?:\s*[】\]］〕])?(?P<colon>\s*[:：])?(?P<sp>\s*)(?P<rest>.*)$"
    ))
});

/// A month heading glued to the end of the previous item: `…试题。二月：`.
static GLUED_HEAD: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"[。；;]\s*(?P<head>[【\[]?(?:{YEAR})?{MONTH}\s*(?:(?:月份?)?\s*{SEP}\s*(?:{YEAR})?{MONTH}\s*)?月份?[】\]]?)\s*(?P<end>[:：]|$)"
    ))
});

/// A month heading after other text on its line, after a space, leader dots or the end of a
/// sentence; the caller checks what follows it (a colon, or a numbered item).
static MID_HEAD: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?:[。；;：:…⋯·・]|\s)\s*(?P<head>[【\[]?(?:{YEAR})?{MONTH}\s*(?:(?:月份?)?\s*{SEP}\s*(?:{YEAR})?{MONTH}\s*)?月份?[】\]]?)"
    ))
});

/// A week heading after the heading that opens a calendar: `三、行事历 第一周（2.19—2.23）：…`.
static MID_WEEK: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?:[。；;：:…⋯·・]|\s)\s*(?P<head>第\s*[0-9０-９一二三四五六七八九十]{1,3}\s*周)")
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
        /// `rest` follows a theme word (`三月主题：…`): the month's theme, not an item, when
        /// numbered items follow.
        theme: bool,
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
    plan_lines(&doc.file, "", &doc.lines, vocab, Dating::default())
}

/// The calendar items of numbered lines (a document's text, or the rows of a table without a
/// recognisable header); `sheet` goes into the provenance, and a non-empty one means table
/// rows, whose cells list items separated by semicolons too. `around` is the school year and
/// term of the plan the lines stand in, used where the lines themselves name none.
pub fn plan_lines(
    file: &str,
    sheet: &str,
    lines: &[DocLine],
    vocab: &Vocab,
    around: Dating,
) -> (Vec<Plan>, Vec<Finding>) {
    let words = &vocab.documents;
    let physical = physical_lines(lines, words);
    let lines = scan_lines(&physical, words);
    let base = around.or(Dating::of_path(file, words));
    let mut scan = Scan::new(words, file, sheet);
    scan.datings = section_datings(&lines, base, words);
    scan.run(&lines);
    scan.finish()
}

/// The school year and term of the plan each paragraph of a document stands in (its
/// section's title or dates, else nothing), for the tables between them: computed once per
/// document, looked up per table with [`Datings::at`].
pub fn datings(doc: &RawDocument, vocab: &Vocab) -> Datings {
    let words = &vocab.documents;
    let physical = physical_lines(&doc.lines, words);
    let lines = scan_lines(&physical, words);
    let datings = section_datings(&lines, Dating::default(), words);
    Datings(lines.iter().map(|l| l.number).zip(datings).collect())
}

/// The dating of each line of a document, by paragraph number, in order.
#[derive(Debug, Clone, Default)]
pub struct Datings(Vec<(u32, Dating)>);

impl Datings {
    /// The dating in effect after paragraph `number` (a table standing there).
    pub fn at(&self, number: u32) -> Dating {
        self.0
            .iter()
            .take_while(|(n, _)| *n <= number)
            .last()
            .map(|(_, d)| *d)
            .unwrap_or_default()
    }
}

/// A document's lines as read: a paragraph's manual line breaks split it, tab-separated text
/// (a table pasted as text) joined like a table row.
fn physical_lines(lines: &[DocLine], words: &DocumentWords) -> Vec<(u32, String, bool)> {
    lines
        .iter()
        .flat_map(|l| {
            l.text
                .split(['\n', '\r'])
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(move |t| {
                    let text = if t.contains('\t') {
                        join_cells(t.split('\t'), words)
                    } else {
                        t.to_string()
                    };
                    (l.number, text, l.heading)
                })
        })
        .collect()
}

/// The lines as the scan reads them. A line holding a heading and then the first month
/// (`四、行事历：九月份：1、…`), or an item and then the next month (`2．期初检查　十月份：1．…`),
/// is read as two lines with the same number.
fn scan_lines<'a>(physical: &'a [(u32, String, bool)], words: &DocumentWords) -> Vec<Line<'a>> {
    let mut out = Vec::with_capacity(physical.len());
    for (number, text, heading) in physical {
        let mut t = text.as_str();
        while let Some(p) = month_split(t, *heading, words) {
            out.push(Line {
                number: *number,
                // Leader dots between the item and the month belong to neither.
                text: t[..p].trim_end().trim_end_matches(['…', '⋯', '·', '・']),
                heading: *heading,
            });
            t = t[p..].trim_start();
        }
        out.push(Line {
            number: *number,
            text: t,
            heading: *heading,
        });
    }
    out
}

/// Where a month heading starts after other text on line `t`: after a heading that opens a
/// calendar or numbers a section (whatever follows the month; a week heading too), or after an
/// item when a colon or a numbered item follows the month (`做好 10月 开学典礼的准备` is one
/// item).
fn month_split(t: &str, heading: bool, words: &DocumentWords) -> Option<usize> {
    // A calendar line is short; a long paragraph is prose, and scanning it for every month
    // it names would cost its length squared.
    if t.len() > SPLIT_LINE_BYTES {
        return None;
    }
    let opens = |before: &str| {
        calendar_heading(before, heading, false, words).is_some() || is_section_heading(before)
    };
    let week = MID_WEEK.captures_iter(t).find_map(|c| {
        let head = c.name("head")?;
        let before = t[..head.start()].trim_end();
        (opens(before) && matches!(shape(&t[head.start()..], words), Shape::Week(_)))
            .then_some(head.start())
    });
    let month = MID_HEAD.captures_iter(t).find_map(|c| {
        let head = c.name("head")?;
        let before = t[..head.start()].trim_end();
        // Decoration alone before the month is part of the heading (`● 十二月`).
        if DECORATION_ONLY.is_match(before) {
            return None;
        }
        month_heading(&t[head.start()..], words)?;
        let after = t[head.end()..].trim_start();
        let marked = after.starts_with([':', '：']) || is_numbered(after);
        (opens(before) || marked).then_some(head.start())
    });
    match (week, month) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// The longest line [`month_split`] looks into (about 330 Chinese characters).
const SPLIT_LINE_BYTES: usize = 1000;

/// A short numbered heading: `三、具体工作`, `（二）主要活动`.
fn is_section_heading(t: &str) -> bool {
    HEADING_PREFIX.find(t).is_some_and(|m| {
        let rest = t[m.end()..].trim().trim_end_matches([':', '：']);
        !rest.is_empty() && rest.chars().count() <= 20 && !rest.contains(SENTENCE)
    })
}

/// The dating in effect at each line. A document may hold several plans, each opening with
/// its title ([`is_title`]); a plan's dating is what its first lines say (the title, the period
/// line under it, a `2021-2022学年第一学期` line), else its first dated line (a signature date
/// `2012年9月`), else `base` (the file's name and folders).
fn section_datings(lines: &[Line], base: Dating, words: &DocumentWords) -> Vec<Dating> {
    let mut starts: Vec<usize> = (1..lines.len())
        .filter(|&i| is_title(lines[i].text, lines.get(i + 1).map(|l| l.text), words))
        .collect();
    starts.insert(0, 0);
    let mut out = Vec::with_capacity(lines.len());
    for (k, &start) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(lines.len());
        let section = &lines[start..end];
        let head = section
            .iter()
            .take(4)
            .take_while(|l| {
                l.text.chars().count() <= 50
                    && !l.text.contains(SENTENCE)
                    && matches!(shape(l.text, words), Shape::Text | Shape::DateLine)
            })
            .fold(Dating::default(), |d, l| d.or(Dating::parse(l.text, words)));
        let own = if head.school_year.is_some() || head.year.is_some() {
            head
        } else {
            section
                .iter()
                .filter(|l| {
                    DATE_LINE.is_match(l.text)
                        || YEAR_MONTH_LINE.is_match(l.text)
                        || is_period(l.text)
                })
                .map(|l| Dating::parse(l.text, words))
                .find(|d| d.school_year.is_some())
                .map_or(head, |d| head.or(d))
        };
        out.extend(std::iter::repeat_n(own.or(base), section.len()));
    }
    out
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
fn month_heading<'a>(t: &'a str, words: &DocumentWords) -> Option<MonthHead<'a>> {
    let named = with_month_names(t, words);
    if let std::borrow::Cow::Owned(s) = &named {
        // Parse the renamed line, then map the rest back onto the original.
        let head = month_heading_plain(s, words)?;
        let rest_len = head.rest.len();
        // The heading as written (`元月份`), without its colon.
        let when = t[..t.len() - rest_len]
            .trim()
            .trim_end_matches([':', '：'])
            .trim()
            .to_string();
        return Some(MonthHead {
            when,
            rest: &t[t.len() - rest_len..],
            ..head
        });
    }
    month_heading_plain(t, words)
}

/// A month heading read at the start of a line.
#[derive(Debug, Clone, PartialEq)]
struct MonthHead<'a> {
    span: MonthSpan,
    /// The heading as written, without its colon.
    when: String,
    /// What follows it on the line.
    rest: &'a str,
    /// `rest` follows a theme word (`九月主题：`).
    theme: bool,
}

fn month_heading_plain<'a>(t: &'a str, words: &DocumentWords) -> Option<MonthHead<'a>> {
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
        // `十月（安全教育月）`, `…：1.…`, or `… 1.…`.
        if after.is_empty() || after.starts_with([':', '：']) || is_numbered(after) {
            when = format!("{when}{}", &rest[..close_end]);
            colon = !after.is_empty();
            rest = after.trim_start_matches([':', '：']).trim_start();
        }
    }
    // `九月主题：规范常规`: a theme word after the month, the theme after the colon.
    let mut theme = false;
    if !colon && let Some(after) = theme_after(rest, words) {
        rest = after;
        colon = true;
        theme = !after.is_empty();
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
    heading.then_some(MonthHead {
        span,
        when,
        rest: rest_trim,
        theme,
    })
}

/// What follows a theme word and its colon at the start of `rest` (`主题：…`).
fn theme_after<'a>(rest: &'a str, words: &DocumentWords) -> Option<&'a str> {
    words.month_themes.iter().find_map(|w| {
        let after = rest.strip_prefix(w.as_str())?.trim_start();
        after
            .strip_prefix(':')
            .or_else(|| after.strip_prefix('：'))
            .map(str::trim_start)
    })
}

/// What a line is.
fn shape<'a>(t: &'a str, words: &DocumentWords) -> Shape<'a> {
    if let Some(h) = month_heading(t, words) {
        return Shape::Month {
            span: h.span,
            when: h.when,
            rest: h.rest,
            theme: h.theme,
        };
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
    /// The school year and term of the item.
    dating: (Option<i32>, Option<u8>),
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
    /// What a dated month heading (`二○一一年一月`) says: it outranks the plan's dating.
    heading_dating: Dating,
}

struct Scan<'a> {
    words: &'a DocumentWords,
    file: &'a str,
    sheet: &'a str,
    /// The dating in effect at each line ([`section_datings`]).
    datings: Vec<Dating>,
    /// The dating of the line being read.
    dating: Dating,
    pending: Vec<Pending>,
    findings: Vec<Finding>,
}

impl<'a> Scan<'a> {
    fn new(words: &'a DocumentWords, file: &'a str, sheet: &'a str) -> Self {
        Scan {
            words,
            file,
            sheet,
            datings: Vec::new(),
            dating: Dating::default(),
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
            self.dating = self.datings.get(i).copied().unwrap_or_default();
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
                Shape::Month {
                    span,
                    when,
                    rest,
                    theme,
                } => {
                    c.heading_dating = Dating::parse(&when, self.words);
                    c.span = Some(span);
                    c.dated = true;
                    c.when = when;
                    c.unparsed.clear();
                    c.items = 0;
                    c.last_cn = None;
                    if theme && next.is_some_and(is_numbered) {
                        // The month's theme: its items follow.
                        c.when = format!("{}（{rest}）", c.when);
                    } else if !rest.is_empty() {
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
                    c.heading_dating = Dating::parse(&w.when, self.words);
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
            c.heading_dating = Dating::parse(head.as_str(), self.words);
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
        let dating = c
            .heading_dating
            .or(self.dating)
            .of_item(c.span.map(|s| s.month));
        self.pending.push(Pending {
            number,
            span: c.span,
            dating,
            when: c.when.clone(),
            unparsed: c.unparsed.clone(),
            raw: text.to_string(),
        });
    }

    fn finish(self) -> (Vec<Plan>, Vec<Finding>) {
        let mut plans = Vec::new();
        let table = !self.sheet.is_empty();
        for p in self.pending {
            // A table row's owner (a cell of its own, joined at the end) is every item's.
            let (raw, row_owner) = if table {
                split_owner(&p.raw, self.words)
            } else {
                (p.raw.as_str(), String::new())
            };
            let pieces = if table {
                split_cell_items(raw)
            } else {
                split_items(raw)
            };
            for piece in pieces {
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
                    owner: if owner.is_empty() {
                        row_owner.clone()
                    } else {
                        owner
                    },
                    school_year: p.dating.0,
                    term: p.dating.1,
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
mod tests;
