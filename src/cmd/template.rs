//! `jiaoke template [INBOX]`: the 采集表 workbooks an office sends its departments, with the
//! school's lists (教研组, the roster's names when INBOX holds one).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use jiaoke::config::Config;
use jiaoke::normalize::frames::strings;
use jiaoke::output::OutputSet;
use jiaoke::report::workbook::Letterhead;
use jiaoke::template::{self, Request, fields::School};
use jiaoke::vocab::{Kind, Vocab};

use super::{check_out_dir, flag_period, open_inbox, print_written, progress_bar, say, tick};
use crate::cli::{InboxArgs, TemplateArgs, TemplateKind};

pub fn run(args: &TemplateArgs) -> anyhow::Result<ExitCode> {
    let (config, inbox) = match &args.inbox {
        Some(path) => {
            let inbox = open_inbox(&InboxArgs {
                inbox: path.clone(),
                config: args.config.clone(),
            })?;
            check_out_dir(&inbox.path, &args.out)?;
            (inbox.config, Some(inbox.path))
        }
        None => (
            Config::load(Path::new("."), args.config.as_deref())?.0,
            None,
        ),
    };
    let vocab = config.vocab().map_err(anyhow::Error::msg)?;
    let period = flag_period(&config, &args.period)?.or(config
        .period(&config.terms().map_err(anyhow::Error::msg)?)
        .map_err(anyhow::Error::msg)?);
    let (roster, schools) = match (&inbox, args.district) {
        (Some(path), true) => (Vec::new(), schools(path)?),
        (Some(path), false) => (roster(path, &vocab)?, Vec::new()),
        (None, true) => bail!("--district 需要给出区级收集文件夹（最上层放学校名单）"),
        (None, false) => (Vec::new(), Vec::new()),
    };
    let request = Request {
        kinds: kinds(&args.kind),
        department: args.department.clone(),
        schools,
        period: period.map(|p| p.label()),
        per_kind: args.per_kind,
        school: school(&config, &vocab, &roster, args.department.as_deref()),
    };
    let head = Letterhead::of(&config, Some(chrono::Local::now().date_naive()));
    let books = template::workbooks(&request, &head, &vocab).context("生成采集表失败")?;
    let mut set = OutputSet::new(&args.out)
        .with_context(|| format!("无法创建输出文件夹 {}", args.out.display()))?;
    for (name, bytes) in &books {
        set.add(name, bytes)
            .with_context(|| format!("无法写入《{name}》"))?;
    }
    let written: Vec<PathBuf> = set.commit().context("无法写入采集表")?;
    say(&summary(&request, inbox.is_some()));
    print_written(&written);
    Ok(ExitCode::SUCCESS)
}

/// The kinds asked for, in jiaoke's order; by default everything a department hands in (the
/// roster is the office's own).
fn kinds(asked: &[TemplateKind]) -> Vec<Kind> {
    let of = |k: TemplateKind| match k {
        TemplateKind::Teachers => Kind::Teachers,
        TemplateKind::Papers => Kind::Papers,
        TemplateKind::Projects => Kind::Projects,
        TemplateKind::Training => Kind::Training,
        TemplateKind::Plans => Kind::Plans,
    };
    if asked.is_empty() {
        return vec![Kind::Papers, Kind::Projects, Kind::Training, Kind::Plans];
    }
    Kind::ALL
        .into_iter()
        .filter(|k| asked.iter().any(|a| of(*a) == *k))
        .collect()
}

/// The schools of a district inbox's 学校名单.
fn schools(inbox: &Path) -> anyhow::Result<Vec<String>> {
    let layout = jiaoke::district::collect::layout(inbox)
        .with_context(|| format!("无法读取 {}", inbox.display()))?;
    match layout.list {
        Some(list) if !list.schools.is_empty() => {
            Ok(list.schools.into_iter().map(|s| s.name).collect())
        }
        _ => bail!(
            "{} 最上层没有学校名单（含“学校名称”列的表格）：--district 按名单为每所学校生成采集表",
            inbox.display()
        ),
    }
}

