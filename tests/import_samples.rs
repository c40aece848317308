//! The demo inbox, imported by the real binary, compared field by field with the records the
//! sample generator planted (`samples/expected/`).

mod common;

use std::collections::BTreeMap;

use common::{Row, csv_headers, jiaoke_ok, read_csv, root, snapshot};

const KINDS: [&str; 5] = ["teachers", "papers", "projects", "training", "plans"];

/// The contract columns of each CSV (issue: "add columns freely, rename none").
fn contract(kind: &str) -> &'static [&'static str] {
    match kind {
        "teachers" => &["name", "department", "subject", "title", "id_number"],
        "papers" => &[
            "kind",
            "authors",
            "title",
            "venue",
            "level",
            "award",
            "organizer",
            "date",
        ],
        "projects" => &[
            "title",
            "code",
            "level",
            "category",
            "leader",
            "members",
            "status",
            "approved_on",
            "closed_on",
        ],
        "training" => &[
            "teacher",
            "department",
            "course",
            "type",
            "level",
            "start",
            "end",
            "hours",
        ],
        "plans" => &["month", "item", "owner", "school_year", "term"],
        _ => unreachable!(),
    }
}

/// Records keyed by provenance; rows that give several records (a register row naming
/// several trainees, a calendar cell listing several items) are numbered in order.
fn keyed(rows: Vec<Row>) -> BTreeMap<(String, String, u32, usize), Row> {
    let mut out = BTreeMap::new();
    let mut seen: BTreeMap<(String, String, u32), usize> = BTreeMap::new();
    for row in rows {
        let base = (
            row["source_file"].clone(),
            row["sheet"].clone(),
            row["row"].parse().unwrap(),
        );
        let n = seen.entry(base.clone()).or_default();
        out.insert((base.0, base.1, base.2, *n), row);
        *n += 1;
    }
    out
}

#[test]
fn demo_inbox_matches_the_expected_records() {
    let inbox = root().join("samples/inbox");
    let before = snapshot(&inbox);
    let out = tempfile::tempdir().unwrap();
    jiaoke_ok(
        &[
            "import",
            inbox.to_str().unwrap(),
            "--out",
            out.path().to_str().unwrap(),
            "--quiet",
        ],
        0,
    );
    assert_eq!(before, snapshot(&inbox), "the inbox must not be modified");

    let mut problems = Vec::new();
    for kind in KINDS {
        let actual_path = out.path().join(format!("{kind}.csv"));
        let headers = csv_headers(&actual_path);
        for col in contract(kind)
            .iter()
            .chain(&["source_file", "sheet", "row"])
        {
            assert!(
                headers.iter().any(|h| h == col),
                "{kind}.csv lacks contract column {col}"
            );
        }
        let expected = keyed(read_csv(
            &root().join(format!("samples/expected/{kind}.csv")),
        ));
        let actual = keyed(read_csv(&actual_path));
        for (key, exp) in &expected {
            let Some(act) = actual.get(key) else {
                problems.push(format!("{kind}: missing record at {key:?}: {exp:?}"));
                continue;
            };
            for col in exp.keys() {
                if let Some(a) = act.get(col)
                    && a != &exp[col]
                {
                    problems.push(format!(
                        "{kind} {}›{}›{} [{col}]: expected {:?}, got {:?}",
                        key.0, key.1, key.2, exp[col], a
                    ));
                }
            }
        }
        for key in actual.keys().filter(|k| !expected.contains_key(*k)) {
            problems.push(format!(
                "{kind}: unexpected record at {key:?}: {:?}",
                actual[key]
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "{} differences:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
