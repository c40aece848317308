//! Which school year and term a plan belongs to.
//!
//! A calendar item carries a month but no year; the plan it comes from says the rest, in the
//! ways offices write it: a title or a folder naming the school year and term
//! (`2021-2022学年第一学期`, `2021学年第二学期`, `2024年春季学期`), a period line under the
//! title (`（2012.9—2013.1）`), a sheet named `第一学期`, a dated month heading
//! (`二○一一年一月`), a signature date (`2012年9月`). [`Dating::parse`] reads one such text;
//! the caller tries the most specific text first and falls back with [`Dating::or`].
//!
//! Months go to terms by the usual school calendar: September to January are the first term
//! of the school year starting that September, February to August the second
//! ([`crate::period::Period::term_of`] with the default term days). A school's own term days
//! (jiaoke.toml) move the boundaries by days, which a month cannot show.
//!
//! This module only reads; which items a report takes is decided in
//! [`crate::select::plans`].

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

use crate::period::{Period, PeriodKind, Terms};
use crate::text::{remove_spaces, to_halfwidth};
use crate::vocab::DocumentWords;

use super::records::Plan;
use super::values::cn_digits;

/// What a plan says about its time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Dating {
    /// The school year by its first calendar year: 2021 for 2021—2022.
    pub school_year: Option<i32>,
    /// The term: 1 or 2.
    pub term: Option<u8>,
    /// A calendar year (`2023年度工作计划`), when no school year is named: each item's month
    /// then decides its school year and term.
    pub year: Option<i32>,
}

/// `2021-2022`, `2021—22`, `2021年-2022年`: two consecutive years (checked by the caller).
static YEAR_PAIR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d{4})年?[-—–―~～〜至到/]+(\d{4}|\d{2})(?:年|学年)?").expect("valid")
});
/// `2021学年`, `2021学年度`: a school year by its first year.
static SCHOOL_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d{4})年?学年").expect("valid"));
/// `2012.9—2013.1`, `2012年9月至2013年1月`, `2012.9.1-2013.1.20`, `2023.9-12`.
static DATE_RANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(\d{4})[.．/年\-](\d{1,2})(?:月|[.．/\-]\d{1,2}日?)*[-—–―~～〜至到]+(?:(\d{4})[.．/年\-])?(\d{1,2})(?:[^\d]|$)",
    )
    .expect("valid")
});
/// `2012年9月`, `2012.9`, `2012-09`.
static YEAR_MONTH: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d{4})[.．/年\-](\d{1,2})(?:[^\d]|$)").expect("valid"));
/// `2023年`, `2023年度`, `2023春季`.
static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d{4})(?:年|[春秋])").expect("valid"));

impl Dating {
    /// Reads what `text` (a title, a file name, a sheet name, a date line) says.
    ///
    /// ```
    /// use jiaoke::normalize::plan_term::Dating;
    /// use jiaoke::vocab::Vocab;
    /// let words = &Vocab::builtin().documents;
    /// let d = Dating::parse("2021-2022学年第一学期教科室工作计划", words);
    /// assert_eq!((d.school_year, d.term), (Some(2021), Some(1)));
    /// let d = Dating::parse("（2012.9——2013.1）", words);
    /// assert_eq!((d.school_year, d.term), (Some(2012), Some(1)));
    /// let d = Dating::parse("2024年春季学期工作安排", words);
    /// assert_eq!((d.school_year, d.term), (Some(2023), Some(2)));
    /// ```
    pub fn parse(text: &str, words: &DocumentWords) -> Dating {
        let plain = remove_spaces(&to_halfwidth(text));
        let term = term_word(&plain, words);
        let digits = cn_digits(&plain);
        let mut out = Dating {
            term: term.map(|(n, _)| n),
            ..Dating::default()
        };
        if let Some(y) = school_year(&digits) {
            out.school_year = Some(y);
            return out;
        }
        if let Some((y, n)) = date_range(&digits).or_else(|| year_month(&digits)) {
            return Dating {
                school_year: Some(y),
                term: n.or(out.term),
                year: None,
            };
        }
        let year = YEAR
            .captures(&digits)
            .and_then(|c| c[1].parse::<i32>().ok())
            .filter(|y| plausible(*y));
        match (year, term) {
            // A season names the half of the calendar year: 2024年春季 is 2023—2024's second.
            (Some(y), Some((n, true))) => {
                out.school_year = Some(if n == 2 { y - 1 } else { y });
            }
            // `2023年第一学期` could be either term counted from January: the months decide.
            (Some(y), _) => {
                out.year = Some(y);
                out.term = None;
            }
            (None, _) => {}
        }
        out
    }

