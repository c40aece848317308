//! Counting as polars queries: the building blocks every report counts with, and that the
//! district consolidation runs over all schools' frames concatenated.
//!
//! Each function takes any frame with the columns it names (the constants of
//! [`crate::normalize::columns`], or a column a report added), so a school's frame and the
//! concatenation of many schools' frames are counted by the same query. Who a name designates
//! is not decided here: the roster resolves names in Rust ([`super::roster::Roster::resolve`]),
//! the report adds the result as a column, and the grouping is done here.

use chrono::NaiveDate;
use polars::prelude::*;

use crate::normalize::columns::{LEVEL, papers as p, projects as j, training as tr};
use crate::normalize::frames::cell_text;
use crate::period::{Period, PeriodKind};
use crate::select::Copies;
use crate::vocab::{Kind, Scale};

/// The count column of [`count_by`] and [`sum_by`].
pub const N: &str = "n";
/// The position of a name in its list, added by [`explode_names`] (0 = the first name).
pub const POSITION: &str = "position";
/// The row of a record in its frame, added by [`with_row_number`].
pub const RECORD: &str = "record";

/// Whether a record is a copy of one handed in before (`bool`): copies count nowhere
/// ([`crate::select::Copies`]).
pub const COPY: &str = "copy";
/// Why a record is not counted, "" when it is (see [`left_out`]).
pub const LEFT_OUT: &str = "left_out";
/// Left out: a copy handed in before.
pub const DUPLICATE: &str = "duplicate";
/// Left out: no date while a period is set.
pub const UNDATED: &str = "undated";
/// Left out: dated outside the period.
pub const OUTSIDE: &str = "outside";
/// Left out: a paper neither 获奖 nor 发表.
pub const NO_KIND: &str = "no_kind";

/// A kind's records to count: its frame with [`COPY`] and a row number ([`RECORD`]). Every
/// count starts here, so that a record handed in twice counts once in every report.
///
/// # Errors
/// Only on an internal error building the frame.
pub fn records(frame: &DataFrame, kind: Kind, copies: &Copies) -> PolarsResult<LazyFrame> {
    let copy: Vec<bool> = (0..frame.height())
        .map(|i| copies.is_copy(kind, i))
        .collect();
    let df = with_values(frame, Column::new(COPY.into(), copy))?;
    Ok(with_row_number(df.lazy()))
}

/// `reasons` as one [`LEFT_OUT`] column: the first that holds, else "".
pub fn left_out(reasons: Vec<(Expr, &str)>) -> Expr {
    let mut why = lit("");
    // Built from the last reason back, so that the first that holds wins.
    for (cond, reason) in reasons.into_iter().rev() {
        why = when(cond.fill_null(lit(false)))
            .then(lit(reason))
            .otherwise(why);
    }
    why.alias(LEFT_OUT)
}

/// The reasons a record dated by `date` is left out of `period`: undated while a period is
/// set, dated outside it. Without a period neither applies.
pub fn dated_in(date: Expr, period: &Period) -> Vec<(Expr, &'static str)> {
    let limited = lit(period.kind != PeriodKind::All);
    vec![
        (limited.clone().and(date.clone().is_null()), UNDATED),
        (limited.and(in_period(date, period).not()), OUTSIDE),
    ]
}

/// The rows counted: those [`left_out`] of nothing.
pub fn counted(lf: LazyFrame) -> LazyFrame {
    lf.filter(col(LEFT_OUT).eq(lit("")))
}

/// Why a kind's records were left out, and how many: the [`LEFT_OUT`] column tallied, one
/// definition for every report (and a district's sum of schools).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Left {
    /// Records read.
    pub total: usize,
    /// Copies of records handed in twice ([`DUPLICATE`]).
    pub duplicates: usize,
    /// Papers neither awarded nor published ([`NO_KIND`]).
    pub no_kind: usize,
    /// Records without the date that decides their period ([`UNDATED`]).
    pub undated: usize,
    /// Records outside the period ([`OUTSIDE`]).
    pub outside: usize,
}

impl Left {
    /// Tallies the [`LEFT_OUT`] column of `facts`.
    ///
    /// # Errors
    /// The column is missing (an internal error).
    pub fn of(facts: &DataFrame) -> PolarsResult<Left> {
        let mut l = Left {
            total: facts.height(),
            ..Left::default()
        };
        for (why, n) in counts(facts.clone().lazy(), &[LEFT_OUT])? {
            match why[0].as_str() {
                DUPLICATE => l.duplicates = n,
                NO_KIND => l.no_kind = n,
                UNDATED => l.undated = n,
                OUTSIDE => l.outside = n,
                _ => {}
            }
        }
        Ok(l)
    }

