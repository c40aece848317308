//! Compound files (OLE2): .xls and WPS .et, old Word .doc and WPS .wps, password-protected
//! OOXML — checked before calamine opens them.
//!
//! calamine trusts a compound file's own account of itself: it follows sector chains without
//! noticing a loop, and it materializes every sheet of an .xls when the workbook is opened,
//! reserving room for the cells a sheet's `DIMENSIONS` record claims (which may be four
//! billion rows: an allocation that fails aborts the program) and filling the rectangle from
//! the first to the last cell. So the file is opened with the `cfb` crate, which validates the
//! structure; the workbook stream is read out of it and measured record by record as calamine
//! will read it; and calamine is then given a fresh compound file holding just that stream, so
//! that what it reads is exactly what was measured (its own reader would see a damaged file
//! differently). A sheet claiming more than a BIFF8 sheet can hold ([`MAX_RESERVED_CELLS`]),
//! or rectangles adding up to more than [`MAX_GRID_CELLS`] cells, are refused with a message
//! naming the sheet. An encrypted workbook (a `FILEPASS` record) is not measured: its records
//! are ciphertext.
//!
//! Stream names are matched case-insensitively, as the format says (`WORKBOOK` is `Workbook`).

use std::collections::HashMap;
use std::io::{Cursor, Read, Write};

use super::limits::MAX_GRID_CELLS;

/// The most cells a sheet's `DIMENSIONS` record may claim: what a BIFF8 sheet can hold
/// (65,536 rows × 256 columns). calamine reserves the room without touching it, so it costs
/// address space, not memory; a claim beyond it is no real workbook.
pub const MAX_RESERVED_CELLS: u64 = 65_536 * 256;

/// What a compound file holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// A BIFF workbook, measured: a fresh compound file holding just its workbook stream, for
    /// calamine to open.
    Workbook {
        /// The compound file to open.
        file: Vec<u8>,
        /// The stream was cut short (a damaged copy): only its readable part is in `file`.
        truncated: bool,
    },
    /// An encrypted workbook: an OOXML package (`EncryptedPackage`), or an .xls whose records
    /// are encrypted (`FILEPASS`).
    Encrypted,
    /// A Word document (`WordDocument`): .doc, WPS .wps.
    Word,
    /// Something else (an Outlook message, a Visio drawing…).
    Other,
}

/// Validates a compound file and says what it holds; a workbook is also measured.
///
/// # Errors
/// A Chinese message for an `unreadable_file` finding: a damaged structure, or sheets too
/// large to open.
pub fn inspect(bytes: &[u8]) -> Result<Kind, String> {
    let mut file = Streams::open(bytes)?;
    if file.find("EncryptedPackage").is_some() {
        return Ok(Kind::Encrypted);
    }
    // calamine looks for `Workbook`, then `Book`.
    if let Some(name) = file.find("Workbook").or_else(|| file.find("Book")) {
        let (stream, declared) = file.read(&name).map_err(|e| {
            format!("文件已损坏（无法读取工作簿数据：{e}）：请让提交人重新发送原文件")
        })?;
        return match check_sheets(&stream)? {
            Kind::Workbook { .. } => Ok(Kind::Workbook {
                file: with_only(&stream)
                    .map_err(|e| format!("内部错误：无法整理工作簿数据（{e}）"))?,
                truncated: (stream.len() as u64) < declared,
            }),
            other => Ok(other),
        };
    }
    if file.find("WordDocument").is_some() {
        return Ok(Kind::Word);
    }
    Ok(Kind::Other)
}

/// A compound file opened with its structure validated, and the streams of its root storage.
pub(crate) struct Streams<'a> {
    file: cfb::CompoundFile<Cursor<&'a [u8]>>,
    names: Vec<String>,
}

impl<'a> Streams<'a> {
    /// Opens a compound file.
    ///
    /// # Errors
    /// A Chinese message naming the damage when the structure is invalid.
    pub(crate) fn open(bytes: &'a [u8]) -> Result<Streams<'a>, String> {
        let file = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| {
            format!("文件已损坏（Office 复合文档结构无效：{e}）：请让提交人重新发送原文件")
        })?;
        let names = file
            .read_root_storage()
            .filter(|e| e.is_stream())
            .map(|e| e.name().to_string())
            .collect();
        Ok(Streams { file, names })
    }

