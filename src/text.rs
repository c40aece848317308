//! Character-level text clean-up shared by every stage.
//!
//! Chinese office files mix full-width and half-width forms freely (`２４`, `（`, `Ａ`), pad
//! names with ideographic spaces to align them (`张　三`) and break header cells over several
//! lines. These helpers undo that; they know nothing about what a value means.

/// Maps one full-width character (U+FF01–U+FF5E) to its ASCII twin, and the ideographic
/// space U+3000 to a plain space. Other characters are returned unchanged.
///
/// ```
/// assert_eq!(jiaoke::text::halfwidth_char('２'), '2');
/// assert_eq!(jiaoke::text::halfwidth_char('（'), '(');
/// assert_eq!(jiaoke::text::halfwidth_char('张'), '张');
/// ```
pub fn halfwidth_char(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// Turns every full-width form in `s` into ASCII (digits, letters, punctuation, space).
///
/// For structured values (dates, hours, codes, ID numbers) where `，` and `,` mean the same.
pub fn to_halfwidth(s: &str) -> String {
    s.chars().map(halfwidth_char).collect()
}

/// Turns full-width digits, Latin letters and spaces into ASCII but keeps Chinese
/// punctuation (`，` `：` `（`) as written: for titles and other running text.
pub fn halfwidth_alnum(s: &str) -> String {
    s.chars()
        .map(|c| {
            let h = halfwidth_char(c);
            if h.is_ascii_alphanumeric() || h == ' ' {
                h
            } else {
                c
            }
        })
        .collect()
}

/// True for white space of any kind, including the ideographic space and the no-break space.
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{3000}' || c == '\u{00A0}' || c == '\u{FEFF}'
}

/// Removes every white-space character, wherever it is (`"论 文 题 目"` → `"论文题目"`).
pub fn remove_spaces(s: &str) -> String {
    s.chars().filter(|c| !is_space(*c)).collect()
}

/// Trims the ends and folds every run of white space (line breaks included) into one space;
/// a break between two CJK characters disappears, since Chinese needs no space there.
///
/// ```
/// assert_eq!(jiaoke::text::collapse_spaces("  浅谈\n小学数学  教学 "), "浅谈小学数学 教学");
/// assert_eq!(jiaoke::text::collapse_spaces("PBL\nmodel"), "PBL model");
/// ```
pub fn collapse_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    let mut pending_break = false;
    for c in s.chars() {
        if is_space(c) {
            if c == '\n' || c == '\r' {
                pending_break = true;
            } else {
                pending_space = true;
            }
            continue;
        }
        if !out.is_empty() && (pending_space || pending_break) {
            let prev = out.chars().next_back().unwrap_or(' ');
            // A line break inside a Chinese sentence is layout, not a word break.
            let join = pending_break && !pending_space && (is_cjk(prev) || is_cjk(c));
            if !join {
                out.push(' ');
            }
        }
        pending_space = false;
        pending_break = false;
        out.push(c);
    }
    out
}

/// True for CJK ideographs and CJK punctuation, where no space separates words.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3000..=0x303F   // CJK symbols and punctuation
        | 0x3400..=0x4DBF // extension A
        | 0x4E00..=0x9FFF // unified ideographs
        | 0xF900..=0xFAFF // compatibility ideographs
        | 0xFF00..=0xFFEF // full-width forms
        | 0x20000..=0x2FA1F)
}

/// Removes bracketed parts: `学时（小时）` → `学时`, `张三(执笔)` → `张三`.
/// Handles ASCII, full-width and `【】` `[]` brackets; an unclosed bracket is kept.
pub fn strip_brackets(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut depth = 0usize;
    let mut held = String::new();
    for c in s.chars() {
        match c {
            '(' | '（' | '【' | '[' | '〔' => {
                depth += 1;
                held.push(c);
            }
            ')' | '）' | '】' | ']' | '〕' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    held.clear();
                } else {
                    held.push(c);
                }
            }
            _ if depth > 0 => held.push(c),
            _ => out.push(c),
        }
    }
    out.push_str(&held);
    out
}

/// The most a spreadsheet cell holds: Excel's limit, in UTF-16 code units (see [`excel_len`]).
pub const EXCEL_CELL_LIMIT: usize = 32_767;

/// The length of a text as Excel (and rust_xlsxwriter's check of the limit) counts it: UTF-16
/// code units, so a character outside the Basic Multilingual Plane counts two.
///
/// ```
/// assert_eq!(jiaoke::text::excel_len("教科"), 2);
/// assert_eq!(jiaoke::text::excel_len("𠀀"), 2);
/// ```
pub fn excel_len(s: &str) -> usize {
    s.encode_utf16().count()
}

/// The number of terminal/spreadsheet columns `s` takes: CJK characters count two.
pub fn display_width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_digits_letters_and_punctuation() {
        assert_eq!(to_halfwidth("２０２３．５"), "2023.5");
        assert_eq!(to_halfwidth("ＣＮ３２－１２３４／Ｇ４"), "CN32-1234/G4");
        assert_eq!(to_halfwidth("张　三"), "张 三");
        assert_eq!(to_halfwidth("（１）"), "(1)");
    }

    #[test]
    fn halfwidth_alnum_keeps_chinese_punctuation() {
        assert_eq!(
            halfwidth_alnum("浅谈ＰＢＬ教学，第２版："),
            "浅谈PBL教学，第2版："
        );
    }

    #[test]
    fn removes_every_kind_of_space() {
        assert_eq!(remove_spaces("论 文\n题\u{3000}目\t"), "论文题目");
        assert_eq!(remove_spaces("\u{00A0}张三\u{FEFF}"), "张三");
    }

    #[test]
    fn collapse_keeps_latin_word_breaks() {
        assert_eq!(collapse_spaces("a  b"), "a b");
        assert_eq!(collapse_spaces("关于\r\n课题"), "关于课题");
        assert_eq!(collapse_spaces("关于 课题"), "关于 课题");
        assert_eq!(collapse_spaces("\n\n"), "");
    }

    #[test]
    fn brackets_are_stripped_with_their_content() {
        assert_eq!(strip_brackets("学时（小时）"), "学时");
        assert_eq!(strip_brackets("张三(执笔)"), "张三");
        assert_eq!(strip_brackets("论文【案例】题目"), "论文题目");
        assert_eq!(strip_brackets("a(b(c)d)e"), "ae");
        assert_eq!(strip_brackets("未闭合（括号"), "未闭合（括号");
    }

    #[test]
    fn cjk_is_twice_as_wide() {
        assert_eq!(display_width("张三"), 4);
        assert_eq!(display_width("ab"), 2);
    }
}