    /// Adds another school's.
    pub fn add(&mut self, o: &Left) {
        self.total += o.total;
        self.duplicates += o.duplicates;
        self.no_kind += o.no_kind;
        self.undated += o.undated;
        self.outside += o.outside;
    }
}

/// A date as a literal of the frames' Date type.
pub fn date_lit(d: NaiveDate) -> Expr {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date");
    lit((d - epoch).num_days() as i32).cast(DataType::Date)
}

/// Whether a date falls in the period (a null date does not).
pub fn in_period(date: Expr, period: &Period) -> Expr {
    date.clone()
        .gt_eq(date_lit(period.start))
        .and(date.lt_eq(date_lit(period.end)))
        .fill_null(lit(false))
}

/// The date that decides in which period a record counts: a paper's date, a training record's
/// end (else its start). Projects run over a time span: see [`active_in`].
pub fn deciding_date(kind: Kind) -> Option<Expr> {
    match kind {
        Kind::Papers => Some(col(p::DATE)),
        Kind::Training => Some(
            when(col(tr::END).is_not_null())
                .then(col(tr::END))
                .otherwise(col(tr::START)),
        ),
        _ => None,
    }
}

/// Whether a project runs during the period: approved by its end (or approval unknown) and
/// not closed before its start.
pub fn active_in(period: &Period) -> Expr {
    let started = col(j::APPROVED_ON)
        .lt_eq(date_lit(period.end))
        .fill_null(lit(true));
    let running = col(j::CLOSED_ON)
        .gt_eq(date_lit(period.start))
        .fill_null(lit(true));
    started.and(running)
}

/// Adds a column from values computed in Rust (one per row: a mask, a resolved teacher).
///
/// # Errors
/// The values are not one per row.
pub fn with_values(df: &DataFrame, column: Column) -> PolarsResult<DataFrame> {
    let mut out = df.clone();
    out.with_column(column)?;
    Ok(out)
}

/// Numbers the rows `0..height` in [`RECORD`], so that exploded or filtered rows still say
/// which record they come from.
pub fn with_row_number(lf: LazyFrame) -> LazyFrame {
    lf.with_row_index(RECORD, None)
}

/// The rows counted: those where `keep` is true (copies and records outside the period are
/// left out by a mask).
pub fn kept(lf: LazyFrame, keep: Expr) -> LazyFrame {
    lf.filter(keep)
}

/// One row per name of a `List(String)` column, the name in `into` and its place in the list
/// in [`POSITION`]; records without a name give no row.
///
/// # Errors
/// Only on an internal error building the query.
pub fn explode_names(lf: LazyFrame, list: &str, into: &str) -> PolarsResult<LazyFrame> {
    const LIST_ROW: &str = "__list_row";
    const NAME_ROW: &str = "__name_row";
    let options = ExplodeOptions {
        empty_as_null: false,
        keep_nulls: false,
    };
    // A name's position: its row after exploding, less the row of its list's first name.
    let position = col(NAME_ROW) - col(NAME_ROW).first().over([col(LIST_ROW)])?;
    Ok(lf
        .with_row_index(LIST_ROW, None)
        .explode(cols([list]), options)
        .with_row_index(NAME_ROW, None)
        .with_column(position.alias(POSITION))
        .drop(cols([LIST_ROW, NAME_ROW]))
        .rename([list], [into], true))
}

/// The rows per combination of the `by` columns, in [`N`], in order of first appearance.
pub fn count_by(lf: LazyFrame, by: &[&str]) -> LazyFrame {
    let keys: Vec<Expr> = by.iter().map(|c| col(*c)).collect();
    lf.group_by_stable(keys)
        .agg([len().cast(DataType::Float64).alias(N)])
}

/// `df` sorted by `rank` (one value per row, computed in Rust: a level's place on its scale),
/// then by the columns `then` (nulls last), equals keeping their order.
///
/// # Errors
/// `rank` is not one per row, or a column is missing.
pub fn sort_by_rank(df: &DataFrame, rank: Vec<u32>, then: &[&str]) -> PolarsResult<DataFrame> {
    const RANK: &str = "__rank";
    let order = SortMultipleOptions::default()
        .with_nulls_last(true)
        .with_maintain_order(true);
    let by: Vec<&str> = [RANK].into_iter().chain(then.iter().copied()).collect();
    with_values(df, Column::new(RANK.into(), rank))?
        .lazy()
        .sort(by, order)
        .drop(cols([RANK]))
        .collect()
}

/// [`count_by`] collected: `(keys as text, rows)` per combination of the `by` columns.
///
/// # Errors
/// A column is missing (an internal error).
pub fn counts(lf: LazyFrame, by: &[&str]) -> PolarsResult<Vec<(Vec<String>, usize)>> {
    let rows = tally(&count_by(lf, by).collect()?, by, N)?;
    Ok(rows.into_iter().map(|(k, n)| (k, n as usize)).collect())
}

