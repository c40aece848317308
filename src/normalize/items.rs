//! Splitting a calendar cell or line into its work items.
//!
//! Offices write several items in one cell, one per line or numbered inline
//! (`1．制定计划；2．开学检查`, `⑴开展…⑵做好…`). Each becomes its own plan item, without its
//! number and closing punctuation, so the term summary can track them one by one.

use std::sync::LazyLock;

use regex::Regex;

/// An item number at the start of a text: `1．` `1、` `1.` `(1)` `（1）` `⑴` `①` `一、`, or a
/// bullet (`·` `●` `◆` `※` …).
static LEADING_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\s*(?:[(（]\s*[0-9０-９一二三四五六七八九十]{1,3}\s*[)）]|[⑴-⒇①-⑳]|[·・•●◆◇■□▲△▶►★☆※➢➤]|[0-9０-９]{1,3}\s*[.．、,，:：)）](?:\s*[、.．])?|[一二三四五六七八九十]{1,3}\s*[、.．])\s*",
    )
    .expect("valid regex")
});

/// An item number inside a line, after the end of the previous item.
static INLINE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:[；;。]\s*|\s+)(?:[(（][0-9０-９]{1,2}[)）]|[0-9０-９]{1,2}[．、.](?:[^0-9０-９]|$))|[⑴-⒇①-⑳]",
    )
    .expect("valid regex")
});

/// Removes a leading item number.
///
/// ```
/// use jiaoke::normalize::items::strip_number;
/// assert_eq!(strip_number("1．制定计划"), "制定计划");
/// assert_eq!(strip_number("（2）组织听课"), "组织听课");
/// assert_eq!(strip_number("2023年工作"), "2023年工作");
/// ```
pub fn strip_number(text: &str) -> &str {
    let Some(m) = LEADING_NUMBER.find(text) else {
        return text;
    };
    let rest = &text[m.end()..];
    // "9.10教师节" is a date, "3.5学时" a decimal: a dot followed by a digit is no item number.
    let dotted = m.as_str().trim_end().ends_with(['.', '．']);
    if rest.is_empty() || (dotted && rest.starts_with(|c: char| c.is_ascii_digit())) {
        return text;
    }
    rest
}

/// Removes closing punctuation and surrounding space.
pub fn strip_closing(text: &str) -> &str {
    text.trim()
        .trim_end_matches(['；', ';', '。', '，', ',', '、', '.', '．'])
        .trim()
}

/// Splits a cell or a line into its items.
///
/// ```
/// use jiaoke::normalize::items::split_items;
/// assert_eq!(split_items("1．制定计划；\n2．开学检查。"), ["制定计划", "开学检查"]);
/// assert_eq!(split_items("⑴开展读书活动⑵做好课题中期评估"), ["开展读书活动", "做好课题中期评估"]);
/// assert_eq!(split_items("各教研组活动"), ["各教研组活动"]);
/// ```
pub fn split_items(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        for piece in split_inline(line) {
            let item = strip_closing(strip_number(piece.trim()));
            let item = crate::text::collapse_spaces(item);
            if !item.is_empty() {
                out.push(item);
            }
        }
    }
    out
}

/// Splits a table cell into its items: as [`split_items`], and also at semicolons outside
/// brackets and quotes (`制定计划；开学检查`), which in a calendar cell separate items; in
/// running text a semicolon may only join two halves of one sentence.
///
/// ```
/// use jiaoke::normalize::items::split_cell_items;
/// assert_eq!(split_cell_items("制定计划；开学检查;听课调研"), ["制定计划", "开学检查", "听课调研"]);
/// assert_eq!(split_cell_items("读书节（启动；评比）"), ["读书节（启动；评比）"]);
/// ```
pub fn split_cell_items(text: &str) -> Vec<String> {
    semicolon_pieces(text)
        .into_iter()
        .flat_map(split_items)
        .collect()
}

/// `text` cut at each `；`/`;` outside brackets, book-title marks and quotes.
fn semicolon_pieces(text: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut depth = 0i32;
    let mut from = 0;
    for (i, c) in text.char_indices() {
        match c {
            '（' | '(' | '【' | '[' | '《' | '“' | '「' | '〔' => depth += 1,
            '）' | ')' | '】' | ']' | '》' | '”' | '」' | '〕' => depth = (depth - 1).max(0),
            '；' | ';' if depth == 0 => {
                pieces.push(&text[from..i]);
                from = i + c.len_utf8();
            }
            _ => {}
        }
    }
    pieces.push(&text[from..]);
    pieces
}

/// Splits one line at inline item numbers (`…；2．…`, `⑴…⑵…`), when there are at least two.
fn split_inline(line: &str) -> Vec<&str> {
    let starts: Vec<usize> = INLINE_NUMBER
        .find_iter(line)
        .map(|m| {
            // Cut after the previous item's punctuation or space, before the number.
            let s = m.as_str();
            let skip = s
                .char_indices()
                .find(|(_, c)| !matches!(c, '；' | ';' | '。' | ' ' | '\t' | '\u{3000}'))
                .map(|(i, _)| i)
                .unwrap_or(0);
            m.start() + skip
        })
        .filter(|&p| p > 0)
        .chain(sequential_starts(line))
        .collect();
    let mut starts = starts;
    starts.sort_unstable();
    starts.dedup();
    if starts.is_empty() {
        return vec![line];
    }
    let mut pieces = Vec::new();
    let mut from = 0;
    for p in starts {
        if p > from {
            pieces.push(&line[from..p]);
        }
        from = p;
    }
    pieces.push(&line[from..]);
    pieces
}

