//! A school's settings: `jiaoke.toml` in the inbox, or the file given with `--config`.
//!
//! Everything has a sensible default, so a school without a profile can run jiaoke at once.
//! Unknown keys are errors (a typo must not be silently ignored), reported with the file name
//! and what the key should be.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::vocab::Vocab;

/// The profile's file name, looked for in the inbox.
pub const FILE_NAME: &str = "jiaoke.toml";

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
    /// Settings of the checks.
    #[serde(default)]
    pub check: CheckConfig,
}

/// `[check]`: the reporting period and bounds.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckConfig {
    /// Reporting calendar year: dates outside it are reported.
    #[serde(default)]
    pub year: Option<i32>,
    /// Reporting school year, `"2023-2024"` (Sep 1 – Aug 31).
    #[serde(default)]
    pub school_year: Option<String>,
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
            year: None,
            school_year: None,
            max_hours_per_item: default_max_hours(),
        }
    }
}

/// A reporting period from a calendar year or a school year (`2023-2024`: 2023-09-01 to
/// 2024-08-31).
///
/// # Errors
/// A school year that is not two consecutive years.
pub fn period(
    year: Option<i32>,
    school_year: Option<&str>,
) -> Result<Option<(chrono::NaiveDate, chrono::NaiveDate)>, String> {
    use chrono::NaiveDate;
    if let Some(sy) = school_year {
        let parts: Vec<&str> = sy.split(['-', '—', '–', '/']).map(str::trim).collect();
        let years: Vec<i32> = parts.iter().filter_map(|p| p.parse().ok()).collect();
        return match years.as_slice() {
            [a, b] if *b == a + 1 => Ok(Some((
                NaiveDate::from_ymd_opt(*a, 9, 1).expect("valid date"),
                NaiveDate::from_ymd_opt(*b, 8, 31).expect("valid date"),
            ))),
            _ => Err(format!("学年“{sy}”格式不对：应写作 2023-2024")),
        };
    }
    Ok(year.map(|y| {
        (
            NaiveDate::from_ymd_opt(y, 1, 1).expect("valid date"),
            NaiveDate::from_ymd_opt(y, 12, 31).expect("valid date"),
        )
    }))
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
    fn periods_from_years_and_school_years() {
        use chrono::NaiveDate;
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(
            period(Some(2023), None).unwrap(),
            Some((d(2023, 1, 1), d(2023, 12, 31)))
        );
        assert_eq!(
            period(None, Some("2023-2024")).unwrap(),
            Some((d(2023, 9, 1), d(2024, 8, 31)))
        );
        assert!(period(None, Some("2023-2025")).is_err());
        assert_eq!(period(None, None).unwrap(), None);
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