    /// The stored name of a root stream, matched case-insensitively.
    pub(crate) fn find(&self, wanted: &str) -> Option<String> {
        self.names
            .iter()
            .find(|n| n.eq_ignore_ascii_case(wanted))
            .cloned()
    }

    /// A root stream's bytes (up to the first sector that cannot be read) and the length it
    /// declares; `name` as [`Streams::find`] gave it.
    pub(crate) fn read(&mut self, name: &str) -> std::io::Result<(Vec<u8>, u64)> {
        let stream = self.file.open_stream(format!("/{name}"))?;
        let declared = stream.len();
        Ok((readable_prefix(stream), declared))
    }
}

/// A stream's bytes up to the first sector that cannot be read (a damaged file's stream may
/// claim more than its sectors hold).
fn readable_prefix(mut stream: impl Read) -> Vec<u8> {
    let mut out = Vec::new();
    let mut buf = [0u8; 512];
    loop {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => out.extend_from_slice(&buf[..n]),
        }
    }
    out
}

/// A fresh compound file holding one stream, `Workbook`. Version 3 (512-byte sectors), as
/// Excel writes them: calamine refuses a version 4 file whose mini stream is empty.
fn with_only(stream: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut file =
        cfb::CompoundFile::create_with_version(cfb::Version::V3, Cursor::new(Vec::new()))?;
    let mut workbook = file.create_stream("/Workbook")?;
    workbook.write_all(stream)?;
    workbook.flush()?;
    drop(workbook);
    file.flush()?;
    Ok(file.into_inner().into_inner())
}

/// BIFF record types calamine reads.
mod rec {
    pub const EOF: u16 = 0x000A;
    pub const CONTINUE: u16 = 0x003C;
    pub const FILEPASS: u16 = 0x002F;
    pub const BOF: u16 = 0x0809;
    pub const BOUND_SHEET: u16 = 0x0085;
    pub const DIMENSIONS: u16 = 0x0200;
    pub const FORMULA: u16 = 0x0006;
    pub const MUL_RK: u16 = 0x00BD;
    /// Records starting with (row: u16, column: u16) that calamine stores as a cell.
    pub const CELLS: [u16; 7] = [0x0203, 0x0204, 0x00D6, 0x0205, 0x027E, 0x00FD, 0x0006];
}

/// What one sheet costs calamine, in cells.
#[derive(Debug, Default, Clone, Copy)]
struct SheetCost {
    /// Room reserved from the largest `DIMENSIONS` record.
    reserved: u64,
    /// Bounding box of the value cells, and of the formula cells.
    cells: Bbox,
    formulas: Bbox,
}

impl SheetCost {
    /// The cells calamine fills for the sheet: its value and formula rectangles.
    fn total(&self) -> u64 {
        self.cells.area().saturating_add(self.formulas.area())
    }
}

/// A bounding box of cell positions.
#[derive(Debug, Clone, Copy)]
struct Bbox {
    rows: (u32, u32),
    cols: (u32, u32),
    any: bool,
}

impl Default for Bbox {
    fn default() -> Self {
        Bbox {
            rows: (u32::MAX, 0),
            cols: (u32::MAX, 0),
            any: false,
        }
    }
}

impl Bbox {
    fn add(&mut self, row: u32, first_col: u32, last_col: u32) {
        self.rows = (self.rows.0.min(row), self.rows.1.max(row));
        self.cols = (self.cols.0.min(first_col), self.cols.1.max(last_col));
        self.any = true;
    }

    fn area(&self) -> u64 {
        if !self.any {
            return 0;
        }
        u64::from(self.rows.1 - self.rows.0 + 1) * u64::from(self.cols.1 - self.cols.0 + 1)
    }
}

