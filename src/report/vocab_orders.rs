//! Every report takes its orders and words from the vocabulary: a level or a training type
//! added to vocab.toml shows up in every report with no Rust change.

use super::testing::{head, input, samples, saved, sheet, text};
use super::{research, term, training};
use crate::period::Period;
use crate::report::context::ReportInput;
use crate::vocab::Vocab;

/// The built-in vocabulary with a level (乡镇级, before 校级) and a training type (专题讲座,
/// first) added, as a school's vocab.toml would add them.
fn extended() -> Vocab {
    let mut v = Vocab::builtin();
    let school = v.levels.order.iter().position(|l| l == "校级").unwrap();
    v.levels.order.insert(school, "乡镇级".into());
    v.levels
        .aliases
        .insert("乡镇级".into(), vec!["乡镇".into(), "镇级".into()]);
    v.training_types.order.insert(0, "专题讲座".into());
    v.training_types
        .aliases
        .insert("专题讲座".into(), vec!["专题讲座".into()]);
    v
}

/// The texts of column A of a sheet, in order.
fn first_column(bytes: &[u8], name: &str) -> Vec<String> {
    sheet(bytes, name)
        .all
        .iter()
        .map(|r| r.first().map(text).unwrap_or_default())
        .collect()
}

fn with<'a>(vocab: &'a Vocab, base: ReportInput<'a>) -> ReportInput<'a> {
    ReportInput { vocab, ..base }
}

#[test]
fn a_level_added_to_the_vocabulary_shows_in_every_report() {
    let (d, findings) = samples();
    let head = head();
    let vocab = extended();
    let year = Period::school_year(2023, &Default::default());
    let research = saved(research::build(&with(
        &vocab,
        input(d, findings, &head, year),
    )));
    let column = first_column(&research.workbook, "汇总");
    let at = |s: &str| column.iter().position(|c| c == s).unwrap();
    assert!(at("片区级") < at("乡镇级") && at("乡镇级") < at("校级"));
    assert_eq!(column.iter().filter(|c| *c == "乡镇级").count(), 3);
    let by_department = sheet(&research.workbook, "按教研组");
    assert!(by_department.all[3].iter().any(|c| text(c) == "乡镇级"));

    let training = saved(training::build(&with(
        &vocab,
        input(d, findings, &head, year),
    )));
    let summary = sheet(&training.workbook, "学时汇总");
    let levels = &summary.headers[summary.col("国家级")..summary.col("学时合计")];
    assert_eq!(levels[levels.len() - 3..], ["乡镇级", "校级", "未注明级别"]);

    let first_term = Period::term(2023, 1, &Default::default());
    let term = saved(term::build(&with(
        &vocab,
        input(d, findings, &head, first_term),
    )));
    let overview = first_column(&term.workbook, "概况");
    assert_eq!(overview.iter().filter(|c| *c == "乡镇级").count(), 2);
}

#[test]
fn a_training_type_added_to_the_vocabulary_gets_its_place_in_the_order() {
    let (d, findings) = samples();
    let head = head();
    let year = Period::school_year(2023, &Default::default());
    let type_columns = |vocab: &Vocab| {
        let built = saved(training::build(&with(
            vocab,
            input(d, findings, &head, year),
        )));
        let s = sheet(&built.workbook, "学时汇总");
        s.headers[s.col("姓名") + 1..s.col("国家级")].to_vec()
    };
    let before = type_columns(&Vocab::builtin());
    let after = type_columns(&extended());
    // A type the samples use but the built-in scale does not know comes after the known
    // ones; once the vocabulary knows it, it leads.
    assert!(before.iter().position(|t| t == "专题讲座").unwrap() > 0);
    assert_eq!(after[0], "专题讲座");
    let mut a = after.clone();
    let mut b = before.clone();
    a.sort();
    b.sort();
    assert_eq!(a, b, "the same columns, in the vocabulary's order");
}
