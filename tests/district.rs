//! `jiaoke district` on a district inbox built from the sample school: one school hands in its
//! raw department sheets (one folder down, under a short name), one hands in the workbooks
//! jiaoke made for it, one has only a damaged file, one listed school hands in nothing, and a
//! loose file lies at the top. Every school's counts must be what its own reports say, and
//! the district's totals their sum.

mod common;

use std::path::Path;

use common::{Row, copy_dir, jiaoke_in, jiaoke_ok_in, read_csv, root, summary_lines, xlsx_cells};
use polars::prelude::{ParquetReader, SerReader};

const YEAR: &str = "2023-2024";

/// The sample school's own reports for the school year, with CSVs.
fn own_reports(out: &Path) {
    let inbox = root().join("samples/inbox");
    let args = [
        "run",
        inbox.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    let mut args = args.to_vec();
    args.extend(["--school-year", YEAR, "--quiet"]);
    jiaoke_ok_in(out, &args);
}

fn district_inbox(dir: &Path, own: &Path) {
    copy_dir(
        &root().join("samples/inbox"),
        &dir.join("云溪实小/2023学年"),
    );
    let handed_up = dir.join("城南初中");
    std::fs::create_dir_all(&handed_up).unwrap();
    for book in [
        format!("年度教科研成果统计（{}学年）.xlsx", YEAR.replace('-', "—")),
        format!("教师培训学时汇总（{}学年）.xlsx", YEAR.replace('-', "—")),
    ] {
        std::fs::copy(own.join(&book), handed_up.join(&book)).unwrap();
    }
    // Raw sheets and the workbooks made from them, together: each record counts once.
    copy_dir(&root().join("samples/inbox"), &dir.join("湖塘中心"));
    for book in std::fs::read_dir(&handed_up).unwrap() {
        let book = book.unwrap().path();
        std::fs::copy(&book, dir.join("湖塘中心").join(book.file_name().unwrap())).unwrap();
    }
    // A folder named for what it holds, not for its school: its workbooks' 填报单位 line
    // names the school; a record handed in twice counts once.
    std::fs::create_dir_all(dir.join("补交材料")).unwrap();
    for book in std::fs::read_dir(&handed_up).unwrap() {
        let book = book.unwrap().path();
        std::fs::copy(&book, dir.join("补交材料").join(book.file_name().unwrap())).unwrap();
    }
    std::fs::create_dir_all(dir.join("东门实验")).unwrap();
    std::fs::write(dir.join("东门实验/论文.xlsx"), b"PK\x03\x04 damaged").unwrap();
    std::fs::write(
        dir.join("学校名单.csv"),
        "序号,学校名称,学段,片区,教师数\n\
         1,常州市武进区云溪实验小学,小学,湖塘片,41\n\
         2,城南初级中学,初中,城南片,\n\
         3,东门实验学校,九年一贯制,城南片,80\n\
         4,西湖小学,小学,湖塘片,30\n\
         5,常州市武进区湖塘中心小学,小学,湖塘片,\n",
    )
    .unwrap();
    std::fs::write(dir.join("说明.txt"), "各校材料").unwrap();
    let points: Vec<String> = ["国家级", "省级", "市级", "区县级", "片区级", "校级"]
        .iter()
        .map(|l| format!("\"{l}\" = 1"))
        .collect();
    let config = format!(
        "[school]\nname = \"武进区教师发展中心\"\n[district.points.awards]\n{}\n",
        points.join("\n")
    );
    std::fs::write(dir.join("jiaoke.toml"), config).unwrap();
}

fn of_school<'a>(rows: &'a [Row], school: &str) -> Vec<&'a Row> {
    rows.iter().filter(|r| r["school"] == school).collect()
}