/// Measures every sheet of a BIFF workbook stream; refuses it when a sheet claims more than
/// a sheet can hold or the sheets add up to more than the bound. A stream too damaged to
/// measure is left for calamine to report.
fn check_sheets(stream: &[u8]) -> Result<Kind, String> {
    let Some(globals) = globals(stream) else {
        return Ok(Kind::Encrypted);
    };
    let mut measured: HashMap<usize, SheetCost> = HashMap::new();
    let mut total: u64 = 0;
    for (pos, raw_name) in &globals.sheets {
        let cost = *measured
            .entry(*pos)
            .or_insert_with(|| measure_sheet(stream.get(*pos..).unwrap_or_default()));
        total = total.saturating_add(cost.total());
        if total > MAX_GRID_CELLS || cost.reserved > MAX_RESERVED_CELLS {
            return Err(too_large(&globals.name(raw_name), &cost));
        }
    }
    Ok(Kind::Workbook {
        file: Vec::new(),
        truncated: false,
    })
}

fn too_large(name: &str, cost: &SheetCost) -> String {
    let cells = cost.total().max(cost.reserved);
    let range = if cost.cells.any {
        format!(
            "，已用范围 {}:{}",
            crate::table::cell_ref(cost.cells.cols.0 as usize, cost.cells.rows.0 + 1),
            crate::table::cell_ref(cost.cells.cols.1 as usize, cost.cells.rows.1 + 1)
        )
    } else {
        String::new()
    };
    format!(
        "工作表“{name}”范围过大（打开需要约 {} 万个单元格{range}，上限为 {} 万个），多半是远处有误输入的单元格：请在 Excel 或 WPS 中删除多余的行列后另存为 .xlsx",
        cells / 10_000,
        MAX_GRID_CELLS / 10_000
    )
}

/// BIFF records as calamine iterates them: `CONTINUE` records are part of the record before
/// them; a record cut short ends the stream (calamine stops with an error there).
struct Records<'a> {
    rest: &'a [u8],
}

