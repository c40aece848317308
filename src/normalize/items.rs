//! Splitting a calendar cell or line into its work items.
//!
//! Offices write several items in one cell, one per line or numbered inline
//! (`1．制定计划；2．开学检查`, `⑴开展…⑵做好…`). Each becomes its own plan item, without its
//! number and closing punctuation, so the term summary can track them one by one.

use std::sync::LazyLock;

use regex::Regex;

/// An item number at the start of a text: `1．` `1、` `1.` `(1)` `（1）` `⑴` `①` `一、`.
static LEADING_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\s*(?:[(（]\s*[0-9０-９一二三四五六七八九十]{1,3}\s*[)）]|[⑴-⒇①-⑳]|[0-9０-９]{1,3}\s*[.．、,，:：)）](?:\s*[、.．])?|[一二三四五六七八九十]{1,3}\s*[、.．])\s*",
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
        .collect();
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