#[test]
fn every_school_counts_as_its_own_reports_and_the_district_is_their_sum() {
    let own = tempfile::tempdir().unwrap();
    own_reports(own.path());
    let inbox = tempfile::tempdir().unwrap();
    district_inbox(inbox.path(), own.path());
    let out = tempfile::tempdir().unwrap();
    let args = [
        "district",
        inbox.path().to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
        "--school-year",
        YEAR,
        "--format",
        "parquet",
        "--quiet",
    ];
    jiaoke_ok_in(out.path(), &args);

    // Every record, with its school first, as Parquet: the school that handed up its
    // workbooks has the papers of their 明细 sheets, the others those of their sheets too.
    let file = std::fs::File::open(out.path().join("papers.parquet")).unwrap();
    let papers = ParquetReader::new(file).finish().unwrap();
    assert_eq!(papers.get_column_names()[0].as_str(), "school");
    let schools = papers.column("school").unwrap().str().unwrap().clone();
    let of = |school: &str| schools.iter().filter(|s| *s == Some(school)).count();
    let counted: usize = read_csv(&own.path().join("research_summary.csv"))
        .iter()
        .filter(|r| r["category"] == "论文获奖" || r["category"] == "论文发表")
        .map(|r| r["count"].parse::<usize>().unwrap())
        .sum();
    assert_eq!(of("城南初级中学"), counted);
    let raw = read_csv(&own.path().join("papers.csv")).len();
    assert_eq!(of("常州市武进区湖塘中心小学"), raw + counted);

    // Statuses, with the list's names.
    let subs = read_csv(&out.path().join("submissions.csv"));
    let status: Vec<(&str, &str)> = subs
        .iter()
        .map(|r| (r["school"].as_str(), r["status"].as_str()))
        .collect();
    assert_eq!(
        status,
        [
            ("常州市武进区云溪实验小学", "submitted"),
            ("城南初级中学", "submitted"),
            ("东门实验学校", "unreadable"),
            ("西湖小学", "missing"),
            ("常州市武进区湖塘中心小学", "submitted"),
        ]
    );

    // Both submitting schools count exactly what the school's own research report says:
    // from the raw sheets, and from the workbooks it handed up.
    let own_summary = summary_lines(&read_csv(&own.path().join("research_summary.csv")));
    assert!(own_summary.len() > 5);
    let district = read_csv(&out.path().join("district_research.csv"));
    for school in [
        "常州市武进区云溪实验小学",
        "城南初级中学",
        "常州市武进区湖塘中心小学",
    ] {
        assert_eq!(
            summary_lines(of_school(&district, school)),
            own_summary,
            "{school}"
        );
    }
    assert!(of_school(&district, "西湖小学").is_empty());

    // Training: the raw sheets give the school's own 学时汇总 figures.
    let by_teacher = read_csv(&own.path().join("training_by_teacher.csv"));
    let hours: f64 = by_teacher
        .iter()
        .map(|r| r["hours"].parse::<f64>().unwrap())
        .sum();
    let on_roster = by_teacher
        .iter()
        .filter(|r| r["on_roster"] == "true")
        .count();
    let training = read_csv(&out.path().join("district_training.csv"));
    // From the raw sheets, and from the workbooks handed up (the roster of 学时汇总, those
    // without hours included).
    for school in [
        "常州市武进区云溪实验小学",
        "城南初级中学",
        "常州市武进区湖塘中心小学",
    ] {
        let row = of_school(&training, school)[0];
        assert_eq!(row["teachers"], on_roster.to_string(), "{school}");
        assert_eq!(row["hours"].parse::<f64>().unwrap(), hours, "{school}");
    }

    // The district's 汇总 is the sum of the schools': its 论文获奖 合计 is three times the
    // school's.
    let awards: usize = read_csv(&own.path().join("research_summary.csv"))
        .iter()
        .filter(|r| r["category"] == "论文获奖")
        .map(|r| r["count"].parse::<usize>().unwrap())
        .sum();
    let book = out.path().join(format!(
        "全区教科研成果统计（{}学年）.xlsx",
        YEAR.replace('-', "—")
    ));
    let cells = xlsx_cells(&book);
    for (sheet, total_label) in [("汇总", "合计"), ("按学校", "全区合计")] {
        let on: Vec<&(String, u32, u32, String)> = cells.iter().filter(|c| c.0 == sheet).collect();
        // The first totals row, in the first 合计 column (the awards' in both sheets).
        let total_row = on
            .iter()
            .find(|c| c.2 == 0 && c.3 == total_label)
            .unwrap()
            .1;
        let column = on
            .iter()
            .find(|c| c.3 == "合计" && c.1 < total_row)
            .unwrap()
            .2;
        let total = on
            .iter()
            .find(|c| c.1 == total_row && c.2 == column)
            .unwrap();
        assert_eq!(total.3, (3 * awards).to_string(), "{sheet}");
    }

    // 考核得分: one point per award with a level, as jiaoke.toml sets; ranks shared.
    let scored: usize = read_csv(&own.path().join("research_summary.csv"))
        .iter()
        .filter(|r| r["category"] == "论文获奖" && r["level"] != "未注明级别")
        .map(|r| r["count"].parse::<usize>().unwrap())
        .sum();
    let on: Vec<&(String, u32, u32, String)> = cells.iter().filter(|c| c.0 == "按学校").collect();
    let score_col = on
        .iter()
        .find(|c| c.3 == "考核\n得分")
        .expect("score column")
        .2;
    let first = on
        .iter()
        .find(|c| c.3 == "常州市武进区云溪实验小学")
        .unwrap()
        .1;
    let score = on
        .iter()
        .find(|c| c.1 == first && c.2 == score_col)
        .unwrap();
    assert_eq!(score.3, scored.to_string());
    let rank = on
        .iter()
        .find(|c| c.1 == first && c.2 == score_col + 1)
        .unwrap();
    assert_eq!(rank.3, "1");

    // Subtotals by 片区 and 学段; the 明细 lists every school's counted papers with its name.
    assert!(cells.iter().any(|c| c.0 == "按片区学段" && c.3 == "湖塘片"));
    assert!(
        cells
            .iter()
            .any(|c| c.0 == "按片区学段" && c.3 == "九年一贯制")
    );
    let detail: Vec<&(String, u32, u32, String)> =
        cells.iter().filter(|c| c.0 == "论文获奖明细").collect();
    assert!(detail.iter().any(|c| c.1 == 2 && c.2 == 1 && c.3 == "学校"));
    let listed = detail.iter().filter(|c| c.1 > 2 && c.2 == 1).count();
    assert_eq!(listed, 3 * awards);

    // One 问题清单 per school that handed anything in; the loose file is said.
    for school in ["常州市武进区云溪实验小学", "城南初级中学", "东门实验学校"]
    {
        assert!(
            out.path().join(format!("问题清单/{school}.xlsx")).is_file(),
            "{school}"
        );
    }
    assert!(!out.path().join("问题清单/西湖小学.xlsx").exists());
    let report = out
        .path()
        .join(format!("上报情况（{}学年）.xlsx", YEAR.replace('-', "—")));
    let cells = xlsx_cells(&report);
    assert!(
        cells
            .iter()
            .any(|c| c.0 == "文件夹问题" && c.3 == "说明.txt")
    );
    assert!(
        cells
            .iter()
            .any(|c| c.0 == "文件夹问题" && c.3.contains("填报单位：常州市武进区云溪实验小学"))
    );

    // Compared with itself: every school's change is 0.
    let again = tempfile::tempdir().unwrap();
    let mut args = args.to_vec();
    args[3] = again.path().to_str().unwrap();
    args.extend(["--compare", out.path().to_str().unwrap()]);
    jiaoke_ok_in(again.path(), &args);
    let cells = xlsx_cells(&again.path().join(book.file_name().unwrap()));
    let compared: Vec<&(String, u32, u32, String)> =
        cells.iter().filter(|c| c.0 == "两年对比").collect();
    let row = compared.iter().find(|c| c.3 == "城南初级中学").unwrap().1;
    let values: Vec<&str> = (2..5)
        .map(|col| {
            compared
                .iter()
                .find(|c| c.1 == row && c.2 == col)
                .unwrap()
                .3
                .as_str()
        })
        .collect();
    let n = awards.to_string();
    assert_eq!(values, [n.as_str(), n.as_str(), "0"]);
}