impl<'a> Iterator for Records<'a> {
    type Item = (u16, &'a [u8]);

    fn next(&mut self) -> Option<Self::Item> {
        let typ = u16_at(self.rest.get(..4)?, 0);
        let len = usize::from(u16_at(self.rest, 2));
        let data = self.rest.get(4..4 + len)?;
        self.rest = &self.rest[4 + len..];
        while self.rest.len() > 4 && u16_at(self.rest, 0) == rec::CONTINUE {
            let len = usize::from(u16_at(self.rest, 2));
            self.rest = self.rest.get(4 + len..)?;
        }
        Some((typ, data))
    }
}

/// What the workbook globals say: the BIFF version and the sheets listed.
struct Globals {
    /// BIFF8 (Excel 97 and later) writes sheet names with a flags byte; BIFF5 does not.
    biff8: bool,
    /// (stream position, name record bytes) of each sheet.
    sheets: Vec<(usize, Vec<u8>)>,
}

impl Globals {
    /// A sheet name for a message (calamine decodes it properly for everything else): BIFF8
    /// Latin-1 or UTF-16LE, BIFF5 in the Chinese code page.
    fn name(&self, raw: &[u8]) -> String {
        let Some(&len) = raw.first() else {
            return String::new();
        };
        let len = usize::from(len);
        if !self.biff8 {
            let body = &raw[1..raw.len().min(1 + len)];
            return encoding_rs::GBK.decode(body).0.into_owned();
        }
        let flags = raw.get(1).copied().unwrap_or(0);
        let body = &raw[2.min(raw.len())..];
        if flags & 1 == 1 {
            let units: Vec<u16> = body
                .chunks_exact(2)
                .take(len)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        } else {
            body.iter().take(len).map(|&b| char::from(b)).collect()
        }
    }
}

/// Reads the workbook globals; `None` when the workbook is encrypted (`FILEPASS`).
fn globals(stream: &[u8]) -> Option<Globals> {
    let mut out = Globals {
        biff8: true,
        sheets: Vec::new(),
    };
    for (i, (typ, data)) in (Records { rest: stream }).enumerate() {
        match typ {
            rec::EOF => break,
            rec::BOF if i == 0 && data.len() >= 2 => out.biff8 = u16_at(data, 0) == 0x0600,
            rec::FILEPASS => return None,
            rec::BOUND_SHEET if data.len() >= 6 => {
                let pos = u32::from_le_bytes([data[0], data[1], data[2], data[3]]);
                out.sheets.push((pos as usize, data[6..].to_vec()));
            }
            _ => {}
        }
    }
    Some(out)
}

/// Measures one sheet's substream as calamine reads it: embedded substreams (charts) are
/// skipped, the sheet ends at its `EOF`.
fn measure_sheet(stream: &[u8]) -> SheetCost {
    let mut cost = SheetCost::default();
    let (mut seen_bof, mut depth) = (false, 0usize);
    for (typ, data) in (Records { rest: stream }) {
        if depth > 0 {
            match typ {
                rec::BOF => depth += 1,
                rec::EOF => depth -= 1,
                _ => {}
            }
            continue;
        }
        match typ {
            rec::BOF if seen_bof => depth += 1,
            rec::BOF => seen_bof = true,
            rec::EOF => break,
            rec::DIMENSIONS => cost.reserved = cost.reserved.max(dimensions(data)),
            rec::MUL_RK if data.len() >= 6 => {
                let (first, last) = (u16_at(data, 2), u16_at(data, data.len() - 2));
                cost.cells.add(
                    u32::from(u16_at(data, 0)),
                    u32::from(first.min(last)),
                    u32::from(first.max(last)),
                );
            }
            t if rec::CELLS.contains(&t) && data.len() >= 4 => {
                let (row, col) = (u32::from(u16_at(data, 0)), u32::from(u16_at(data, 2)));
                cost.cells.add(row, col, col);
                if t == rec::FORMULA {
                    cost.formulas.add(row, col, col);
                }
            }
            _ => {}
        }
    }
    cost
}

fn u16_at(data: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([data[at], data[at + 1]])
}

/// The cells calamine reserves for a `DIMENSIONS` record, computed as it computes them
/// (in a release build its `u32` arithmetic wraps: a first row past the last asks for four
/// billion rows).
fn dimensions(data: &[u8]) -> u64 {
    let u32_at =
        |at: usize| u32::from_le_bytes([data[at], data[at + 1], data[at + 2], data[at + 3]]);
    let (rf, rl, mut cf, cl) = match data.len() {
        10 => (
            u32::from(u16_at(data, 0)),
            u32::from(u16_at(data, 2)),
            u32::from(u16_at(data, 4)),
            u32::from(u16_at(data, 6)),
        ),
        14 | 16 => (
            u32_at(0),
            u32_at(4),
            u32::from(u16_at(data, 8)),
            u32::from(u16_at(data, 10)),
        ),
        _ => return 0,
    };
    if cf > 0xFF || cl < cf {
        cf = 0;
    }
    if rl >= 1 && cl >= 1 {
        let rows = (rl - 1).wrapping_sub(rf).wrapping_add(1);
        let cols = (cl - 1).wrapping_sub(cf).wrapping_add(1);
        u64::from(rows) * u64::from(cols)
    } else {
        1
    }
}

/// Compound files for tests.
#[cfg(test)]
pub(crate) mod testing {
    /// A compound file holding the given streams.
    pub fn compound(streams: &[(&str, &[u8])]) -> Vec<u8> {
        let mut file = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
        for (name, bytes) in streams {
            let mut s = file.create_stream(format!("/{name}")).unwrap();
            std::io::Write::write_all(&mut s, bytes).unwrap();
        }
        file.into_inner().into_inner()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut out = typ.to_le_bytes().to_vec();
        out.extend((data.len() as u16).to_le_bytes());
        out.extend(data);
        out
    }

    fn number(row: u16, col: u16) -> Vec<u8> {
        let mut d = row.to_le_bytes().to_vec();
        d.extend(col.to_le_bytes());
        d.extend([0u8; 10]);
        record(0x0203, &d)
    }