    /// What a file's path says: its name first, then its folders from the innermost
    /// (`2023-2024学年第一学期/教科室/计划.docx`).
    pub fn of_path(path: &str, words: &DocumentWords) -> Dating {
        let name = path.rsplit('/').next().unwrap_or(path);
        let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
        path.rsplit('/')
            .skip(1)
            .fold(Dating::parse(stem, words), |d, folder| {
                d.or(Dating::parse(folder, words))
            })
    }

    /// True when nothing was read.
    pub fn is_empty(&self) -> bool {
        *self == Dating::default()
    }

    /// `self`, completed by `other` where it says nothing; a school year of `other` that
    /// differs from `self`'s is ignored, with its term.
    pub fn or(self, other: Dating) -> Dating {
        if let (Some(a), Some(b)) = (self.school_year, other.school_year)
            && a != b
        {
            return self;
        }
        Dating {
            school_year: self.school_year.or(other.school_year),
            term: self.term.or(other.term),
            year: if self.school_year.or(other.school_year).is_some() {
                None
            } else {
                self.year.or(other.year)
            },
        }
    }

    /// The school year and term of an item of this plan in `month`.
    ///
    /// ```
    /// use jiaoke::normalize::plan_term::Dating;
    /// let year = Dating { school_year: Some(2021), ..Dating::default() };
    /// assert_eq!(year.of_item(Some(3)), (Some(2021), Some(2)));
    /// let calendar = Dating { year: Some(2023), ..Dating::default() };
    /// assert_eq!(calendar.of_item(Some(1)), (Some(2022), Some(1)));
    /// assert_eq!(calendar.of_item(None), (None, None));
    /// ```
    pub fn of_item(&self, month: Option<u32>) -> (Option<i32>, Option<u8>) {
        match (self.school_year, self.term, self.year, month) {
            (Some(y), Some(n), _, _) => (Some(y), Some(n)),
            (Some(y), None, _, Some(m)) => {
                // September to December fall in the school year's first calendar year.
                let calendar_year = if m >= 9 { y } else { y + 1 };
                (Some(y), term_of(calendar_year, m).map(|(_, n)| n))
            }
            (Some(y), None, _, None) => (Some(y), None),
            (None, _, Some(year), Some(m)) => match term_of(year, m) {
                Some((sy, n)) => (Some(sy), Some(n)),
                None => (None, None),
            },
            (None, n, _, _) => (None, n),
        }
    }
}

/// Gives the calendar items of a workbook's sheets that name no school year the one its other
/// calendars name, when they all name the same: a `开学周历` sheet beside `第一学期` and
/// `第二学期` sheets titled 2023—2024 is 2023—2024's. Each item's month then gives its term.
pub fn date_by_siblings(plans: &mut [Plan]) {
    let mut years = plans.iter().filter_map(|p| p.school_year);
    let Some(year) = years.next() else {
        return;
    };
    if years.any(|y| y != year) {
        return;
    }
    let dating = Dating {
        school_year: Some(year),
        ..Dating::default()
    };
    for p in plans.iter_mut().filter(|p| p.school_year.is_none()) {
        let (school_year, term) = dating.of_item(p.month);
        p.school_year = school_year;
        p.term = p.term.or(term);
    }
}

/// The school year (by its first year) and term containing `month` of `year`.
fn term_of(year: i32, month: u32) -> Option<(i32, u8)> {
    let day = NaiveDate::from_ymd_opt(year, month, 15)?;
    match Period::term_of(day, &Terms::default()).kind {
        PeriodKind::Term(y, n) => Some((y, n)),
        _ => None,
    }
}

