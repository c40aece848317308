//! Reporting periods: a calendar year, a school year or a term.
//!
//! Offices count by the calendar year, by the school year (Sep 1 – Aug 31) or by term; the
//! terms' first days come from the school's profile (default: first term from Sep 1 to
//! Jan 31, second term from Feb 1 to Aug 31).

use chrono::{Datelike, NaiveDate};

/// Month names as calendars write them, January first.
pub const MONTH_NAMES: [&str; 12] = [
    "一月",
    "二月",
    "三月",
    "四月",
    "五月",
    "六月",
    "七月",
    "八月",
    "九月",
    "十月",
    "十一月",
    "十二月",
];

/// The first day of each term, as month and day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Terms {
    /// First term's first day (default Sep 1); the term runs to the day before the second.
    pub first: (u32, u32),
    /// Second term's first day (default Feb 1); the term runs to the day before the first.
    pub second: (u32, u32),
}

impl Default for Terms {
    fn default() -> Self {
        Terms {
            first: (9, 1),
            second: (2, 1),
        }
    }
}

impl Terms {
    /// Parses `"09-01"` / `"9-1"` / `"9月1日"`.
    ///
    /// # Errors
    /// A month-day that does not exist.
    pub fn parse_day(s: &str) -> Result<(u32, u32), String> {
        let digits: Vec<u32> = s
            .split(|c: char| !c.is_ascii_digit())
            .filter(|p| !p.is_empty())
            .filter_map(|p| p.parse().ok())
            .collect();
        match digits.as_slice() {
            [m, d] if NaiveDate::from_ymd_opt(2024, *m, *d).is_some() => Ok((*m, *d)),
            _ => Err(format!("“{s}”不是有效的月日：应写作 09-01")),
        }
    }
}

/// What a period is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodKind {
    /// Every record, whatever its date.
    All,
    /// A calendar year.
    Year(i32),
    /// A school year starting in the given year.
    SchoolYear(i32),
    /// Term 1 or 2 of the school year starting in the given year.
    Term(i32, u8),
}

/// A reporting period with its bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// What it is.
    pub kind: PeriodKind,
    /// First day (inclusive).
    pub start: NaiveDate,
    /// Last day (inclusive).
    pub end: NaiveDate,
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid date")
}

impl Period {
    /// No restriction.
    pub fn all() -> Period {
        Period {
            kind: PeriodKind::All,
            start: NaiveDate::MIN,
            end: NaiveDate::MAX,
        }
    }

    /// A calendar year.
    pub fn year(y: i32) -> Period {
        Period {
            kind: PeriodKind::Year(y),
            start: ymd(y, 1, 1),
            end: ymd(y, 12, 31),
        }
    }

    /// The school year `y`–`y+1`, from the first term's first day to the day before it
    /// comes round again.
    pub fn school_year(y: i32, terms: &Terms) -> Period {
        let start = ymd(y, terms.first.0, terms.first.1);
        let end = ymd(y + 1, terms.first.0, terms.first.1)
            .pred_opt()
            .expect("a valid date");
        Period {
            kind: PeriodKind::SchoolYear(y),
            start,
            end,
        }
    }

    /// Term `n` (1 or 2) of the school year `y`–`y+1`.
    pub fn term(y: i32, n: u8, terms: &Terms) -> Period {
        let first = ymd(y, terms.first.0, terms.first.1);
        let second = ymd(y + 1, terms.second.0, terms.second.1);
        let next_first = ymd(y + 1, terms.first.0, terms.first.1);
        let (start, end) = if n == 1 {
            (first, second)
        } else {
            (second, next_first)
        };
        Period {
            kind: PeriodKind::Term(y, n),
            start,
            end: end.pred_opt().expect("a valid date"),
        }
    }

    /// Parses `2023-2024` (school year).
    ///
    /// # Errors
    /// Not two consecutive years.
    pub fn parse_school_year(s: &str, terms: &Terms) -> Result<Period, String> {
        match years(s).as_slice() {
            [a, b] if *b == a + 1 => Ok(Period::school_year(*a, terms)),
            _ => Err(format!("学年“{s}”格式不对：应写作 2023-2024")),
        }
    }

    /// Parses `2023-2024-1` (term).
    ///
    /// # Errors
    /// Not two consecutive years and a term 1 or 2.
    pub fn parse_term(s: &str, terms: &Terms) -> Result<Period, String> {
        match years(s).as_slice() {
            [a, b, n] if *b == a + 1 && (*n == 1 || *n == 2) => {
                Ok(Period::term(*a, *n as u8, terms))
            }
            _ => Err(format!(
                "学期“{s}”格式不对：应写作 2023-2024-1（第一学期）或 2023-2024-2（第二学期）"
            )),
        }
    }

