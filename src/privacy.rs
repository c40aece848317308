//! Personal numbers masked for people: 身份证号 and mobile numbers, wherever they appear in a
//! text. This is the one masking function; the workbook writer
//! ([`crate::report::workbook::sheet_text`]) and the terminal reports call it, while the CSV
//! files and `check --format json` keep full values (the school's own machine-readable data).
//!
//! Masks follow common practice in notices to schools (最小够用): an 18-character ID keeps its
//! first 6 (the region) and last 4 characters, `320412********3540`; a 15-digit old ID keeps its
//! first 6 and last 3 digits, `320412******354`, so that, as with the 18-character form, no digit
//! of the birth date is shown; a mobile number keeps its first 3 and last 4 digits,
//! `138****5678`, however it was written (`138-1234-5678`, `138 1234 5678`).
//!
//! Only standalone numbers are masked: a run of digits or Latin letters longer than the number
//! (a 20-digit certificate number, a project code `2012CY053`) is left as written. IDs are masked
//! whether or not their check digit is right: 问题清单 lists the wrong ones. Full-width digits
//! (`３２０４…`) count as digits. This module does not decide *whether* to mask: that is the
//! caller's policy (`[privacy]` in jiaoke.toml, for workbooks).

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

/// Candidates: 18-character IDs, 15-digit IDs, mobile numbers (contiguous or 3-4-4). Where a
/// candidate stands alone, and whether a 15-digit one holds a date, is checked in code (the
/// regex crate has no look-around).
static CANDIDATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"[0-9０-９]{17}[0-9０-９XxＸｘ]|[0-9０-９]{15}|[1１][3-9３-９][0-9０-９]([- ]?)[0-9０-９]{4}([- ]?)[0-9０-９]{4}",
    )
    .expect("valid regex")
});

/// Masks every standalone 身份证号 (18 or 15 characters) and mobile number in `text`;
/// borrows when there is none.
///
/// ```
/// use jiaoke::privacy::mask_personal;
/// assert_eq!(
///     mask_personal("张三 320412198607153540，电话 138-1234-5678"),
///     "张三 320412********3540，电话 138****5678"
/// );
/// assert_eq!(mask_personal("课题编号 2012CY053"), "课题编号 2012CY053");
/// ```
pub fn mask_personal(text: &str) -> Cow<'_, str> {
    // Every cell of a workbook passes here: most hold too few digits for any candidate.
    if !has_digits(text, SHORTEST) {
        return Cow::Borrowed(text);
    }
    let mut out: Option<String> = None;
    let mut copied = 0;
    for caps in CANDIDATE.captures_iter(text) {
        let m = caps.get(0).expect("whole match");
        if !standalone(text, m.start(), m.end()) {
            continue;
        }
        let found = m.as_str();
        let digits: Vec<char> = found.chars().filter(|c| !is_separator(*c)).collect();
        let masked = match digits.len() {
            18 => mask(&digits, 6, 4),
            15 if holds_birth_date(&digits[6..12]) => mask(&digits, 6, 3),
            11 if same_separators(caps.get(1), caps.get(2)) => mask(&digits, 3, 4),
            _ => continue,
        };
        let s = out.get_or_insert_with(|| String::with_capacity(text.len()));
        s.push_str(&text[copied..m.start()]);
        s.push_str(&masked);
        copied = m.end();
    }
    match out {
        None => Cow::Borrowed(text),
        Some(mut s) => {
            s.push_str(&text[copied..]);
            Cow::Owned(s)
        }
    }
}

/// The fewest digits a candidate holds: a mobile number's 11.
const SHORTEST: usize = 11;

/// Whether `text` holds at least `n` digits (ASCII or full-width), anywhere.
fn has_digits(text: &str, n: usize) -> bool {
    text.len() >= n
        && text
            .chars()
            .filter(|c| c.is_ascii_digit() || ('０'..='９').contains(c))
            .nth(n - 1)
            .is_some()
}

/// Whether the characters around `start..end` end a run of digits and Latin letters.
fn standalone(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(is_word) && !after.is_some_and(is_word)
}

/// Part of a code or number: ASCII or full-width digits and Latin letters.
fn is_word(c: char) -> bool {
    crate::text::halfwidth_char(c).is_ascii_alphanumeric()
}

fn is_separator(c: char) -> bool {
    c == '-' || c == ' '
}

/// A 3-4-4 mobile number is written with the same separator twice (or none).
fn same_separators(a: Option<regex::Match>, b: Option<regex::Match>) -> bool {
    a.map(|m| m.as_str()) == b.map(|m| m.as_str())
}