/// The number opening a line: `1、`, `１．`.
static FIRST_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*([0-9０-９]{1,2})\s*[、.．]").expect("valid regex"));

/// Item numbers written straight after the previous item (`1、期初检查2、听课调研`): only the
/// numbers that follow the line's own first one in sequence, and not one that is part of a
/// count (`第2、3周`, `2.5学时`).
fn sequential_starts(line: &str) -> Vec<usize> {
    let Some(first) = FIRST_NUMBER.captures(line) else {
        return Vec::new();
    };
    let Ok(mut n) = crate::text::to_halfwidth(&first[1]).parse::<u32>() else {
        return Vec::new();
    };
    let mut from = first.get(0).map_or(0, |m| m.end());
    let mut out = Vec::new();
    loop {
        n += 1;
        let next = number_marks(n)
            .iter()
            .filter_map(|mark| {
                line[from..]
                    .match_indices(mark.as_str())
                    .find_map(|(i, m)| {
                        let pos = from + i;
                        let before = line[..pos].chars().next_back();
                        let after = line[pos + m.len()..].chars().next();
                        let counted = |c: Option<char>| {
                            c.is_some_and(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
                        };
                        (!counted(before) && before != Some('第') && !counted(after))
                            .then_some((pos, m.len()))
                    })
            })
            .min();
        let Some((pos, len)) = next else {
            return out;
        };
        out.push(pos);
        from = pos + len;
    }
}

/// How item number `n` is written: `2、` `2．` `2.` and with full-width digits.
fn number_marks(n: u32) -> Vec<String> {
    let ascii = n.to_string();
    let wide: String = ascii
        .chars()
        .map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c))
        .collect();
    [ascii, wide]
        .iter()
        .flat_map(|d| ["、", "．", "."].map(|p| format!("{d}{p}")))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_every_style_are_stripped() {
        for s in [
            "1．做好",
            "1、做好",
            "1.做好",
            "(1)做好",
            "（1）做好",
            "⑴做好",
            "①做好",
            "一、做好",
            "3.、做好",
            "１、做好",
        ] {
            assert_eq!(strip_number(s), "做好", "{s}");
        }
    }

    #[test]
    fn numbers_that_are_content_stay() {
        assert_eq!(strip_number("2023年工作总结"), "2023年工作总结");
        assert_eq!(strip_number("10月份教研活动"), "10月份教研活动");
        assert_eq!(strip_number("1"), "1");
    }

    #[test]
    fn numbers_written_straight_after_the_previous_item_split_in_sequence() {
        assert_eq!(
            split_items("1、期初检查2、听课调研3.课题开题"),
            ["期初检查", "听课调研", "课题开题"]
        );
        assert_eq!(split_items("１、开学２、检查"), ["开学", "检查"]);
        // Not a count, a decimal or a number out of sequence.
        assert_eq!(split_items("1、第2、3周听课"), ["第2、3周听课"]);
        assert_eq!(split_items("1、每人2.5学时"), ["每人2.5学时"]);
        assert_eq!(split_items("1、完成3、4单元"), ["完成3、4单元"]);
        assert_eq!(split_items("完成2、3单元"), ["完成2、3单元"]);
    }

    #[test]
    fn cells_split_at_semicolons_outside_brackets() {
        assert_eq!(
            split_cell_items("1.制定计划；2.开学检查；\n3.听课调研"),
            ["制定计划", "开学检查", "听课调研"]
        );
        assert_eq!(
            split_cell_items("开展“读书；写作”活动；课题开题"),
            ["开展“读书；写作”活动", "课题开题"]
        );
        assert_eq!(split_cell_items("；；"), Vec::<String>::new());
        // Running text keeps a semicolon sentence whole.
        assert_eq!(split_items("制定计划；开学检查"), ["制定计划；开学检查"]);
    }

    #[test]
    fn lines_and_inline_numbers_split() {
        assert_eq!(
            split_items("1．制定新学期计划；2．教研组完成方案；3．期初检查。"),
            ["制定新学期计划", "教研组完成方案", "期初检查"]
        );
        assert_eq!(
            split_items("制定计划\n\n期初检查"),
            ["制定计划", "期初检查"]
        );
        assert_eq!(split_items("  "), Vec::<String>::new());
    }

    #[test]
    fn a_date_or_decimal_inside_an_item_does_not_split_it() {
        assert_eq!(split_items("9.10教师节表彰"), ["9.10教师节表彰"]);
        assert_eq!(split_items("组织3.5学时培训"), ["组织3.5学时培训"]);
    }
}
