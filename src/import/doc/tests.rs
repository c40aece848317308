use super::testing::{Doc, cp1252, in_cell, nested, row_end, stsh, utf16};
use super::*;
use crate::table::{Merge, Value};

fn read(doc: &Doc) -> Result<RawDocument, String> {
    read_doc(&doc.build(), "计划.doc")
}

fn texts(doc: &RawDocument) -> Vec<(u32, &str)> {
    doc.lines
        .iter()
        .map(|l| (l.number, l.text.as_str()))
        .collect()
}

#[test]
fn cp1252_and_utf16_pieces_make_one_text() {
    let doc = Doc {
        pieces: vec![
            cp1252("Plan \u{201c}A\u{201d}\r"),
            utf16("九月份：\r\r"),
            cp1252("caf\u{e9}\r"),
        ],
        ..Doc::default()
    };
    let got = read(&doc).unwrap();
    assert_eq!(
        texts(&got),
        [(1, "Plan \u{201c}A\u{201d}"), (2, "九月份："), (4, "café")]
    );
}

#[test]
fn field_instructions_are_dropped_and_results_kept() {
    let text = "详见\u{13} HYPERLINK \"http://x/\"\u{1}\u{14}区教研网\u{15}通知\r\
                \u{13} IF \u{13} MERGEFIELD a \u{14}甲\u{15} = 1 \u{14}是\u{15}\r\
                \u{13} PAGE \u{15}页\r";
    let got = read(&Doc {
        pieces: vec![utf16(text)],
        ..Doc::default()
    })
    .unwrap();
    assert_eq!(
        texts(&got),
        [(1, "详见区教研网通知"), (2, "甲是"), (3, "页")],
        "a field nested in an instruction shows its result, as in .docx"
    );
}

#[test]
fn breaks_tabs_and_special_characters() {
    let text = "1、制订\t计划\u{b}第二行\u{e}栏\r a\u{1e}b\u{1f}c\u{a0}d\u{2}\u{5}\u{8}\r前\u{E000}后\r节末\u{c}下一节\r";
    let paras: Vec<(u16, Vec<u8>)> = (0..5).map(|_| (0, Vec::new())).collect();
    let got = read(&Doc {
        pieces: vec![utf16(text)],
        papx: paras,
        ..Doc::default()
    })
    .unwrap();
    assert_eq!(
        texts(&got),
        [
            (1, "1、制订\t计划\n第二行\n栏"),
            (2, " a-bc\u{a0}d"),
            (3, "前\n后"),
            (4, "节末"),
            (5, "下一节")
        ]
    );
}

#[test]
fn only_the_main_text_is_read() {
    let doc = Doc {
        pieces: vec![utf16("正文\r脚注内容\r")],
        ccp_text: Some(3),
        ..Doc::default()
    };
    assert_eq!(texts(&read(&doc).unwrap()), [(1, "正文")]);
}

#[test]
fn headings_come_from_styles_and_outline_levels() {
    let styles = stsh(&[
        (0, "Normal", 0x0FFF, None),
        (1, "标题 1", 0, None),
        (4094, "Heading Custom", 0, None),
        (4094, "我的标题", 1, None),
        (4094, "大纲", 0, Some(2)),
        (4094, "正文缩进", 0, Some(9)),
    ]);
    let paras = [
        ("一、指导思想\r", 1, vec![]),
        ("二、目标\r", 2, vec![]),
        ("三、行事历\r", 3, vec![]),
        ("四、保障\r", 4, vec![]),
        ("正文\r", 5, vec![]),
        ("五、其他\r", 0, vec![0x40, 0x26, 1]),
        ("正文\r", 0, vec![0x40, 0x26, 9]),
    ];
    let doc = Doc {
        stsh: styles,
        ..Doc::paragraphs(&paras)
    };
    let got = read(&doc).unwrap();
    let h: Vec<bool> = got.lines.iter().map(|l| l.heading).collect();
    assert_eq!(h, [true, true, true, true, false, true, false]);
}

/// The calendar table of the .docx tests: a month merged down, a cell over two columns, an
/// empty cell, a cell of two paragraphs.
fn calendar() -> Doc {
    let three = [-108, 1892, 3892, 5892];
    let paras = [
        ("四、行事历\r", 0, vec![]),
        ("月份\u{7}", 0, in_cell()),
        ("工作内容\u{7}", 0, in_cell()),
        ("负责人\u{7}", 0, in_cell()),
        ("\u{7}", 0, row_end(&three, &[0, 0, 0])),
        ("九月\u{7}", 0, in_cell()),
        ("1．制订计划\r", 0, in_cell()),
        ("2．听课调研\u{7}", 0, in_cell()),
        ("\u{7}", 0, in_cell()),
        ("\u{7}", 0, row_end(&three, &[0x60, 0, 0])),
        ("\u{7}", 0, in_cell()),
        ("开学检查\u{7}", 0, in_cell()),
        ("教导处\u{7}", 0, in_cell()),
        ("\u{7}", 0, row_end(&three, &[0x20, 0, 0])),
        ("十月\u{7}", 0, in_cell()),
        ("课题中期评估\u{7}", 0, in_cell()),
        ("\u{7}", 0, row_end(&[-108, 1892, 5892], &[0, 0])),
        ("五、其他\r", 0, vec![]),
    ];
    Doc::paragraphs(&paras)
}

