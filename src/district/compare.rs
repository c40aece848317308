//! Year over year (两年数据对比): an earlier district output folder read back from its CSV
//! files (district_research.csv, district_training.csv), school by school.

use std::collections::HashMap;
use std::path::Path;

/// What an earlier run counted for one school.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Earlier {
    /// 论文获奖.
    pub awards: f64,
    /// 论文发表.
    pub publications: f64,
    /// 课题 (every status).
    pub projects: f64,
    /// Teachers who trained.
    pub trained: f64,
    /// Training hours.
    pub hours: f64,
    /// Teachers who reached the requirement.
    pub met: f64,
    /// Teachers.
    pub teachers: f64,
}

/// An earlier district output: its folder's name (for headers) and its schools' counts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Comparison {
    /// The folder as given.
    pub label: String,
    /// School name → its counts.
    pub schools: HashMap<String, Earlier>,
    /// Schools in the order the earlier run listed them.
    pub order: Vec<String>,
}

impl Comparison {
    /// The earlier counts of a school, if it was there.
    pub fn of(&self, school: &str) -> Option<&Earlier> {
        self.schools.get(school)
    }
}

fn rows(path: &Path) -> Result<Vec<HashMap<String, String>>, String> {
    let mut reader = csv::Reader::from_path(path).map_err(|e| {
        format!(
            "无法读取 {}：{e}（对比用的文件夹应是以前 jiaoke district --format csv 的输出）",
            path.display()
        )
    })?;
    let headers = reader.headers().map_err(|e| e.to_string())?.clone();
    reader
        .records()
        .map(|r| {
            let r = r.map_err(|e| format!("{} 格式有误：{e}", path.display()))?;
            Ok(headers
                .iter()
                .zip(r.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect())
        })
        .collect()
}

fn number(row: &HashMap<String, String>, column: &str) -> f64 {
    row.get(column)
        .and_then(|v| v.trim().parse::<f64>().ok())
        .unwrap_or(0.0)
}

/// Reads an earlier district output folder.
///
/// # Errors
/// A CSV file is missing or malformed (the message names it and says what to do).
pub fn read(dir: &Path) -> Result<Comparison, String> {
    let mut out = Comparison {
        label: dir.file_name().map_or_else(
            || dir.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        ),
        ..Comparison::default()
    };
    for row in rows(&dir.join("district_research.csv"))? {
        let school = row.get("school").cloned().unwrap_or_default();
        let n = number(&row, "count");
        let e = earlier(&mut out, &school);
        match row.get("category").map(String::as_str) {
            Some("论文获奖") => e.awards += n,
            Some("论文发表") => e.publications += n,
            Some("课题") => e.projects += n,
            _ => {}
        }
    }
    for row in rows(&dir.join("district_training.csv"))? {
        let school = row.get("school").cloned().unwrap_or_default();
        let e = earlier(&mut out, &school);
        e.trained = number(&row, "trained");
        e.hours = number(&row, "hours");
        e.met = number(&row, "met");
        e.teachers = number(&row, "teachers");
    }
    Ok(out)
}

fn earlier<'a>(out: &'a mut Comparison, school: &str) -> &'a mut Earlier {
    if !out.schools.contains_key(school) {
        out.order.push(school.to_string());
    }
    out.schools.entry(school.to_string()).or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_earlier_output_reads_back_school_by_school() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("district_research.csv"),
            "school,category,level,grade,count\n\
             东门实验学校,论文获奖,省级,一等奖,2\n\
             东门实验学校,论文获奖,市级,二等奖,3\n\
             东门实验学校,课题,市级,在研,1\n\
             东门实验学校,课题本期立项,市级,,1\n\
             城南初级中学,论文发表,省级,,4\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("district_training.csv"),
            "school,teachers,trained,hours,met,required\n东门实验学校,80,70,4000.5,60,72\n",
        )
        .unwrap();
        let c = read(dir.path()).unwrap();
        let e = c.of("东门实验学校").unwrap();
        assert_eq!(
            (e.awards, e.projects, e.hours, e.met),
            (5.0, 1.0, 4000.5, 60.0)
        );
        assert_eq!(c.of("城南初级中学").unwrap().publications, 4.0);
        assert_eq!(c.order, ["东门实验学校", "城南初级中学"]);
        assert!(c.of("西湖小学").is_none());
    }

    #[test]
    fn a_folder_without_the_csv_files_is_said() {
        let dir = tempfile::tempdir().unwrap();
        let e = read(dir.path()).unwrap_err();
        assert!(
            e.contains("district_research.csv") && e.contains("--format csv"),
            "{e}"
        );
    }
}
