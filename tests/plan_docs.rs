//! A newcomer drops the office's plan documents (工作计划 as .docx, old Word .doc or .wps, and
//! .txt) into the inbox: `jiaoke import` puts their calendar (行事历) into plans.csv, item by
//! item, with months and owners; documents that cannot be read are reported, notices without
//! a calendar skipped.

mod common;

use std::io::Write;
use std::path::Path;

use common::{jiaoke_in, jiaoke_ok, read_csv, root};

/// A .docx whose body is `body` (paragraphs and tables).
fn docx(body: &str) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("[Content_Types].xml", opts).unwrap();
    zip.write_all(br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#).unwrap();
    zip.start_file("_rels/.rels", opts).unwrap();
    zip.write_all(br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#).unwrap();
    zip.start_file("word/document.xml", opts).unwrap();
    write!(
        zip,
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}<w:sectPr/></w:body></w:document>"#
    )
    .unwrap();
    zip.finish().unwrap().into_inner()
}

fn p(text: &str) -> String {
    format!("<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>")
}

/// A table row; `^` continues the vertical merge above, `*text` starts one.
fn tr(cells: &[&str]) -> String {
    let cells: String = cells
        .iter()
        .map(|c| {
            let (props, text) = match (*c, c.strip_prefix('*')) {
                ("^", _) => ("<w:vMerge/>", ""),
                (_, Some(t)) => (r#"<w:vMerge w:val="restart"/>"#, t),
                _ => ("", *c),
            };
            let paras: String = text.split('\n').map(p).collect();
            format!("<w:tc><w:tcPr>{props}</w:tcPr>{paras}</w:tc>")
        })
        .collect();
    format!("<w:tr>{cells}</w:tr>")
}

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn a_newcomers_plan_documents_fill_plans_csv() {
    let inbox = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    // The office's plan: a text calendar for the summer, a calendar table with months merged
    // down, and one more month in text after the table.
    let table = [
        tr(&["月份", "工作内容", "负责人"]),
        tr(&["*九月份", "制订新学期教科室工作计划", "教科室"]),
        tr(&["^", "1．期初备课检查\n2．听课调研", "教导处、教科室"]),
        tr(&["*十月", "省级课题中期评估", "孙建国"]),
        tr(&["^", "区级微型课题开题论证", "教科室"]),
    ]
    .concat();
    let body = [
        p("云溪实验小学2023—2024学年第一学期教科室工作计划"),
        p("一、指导思想"),
        p("以科研为先导，以课题为抓手。"),
        p("二、行事历"),
        p("八月份：⑴暑期校本培训（教科室）⑵新教师入职培训"),
        format!("<w:tbl>{table}</w:tbl>"),
        p("十一月份——十二月份"),
        p("1、组织教师撰写教育教学论文，负责人：陈雪梅"),
        p("2、追踪调研课题组研究情况。一月："),
        p("1、撰写教科室工作总结"),
        p("三、保障措施"),
        p("1．加强领导。"),
    ]
    .concat();
    write(inbox.path(), "教科室/教科室工作计划.docx", &docx(&body));
    // A plan typed in Notepad (GBK).
    let (gbk, _, _) = encoding_rs::GB18030.encode(
        "二、行事历\r\n二月份：\r\n1．制订新学期计划；\r\n2．开学检查。\r\n三月份\r\n武进区微型课题申报\r\n",
    );
    write(inbox.path(), "教科室/第二学期计划.txt", &gbk);
    // A notice without any calendar, and an old Word file whose text is gone (damaged).
    write(
        inbox.path(),
        "通知.docx",
        &docx(&p("请各教研组于12月25日前报送论文获奖情况。")),
    );
    let mut old = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
    old.create_stream("/WordDocument").unwrap();
    write(
        inbox.path(),
        "教科室/旧计划.doc",
        &old.into_inner().into_inner(),
    );

    let run = jiaoke_ok(
        &[
            "import",
            inbox.path().to_str().unwrap(),
            "--out",
            out.path().to_str().unwrap(),
        ],
        0,
    );
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(stdout.contains("行事历 13 条"), "{stdout}");

    let plans = read_csv(&out.path().join("plans.csv"));
    let got: Vec<[&str; 6]> = plans
        .iter()
        .map(|r| {
            [
                r["source_file"].as_str(),
                r["sheet"].as_str(),
                r["row"].as_str(),
                r["month"].as_str(),
                r["month_end"].as_str(),
                r["item"].as_str(),
            ]
        })
        .collect();
    let docx_file = "教科室/教科室工作计划.docx";
    let txt_file = "教科室/第二学期计划.txt";
    assert_eq!(
        got,
        [
            [docx_file, "", "5", "8", "", "暑期校本培训"],
            [docx_file, "", "5", "8", "", "新教师入职培训"],
            [docx_file, "表1", "2", "9", "", "制订新学期教科室工作计划"],
            [docx_file, "表1", "3", "9", "", "期初备课检查"],
            [docx_file, "表1", "3", "9", "", "听课调研"],
            [docx_file, "表1", "4", "10", "", "省级课题中期评估"],
            [docx_file, "表1", "5", "10", "", "区级微型课题开题论证"],
            [docx_file, "", "7", "11", "12", "组织教师撰写教育教学论文"],
            [docx_file, "", "8", "11", "12", "追踪调研课题组研究情况"],
            [docx_file, "", "9", "1", "", "撰写教科室工作总结"],
            [txt_file, "", "3", "2", "", "制订新学期计划"],
            [txt_file, "", "4", "2", "", "开学检查"],
            [txt_file, "", "6", "3", "", "武进区微型课题申报"],
        ]
    );
    let owners: Vec<&str> = plans.iter().map(|r| r["owner"].as_str()).collect();
    assert_eq!(
        owners,
        [
            "教科室",
            "",
            "教科室",
            "教导处、教科室",
            "教导处、教科室",
            "孙建国",
            "教科室",
            "陈雪梅",
            "",
            "",
            "",
            "",
            ""
        ]
    );

    // The damaged .doc is unreadable with advice; the notice is skipped, not an error.
    let check = jiaoke_in(
        out.path(),
        &["check", inbox.path().to_str().unwrap(), "--format", "json"],
    );
    let findings: Vec<serde_json::Value> = serde_json::from_slice(&check.stdout).unwrap();
    let of = |file: &str| -> Vec<(String, String)> {
        findings
            .iter()
            .filter(|f| f["file"] == file)
            .map(|f| {
                (
                    f["code"].as_str().unwrap().to_string(),
                    f["severity"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    assert_eq!(
        of("教科室/旧计划.doc"),
        [("unreadable_file".to_string(), "error".to_string())]
    );
    let doc_message = findings
        .iter()
        .find(|f| f["file"] == "教科室/旧计划.doc")
        .unwrap()["message"]
        .as_str()
        .unwrap();
    assert!(
        doc_message.contains("已损坏") && doc_message.contains("另存为 .docx"),
        "{doc_message}"
    );
    assert_eq!(
        of("通知.docx"),
        [("skipped_file".to_string(), "info".to_string())]
    );
    assert!(of(docx_file).is_empty(), "{:?}", of(docx_file));
    assert!(of(txt_file).is_empty(), "{:?}", of(txt_file));
}

#[test]
fn the_demo_inbox_holds_both_real_plans() {
    // samples/inbox/教科室/ holds the two plans of tests/fixtures/plans/ as GBK .txt and
    // .docx; their items are pinned in samples/expected/plans.csv (tests/import_samples.rs).
    let expected = read_csv(&root().join("samples/expected/plans.csv"));
    let count = |file: &str| expected.iter().filter(|r| r["source_file"] == file).count();
    assert_eq!(count("教科室/2021-2022学年第一学期教科室工作计划.txt"), 21);
    assert_eq!(
        count("教科室/焦溪小学教科室工作计划（2012.9—2013.1）.docx"),
        27
    );
}

/// The plans.csv rows of one source file, without the `source_file` column.
fn rows_of(plans: &[common::Row], file: &str) -> Vec<common::Row> {
    plans
        .iter()
        .filter(|r| r["source_file"] == file)
        .map(|r| {
            let mut r = r.clone();
            r.remove("source_file");
            r
        })
        .collect()
}

#[test]
fn an_old_word_document_gives_the_calendar_of_its_docx_twin() {
    // tests/fixtures/plans/ holds .doc files LibreOffice saved from .docx files: the school's
    // real plan (its .docx is in samples/inbox/) and a plan with calendar tables (merged
    // months, an empty cell, a cell of two paragraphs, a nested table).
    let plans_dir = root().join("tests/fixtures/plans");
    let real = "焦溪小学教科室工作计划（2012.9—2013.1）";
    let pairs = [
        (
            plans_dir.join(format!("{real}.doc")),
            root().join(format!("samples/inbox/教科室/{real}.docx")),
        ),
        (
            plans_dir.join("表格计划.doc"),
            plans_dir.join("表格计划.docx"),
        ),
    ];
    let inbox = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    for (i, (doc, docx)) in pairs.iter().enumerate() {
        write(
            inbox.path(),
            &format!("旧/{i}.doc"),
            &std::fs::read(doc).unwrap(),
        );
        write(
            inbox.path(),
            &format!("新/{i}.docx"),
            &std::fs::read(docx).unwrap(),
        );
    }
    // WPS saves its .wps files in Word's format.
    write(
        inbox.path(),
        "旧/0.wps",
        &std::fs::read(&pairs[0].0).unwrap(),
    );
    jiaoke_ok(
        &[
            "import",
            inbox.path().to_str().unwrap(),
            "--out",
            out.path().to_str().unwrap(),
        ],
        0,
    );
    let plans = read_csv(&out.path().join("plans.csv"));
    for i in 0..pairs.len() {
        let from_docx = rows_of(&plans, &format!("新/{i}.docx"));
        assert!(from_docx.len() >= 5, "{i}: {} items", from_docx.len());
        assert_eq!(rows_of(&plans, &format!("旧/{i}.doc")), from_docx, "{i}");
    }
    assert_eq!(rows_of(&plans, "旧/0.wps"), rows_of(&plans, "新/0.docx"));
    let tables = rows_of(&plans, "新/1.docx");
    assert!(
        tables
            .iter()
            .any(|r| r["sheet"] == "表1" && r["month"] == "9"),
        "the merged month applies to its rows: {tables:?}"
    );

    let check = jiaoke_in(
        out.path(),
        &["check", inbox.path().to_str().unwrap(), "--format", "json"],
    );
    let findings: Vec<serde_json::Value> = serde_json::from_slice(&check.stdout).unwrap();
    // The same findings as the twin's (a table without a calendar header is skipped, at info
    // level): none says the document could not be read.
    let of = |file: &str| -> Vec<serde_json::Value> {
        findings
            .iter()
            .filter(|f| f["file"] == file)
            .map(|f| {
                let mut f = f.clone();
                f["file"] = serde_json::Value::Null;
                f
            })
            .collect()
    };
    for i in 0..pairs.len() {
        let old = of(&format!("旧/{i}.doc"));
        assert_eq!(old, of(&format!("新/{i}.docx")), "{i}");
        assert!(old.iter().all(|f| f["severity"] == "info"), "{old:?}");
    }
    assert!(of("旧/0.wps").is_empty());
}