/// Years a school plan can name (a number outside is an item code or a count).
fn plausible(y: i32) -> bool {
    (1980..=2100).contains(&y)
}

/// The term a word names, and whether the word is a season (春季 / 秋季).
fn term_word(text: &str, words: &DocumentWords) -> Option<(u8, bool)> {
    let lists = [
        (&words.first_term, 1, false),
        (&words.second_term, 2, false),
        (&words.autumn_term, 1, true),
        (&words.spring_term, 2, true),
    ];
    lists
        .iter()
        .flat_map(|(list, n, season)| list.iter().map(move |w| (w, *n, *season)))
        .filter_map(|(w, n, season)| text.find(w.as_str()).map(|pos| (pos, n, season)))
        .min_by_key(|(pos, ..)| *pos)
        .map(|(_, n, season)| (n, season))
}

/// `2021-2022学年`, `2021—22`, `2021学年`.
fn school_year(text: &str) -> Option<i32> {
    for c in YEAR_PAIR.captures_iter(text) {
        let whole = c.get(0)?;
        // `2012—2013.1` is a date range, `2012-2013年1月` too.
        let after = &text[whole.end()..];
        if after.starts_with(['.', '．', '/', '-'])
            || after.starts_with(|c: char| c.is_ascii_digit())
        {
            continue;
        }
        let (Ok(a), Ok(b)) = (c[1].parse::<i32>(), c[2].parse::<i32>()) else {
            continue;
        };
        let b = if c[2].len() == 2 {
            a / 100 * 100 + b
        } else {
            b
        };
        if b == a + 1 && plausible(a) {
            return Some(a);
        }
    }
    SCHOOL_YEAR
        .captures(text)
        .and_then(|c| c[1].parse().ok())
        .filter(|y| plausible(*y))
}

/// `2012.9—2013.1`: the term of both ends, or the school year when they share only that.
fn date_range(text: &str) -> Option<(i32, Option<u8>)> {
    let c = DATE_RANGE.captures(text)?;
    let y1: i32 = c[1].parse().ok()?;
    let m1: u32 = c[2].parse().ok()?;
    let m2: u32 = c[4].parse().ok()?;
    let y2 = match c.get(3) {
        Some(y) => y.as_str().parse().ok()?,
        None if m2 < m1 => y1 + 1,
        None => y1,
    };
    if !plausible(y1) || !(y1..=y1 + 1).contains(&y2) {
        return None;
    }
    let (sy1, n1) = term_of(y1, m1)?;
    let (sy2, n2) = term_of(y2, m2)?;
    (sy1 == sy2).then_some((sy1, (n1 == n2).then_some(n1)))
}

/// `2012年9月`: the term containing that month.
fn year_month(text: &str) -> Option<(i32, Option<u8>)> {
    let c = YEAR_MONTH.captures(text)?;
    let y: i32 = c[1].parse().ok()?;
    let m: u32 = c[2].parse().ok()?;
    if !plausible(y) {
        return None;
    }
    term_of(y, m).map(|(sy, n)| (sy, Some(n)))
}