    /// A BIFF8 stream: globals listing one sheet, then the sheet's records.
    fn workbook(sheet: &[Vec<u8>]) -> Vec<u8> {
        let bound = |pos: u32| {
            let mut d = pos.to_le_bytes().to_vec();
            d.extend([0, 0, 2, 0, b'S', b'1']);
            record(0x0085, &d)
        };
        let bof = record(0x0809, &[0x00, 0x06, 0x05, 0x00, 0, 0, 0, 0]);
        let globals_len = bof.len() + bound(0).len() + 4;
        let mut out = bof;
        out.extend(bound(globals_len as u32));
        out.extend(record(0x000A, &[]));
        out.extend(record(0x0809, &[0; 8]));
        for r in sheet {
            out.extend(r);
        }
        out.extend(record(0x000A, &[]));
        out
    }

    fn check(sheet: &[Vec<u8>]) -> Result<(), String> {
        check_sheets(&workbook(sheet)).map(|_| ())
    }

    fn dims(first_row: u32, last_row: u32, last_col: u16) -> Vec<u8> {
        let mut d = first_row.to_le_bytes().to_vec();
        d.extend(last_row.to_le_bytes());
        d.extend([0, 0]);
        d.extend(last_col.to_le_bytes());
        d.extend([0, 0]);
        record(0x0200, &d)
    }

    #[test]
    fn an_ordinary_sheet_passes() {
        assert_eq!(
            check(&[dims(0, 300, 12), number(0, 0), number(299, 11)]),
            Ok(())
        );
        assert_eq!(
            check(&[dims(0, 65_536, 40), number(0, 0), number(52, 38)]),
            Ok(()),
            "a generous DIMENSIONS only reserves room: LibreOffice writes such files"
        );
    }

    #[test]
    fn an_encrypted_workbook_is_not_measured() {
        let mut stream = record(0x0809, &[0x00, 0x06, 0x05, 0x00, 0, 0, 0, 0]);
        stream.extend(record(0x002F, &[1, 0, 1, 0]));
        stream.extend(b"ciphertext that would measure as nonsense".iter());
        assert_eq!(check_sheets(&stream), Ok(Kind::Encrypted));
    }

    #[test]
    fn biff5_sheet_names_are_read_in_the_chinese_code_page() {
        let biff5 = Globals {
            biff8: false,
            sheets: Vec::new(),
        };
        let (gbk, _, _) = encoding_rs::GBK.encode("论文");
        let mut raw = vec![gbk.len() as u8];
        raw.extend(gbk.iter());
        assert_eq!(biff5.name(&raw), "论文");
        let biff8 = Globals {
            biff8: true,
            sheets: Vec::new(),
        };
        let mut wide = vec![2u8, 1];
        wide.extend("论文".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(biff8.name(&wide), "论文");
    }

    #[test]
    fn a_stray_cell_far_away_is_refused_naming_the_sheet_and_range() {
        let err = check(&[number(0, 0), number(65535, 255)]).unwrap_err();
        assert!(
            err.contains("工作表“S1”") && err.contains("A1:IV65536"),
            "{err}"
        );
    }

    #[test]
    fn absurd_dimensions_are_refused_before_calamine_reserves_them() {
        assert!(check(&[dims(0, u32::MAX, 255), number(0, 0)]).is_err());
        assert!(
            check(&[dims(5, 2, 1)]).is_err(),
            "a first row past the last wraps around in calamine"
        );
    }

    #[test]
    fn streams_are_found_whatever_their_case() {
        let bytes = testing::compound(&[("WORKBOOK", &workbook(&[number(0, 0)]))]);
        assert!(matches!(
            inspect(&bytes),
            Ok(Kind::Workbook {
                truncated: false,
                ..
            })
        ));
        let doc = testing::compound(&[("worddocument", b"x")]);
        assert_eq!(inspect(&doc), Ok(Kind::Word));
    }

    #[test]
    fn garbage_after_the_signature_is_a_damaged_file() {
        let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        bytes.extend([0xFFu8; 600]);
        let err = inspect(&bytes).unwrap_err();
        assert!(err.contains("已损坏"), "{err}");
    }
}