/// Counts by level — the scale's order, then its `missing` row (a level it does not know) —
/// and by the values of a second column, likewise ordered: `[level][value]`.
///
/// # Errors
/// A column is missing (an internal error).
pub fn level_table(
    lf: LazyFrame,
    levels: &Scale,
    (by, scale): (&str, &Scale),
) -> PolarsResult<Vec<Vec<usize>>> {
    let mut out = vec![vec![0; scale.order.len() + 1]; levels.order.len() + 1];
    for (k, n) in counts(lf, &[LEVEL, by])? {
        out[levels.index(&k[0])][scale.index(&k[1])] += n;
    }
    Ok(out)
}

/// Counts by level, in the scale's order, then its `missing` row.
///
/// # Errors
/// A column is missing (an internal error).
pub fn level_counts(lf: LazyFrame, levels: &Scale) -> PolarsResult<Vec<usize>> {
    let mut out = vec![0; levels.order.len() + 1];
    for (k, n) in counts(lf, &[LEVEL])? {
        out[levels.index(&k[0])] += n;
    }
    Ok(out)
}

/// The sum of `value` (a missing value counts 0) per combination of the `by` columns, in
/// `value`, and the rows in [`N`], in order of first appearance.
pub fn sum_by(lf: LazyFrame, by: &[&str], value: &str) -> LazyFrame {
    let keys: Vec<Expr> = by.iter().map(|c| col(*c)).collect();
    lf.group_by_stable(keys).agg([
        col(value).fill_null(lit(0.0)).sum().alias(value),
        len().cast(DataType::Float64).alias(N),
    ])
}