    /// The period from the command line or the profile: at most one of the three.
    ///
    /// # Errors
    /// A badly written school year or term.
    pub fn resolve(
        year: Option<i32>,
        school_year: Option<&str>,
        term: Option<&str>,
        terms: &Terms,
    ) -> Result<Option<Period>, String> {
        if let Some(t) = term {
            return Period::parse_term(t, terms).map(Some);
        }
        if let Some(sy) = school_year {
            return Period::parse_school_year(sy, terms).map(Some);
        }
        Ok(year.map(Period::year))
    }

    /// True when the date falls in the period.
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.start <= d && d <= self.end
    }

    /// The period as titles say it: `2023年度`, `2023—2024学年`, `2023—2024学年第一学期`.
    pub fn label(&self) -> String {
        match self.kind {
            PeriodKind::All => "全部记录".into(),
            PeriodKind::Year(y) => format!("{y}年度"),
            PeriodKind::SchoolYear(y) => format!("{y}—{}学年", y + 1),
            PeriodKind::Term(y, n) => {
                format!(
                    "{y}—{}学年第{}学期",
                    y + 1,
                    if n == 1 { "一" } else { "二" }
                )
            }
        }
    }

    /// The terms a period covers (a school year has two), for the term summaries.
    pub fn terms(&self, terms: &Terms) -> Vec<Period> {
        match self.kind {
            PeriodKind::Term(..) => vec![*self],
            PeriodKind::SchoolYear(y) => vec![Period::term(y, 1, terms), Period::term(y, 2, terms)],
            PeriodKind::Year(y) => vec![Period::term(y - 1, 2, terms), Period::term(y, 1, terms)],
            PeriodKind::All => Vec::new(),
        }
    }

    /// The term containing a date.
    pub fn term_of(d: NaiveDate, terms: &Terms) -> Period {
        let y = d.year();
        let candidates = [
            Period::term(y - 1, 1, terms),
            Period::term(y - 1, 2, terms),
            Period::term(y, 1, terms),
        ];
        candidates
            .into_iter()
            .find(|p| p.contains(d))
            .unwrap_or_else(|| Period::term(y, 1, terms))
    }

    /// The calendar months of the period, in order (for a calendar of plan items).
    pub fn months(&self) -> Vec<u32> {
        if self.kind == PeriodKind::All {
            return (1..=12).collect();
        }
        let mut out = Vec::new();
        let mut d = self.start.with_day(1).expect("day 1 exists");
        while d <= self.end && out.len() < 12 {
            out.push(d.month());
            d = d
                .checked_add_months(chrono::Months::new(1))
                .expect("a valid date");
        }
        out
    }

    /// How many years the period spans, for prorating a yearly requirement (a term is half).
    pub fn years(&self) -> f64 {
        match self.kind {
            PeriodKind::Term(..) => 0.5,
            _ => 1.0,
        }
    }
}

fn years(s: &str) -> Vec<i32> {
    s.split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .filter_map(|p| p.parse().ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_school_years_and_terms() {
        let t = Terms::default();
        let y = Period::year(2023);
        assert_eq!(
            (y.start, y.end, y.label()),
            (ymd(2023, 1, 1), ymd(2023, 12, 31), "2023年度".to_string())
        );
        let sy = Period::parse_school_year("2023-2024", &t).unwrap();
        assert_eq!((sy.start, sy.end), (ymd(2023, 9, 1), ymd(2024, 8, 31)));
        assert_eq!(sy.label(), "2023—2024学年");
        let t1 = Period::parse_term("2023-2024-1", &t).unwrap();
        assert_eq!((t1.start, t1.end), (ymd(2023, 9, 1), ymd(2024, 1, 31)));
        assert_eq!(t1.label(), "2023—2024学年第一学期");
        let t2 = Period::parse_term("2023—2024—2", &t).unwrap();
        assert_eq!((t2.start, t2.end), (ymd(2024, 2, 1), ymd(2024, 8, 31)));
        assert_eq!(t1.months(), [9, 10, 11, 12, 1]);
        assert_eq!(t2.months(), [2, 3, 4, 5, 6, 7, 8]);
    }

    #[test]
    fn bad_spellings_are_refused() {
        let t = Terms::default();
        assert!(Period::parse_school_year("2023-2025", &t).is_err());
        assert!(Period::parse_term("2023-2024-3", &t).is_err());
        assert!(Period::parse_term("2023-2024", &t).is_err());
        assert!(Terms::parse_day("13-01").is_err());
        assert_eq!(Terms::parse_day("8月25日").unwrap(), (8, 25));
    }

    #[test]
    fn terms_follow_the_profile() {
        let t = Terms {
            first: (8, 25),
            second: (2, 10),
        };
        let t1 = Period::term(2023, 1, &t);
        assert_eq!((t1.start, t1.end), (ymd(2023, 8, 25), ymd(2024, 2, 9)));
        assert_eq!(
            Period::term_of(ymd(2024, 3, 1), &t).kind,
            PeriodKind::Term(2023, 2)
        );
        assert_eq!(Period::school_year(2023, &t).terms(&t).len(), 2);
    }
}
