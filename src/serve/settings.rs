//! The school settings of a collection's `jiaoke.toml` as a form. Saving edits the file in
//! place (comments and settings the form does not show are kept; a new file starts from the
//! commented template `jiaoke init` writes), checks it as every command will read it, and
//! writes it whole.

use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};
use toml_edit::{Array, DocumentMut, Item, Table, value};

use crate::config::{self, Config};

/// The form.
#[derive(Debug, Clone, Serialize, Deserialize, Default, PartialEq)]
pub struct Settings {
    /// 学校名称.
    pub school: String,
    /// 所属区县.
    pub district: String,
    /// 教研组, in order.
    pub departments: Vec<String>,
    /// 统计期: a year `2023`, a school year `2023-2024` or a term `2023-2024-1`; empty: none.
    pub period: String,
    /// 第一学期开学日 (`09-01`).
    pub first_term: String,
    /// 第二学期开学日 (`02-01`).
    pub second_term: String,
    /// 每年应达学时.
    pub required_hours_per_year: f64,
    /// 单项学时上限.
    pub max_hours_per_item: f64,
    /// 工作簿中显示完整身份证号、手机号.
    pub full_numbers_in_workbooks: bool,
}

impl Settings {
    /// The settings of a loaded profile.
    pub fn of(config: &Config) -> Settings {
        let p = &config.period;
        let period = p
            .term
            .clone()
            .or_else(|| p.school_year.clone())
            .or_else(|| p.year.map(|y| y.to_string()))
            .unwrap_or_default();
        Settings {
            school: config.school.name.clone(),
            district: config.school.district.clone(),
            departments: config.school.departments.clone(),
            period,
            first_term: config.terms.first.clone(),
            second_term: config.terms.second.clone(),
            required_hours_per_year: config.training.required_hours_per_year,
            max_hours_per_item: config.check.max_hours_per_item,
            full_numbers_in_workbooks: config.privacy.full_numbers_in_workbooks,
        }
    }
}

/// The settings of the collection at `inbox`.
///
/// # Errors
/// Its jiaoke.toml cannot be read (the message says where).
pub fn load(inbox: &Path) -> Result<Settings, String> {
    let (config, _) = Config::load(inbox, None).map_err(|e| format!("{e:#}"))?;
    Ok(Settings::of(&config))
}

/// Saves the form into the collection's jiaoke.toml.
///
/// # Errors
/// A value every command would refuse (the message says which), or the file cannot be
/// written; the file is then unchanged.
pub fn save(inbox: &Path, form: &Settings) -> Result<(), String> {
    let path = inbox.join(config::FILE_NAME);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => config::TEMPLATE.to_string(),
        Err(e) => return Err(format!("无法读取 {}：{e}", config::FILE_NAME)),
    };
    let edited = edit(&text, form)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(crate::output::TEMP_PREFIX)
        .suffix(crate::output::TEMP_SUFFIX)
        .tempfile_in(inbox)
        .map_err(|e| format!("无法保存设置：{e}"))?;
    tmp.write_all(edited.as_bytes())
        .map_err(|e| format!("无法保存设置：{e}"))?;
    tmp.persist(&path)
        .map_err(|e| format!("无法保存设置：{}", e.error))?;
    Ok(())
}

/// The profile's text with the form's values, checked as every command reads it.
///
/// # Errors
/// The text is not TOML, or a value is refused.
pub fn edit(text: &str, form: &Settings) -> Result<String, String> {
    let mut doc: DocumentMut = text
        .parse()
        .map_err(|e| format!("{} 不是有效的配置文件：{e}", config::FILE_NAME))?;
    let school = table(&mut doc, "school");
    school["name"] = value(form.school.trim());
    school["district"] = value(form.district.trim());
    let departments: Array = form
        .departments
        .iter()
        .map(|d| d.trim())
        .filter(|d| !d.is_empty())
        .collect();
    if departments.is_empty() {
        school.remove("departments");
    } else {
        school["departments"] = value(departments);
    }
    let period = table(&mut doc, "period");
    for key in ["year", "school_year", "term"] {
        period.remove(key);
    }
    let p = form.period.trim();
    match p.len() {
        0 => {}
        4 => period["year"] = value(i64::from(p.parse::<i32>().map_err(|_| bad_period(p))?)),
        9 => period["school_year"] = value(p),
        _ => period["term"] = value(p),
    }
    let terms = table(&mut doc, "terms");
    terms["first"] = value(form.first_term.trim());
    terms["second"] = value(form.second_term.trim());
    table(&mut doc, "training")["required_hours_per_year"] = value(form.required_hours_per_year);
    table(&mut doc, "check")["max_hours_per_item"] = value(form.max_hours_per_item);
    table(&mut doc, "privacy")["full_numbers_in_workbooks"] = value(form.full_numbers_in_workbooks);
    let text = doc.to_string();
    let config = Config::parse(&text)?;
    let terms = config.terms()?;
    config.period(&terms)?;
    if !(form.required_hours_per_year > 0.0 && form.max_hours_per_item > 0.0) {
        return Err("学时须为正数".into());
    }
    Ok(text)
}

fn bad_period(p: &str) -> String {
    format!("统计期“{p}”的写法不对：写 2023、2023-2024 或 2023-2024-1")
}

/// The table `name`, made when missing.
fn table<'d>(doc: &'d mut DocumentMut, name: &str) -> &'d mut Table {
    if !doc.contains_table(name) {
        doc[name] = Item::Table(Table::new());
    }
    doc[name].as_table_mut().expect("made a table above")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> Settings {
        Settings {
            school: "常州市武进区湖塘实验小学".into(),
            district: "武进区".into(),
            departments: vec!["语文组".into(), " 数学组 ".into(), "".into()],
            period: "2023-2024-1".into(),
            first_term: "09-01".into(),
            second_term: "02-15".into(),
            required_hours_per_year: 72.0,
            max_hours_per_item: 120.0,
            full_numbers_in_workbooks: false,
        }
    }

    #[test]
    fn the_template_is_filled_and_its_comments_kept() {
        let text = edit(config::TEMPLATE, &form()).unwrap();
        assert!(text.contains("# 学校名称"), "comments kept");
        let config = Config::parse(&text).unwrap();
        assert_eq!(Settings::of(&config).departments, ["语文组", "数学组"]);
        let mut expected = form();
        expected.departments = vec!["语文组".into(), "数学组".into()];
        assert_eq!(Settings::of(&config), expected);
    }

    #[test]
    fn settings_the_form_does_not_show_are_kept() {
        let text = "[headers.papers]\nauthors = [\"申报教师\"]\n[period]\nyear = 2022\n";
        let edited = edit(text, &form()).unwrap();
        let config = Config::parse(&edited).unwrap();
        assert_eq!(config.headers["papers"]["authors"], ["申报教师"]);
        assert_eq!(config.period.year, None, "one period only");
        assert_eq!(config.period.term.as_deref(), Some("2023-2024-1"));
    }

    #[test]
    fn wrong_values_are_refused_and_nothing_is_written() {
        let dir = tempfile::tempdir().unwrap();
        for (field, bad) in [
            ("period", "2023-2025"),
            ("first", "13-01"),
            ("period", "20x3"),
        ] {
            let mut f = form();
            match field {
                "period" => f.period = bad.into(),
                _ => f.first_term = bad.into(),
            }
            assert!(save(dir.path(), &f).is_err(), "{field} = {bad}");
        }
        assert!(!dir.path().join(config::FILE_NAME).exists());
        save(dir.path(), &form()).unwrap();
        assert_eq!(load(dir.path()).unwrap().school, "常州市武进区湖塘实验小学");
    }
}