/// A grouped result as `(keys as text, value)` rows: keys as the CSV shows them (null as
/// empty), the value as a number.
///
/// # Errors
/// A column is missing or `value` is not numeric.
pub fn tally(df: &DataFrame, by: &[&str], value: &str) -> PolarsResult<Vec<(Vec<String>, f64)>> {
    let keys: Vec<&Column> = by
        .iter()
        .map(|c| df.column(c))
        .collect::<PolarsResult<_>>()?;
    let values = df.column(value)?.cast(&DataType::Float64)?;
    let values = values.f64()?;
    (0..df.height())
        .map(|i| {
            let k = keys
                .iter()
                .map(|c| c.get(i).map(|v| cell_text(&v)))
                .collect::<PolarsResult<Vec<String>>>()?;
            Ok((k, values.get(i).unwrap_or(0.0)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn dates(name: &str, v: &[Option<NaiveDate>]) -> Column {
        let epoch = day(1970, 1, 1);
        let days: Vec<Option<i32>> = v
            .iter()
            .map(|d| d.map(|d| (d - epoch).num_days() as i32))
            .collect();
        Int32Chunked::new(name.into(), days)
            .into_date()
            .into_column()
    }

    fn year_2023() -> Period {
        Period {
            kind: PeriodKind::Year(2023),
            start: day(2023, 1, 1),
            end: day(2023, 12, 31),
        }
    }

    fn bools(df: DataFrame, name: &str) -> Vec<Option<bool>> {
        df.column(name).unwrap().bool().unwrap().iter().collect()
    }

    #[test]
    fn the_first_reason_that_holds_is_the_one_given() {
        let d = [Some(day(2023, 5, 1)), Some(day(2022, 5, 1)), None, None];
        let df = DataFrame::new_infer_height(vec![
            dates("date", &d),
            Column::new(COPY.into(), [false, false, false, true]),
        ])
        .unwrap();
        let why = |period: &Period| {
            let mut reasons = vec![(col(COPY), DUPLICATE)];
            reasons.extend(dated_in(col("date"), period));
            let out = df
                .clone()
                .lazy()
                .with_column(left_out(reasons))
                .collect()
                .unwrap();
            tally(&out, &[LEFT_OUT], "date")
                .unwrap()
                .into_iter()
                .map(|(k, _)| k[0].clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(why(&year_2023()), ["", OUTSIDE, UNDATED, DUPLICATE]);
        assert_eq!(why(&Period::all()), ["", "", "", DUPLICATE]);
    }

    #[test]
    fn rows_sort_by_rank_then_columns_nulls_last_equals_in_order() {
        let df = df!(
            "title" => ["甲", "乙", "丙", "丁"],
            "n" => [Some(2), None, Some(1), Some(2)],
        )
        .unwrap();
        let out = sort_by_rank(&df, vec![1, 0, 1, 1], &["n"]).unwrap();
        assert_eq!(out.get_column_names(), ["title", "n"]);
        let titles: Vec<&str> = out
            .column("title")
            .unwrap()
            .str()
            .unwrap()
            .iter()
            .flatten()
            .collect();
        assert_eq!(titles, ["乙", "丙", "甲", "丁"]);
    }

    #[test]
    fn records_mark_the_copies_and_number_the_rows() {
        let df = df!("title" => ["甲", "乙"]).unwrap();
        let out = records(&df, Kind::Papers, &Copies::default())
            .unwrap()
            .collect()
            .unwrap();
        assert_eq!(bools(out.clone(), COPY), [Some(false), Some(false)]);
        assert_eq!(
            tally(&out, &["title"], RECORD).unwrap(),
            [(vec!["甲".to_string()], 0.0), (vec!["乙".to_string()], 1.0)]
        );
    }

    #[test]
    fn in_period_includes_both_ends_and_not_nulls() {
        let d = [
            Some(day(2022, 12, 31)),
            Some(day(2023, 1, 1)),
            Some(day(2023, 12, 31)),
            None,
        ];
        let df = DataFrame::new_infer_height(vec![dates("date", &d)]).unwrap();
        let out = df
            .lazy()
            .select([in_period(col("date"), &year_2023()).alias("in")])
            .collect()
            .unwrap();
        assert_eq!(
            bools(out, "in"),
            [Some(false), Some(true), Some(true), Some(false)]
        );
    }

    #[test]
    fn training_counts_on_its_end_else_its_start() {
        let df = DataFrame::new_infer_height(vec![
            dates(
                "start",
                &[Some(day(2023, 12, 30)), Some(day(2023, 5, 1)), None],
            ),
            dates("end", &[Some(day(2024, 1, 2)), None, None]),
        ])
        .unwrap();
        let date = deciding_date(Kind::Training).unwrap();
        let out = df
            .lazy()
            .select([in_period(date, &year_2023()).alias("in")])
            .collect()
            .unwrap();
        assert_eq!(bools(out, "in"), [Some(false), Some(true), Some(false)]);
    }

    #[test]
    fn projects_are_active_when_their_span_meets_the_period() {
        let df = DataFrame::new_infer_height(vec![
            dates(
                "approved_on",
                &[Some(day(2024, 1, 1)), None, Some(day(2020, 1, 1)), None],
            ),
            dates(
                "closed_on",
                &[None, Some(day(2022, 12, 31)), Some(day(2023, 1, 1)), None],
            ),
        ])
        .unwrap();
        let out = df
            .lazy()
            .select([active_in(&year_2023()).alias("in")])
            .collect()
            .unwrap();
        assert_eq!(
            bools(out, "in"),
            [Some(false), Some(false), Some(true), Some(true)]
        );
    }

    #[test]
    fn names_explode_with_their_position() {
        let df = df!("title" => ["甲", "乙", "丙"]).unwrap();
        let mut b = ListStringChunkedBuilder::new("authors".into(), 3, 3);
        b.append_values_iter(["张三", "李四"].into_iter());
        b.append_null();
        b.append_values_iter(["王五"].into_iter());
        let df = with_values(&df, b.finish().into_column()).unwrap();
        let out = explode_names(df.lazy(), "authors", "name")
            .unwrap()
            .collect()
            .unwrap();
        let rows = tally(&out, &["title", "name"], POSITION).unwrap();
        let want = [
            (vec!["甲".to_string(), "张三".to_string()], 0.0),
            (vec!["甲".to_string(), "李四".to_string()], 1.0),
            (vec!["丙".to_string(), "王五".to_string()], 0.0),
        ];
        assert_eq!(rows, want);
    }

    #[test]
    fn counts_and_sums_by_columns_in_order_of_first_appearance() {
        let df = df!(
            "level" => [Some("市级"), None, Some("市级"), Some("省级")],
            "hours" => [Some(2.0), Some(1.5), None, Some(4.0)],
        )
        .unwrap();
        let counts = count_by(df.clone().lazy(), &["level"]).collect().unwrap();
        assert_eq!(
            tally(&counts, &["level"], N).unwrap(),
            [
                (vec!["市级".to_string()], 2.0),
                (vec![String::new()], 1.0),
                (vec!["省级".to_string()], 1.0)
            ]
        );
        let sums = sum_by(df.lazy(), &["level"], "hours").collect().unwrap();
        assert_eq!(
            tally(&sums, &["level"], "hours").unwrap(),
            [
                (vec!["市级".to_string()], 2.0),
                (vec![String::new()], 1.5),
                (vec!["省级".to_string()], 4.0)
            ]
        );
    }

    #[test]
    fn a_mask_leaves_rows_out() {
        let df = df!("n" => [1u32, 2, 3]).unwrap();
        let mask = Column::new("keep".into(), [true, false, true]);
        let df = with_values(&df, mask).unwrap();
        let out = kept(with_row_number(df.lazy()), col("keep"))
            .collect()
            .unwrap();
        let records: Vec<Option<u32>> = out.column(RECORD).unwrap().u32().unwrap().iter().collect();
        assert_eq!(records, [Some(0), Some(2)]);
    }
}