#[test]
fn tables_become_sheets_with_merges() {
    let got = read(&calendar()).unwrap();
    assert_eq!(texts(&got), [(1, "四、行事历"), (2, "五、其他")]);
    assert_eq!(got.tables.len(), 1);
    let t = &got.tables[0];
    assert_eq!((t.after, t.sheet.sheet.as_str()), (1, "表1"));
    let rows: Vec<Vec<Value>> = t.sheet.rows.iter().map(|r| r.cells.clone()).collect();
    let text = |s: &str| Value::Text(s.into());
    assert_eq!(
        rows,
        [
            vec![text("月份"), text("工作内容"), text("负责人")],
            vec![text("九月"), text("1．制订计划\n2．听课调研"), Value::Empty],
            vec![Value::Empty, text("开学检查"), text("教导处")],
            vec![text("十月"), text("课题中期评估")],
        ]
    );
    assert_eq!(
        t.sheet.merges,
        [
            Merge {
                first_row: 1,
                first_col: 0,
                last_row: 2,
                last_col: 0
            },
            Merge {
                first_row: 3,
                first_col: 1,
                last_row: 3,
                last_col: 2
            },
        ]
    );
}

#[test]
fn without_paragraph_properties_cells_are_told_by_their_marks() {
    let doc = Doc {
        papx: Vec::new(),
        ..calendar()
    };
    let got = read(&doc).unwrap();
    assert_eq!(texts(&got), [(1, "四、行事历"), (2, "五、其他")]);
    let t = &got.tables[0].sheet;
    assert_eq!(t.rows[0].cells.len(), 3);
    assert_eq!(t.rows[0].get(2), &Value::Text("负责人".into()));
    assert!(t.merges.is_empty());
}

#[test]
fn a_nested_table_adds_its_text_to_its_cell() {
    let paras = [
        ("十二月\u{7}", 0, in_cell()),
        ("撰写论文\r", 0, in_cell()),
        ("甲\r", 0, nested(false)),
        ("乙\r", 0, nested(false)),
        ("\r", 0, nested(true)),
        ("\u{7}", 0, in_cell()),
        ("\u{7}", 0, row_end(&[0, 2000, 4000], &[0, 0])),
        ("后文\r", 0, vec![]),
    ];
    let got = read(&Doc::paragraphs(&paras)).unwrap();
    assert_eq!(texts(&got), [(1, "后文")]);
    assert_eq!(got.tables[0].after, 0);
    assert_eq!(
        got.tables[0].sheet.rows[0].cells,
        [
            Value::Text("十二月".into()),
            Value::Text("撰写论文\n甲\n乙".into())
        ]
    );
}

#[test]
fn piece_properties_apply_to_their_paragraphs() {
    let doc = Doc {
        pieces: vec![utf16("正文\r"), utf16("标题\r")],
        papx: vec![(0, vec![]), (0, vec![])],
        prcs: vec![vec![0x40, 0x26, 0]],
        ..Doc::default()
    };
    let mut doc = doc;
    doc.pieces[1].prm = 1;
    let got = read(&doc).unwrap();
    let h: Vec<bool> = got.lines.iter().map(|l| l.heading).collect();
    assert_eq!(h, [false, true]);
}

#[test]
fn encrypted_and_old_documents_are_refused_with_advice() {
    let locked = Doc {
        pieces: vec![utf16("x\r")],
        flags: 0x0100,
        ..Doc::default()
    };
    assert_eq!(read(&locked).unwrap_err(), PASSWORD);
    let old = Doc {
        pieces: vec![utf16("x\r")],
        n_fib: 0x0065,
        ..Doc::default()
    };
    let err = read(&old).unwrap_err();
    assert!(
        err.contains("Word 95") && err.contains("另存为 .docx"),
        "{err}"
    );
    // Word 6 wrote other identifiers too.
    let (mut wd, table) = old.streams();
    wd[..2].copy_from_slice(&0xA697u16.to_le_bytes());
    let bytes =
        crate::import::compound::testing::compound(&[("WordDocument", &wd), ("1Table", &table)]);
    assert!(read_doc(&bytes, "a.doc").unwrap_err().contains("Word 95"));
}

