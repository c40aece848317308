//! Which calendar items a period takes: each plan in its own term.
//!
//! A calendar item carries the school year and term of its plan when the plan names them
//! ([`crate::normalize::plan_term`]). A period takes the items of the plans whose own term
//! (or school year, when the plan names no term) overlaps it; the months then place them
//! within the period. An item whose plan names no time is taken too, flagged: the term report
//! says so under its calendar and `check` warns (`undated_plan`), so that a 2012 plan in the
//! 2023 folder is seen rather than silently counted.

use crate::normalize::plan_term::Dating;
use crate::period::{Period, PeriodKind, Terms};
use crate::vocab::DocumentWords;

/// How a calendar item stands to a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fit {
    /// Its plan's term or school year overlaps the period (or no period is set).
    In,
    /// Its plan belongs to another term.
    Outside,
    /// Its plan names no school year: taken, with a warning.
    Undated,
}

/// Where an item of a plan of `school_year` (`2021-2022`, as in plans.csv) and `term` stands
/// to `period`.
///
/// ```
/// use jiaoke::period::{Period, Terms};
/// use jiaoke::select::plans::{fit, Fit};
/// use jiaoke::vocab::Vocab;
/// let words = &Vocab::builtin().documents;
/// let t = Terms::default();
/// let term = Period::term(2023, 1, &t);
/// assert_eq!(fit(Some("2023-2024"), Some(1), &term, &t, words), Fit::In);
/// assert_eq!(fit(Some("2023-2024"), None, &term, &t, words), Fit::In);
/// assert_eq!(fit(Some("2012-2013"), Some(1), &term, &t, words), Fit::Outside);
/// assert_eq!(fit(None, None, &term, &t, words), Fit::Undated);
/// ```
pub fn fit(
    school_year: Option<&str>,
    term: Option<u32>,
    period: &Period,
    terms: &Terms,
    words: &DocumentWords,
) -> Fit {
    if period.kind == PeriodKind::All {
        return Fit::In;
    }
    let Some(year) = school_year.and_then(|s| Dating::parse(s, words).school_year) else {
        return Fit::Undated;
    };
    let own = match term {
        Some(n @ (1 | 2)) => Period::term(year, n as u8, terms),
        _ => Period::school_year(year, terms),
    };
    if own.start <= period.end && own.end >= period.start {
        Fit::In
    } else {
        Fit::Outside
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::Vocab;

    #[test]
    fn a_plan_counts_in_the_periods_its_own_term_overlaps() {
        let words = &Vocab::builtin().documents;
        let t = Terms::default();
        let f = |sy: Option<&str>, n: Option<u32>, p: &Period| fit(sy, n, p, &t, words);
        let second = Period::term(2023, 2, &t);
        assert_eq!(f(Some("2023-2024"), Some(1), &second), Fit::Outside);
        assert_eq!(f(Some("2023-2024"), Some(2), &second), Fit::In);
        let year = Period::year(2024);
        assert_eq!(f(Some("2023-2024"), Some(2), &year), Fit::In);
        assert_eq!(f(Some("2024-2025"), Some(1), &year), Fit::In);
        assert_eq!(f(Some("2022-2023"), Some(1), &year), Fit::Outside);
        let sy = Period::school_year(2021, &t);
        assert_eq!(f(Some("2021-2022"), Some(2), &sy), Fit::In);
        assert_eq!(f(Some("2022-2023"), None, &sy), Fit::Outside);
        assert_eq!(f(None, Some(1), &sy), Fit::Undated);
        assert_eq!(f(None, None, &Period::all()), Fit::In);
    }
}