/// The roster of the inbox: (name, 教研组) of each teacher, in order.
fn roster(inbox: &Path, vocab: &Vocab) -> anyhow::Result<Vec<(String, String)>> {
    let bar = progress_bar(inbox, false);
    let dataset = jiaoke::pipeline::import(inbox, vocab, &tick(&bar))?;
    bar.finish_and_clear();
    let t = &dataset.frames.teachers;
    let names = strings(t, "name")?;
    let departments = strings(t, "department")?;
    Ok(names
        .iter()
        .zip(departments)
        .filter_map(|(n, d)| Some((n.as_ref()?.to_string(), d.unwrap_or("").to_string())))
        .collect())
}

/// The school's lists: its 教研组 (jiaoke.toml's, else the roster's, else vocab.toml's) and the
/// names offered (of `department` when given), each once.
fn school(
    config: &Config,
    vocab: &Vocab,
    roster: &[(String, String)],
    department: Option<&str>,
) -> School {
    let mut departments = config.school.departments.clone();
    if departments.is_empty() {
        departments = unique(roster.iter().map(|(_, d)| d.as_str()));
    }
    if departments.is_empty() {
        departments = vocab.template.departments.clone();
    }
    let teachers = unique(
        roster
            .iter()
            .filter(|(_, d)| department.is_none_or(|want| same_department(d, want)))
            .map(|(n, _)| n.as_str()),
    );
    School {
        departments,
        teachers,
        max_hours: config.check.max_hours_per_item,
    }
}

/// `语文` and `语文组` and `语文教研组` name one department.
fn same_department(a: &str, b: &str) -> bool {
    let stem = |s: &str| {
        let s = s.trim();
        s.strip_suffix("教研组")
            .or_else(|| s.strip_suffix("组"))
            .unwrap_or(s)
            .to_string()
    };
    stem(a) == stem(b)
}

/// The non-empty values, each once, in order.
fn unique<'a>(values: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for v in values.filter(|v| !v.is_empty()) {
        if !out.iter().any(|o| o == v) {
            out.push(v.to_string());
        }
    }
    out
}

/// What was made, for the terminal.
fn summary(req: &Request, with_inbox: bool) -> String {
    let names = if !req.schools.is_empty() {
        format!("名单上的 {} 所学校各一份", req.schools.len())
    } else if !req.school.teachers.is_empty() {
        format!("姓名可从名单中的 {} 位教师中选", req.school.teachers.len())
    } else if with_inbox {
        "收集文件夹中没有教师名单，姓名不做下拉列表".into()
    } else {
        "未给收集文件夹，姓名不做下拉列表".into()
    };
    let next = if req.schools.is_empty() {
        "发给各教研组填写，交回后放进收集文件夹，用 jiaoke run 整理"
    } else {
        "发给各校填写，交回后按学校放进区级收集文件夹，用 jiaoke district 汇总"
    };
    format!(
        "已生成采集表（{}）：{names}。{next}。",
        req.kinds
            .iter()
            .map(|k| template::kind_title(*k))
            .collect::<Vec<_>>()
            .join("、")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn departments_match_with_or_without_their_suffix() {
        assert!(same_department("语文组", "语文"));
        assert!(same_department("语文教研组", "语文组"));
        assert!(!same_department("语文组", "数学组"));
    }

    #[test]
    fn names_are_offered_once_and_only_of_the_department() {
        let roster = vec![
            ("王静".to_string(), "语文组".to_string()),
            ("王静".to_string(), "英语组".to_string()),
            ("李明".to_string(), "数学组".to_string()),
        ];
        let vocab = Vocab::builtin();
        let s = school(&Config::default(), &vocab, &roster, None);
        assert_eq!(s.teachers, ["王静", "李明"]);
        assert_eq!(s.departments, ["语文组", "英语组", "数学组"]);
        let s = school(&Config::default(), &vocab, &roster, Some("数学"));
        assert_eq!(s.teachers, ["李明"]);
        let s = school(&Config::default(), &vocab, &[], None);
        assert_eq!(s.departments, vocab.template.departments);
    }
}
