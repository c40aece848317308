//! An inbox prepared for every output: imported ([`crate::pipeline::import`]), its copies found
//! ([`crate::select`]), checked ([`crate::check`]), with the school's settings resolved — the
//! period, the terms, the letterhead. Every command builds its outputs from a [`Prepared`];
//! none wires the stages itself, and none depends on another command.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;

use crate::check::{self, Settings};
use crate::config::Config;
use crate::finding::Finding;
use crate::period::{Period, PeriodKind, Terms};
use crate::pipeline::{self, Dataset, PipelineError};
use crate::report::context::ReportInput;
use crate::report::workbook::Letterhead;
use crate::vocab::Vocab;

/// Why an inbox could not be prepared.
#[derive(Debug, thiserror::Error)]
pub enum PrepareError {
    /// A setting of jiaoke.toml is wrong (the message says which).
    #[error("{0}")]
    Config(String),
    /// The inbox could not be read at all.
    #[error(transparent)]
    Pipeline(#[from] PipelineError),
    /// An internal error while checking.
    #[error("内部错误：{0}")]
    Check(#[from] polars::error::PolarsError),
    /// An internal error while counting (a district's schools).
    #[error(transparent)]
    Count(#[from] crate::report::context::ReportError),
}

/// The inbox imported and checked, ready for any output.
#[derive(Debug)]
pub struct Prepared {
    /// The data.
    pub dataset: Dataset,
    /// Every finding, in inbox order ([`ordered_findings`]).
    pub findings: Vec<Finding>,
    /// School, date and personal-number policy of every workbook.
    pub head: Letterhead,
    /// The period asked for (all records when none was).
    pub period: Period,
    /// Whether a period was asked for at all (flags or jiaoke.toml).
    pub period_set: bool,
    /// The terms' first days.
    pub terms: Terms,
    /// Training hours required per year.
    pub required_hours_per_year: f64,
    /// The vocabularies the inbox was read with; their orders and words lay out the reports.
    pub vocab: Vocab,
}

impl Prepared {
    /// Imports and checks `inbox` with the school's `config`. `flags` is the period given on
    /// the command line (it overrides jiaoke.toml's); `today` dates the workbooks and tells
    /// future dates; `progress` is called once per file read.
    ///
    /// # Errors
    /// A wrong setting, an inbox that cannot be listed, an internal error.
    pub fn new(
        inbox: &Path,
        config: &Config,
        flags: Option<Period>,
        today: NaiveDate,
        progress: &(dyn Fn(&str) + Sync),
    ) -> Result<Prepared, PrepareError> {
        let terms = config.terms().map_err(PrepareError::Config)?;
        let period = match flags {
            Some(p) => Some(p),
            None => config.period(&terms).map_err(PrepareError::Config)?,
        };
        let vocab = config
            .vocab()
            .map_err(|e| PrepareError::Config(e.to_string()))?;
        let dataset = pipeline::import(inbox, &vocab, progress)?;
        let settings = settings(config, period, today);
        let findings = pipeline::on_pool(|| ordered_findings(&dataset, &settings))?;
        Ok(Prepared {
            dataset,
            findings,
            head: Letterhead::of(config, Some(today)),
            period: period.unwrap_or_else(Period::all),
            period_set: period.is_some(),
            terms,
            required_hours_per_year: config.training.required_hours_per_year,
            vocab,
        })
    }

    /// What a report for `period` is built from.
    pub fn input(&self, period: Period) -> ReportInput<'_> {
        ReportInput {
            dataset: &self.dataset,
            findings: &self.findings,
            head: &self.head,
            period,
            terms: self.terms,
            required_hours_per_year: self.required_hours_per_year,
            vocab: &self.vocab,
        }
    }

    /// The terms a term summary covers: the period's terms, else the term containing the
    /// workbooks' date.
    pub fn terms_to_report(&self) -> Vec<Period> {
        match self.period.kind {
            PeriodKind::All => vec![Period::term_of(
                self.head.date.unwrap_or_default(),
                &self.terms,
            )],
            _ => self.period.terms(&self.terms),
        }
    }
}

/// The check settings from the school's profile and the period.
pub fn settings(config: &Config, period: Option<Period>, today: NaiveDate) -> Settings {
    Settings {
        today,
        period: period.map(|p| (p.start, p.end)),
        max_hours_per_item: config.check.max_hours_per_item,
    }
}

/// The import's findings and the rules' findings, in inbox order: file (as listed), then
/// sheet, then row, then cell. This order is what `check --format json` users see.
///
/// # Errors
/// Internal frame errors only.
pub fn ordered_findings(
    dataset: &Dataset,
    settings: &Settings,
) -> polars::error::PolarsResult<Vec<Finding>> {
    let mut findings = dataset.findings.clone();
    findings.extend(check::run(dataset, settings)?);
    let order: BTreeMap<&str, usize> = dataset
        .files
        .iter()
        .enumerate()
        .map(|(i, f)| (f.file.as_str(), i))
        .collect();
    fn key<'f>(
        order: &BTreeMap<&str, usize>,
        f: &'f Finding,
    ) -> (usize, &'f str, Option<u32>, usize, &'f str) {
        let file = order.get(f.file.as_str()).copied().unwrap_or(usize::MAX);
        (file, &f.sheet, f.row, f.cell.len(), &f.cell)
    }
    findings.sort_by(|a, b| key(&order, a).cmp(&key(&order, b)));
    Ok(findings)
}