/// The first year of a school year as columns and reports write it: `2021-2022`.
pub fn school_year_label(first: i32) -> String {
    format!("{first}-{}", first + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::Vocab;

    fn parse(t: &str) -> (Option<i32>, Option<u8>, Option<i32>) {
        let d = Dating::parse(t, &Vocab::builtin().documents);
        (d.school_year, d.term, d.year)
    }

    #[test]
    fn school_years_and_terms_as_titles_write_them() {
        for (t, want) in [
            (
                "2021-2022学年第一学期教科室工作计划",
                (Some(2021), Some(1), None),
            ),
            ("2021—2022学年度第二学期", (Some(2021), Some(2), None)),
            ("２０２１～２０２２学年 上学期", (Some(2021), Some(1), None)),
            ("2021-22学年下学期行事历", (Some(2021), Some(2), None)),
            ("2023学年第一学期", (Some(2023), Some(1), None)),
            ("二○二一学年第二学期", (Some(2021), Some(2), None)),
            ("2021-2022学年工作计划", (Some(2021), None, None)),
            ("2024年春季学期教科室计划", (Some(2023), Some(2), None)),
            ("2024年秋季学期", (Some(2024), Some(1), None)),
            ("2024春学期", (Some(2023), Some(2), None)),
            ("第一学期", (None, Some(1), None)),
            ("2023年度教科室工作要点", (None, None, Some(2023))),
            ("2023年第一学期", (None, None, Some(2023))),
        ] {
            assert_eq!(parse(t), want, "{t}");
        }
    }

    #[test]
    fn period_lines_and_dates_give_the_term_they_fall_in() {
        for (t, want) in [
            ("（2012.9——2013.1）", (Some(2012), Some(1), None)),
            ("2012年9月至2013年1月", (Some(2012), Some(1), None)),
            ("2013.2-2013.6", (Some(2012), Some(2), None)),
            ("2023.9-12", (Some(2023), Some(1), None)),
            ("2012.9—2013.7", (Some(2012), None, None)),
            ("二○一一年一月", (Some(2010), Some(1), None)),
            ("2012年9月", (Some(2012), Some(1), None)),
            ("2012.3", (Some(2011), Some(2), None)),
        ] {
            assert_eq!(parse(t), want, "{t}");
        }
    }

    #[test]
    fn numbers_that_are_no_time_are_ignored() {
        for t in [
            "教科室工作计划",
            "焦溪小学第六届读书节",
            "课题编号 2012-0035",
            "共 2021 人次",
            "9月10日召开课题会",
            "1234-1235学年",
        ] {
            assert_eq!(parse(t), (None, None, None), "{t}");
        }
    }

    #[test]
    fn the_more_specific_text_wins() {
        let words = &Vocab::builtin().documents;
        let sheet = Dating::parse("第二学期", words);
        let file = Dating::parse("2023-2024学年行事历.xlsx", words);
        let both = sheet.or(file);
        assert_eq!((both.school_year, both.term), (Some(2023), Some(2)));
        let other = Dating::parse("2019-2020学年第一学期", words);
        assert_eq!(file.or(other), file);
    }

    #[test]
    fn a_sheet_without_a_year_takes_its_workbooks_year() {
        let plan = |month: u32, school_year: Option<i32>| Plan {
            month: Some(month),
            school_year,
            term: school_year.map(|_| 1),
            ..Plan::default()
        };
        let mut plans = vec![plan(9, Some(2023)), plan(10, None), plan(3, None)];
        date_by_siblings(&mut plans);
        let got: Vec<_> = plans.iter().map(|p| (p.school_year, p.term)).collect();
        assert_eq!(
            got,
            [
                (Some(2023), Some(1)),
                (Some(2023), Some(1)),
                (Some(2023), Some(2))
            ]
        );
        // Two school years in one workbook: nothing is guessed.
        let mut plans = vec![plan(9, Some(2023)), plan(9, Some(2022)), plan(10, None)];
        date_by_siblings(&mut plans);
        assert_eq!(plans[2].school_year, None);
    }

    #[test]
    fn items_take_their_term_from_their_month() {
        let sy = Dating {
            school_year: Some(2021),
            ..Dating::default()
        };
        assert_eq!(sy.of_item(Some(9)), (Some(2021), Some(1)));
        assert_eq!(sy.of_item(Some(1)), (Some(2021), Some(1)));
        assert_eq!(sy.of_item(Some(2)), (Some(2021), Some(2)));
        assert_eq!(sy.of_item(Some(8)), (Some(2021), Some(2)));
        let year = Dating {
            year: Some(2023),
            ..Dating::default()
        };
        assert_eq!(year.of_item(Some(3)), (Some(2022), Some(2)));
        assert_eq!(year.of_item(Some(10)), (Some(2023), Some(1)));
        let term = Dating {
            school_year: Some(2012),
            term: Some(1),
            year: None,
        };
        assert_eq!(term.of_item(Some(1)), (Some(2012), Some(1)));
        assert_eq!(Dating::default().of_item(Some(3)), (None, None));
    }
}
