//! Writers: a [`Book`] or [`Grid`] → the bytes of an xlsx/xlsm, a CSV or an HTML "xls".
//!
//! Output must be the same bytes on every run: the workbook's creation time is fixed, and
//! rust_xlsxwriter stamps its zip entries with a constant time.

use anyhow::{Context, Result, bail};
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
};

use crate::grid::{Book, Cell, Grid, RowStyle};

/// The VBA project put into .xlsm files (from rust_xlsxwriter's examples, MIT/Apache-2.0).
const VBA_PROJECT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/examples/samplegen/vbaProject.bin"
);

/// Serial day number of a date in the 1900 date system.
pub fn serial(d: chrono::NaiveDate) -> f64 {
    let epoch = chrono::NaiveDate::from_ymd_opt(1899, 12, 30).expect("valid epoch");
    (d - epoch).num_days() as f64
}

struct Formats {
    title: Format,
    info: Format,
    header: Format,
    body: Format,
    note: Format,
}

impl Formats {
    fn new() -> Formats {
        let base = Format::new().set_font_name("宋体").set_font_size(11);
        let boxed = base
            .clone()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter);
        Formats {
            title: base
                .clone()
                .set_bold()
                .set_font_size(16)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            info: base.clone(),
            header: boxed
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center),
            body: boxed.set_text_wrap(),
            note: base,
        }
    }

    fn get(&self, style: RowStyle) -> &Format {
        match style {
            RowStyle::Title => &self.title,
            RowStyle::Info => &self.info,
            RowStyle::Header => &self.header,
            RowStyle::Body => &self.body,
            RowStyle::Note => &self.note,
        }
    }
}

/// An xlsx (or xlsm when `book.macros`) workbook.
pub fn xlsx(book: &Book) -> Result<Vec<u8>> {
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2023, 12, 20)?.and_hms(9, 30, 0)?;
    let props = DocProperties::new()
        .set_author("Administrator")
        .set_creation_datetime(&created);
    wb.set_properties(&props);
    if book.macros {
        wb.add_vba_project(VBA_PROJECT)
            .context("reading the VBA project")?;
    }
    let formats = Formats::new();
    for g in &book.sheets {
        let ws = wb.add_worksheet();
        ws.set_name(&g.name)?;
        write_sheet(ws, g, &formats)?;
    }
    Ok(wb.save_to_buffer()?)
}

fn write_sheet(ws: &mut Worksheet, g: &Grid, f: &Formats) -> Result<()> {
    for (c, w) in g.widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    let width = g.ncols();
    for (r, (style, cells)) in g.rows.iter().enumerate() {
        let r = r as u32;
        let fmt = f.get(*style);
        if *style == RowStyle::Title {
            ws.set_row_height(r, 30)?;
        }
        let boxed = matches!(style, RowStyle::Header | RowStyle::Body);
        let n = if boxed { width } else { cells.len() as u16 };
        for c in 0..n {
            let cell = cells.get(c as usize).unwrap_or(&Cell::Empty);
            if g.merges
                .iter()
                .any(|m| m.covers(r, c) && (m.r1, m.c1) != (r, c))
            {
                continue;
            }
            write_cell(ws, r, c, cell, fmt)?;
        }
    }
    for m in &g.merges {
        let (style, cells) = &g.rows[m.r1 as usize];
        let fmt = f.get(*style);
        let top = cells.get(m.c1 as usize).cloned().unwrap_or(Cell::Empty);
        let text = if let Cell::Text(s) = &top {
            s.as_str()
        } else {
            ""
        };
        ws.merge_range(m.r1, m.c1, m.r2, m.c2, text, fmt)?;
        if !matches!(top, Cell::Text(_) | Cell::Empty) {
            write_cell(ws, m.r1, m.c1, &top, fmt)?;
        }
    }
    if g.hidden {
        ws.set_hidden(true);
    }
    Ok(())
}

