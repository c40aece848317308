//! Nothing lost: an inbox mixing hostile files with the demo inbox's good ones. Every hostile
//! file gets one clear finding naming it, every record of the good files still comes out, and
//! workbooks that calamine opens but look unusual (a workbook stream named `WORKBOOK`, parts
//! at unusual package paths, a chart sheet or a macro sheet beside the data) are read.

mod common;

use std::io::{Cursor, Read, Write};
use std::path::Path;

use common::{copy_dir, jiaoke_in, read_csv, root};
use serde_json::Value as Json;

const BOMB_DIR: &str = "异常文件";

fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in parts {
        zip.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// Every part of a zip, in order.
fn parts_of(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut part = archive.by_index(i).unwrap();
            let mut content = Vec::new();
            part.read_to_end(&mut content).unwrap();
            (part.name().unwrap().to_string(), content)
        })
        .collect()
}

/// An xlsx whose sheet inflates 1,000 times: 16 MB of blanks in 16 KB.
fn zip_bomb() -> Vec<u8> {
    zip_of(&[("xl/worksheets/sheet1.xml", &vec![b' '; 16 << 20])])
}

/// A zip whose central directory declares a 300 MB part (the zip crate would refuse to
/// inflate past it; jiaoke refuses before).
fn declared_huge() -> Vec<u8> {
    let mut bytes = zip_of(&[("xl/worksheets/sheet1.xml", b"<x/>")]);
    let at = bytes
        .windows(4)
        .rposition(|w| w == b"PK\x01\x02")
        .expect("central directory");
    bytes[at + 24..at + 28].copy_from_slice(&(300u32 << 20).to_le_bytes());
    bytes
}

fn record(typ: u16, data: &[u8]) -> Vec<u8> {
    let mut out = typ.to_le_bytes().to_vec();
    out.extend((data.len() as u16).to_le_bytes());
    out.extend(data);
    out
}

/// A compound file whose sheet claims four billion rows (calamine would reserve them).
fn absurd_dimensions() -> Vec<u8> {
    let mut bound = 0u32.to_le_bytes().to_vec();
    bound.extend([0, 0, 2, 0, b'S', b'1']);
    let globals = [
        record(0x0809, &[0; 8]),
        record(0x0085, &bound),
        record(0x000A, &[]),
    ];
    let start = globals.iter().map(Vec::len).sum::<usize>() as u32;
    bound[..4].copy_from_slice(&start.to_le_bytes());
    let mut dims = 0u32.to_le_bytes().to_vec();
    dims.extend(u32::MAX.to_le_bytes());
    dims.extend([0, 0, 200, 0, 0, 0]);
    let mut stream = record(0x0809, &[0; 8]);
    stream.extend(record(0x0085, &bound));
    stream.extend(record(0x000A, &[]));
    stream.extend(record(0x0809, &[0; 8]));
    stream.extend(record(0x0200, &dims));
    stream.extend(record(0x000A, &[]));
    compound(&[("Workbook", stream)])
}

fn compound(streams: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut file = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
    for (name, bytes) in streams {
        let mut s = file.create_stream(format!("/{name}")).unwrap();
        s.write_all(bytes).unwrap();
    }
    file.into_inner().into_inner()
}

/// An .ods whose rows repeat one value across every column (calamine would expand them).
fn ods_repeats() -> Vec<u8> {
    let row = "<table:table-row><table:table-cell office:value-type=\"float\" office:value=\"1\" table:number-columns-repeated=\"16384\"/></table:table-row>";
    let content = format!(
        "<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\"><office:body><office:spreadsheet><table:table table:name=\"重复\">{}</table:table></office:spreadsheet></office:body></office:document-content>",
        row.repeat(300)
    );
    zip_of(&[
        (
            "mimetype",
            b"application/vnd.oasis.opendocument.spreadsheet",
        ),
        ("content.xml", content.as_bytes()),
    ])
}