/// Cuts, overwrites and loops: every one an error or a document, never a panic.
#[test]
fn damaged_documents_are_errors_naming_the_damage() {
    let (wd, table) = calendar().streams();
    let build = |wd: &[u8], table: &[u8]| {
        crate::import::compound::testing::compound(&[("WordDocument", wd), ("1Table", table)])
    };
    let err = read_doc(&build(&wd[..0x90], &table), "a.doc").unwrap_err();
    assert!(err.contains("FIB"), "{err}");
    let err = read_doc(&build(&wd[..0x410], &table), "a.doc").unwrap_err();
    assert!(err.contains("超出了 WordDocument"), "{err}");
    let err = read_doc(&build(&wd, &[]), "a.doc").unwrap_err();
    assert!(err.contains("Clx"), "{err}");
    let err = read_doc(
        &crate::import::compound::testing::compound(&[("WordDocument", &wd)]),
        "a.doc",
    )
    .unwrap_err();
    assert!(err.contains("1Table"), "{err}");
    let mut huge = wd.clone();
    huge[0x4C..0x50].copy_from_slice(&u32::MAX.to_le_bytes());
    let err = read_doc(&build(&huge, &table), "a.doc").unwrap_err();
    assert!(err.contains("过长"), "{err}");
    let mut junk = wd.clone();
    junk[0] = 0;
    assert!(
        read_doc(&build(&junk, &table), "a.doc")
            .unwrap_err()
            .contains("标识")
    );
    // Every single byte of both streams overwritten, and every cut: no panic.
    for i in 0..wd.len().min(4096) {
        let mut w = wd.clone();
        w[i] ^= 0xFF;
        let _ = read_doc(&build(&w, &table), "a.doc");
    }
    for i in 0..table.len() {
        let mut t = table.clone();
        t[i] ^= 0xFF;
        let _ = read_doc(&build(&wd, &t), "a.doc");
        let _ = read_doc(&build(&wd, &table[..i]), "a.doc");
    }
}

#[test]
fn pages_pointing_back_at_one_page_cost_no_memory() {
    // A PlcBtePapx of many entries all naming the same page (a "loop"): read lazily.
    let (wd, mut table) = calendar().streams();
    let n = 100_000u32;
    let at = table.len() as u32;
    for i in 0..=n {
        table.extend(i.to_le_bytes());
    }
    for _ in 0..n {
        table.extend(3u32.to_le_bytes());
    }
    let mut wd = wd;
    let lcb = table.len() as u32 - at;
    wd[0x9A + 8 * 13..0x9A + 8 * 13 + 4].copy_from_slice(&at.to_le_bytes());
    wd[0x9A + 8 * 13 + 4..0x9A + 8 * 13 + 8].copy_from_slice(&lcb.to_le_bytes());
    let bytes =
        crate::import::compound::testing::compound(&[("WordDocument", &wd), ("1Table", &table)]);
    let got = read_doc(&bytes, "a.doc").unwrap();
    assert!(!got.lines.is_empty() || !got.tables.is_empty());
}

/// The fixtures of tests/fixtures/plans/: a .docx and the .doc LibreOffice saved from it
/// (`soffice --headless --convert-to doc`) read the same.
#[test]
fn a_doc_reads_as_its_docx_twin() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for (doc, docx) in [
        (
            "tests/fixtures/plans/焦溪小学教科室工作计划（2012.9—2013.1）.doc",
            "samples/inbox/教科室/焦溪小学教科室工作计划（2012.9—2013.1）.docx",
        ),
        (
            "tests/fixtures/plans/表格计划.doc",
            "tests/fixtures/plans/表格计划.docx",
        ),
    ] {
        let from_doc = read_doc(&std::fs::read(dir.join(doc)).unwrap(), "a").unwrap();
        let from_docx =
            crate::import::docx::read_docx(&std::fs::read(dir.join(docx)).unwrap(), "a").unwrap();
        assert_eq!(from_doc.lines, from_docx.lines, "{doc}");
        assert_eq!(from_doc.tables, from_docx.tables, "{doc}");
        assert!(from_doc.lines.iter().any(|l| l.heading), "{doc}");
    }
    let tables = read_doc(
        &std::fs::read(dir.join("tests/fixtures/plans/表格计划.doc")).unwrap(),
        "a",
    )
    .unwrap()
    .tables;
    assert_eq!(tables.len(), 2);
    assert_eq!(
        tables[0].sheet.merges.len(),
        2,
        "a month merged down, two columns"
    );
    assert_eq!(tables[0].sheet.rows[2].get(2), &Value::Empty);
    assert_eq!(
        tables[1].sheet.rows[0].get(1),
        &Value::Text("撰写论文\n甲\n乙".into()),
        "a nested table's text joins its cell"
    );
}

#[test]
fn paragraphs_said_to_be_in_a_table_without_cells_are_running_text() {
    let paras = [
        ("标题\r", 0, vec![]),
        ("一、指导思想\r", 0, in_cell()),
        ("\r", 0, in_cell()),
        ("正文\r", 0, in_cell()),
        ("后文\r", 0, vec![]),
    ];
    let got = read(&Doc::paragraphs(&paras)).unwrap();
    assert_eq!(
        texts(&got),
        [(1, "标题"), (2, "一、指导思想"), (4, "正文"), (5, "后文")]
    );
    assert!(got.tables.is_empty());
}