fn write_cell(ws: &mut Worksheet, r: u32, c: u16, cell: &Cell, fmt: &Format) -> Result<()> {
    match cell {
        Cell::Empty => ws.write_blank(r, c, fmt)?,
        Cell::Text(s) => ws.write_string_with_format(r, c, s, fmt)?,
        Cell::Num(n) => ws.write_number_with_format(r, c, *n, fmt)?,
        Cell::Date(d, nf) => {
            let df = fmt.clone().set_num_format(*nf);
            ws.write_number_with_format(r, c, serial(*d), &df)?
        }
    };
    Ok(())
}

/// Text encodings of CSV and HTML files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEnc {
    /// UTF-8 without a byte-order mark.
    Utf8,
    /// UTF-8 with a byte-order mark, as Excel's "CSV UTF-8" writes it.
    Utf8Bom,
    /// GBK, as Excel and WPS on a Chinese Windows write "CSV".
    Gbk,
}

fn encode(s: &str, enc: TextEnc) -> Result<Vec<u8>> {
    Ok(match enc {
        TextEnc::Utf8 => s.as_bytes().to_vec(),
        TextEnc::Utf8Bom => [b"\xEF\xBB\xBF".as_slice(), s.as_bytes()].concat(),
        TextEnc::Gbk => {
            let (bytes, _, unmappable) = encoding_rs::GBK.encode(s);
            if unmappable {
                bail!("text has characters GBK cannot encode");
            }
            bytes.into_owned()
        }
    })
}

/// A CSV file as Excel saves one: every row padded to the sheet width, CRLF line ends.
pub fn csv(g: &Grid, enc: TextEnc, quote_all: bool) -> Result<Vec<u8>> {
    let style = if quote_all {
        csv::QuoteStyle::Always
    } else {
        csv::QuoteStyle::Necessary
    };
    let mut w = csv::WriterBuilder::new()
        .quote_style(style)
        .terminator(csv::Terminator::CRLF)
        .flexible(true)
        .from_writer(vec![]);
    let width = g.ncols() as usize;
    for (_, cells) in &g.rows {
        let mut fields: Vec<String> = cells.iter().map(Cell::display).collect();
        fields.resize(width, String::new());
        if fields.iter().any(|f| f.contains('\n')) {
            bail!("a CSV field with a line break would shift the line numbers");
        }
        w.write_record(&fields)?;
    }
    let text = String::from_utf8(w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?)?;
    encode(&text, enc)
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// An HTML table saved as ".xls", GBK-encoded, as school web systems export their lists.
/// Merged ranges become rowspan/colspan; each grid row is one `<tr>`.
pub fn html_xls(g: &Grid, title: &str) -> Result<Vec<u8>> {
    let mut s = String::new();
    s.push_str("<html xmlns:o=\"urn:schemas-microsoft-com:office:office\" ");
    s.push_str("xmlns:x=\"urn:schemas-microsoft-com:office:excel\">\r\n<head>\r\n");
    s.push_str("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gbk\">\r\n");
    s.push_str(&format!("<title>{}</title>\r\n", escape(title)));
    s.push_str("<style>td{mso-number-format:\"\\@\";}</style>\r\n</head>\r\n<body>\r\n");
    s.push_str("<table border=\"1\" cellspacing=\"0\" cellpadding=\"2\">\r\n");
    let width = g.ncols();
    for (r, (_, cells)) in g.rows.iter().enumerate() {
        let r = r as u32;
        s.push_str("<tr>");
        for c in 0..width {
            let merge = g.merges.iter().find(|m| m.covers(r, c));
            let mut attrs = String::new();
            if let Some(m) = merge {
                if (m.r1, m.c1) != (r, c) {
                    continue;
                }
                if m.r2 > m.r1 {
                    attrs.push_str(&format!(" rowspan={}", m.r2 - m.r1 + 1));
                }
                if m.c2 > m.c1 {
                    attrs.push_str(&format!(" colspan={}", m.c2 - m.c1 + 1));
                }
            }
            let text = cells.get(c as usize).map(Cell::display).unwrap_or_default();
            s.push_str(&format!("<td{attrs}>{}</td>", escape(&text)));
        }
        s.push_str("</tr>\r\n");
    }
    s.push_str("</table>\r\n</body>\r\n</html>\r\n");
    encode(&s, TextEnc::Gbk)
}