/// The demo's BIFF workbook with its stream renamed `WORKBOOK`.
fn capitalized_stream() -> Vec<u8> {
    let bytes = std::fs::read(root().join("samples/inbox/数学组/数学组.xls")).unwrap();
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).unwrap();
    let names: Vec<String> = file
        .read_root_storage()
        .filter(|e| e.is_stream())
        .map(|e| e.name().to_string())
        .collect();
    let streams: Vec<(String, Vec<u8>)> = names
        .into_iter()
        .map(|name| {
            let mut content = Vec::new();
            file.open_stream(format!("/{name}"))
                .unwrap()
                .read_to_end(&mut content)
                .unwrap();
            let name = if name == "Workbook" {
                "WORKBOOK".into()
            } else {
                name
            };
            (name, content)
        })
        .collect();
    let refs: Vec<(&str, Vec<u8>)> = streams
        .iter()
        .map(|(n, c)| (n.as_str(), c.clone()))
        .collect();
    compound(&refs)
}

/// The demo's 课题一览表.xlsx with its workbook part moved to `wb/book.xml`.
fn unusual_paths() -> Vec<u8> {
    let bytes = std::fs::read(root().join("samples/inbox/课题一览表.xlsx")).unwrap();
    let parts: Vec<(String, Vec<u8>)> = parts_of(&bytes)
        .into_iter()
        .map(|(name, content)| {
            let text = || String::from_utf8(content.clone()).unwrap();
            match name.as_str() {
                "xl/workbook.xml" => ("xl/book.xml".into(), content),
                "xl/_rels/workbook.xml.rels" => ("xl/_rels/book.xml.rels".into(), content),
                "_rels/.rels" => (
                    name,
                    text()
                        .replace("xl/workbook.xml", "xl/book.xml")
                        .into_bytes(),
                ),
                "[Content_Types].xml" => (
                    name,
                    text()
                        .replace("/xl/workbook.xml", "/xl/book.xml")
                        .into_bytes(),
                ),
                _ => (name, content),
            }
        })
        .collect();
    let refs: Vec<(&str, &[u8])> = parts
        .iter()
        .map(|(n, c)| (n.as_str(), c.as_slice()))
        .collect();
    zip_of(&refs)
}

/// A roster workbook with a chart sheet beside its data sheet.
fn with_chart_sheet() -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet().set_name("名单").unwrap();
    for (c, h) in ["姓名", "教研组", "任教学科"].iter().enumerate() {
        ws.write(0, c as u16, *h).unwrap();
    }
    for (r, name) in ["钱图表", "孙图表"].iter().enumerate() {
        ws.write(r as u32 + 1, 0, *name).unwrap();
        ws.write(r as u32 + 1, 1, "数学组").unwrap();
        ws.write(r as u32 + 1, 2, "数学").unwrap();
    }
    let mut chart = rust_xlsxwriter::Chart::new_column();
    chart.add_series().set_values("名单!$A$2:$A$3");
    wb.add_chartsheet()
        .set_name("图表")
        .unwrap()
        .insert_chart(0, 0, &chart)
        .unwrap();
    wb.save_to_buffer().unwrap()
}

