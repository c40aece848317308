//! For the tests of the standard workbooks: the sample inbox, report inputs, and the
//! workbooks read back.

use std::collections::HashMap;
use std::io::Cursor;
use std::path::Path;
use std::sync::OnceLock;

use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;

use crate::check::Settings;
use crate::finding::Finding;
use crate::period::{Period, Terms};
use crate::pipeline::Dataset;
use crate::report::context::{Built, ReportError, ReportInput};
use crate::report::workbook::Letterhead;
use crate::vocab::Vocab;

/// A built report saved as the commands write it.
pub struct Saved {
    /// [`Built::file_name`].
    pub file_name: String,
    /// The workbook's bytes.
    pub workbook: Vec<u8>,
    /// [`Built::csvs`].
    pub csvs: Vec<(String, Vec<u8>)>,
}

/// Saves a built report (panics on any error: for tests).
pub fn saved(built: Result<Built, ReportError>) -> Saved {
    let mut built = built.unwrap();
    Saved {
        workbook: built.workbook.save_to_buffer().unwrap(),
        file_name: built.file_name,
        csvs: built.csvs,
    }
}

/// The demo inbox, imported and checked once.
pub fn samples() -> &'static (Dataset, Vec<Finding>) {
    static SAMPLES: OnceLock<(Dataset, Vec<Finding>)> = OnceLock::new();
    SAMPLES.get_or_init(|| {
        let inbox = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/inbox");
        let d = crate::pipeline::import(&inbox, &Vocab::builtin(), &|_| {}).unwrap();
        let mut f = d.findings.clone();
        f.extend(crate::check::run(&d, &Settings::default()).unwrap());
        (d, f)
    })
}

/// The demo school's letterhead.
pub fn head() -> Letterhead {
    Letterhead {
        school: "常州市武进区云溪实验小学".into(),
        date: NaiveDate::from_ymd_opt(2024, 7, 5),
        ..Letterhead::default()
    }
}

/// A report's input: default terms, 72 hours a year.
pub fn input<'a>(
    d: &'a Dataset,
    findings: &'a [Finding],
    head: &'a Letterhead,
    period: Period,
) -> ReportInput<'a> {
    ReportInput {
        dataset: d,
        findings,
        head,
        period,
        terms: Terms::default(),
        required_hours_per_year: 72.0,
        vocab: builtin_vocab(),
    }
}

/// The built-in vocabularies, parsed once.
pub fn builtin_vocab() -> &'static Vocab {
    static VOCAB: OnceLock<Vocab> = OnceLock::new();
    VOCAB.get_or_init(Vocab::builtin)
}

/// A date, `None` when there is no such day.
pub fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

/// A table sheet read back: header row 3, body, totals row (first cell 合计).
#[derive(Debug)]
pub struct Sheet {
    /// Headers, line breaks removed.
    pub headers: Vec<String>,
    /// Body rows.
    pub body: Vec<Vec<Data>>,
    /// The totals row.
    pub totals: Option<Vec<Data>>,
    /// Every row of the sheet.
    pub all: Vec<Vec<Data>>,
}

/// Reads one sheet of a workbook.
pub fn sheet(bytes: &[u8], name: &str) -> Sheet {
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).unwrap();
    let range = wb.worksheet_range(name).unwrap();
    assert_eq!(range.start(), Some((0, 0)), "{name} starts at A1");
    let all: Vec<Vec<Data>> = range.rows().map(<[Data]>::to_vec).collect();
    let headers: Vec<String> = all[2].iter().map(|d| text(d).replace('\n', "")).collect();
    let mut body = Vec::new();
    let mut totals = None;
    for row in &all[3..] {
        if row.iter().all(|d| *d == Data::Empty) {
            break;
        }
        if text(&row[0]) == "合计" {
            totals = Some(row.clone());
            break;
        }
        body.push(row.clone());
    }
    Sheet {
        headers,
        body,
        totals,
        all,
    }
}

/// A cell as text.
pub fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        Data::Float(f) => crate::table::format_number(*f),
        Data::Int(i) => i.to_string(),
        other => other.to_string(),
    }
}

/// A cell as a number (empty is 0).
pub fn num(d: &Data) -> f64 {
    match d {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        Data::Empty => 0.0,
        other => panic!("not a number: {other:?}"),
    }
}

impl Sheet {
    /// The column of a header.
    pub fn col(&self, header: &str) -> usize {
        self.headers
            .iter()
            .position(|h| h == header)
            .unwrap_or_else(|| panic!("no column {header} in {:?}", self.headers))
    }

    /// One column of the body as numbers.
    pub fn nums(&self, header: &str) -> Vec<f64> {
        let c = self.col(header);
        self.body.iter().map(|r| num(&r[c])).collect()
    }

    /// One column of the body as text.
    pub fn texts(&self, header: &str) -> Vec<String> {
        let c = self.col(header);
        self.body.iter().map(|r| text(&r[c])).collect()
    }

    /// A totals cell as a number.
    pub fn total(&self, header: &str) -> f64 {
        num(&self.totals.as_ref().expect("a totals row")[self.col(header)])
    }

    /// Whether any cell of the sheet holds text containing `needle`.
    pub fn mentions(&self, needle: &str) -> bool {
        self.all.iter().flatten().any(|d| text(d).contains(needle))
    }
}

/// A CSV's lines as header → value maps.
pub fn csv_rows(bytes: &[u8]) -> Vec<HashMap<String, String>> {
    let mut r = csv::Reader::from_reader(bytes);
    let headers: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    r.records()
        .map(|rec| {
            headers
                .iter()
                .cloned()
                .zip(rec.unwrap().iter().map(String::from))
                .collect()
        })
        .collect()
}

/// Imports a workbook jiaoke wrote, as a district office would.
pub fn reimport(file_name: &str, bytes: &[u8]) -> Dataset {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(file_name), bytes).unwrap();
    crate::pipeline::import(dir.path(), &Vocab::builtin(), &|_| {}).unwrap()
}

/// The XML of a worksheet (1-based, in workbook order).
pub fn sheet_xml(bytes: &[u8], n: usize) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).unwrap();
    let mut f = zip.by_name(&format!("xl/worksheets/sheet{n}.xml")).unwrap();
    let mut s = String::new();
    std::io::Read::read_to_string(&mut f, &mut s).unwrap();
    s
}