/// YYMMDD of a 15-digit ID (all born 19YY).
fn holds_birth_date(yymmdd: &[char]) -> bool {
    let n = |i: usize| -> u32 {
        yymmdd[i..i + 2]
            .iter()
            .map(|c| crate::text::halfwidth_char(*c).to_digit(10).unwrap_or(0))
            .fold(0, |acc, d| acc * 10 + d)
    };
    chrono::NaiveDate::from_ymd_opt(1900 + n(0) as i32, n(2), n(4)).is_some()
}

fn mask(chars: &[char], keep_first: usize, keep_last: usize) -> String {
    let hidden = chars.len() - keep_first - keep_last;
    chars[..keep_first]
        .iter()
        .chain(std::iter::repeat_n(&'*', hidden))
        .chain(&chars[chars.len() - keep_last..])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn masked(s: &str) -> String {
        mask_personal(s).into_owned()
    }

    #[test]
    fn id_numbers_are_masked_valid_or_not() {
        assert_eq!(masked("320412198607153540"), "320412********3540");
        assert_eq!(masked("32041219860312022X"), "320412********022X");
        assert_eq!(masked("32041219860312022x"), "320412********022x");
        // A wrong check digit: listed in 问题清单, masked all the same.
        assert_eq!(masked("320412197409193541"), "320412********3541");
        assert_eq!(
            masked("身份证号“320412197409193541”有误：校验位错误"),
            "身份证号“320412********3541”有误：校验位错误"
        );
    }

    #[test]
    fn old_fifteen_digit_ids_keep_first_six_and_last_three() {
        assert_eq!(masked("320412860715354"), "320412******354");
        // 860230 is no date: a 15-digit number that is not an ID.
        assert_eq!(masked("320412860230354"), "320412860230354");
    }

    #[test]
    fn mobile_numbers_are_masked_however_written() {
        assert_eq!(masked("13812345678"), "138****5678");
        assert_eq!(masked("电话：138-1234-5678。"), "电话：138****5678。");
        assert_eq!(masked("手机 199 1234 5678"), "手机 199****5678");
        // Mixed separators, a landline, a number starting 12: not mobiles.
        assert_eq!(masked("138-1234 5678"), "138-1234 5678");
        assert_eq!(masked("0519-86541234"), "0519-86541234");
        assert_eq!(masked("12812345678"), "12812345678");
    }

    #[test]
    fn texts_with_fewer_digits_than_a_mobile_are_borrowed_untouched() {
        for text in [
            "",
            "张三",
            "1381234567",
            "电话 138-1234-567",
            "１３８１２３４５６７",
        ] {
            assert!(
                matches!(mask_personal(text), Cow::Borrowed(t) if t == text),
                "{text}"
            );
        }
        assert!(has_digits("a1b2c3d4e5f6g7h8i9j0k1", 11));
        assert!(has_digits("１３８-１２３４-５６７８", 11));
        assert!(!has_digits("１３８-１２３４-５６７", 11));
        assert_eq!(masked("１３８-１２３４-５６７８"), "１３８****５６７８");
    }

    #[test]
    fn full_width_digits_count() {
        assert_eq!(
            masked("３２０４１２１９８６０７１５３５４０"),
            "３２０４１２********３５４０"
        );
    }

    #[test]
    fn longer_runs_and_codes_stay_as_written() {
        for s in [
            "2012CY053",
            "证书编号 20231234567890123456", // 20 digits
            "3204121986071535401",           // 19 digits
            "A320412198607153540",           // a letter in front
            "320412198607153540B",           // a letter behind
            "ISBN 9787303123456",            // 13 digits
            "138123456789",                  // 12 digits
            "CN32-1234/G4",                  // a journal number
            "2023年5月20日，20230520",       // a date
            "１３８１２３４５６７８９",      // 12 full-width digits
        ] {
            assert_eq!(masked(s), s, "{s}");
            assert!(matches!(mask_personal(s), Cow::Borrowed(_)), "{s}");
        }
    }

    #[test]
    fn several_numbers_in_one_text() {
        assert_eq!(
            masked("王静 32041219860312022X 13912345678；李明 320412199506182458"),
            "王静 320412********022X 139****5678；李明 320412********2458"
        );
    }

    #[test]
    fn plain_text_is_borrowed() {
        assert!(matches!(mask_personal("浅谈小学数学"), Cow::Borrowed(_)));
        assert!(matches!(mask_personal(""), Cow::Borrowed(_)));
    }
}