fn import(inbox: &Path, out: &Path) -> i32 {
    let cwd = tempfile::tempdir().unwrap();
    let run = jiaoke_in(
        cwd.path(),
        &[
            "import",
            inbox.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--quiet",
        ],
    );
    let code = run.status.code().unwrap_or(-1);
    assert!(
        code == 0 || code == 1,
        "exit {code}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    code
}

fn findings(inbox: &Path) -> Vec<Json> {
    let cwd = tempfile::tempdir().unwrap();
    let run = jiaoke_in(
        cwd.path(),
        &["check", inbox.to_str().unwrap(), "--format", "json"],
    );
    serde_json::from_slice::<Json>(&run.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn hostile_files_get_one_finding_each_and_good_records_all_come_out() {
    let plain = tempfile::tempdir().unwrap();
    copy_dir(&root().join("samples/inbox"), plain.path());
    let mixed = tempfile::tempdir().unwrap();
    copy_dir(&root().join("samples/inbox"), mixed.path());
    let dir = mixed.path().join(BOMB_DIR);
    std::fs::create_dir_all(&dir).unwrap();
    let huge_csv = {
        let mut text = "姓名,学时\n".to_string();
        while text.len() <= 33 << 20 {
            text.push_str("张三,24\n");
        }
        text
    };
    let hostile: [(&str, Vec<u8>, &str); 5] = [
        ("压缩炸弹.xlsx", zip_bomb(), "压缩炸弹"),
        ("声明过大.xlsx", declared_huge(), "压缩炸弹"),
        ("行数荒谬.xls", absurd_dimensions(), "范围过大"),
        ("重复列.ods", ods_repeats(), "范围过大"),
        ("巨大.csv", huge_csv.into_bytes(), "文件过大"),
    ];
    for (name, bytes, _) in &hostile {
        std::fs::write(dir.join(name), bytes).unwrap();
    }
    let unusual: [(&str, Vec<u8>); 4] = [
        ("大写流名.xls", capitalized_stream()),
        ("路径特别.xlsx", unusual_paths()),
        ("带图表.xlsx", with_chart_sheet()),
        (
            "宽行.csv",
            format!("姓名,学时{}远处\n张宽行,24\n", ",".repeat(600)).into_bytes(),
        ),
    ];
    for (name, bytes) in &unusual {
        std::fs::write(dir.join(name), bytes).unwrap();
    }

    let (out_plain, out_mixed) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    import(plain.path(), out_plain.path());
    import(mixed.path(), out_mixed.path());

    // Every record of the good files comes out as before.
    for csv in [
        "teachers.csv",
        "papers.csv",
        "projects.csv",
        "training.csv",
        "plans.csv",
    ] {
        let before = read_csv(&out_plain.path().join(csv));
        let after = read_csv(&out_mixed.path().join(csv));
        assert!(
            !before.is_empty() || csv == "plans.csv",
            "{csv} has records"
        );
        for row in &before {
            assert!(after.contains(row), "{csv}: lost {row:?}");
        }
    }

    // One clear error per hostile file, naming it.
    let all = findings(mixed.path());
    for (name, _, says) in &hostile {
        let file = format!("{BOMB_DIR}/{name}");
        let mine: Vec<&Json> = all.iter().filter(|f| f["file"] == file.as_str()).collect();
        assert_eq!(mine.len(), 1, "{file}: {mine:#?}");
        assert_eq!(mine[0]["code"], "unreadable_file", "{file}");
        let message = mine[0]["message"].as_str().unwrap();
        assert!(message.contains(says), "{file}: {message}");
    }

    // The unusual workbooks are read: their records are there.
    let teachers = read_csv(&out_mixed.path().join("teachers.csv"));
    let from = |file: &str| {
        let file = format!("{BOMB_DIR}/{file}");
        teachers.iter().filter(|t| t["source_file"] == file).count()
    };
    assert_eq!(
        from("带图表.xlsx"),
        2,
        "the data sheet beside a chart sheet"
    );
    let papers = read_csv(&out_mixed.path().join("papers.csv"));
    let projects = read_csv(&out_mixed.path().join("projects.csv"));
    let any = |rows: &[common::Row], file: &str| {
        let file = format!("{BOMB_DIR}/{file}");
        rows.iter().any(|r| r["source_file"] == file)
    };
    assert!(
        any(&papers, "大写流名.xls"),
        "a workbook stream named WORKBOOK"
    );
    assert!(
        any(&projects, "路径特别.xlsx"),
        "a workbook part at an unusual path"
    );
    let chart_note = all
        .iter()
        .find(|f| f["file"] == format!("{BOMB_DIR}/带图表.xlsx") && f["sheet"] == "图表")
        .expect("a note for the chart sheet");
    assert_eq!(chart_note["code"], "unknown_sheet");
    let wide = all
        .iter()
        .find(|f| f["file"] == format!("{BOMB_DIR}/宽行.csv") && f["code"] == "invalid_value")
        .expect("a warning for the cell beyond the columns read");
    assert_eq!(wide["severity"], "warning");
    assert!(wide["message"].as_str().unwrap().contains("超出读取范围"));
}