#[test]
fn a_district_inbox_without_a_list_lists_its_folders() {
    let inbox = tempfile::tempdir().unwrap();
    copy_dir(
        &root().join("samples/inbox"),
        &inbox.path().join("云溪实小"),
    );
    // Only what Windows, macOS and Office leave behind: nothing handed in.
    std::fs::create_dir_all(inbox.path().join("西湖小学")).unwrap();
    for junk in ["Thumbs.db", ".DS_Store", "~$论文.xlsx"] {
        std::fs::write(inbox.path().join("西湖小学").join(junk), b"x").unwrap();
    }
    let out = tempfile::tempdir().unwrap();
    let args = [
        "district",
        inbox.path().to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
        "--format",
        "csv",
    ];
    let done = jiaoke_in(out.path(), &args);
    assert_eq!(done.status.code(), Some(0));
    let said = String::from_utf8_lossy(&done.stdout);
    assert!(said.contains("没有学校名单"), "{said}");
    // An earlier output without its CSV files cannot be compared with: said, exit 2.
    let mut compare = args.to_vec();
    compare.extend(["--compare", inbox.path().to_str().unwrap()]);
    let done = jiaoke_in(out.path(), &compare);
    assert_eq!(done.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&done.stderr).contains("district_research.csv"));
    let subs = read_csv(&out.path().join("submissions.csv"));
    let status: Vec<(&str, &str)> = subs
        .iter()
        .map(|r| (r["school"].as_str(), r["status"].as_str()))
        .collect();
    assert_eq!(status, [("云溪实小", "submitted"), ("西湖小学", "missing")]);
}
