//! A school's settings: `jiaoke.toml` in the inbox, or the file given with `--config`.
//!
//! Everything has a sensible default, so a school without a profile can run jiaoke at once.
//! Unknown keys are errors (a typo must not be silently ignored), reported with the file name
//! and what the key should be.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::period::{Period, Terms};
use crate::vocab::Vocab;

/// The profile's file name, looked for in the inbox.
pub const FILE_NAME: &str = "jiaoke.toml";

/// The commented profile `jiaoke init` writes.
pub const TEMPLATE: &str = include_str!("jiaoke.toml.template");

/// `jiaoke.toml` as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The school.
    #[serde(default)]
    pub school: School,
    /// Extra header spellings: kind → field → spellings.
    #[serde(default)]
    pub headers: BTreeMap<String, BTreeMap<String, Vec<String>>>,
    /// Extra value spellings: levels/awards/statuses/training_types → canonical → spellings.
    #[serde(default)]
    pub values: BTreeMap<String, BTreeMap<String, Vec<String>>>,
    /// The default reporting period.
    #[serde(default)]
    pub period: PeriodConfig,
    /// The first days of the terms.
    #[serde(default)]
    pub terms: TermsConfig,
    /// Settings of the checks.
    #[serde(default)]
    pub check: CheckConfig,
    /// Training requirements.
    #[serde(default)]
    pub training: TrainingConfig,
    /// Personal numbers in workbooks.
    #[serde(default)]
    pub privacy: PrivacyConfig,
    /// A district office's settings (`jiaoke district`).
    #[serde(default)]
    pub district: DistrictConfig,
}

/// `[district]`: how a district office scores its schools.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DistrictConfig {
    /// Points per achievement (学校教科研考核); none set, no score.
    #[serde(default)]
    pub points: Points,
}

/// `[district.points]`: points per counted paper and project, by level (and grade or status).
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Points {
    /// 论文获奖: level → points, or level → grade → points.
    #[serde(default)]
    pub awards: BTreeMap<String, LevelPoints>,
    /// 论文发表: level → points.
    #[serde(default)]
    pub publications: BTreeMap<String, f64>,
    /// 课题: level → points, or level → status → points.
    #[serde(default)]
    pub projects: BTreeMap<String, LevelPoints>,
}

impl Points {
    /// Whether any points are set.
    pub fn is_set(&self) -> bool {
        !(self.awards.is_empty() && self.publications.is_empty() && self.projects.is_empty())
    }
}

/// Points of a level: the same for every grade (or status), or one per grade.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum LevelPoints {
    /// Every grade alike.
    All(f64),
    /// Grade (or status) → points; others 0.
    By(BTreeMap<String, f64>),
}

/// Who the school is, for workbook titles.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct School {
    /// 学校名称.
    #[serde(default)]
    pub name: String,
    /// 所属区县.
    #[serde(default)]
    pub district: String,
    /// 教研组, in the school's order: the 采集表's drop-down (else the roster's, else
    /// vocab.toml's `[template]` list).
    #[serde(default)]
    pub departments: Vec<String>,
}

/// `[period]`: the reporting period used when no flag gives one (at most one key).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeriodConfig {
    /// A calendar year.
    #[serde(default)]
    pub year: Option<i32>,
    /// A school year, `"2023-2024"`.
    #[serde(default)]
    pub school_year: Option<String>,
    /// A term, `"2023-2024-1"`.
    #[serde(default)]
    pub term: Option<String>,
}

/// `[terms]`: the first day of each term.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TermsConfig {
    /// First term's first day, `"09-01"`.
    #[serde(default = "default_first")]
    pub first: String,
    /// Second term's first day, `"02-01"`.
    #[serde(default = "default_second")]
    pub second: String,
}

fn default_first() -> String {
    "09-01".into()
}

fn default_second() -> String {
    "02-01".into()
}

impl Default for TermsConfig {
    fn default() -> Self {
        TermsConfig {
            first: default_first(),
            second: default_second(),
        }
    }
}

/// `[check]`: bounds of the checks.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckConfig {
    /// The most hours one training item can carry.
    #[serde(default = "default_max_hours")]
    pub max_hours_per_item: f64,
}

fn default_max_hours() -> f64 {
    200.0
}

impl Default for CheckConfig {
    fn default() -> Self {
        CheckConfig {
            max_hours_per_item: default_max_hours(),
        }
    }
}

/// `[training]`: the hours a teacher must reach.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrainingConfig {
    /// Required hours per year (national rule: 360 per five years).
    #[serde(default = "default_required")]
    pub required_hours_per_year: f64,
}

fn default_required() -> f64 {
    72.0
}

impl Default for TrainingConfig {
    fn default() -> Self {
        TrainingConfig {
            required_hours_per_year: default_required(),
        }
    }
}

/// `[privacy]`: whether workbooks carry full 身份证号 and mobile numbers. The one place this
/// policy is set; CSV files and JSON always carry full values.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrivacyConfig {
    /// Write full numbers where a district demands them (masked by default).
    #[serde(default)]
    pub full_numbers_in_workbooks: bool,
}

/// Why a profile could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file cannot be read.
    #[error("无法读取配置文件 {path}：{source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not valid TOML or has unknown keys.
    #[error("配置文件 {path} 有误：{message}")]
    Parse {
        /// The file.
        path: PathBuf,
        /// What is wrong, with the line.
        message: String,
    },
    /// The vocabulary additions name an unknown kind, field or value.
    #[error("配置文件 {path} 有误：{source}")]
    Vocab {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        source: crate::vocab::VocabError,
    },
}

impl Config {
    /// Loads the profile: `explicit` if given, else `jiaoke.toml` in the inbox, else defaults.
    ///
    /// # Errors
    /// A profile that exists but cannot be read or parsed.
    pub fn load(
        inbox: &Path,
        explicit: Option<&Path>,
    ) -> Result<(Config, Option<PathBuf>), ConfigError> {
        let path = match explicit {
            Some(p) => p.to_path_buf(),
            None => {
                let p = inbox.join(FILE_NAME);
                if !p.is_file() {
                    return Ok((Config::default(), None));
                }
                p
            }
        };
        let text = std::fs::read_to_string(&path).map_err(|source| ConfigError::Read {
            path: path.clone(),
            source,
        })?;
        let config = Config::parse(&text).map_err(|message| ConfigError::Parse {
            path: path.clone(),
            message,
        })?;
        // Check the vocabulary additions now, so that the error names the file.
        config.vocab().map_err(|source| ConfigError::Vocab {
            path: path.clone(),
            source,
        })?;
        Ok((config, Some(path)))
    }

    /// Parses a profile's text.
    ///
    /// # Errors
    /// The TOML error, in the toml crate's words (with line and column).
    pub fn parse(text: &str) -> Result<Config, String> {
        toml::from_str(text).map_err(|e| e.to_string())
    }

    /// The terms' first days.
    ///
    /// # Errors
    /// A day that does not exist.
    pub fn terms(&self) -> Result<Terms, String> {
        Ok(Terms {
            first: Terms::parse_day(&self.terms.first)?,
            second: Terms::parse_day(&self.terms.second)?,
        })
    }

    /// The profile's default period, if it sets one.
    ///
    /// # Errors
    /// A badly written school year or term.
    pub fn period(&self, terms: &Terms) -> Result<Option<Period>, String> {
        let p = &self.period;
        Period::resolve(p.year, p.school_year.as_deref(), p.term.as_deref(), terms)
    }

    /// The built-in vocabularies with this school's additions.
    ///
    /// # Errors
    /// An addition naming an unknown kind, field or canonical value.
    pub fn vocab(&self) -> Result<Vocab, crate::vocab::VocabError> {
        let mut vocab = Vocab::builtin();
        vocab.extend_headers(&self.headers)?;
        vocab.extend_values(&self.values)?;
        Ok(vocab)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_profile_extends_the_vocabulary() {
        let c = Config::parse(
            r#"
            [school]
            name = "云溪实验小学"
            [headers.papers]
            authors = ["申报教师"]
            [values.levels]
            "区县级" = ["镇级"]
            "#,
        )
        .unwrap();
        assert_eq!(c.school.name, "云溪实验小学");
        let v = c.vocab().unwrap();
        assert_eq!(
            v.kind(crate::vocab::Kind::Papers)
                .fields_for_header("申报教师")[0]
                .field,
            "authors"
        );
        assert_eq!(v.levels.lookup("镇级"), Some("区县级"));
    }

    #[test]
    fn period_and_terms_from_the_profile() {
        let c = Config::parse("[period]\nschool_year = \"2023-2024\"\n[terms]\nfirst = \"08-25\"")
            .unwrap();
        let t = c.terms().unwrap();
        let p = c.period(&t).unwrap().unwrap();
        assert_eq!(p.label(), "2023—2024学年");
        assert_eq!(
            p.start,
            chrono::NaiveDate::from_ymd_opt(2023, 8, 25).unwrap()
        );
        assert_eq!(c.training.required_hours_per_year, 72.0);
    }

    #[test]
    fn the_template_is_a_valid_profile_with_the_defaults() {
        let c = Config::parse(TEMPLATE).unwrap();
        let d = Config::default();
        assert_eq!(
            c.training.required_hours_per_year,
            d.training.required_hours_per_year
        );
        assert_eq!(c.check.max_hours_per_item, d.check.max_hours_per_item);
        assert_eq!(c.terms().unwrap(), d.terms().unwrap());
        assert!(c.vocab().is_ok());
        assert!(!c.privacy.full_numbers_in_workbooks);
        assert!(!d.privacy.full_numbers_in_workbooks);
    }

    #[test]
    fn the_privacy_policy_is_read() {
        let c = Config::parse("[privacy]\nfull_numbers_in_workbooks = true").unwrap();
        assert!(c.privacy.full_numbers_in_workbooks);
        assert!(Config::parse("[privacy]\nfull_numbers = true").is_err());
    }

    #[test]
    fn unknown_keys_are_errors() {
        assert!(
            Config::parse("[school]\nnmae = \"x\"")
                .unwrap_err()
                .contains("nmae")
        );
        assert!(Config::parse("[scool]").is_err());
    }

    #[test]
    fn without_a_profile_defaults_apply() {
        let dir = tempfile::tempdir().unwrap();
        let (c, path) = Config::load(dir.path(), None).unwrap();
        assert!(path.is_none());
        assert!(c.school.name.is_empty());
    }

    #[test]
    fn errors_name_the_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(FILE_NAME),
            "[headers.paper]\nauthors=[\"x\"]",
        )
        .unwrap();
        let err = Config::load(dir.path(), None).unwrap_err().to_string();
        assert!(
            err.contains("jiaoke.toml") && err.contains("paper"),
            "{err}"
        );
    }
}
