//! Paragraph and character properties of a Word 97–2003 document: what a paragraph's PAPX
//! (in the `WordDocument` stream, found through the `PlcBtePapx` of the table stream) and its
//! style (the `STSH`) say about tables and headings, and what a character run's CHPX says
//! about deletions and symbols. Only the properties jiaoke needs are read: in-table, row end,
//! nesting depth, outline level, style, a row's cell layout (`sprmTDefTable`,
//! `sprmTVertMerge`), tracked deletions (`sprmCFRMarkDel`) and symbol characters
//! (`sprmCSymbol`). Everything is bounds-checked: a damaged property reads as absent, never
//! as an error.

/// Single property modifiers (sprms) read here.
mod sprm {
    pub const P_ISTD: u16 = 0x4600;
    pub const P_IN_TABLE: u16 = 0x2416;
    pub const P_TTP: u16 = 0x2417;
    pub const P_OUT_LVL: u16 = 0x2640;
    pub const P_ITAP: u16 = 0x6649;
    pub const P_DTAP: u16 = 0x664A;
    pub const P_INNER_CELL: u16 = 0x244B;
    pub const P_INNER_TTP: u16 = 0x244C;
    pub const P_CHG_TABS: u16 = 0xC615;
    pub const P_HUGE_PAPX: u16 = 0x6646;
    pub const C_RMARK_DEL: u16 = 0x0800;
    pub const C_SYMBOL: u16 = 0x6A09;
    pub const T_DEF_TABLE: u16 = 0xD608;
    pub const T_VERT_MERGE: u16 = 0xD62B;
}

/// Size of an FKP page.
const PAGE: usize = 512;
/// "No style" in an `istdBase`.
const NO_STYLE: u16 = 0x0FFF;

pub(super) fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    let b = data.get(at..at.checked_add(2)?)?;
    Some(u16::from_le_bytes([b[0], b[1]]))
}

pub(super) fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    let b = data.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// The sprms of a `grpprl`: (sprm, operand). Iteration stops at the first one cut short.
pub(super) struct Sprms<'a> {
    rest: &'a [u8],
}

pub(super) fn sprms(grpprl: &[u8]) -> Sprms<'_> {
    Sprms { rest: grpprl }
}

impl<'a> Iterator for Sprms<'a> {
    type Item = (u16, &'a [u8]);

    fn next(&mut self) -> Option<Self::Item> {
        let sprm = u16_at(self.rest, 0)?;
        let (start, len) = match sprm >> 13 {
            0 | 1 => (2, 1),
            2 | 4 | 5 => (2, 2),
            3 => (2, 4),
            7 => (2, 3),
            // Variable: a size byte, except for these two.
            _ if sprm == sprm::T_DEF_TABLE => {
                (4, usize::from(u16_at(self.rest, 2)?).saturating_sub(1))
            }
            _ if sprm == sprm::P_CHG_TABS && self.rest.get(2) == Some(&255) => {
                (3, chg_tabs_len(self.rest.get(3..)?)?)
            }
            _ => (3, usize::from(*self.rest.get(2)?)),
        };
        let operand = self.rest.get(start..start + len)?;
        self.rest = &self.rest[start + len..];
        Some((sprm, operand))
    }
}

/// The length of a `sprmPChgTabs` operand whose size byte is 255 (after that byte): tabs
/// deleted (with their close ranges), then tabs added (with their descriptors).
fn chg_tabs_len(op: &[u8]) -> Option<usize> {
    let deleted = usize::from(*op.first()?);
    let at = 1 + deleted * 4;
    let added = usize::from(*op.get(at)?);
    Some(at + 1 + added * 3)
}

/// A table row's layout, from the row-end paragraph's `sprmTDefTable`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct RowDef {
    /// Cell boundaries in twips: one more than the cells.
    pub(super) bounds: Vec<i16>,
    /// Each cell's `TCGRF` flags (merges).
    pub(super) flags: Vec<u16>,
}

impl RowDef {
    fn parse(op: &[u8]) -> Option<RowDef> {
        let cells = usize::from(*op.first()?);
        let bounds = (0..=cells)
            .map(|i| u16_at(op, 1 + 2 * i).map(|v| v as i16))
            .collect::<Option<Vec<i16>>>()?;
        let tcs = 1 + 2 * (cells + 1);
        // A row may describe fewer cells than it has: the others have no flags.
        let flags = (0..cells)
            .map(|i| u16_at(op, tcs + 20 * i).unwrap_or(0))
            .collect();
        Some(RowDef { bounds, flags })
    }

    /// `vertMerge` of a cell: `Some(true)` starts a vertical merge, `Some(false)` continues
    /// one.
    pub(super) fn vmerge(&self, cell: usize) -> Option<bool> {
        match self.flags.get(cell).map(|f| (f >> 5) & 3) {
            Some(3) => Some(true),
            Some(1) => Some(false),
            _ => None,
        }
    }

    /// `horzMerge` of a cell says it continues the cell on its left.
    pub(super) fn hmerge_continue(&self, cell: usize) -> bool {
        self.flags.get(cell).is_some_and(|f| f & 2 != 0)
    }
}

/// What a paragraph's properties say.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct ParaProps {
    pub(super) istd: u16,
    in_table: bool,
    itap: u32,
    /// The row-end mark of a table at depth 1.
    pub(super) ttp: bool,
    /// The row-end mark of a nested table.
    pub(super) inner_ttp: bool,
    pub(super) outline: Option<u8>,
    pub(super) row: Option<RowDef>,
}

impl ParaProps {
    /// Properties guessed when none can be read: in a table (depth 1) or not, a row end.
    pub(super) fn guessed(in_table: bool, ttp: bool) -> ParaProps {
        ParaProps {
            in_table,
            ttp,
            ..ParaProps::default()
        }
    }

    /// Table depth: 0 outside tables, 1 in a table, 2 and more in nested tables.
    pub(super) fn depth(&self) -> u32 {
        if self.itap > 0 {
            self.itap
        } else {
            u32::from(self.in_table)
        }
    }

    /// Applies the sprms of a `grpprl` (of the PAPX, then of the piece's `Prc`). A PAPX too
    /// large for its page (`sprmPHugePapx`, a table row of many cells) lies in the `Data`
    /// stream: `data`.
    pub(super) fn apply(&mut self, grpprl: &[u8], data: &[u8]) {
        for (sprm, op) in sprms(grpprl) {
            if sprm == sprm::P_HUGE_PAPX {
                let huge = u32_at(op, 0).and_then(|at| {
                    let at = at as usize;
                    let cb = usize::from(u16_at(data, at)?);
                    data.get(at + 2..at + 2 + cb)
                });
                // Its grpprl cannot point further: an empty `data` ends there.
                self.apply(huge.unwrap_or_default(), &[]);
                continue;
            }
            let byte = op.first().copied().unwrap_or(0);
            match sprm {
                sprm::P_ISTD => self.istd = u16_at(op, 0).unwrap_or(self.istd),
                sprm::P_IN_TABLE => self.in_table = byte != 0,
                sprm::P_TTP => self.ttp = byte != 0,
                sprm::P_INNER_TTP => self.inner_ttp = byte != 0,
                sprm::P_INNER_CELL => {}
                sprm::P_OUT_LVL => self.outline = Some(byte),
                sprm::P_ITAP => self.itap = u32_at(op, 0).unwrap_or(0).min(64),
                sprm::P_DTAP => {
                    let delta = u32_at(op, 0).unwrap_or(0) as i32;
                    self.itap = self.itap.saturating_add_signed(delta).min(64);
                }
                sprm::T_DEF_TABLE => self.row = RowDef::parse(op),
                sprm::T_VERT_MERGE => self.vert_merge(op),
                _ => {}
            }
        }
    }

    fn vert_merge(&mut self, op: &[u8]) {
        let (Some(&itc), Some(&merge)) = (op.first(), op.get(1)) else {
            return;
        };
        if let Some(f) = self
            .row
            .as_mut()
            .and_then(|r| r.flags.get_mut(usize::from(itc)))
        {
            *f = (*f & !0x60) | (u16::from(merge & 3) << 5);
        }
    }
}

/// One paragraph's PAPX as found in its FKP page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Papx<'a> {
    /// The file offset just past the paragraph's mark.
    pub(super) end: u32,
    pub(super) istd: u16,
    pub(super) grpprl: &'a [u8],
}

/// What a run of characters' CHPX says: deleted (a tracked deletion) or a symbol (a
/// placeholder character standing for a glyph of a symbol font).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct CharRun {
    /// File offsets of the run: `start..end`.
    pub(super) start: u32,
    pub(super) end: u32,
    pub(super) deleted: bool,
    pub(super) symbol: bool,
}

impl CharRun {
    /// Applies the character sprms of a `grpprl`.
    pub(super) fn apply(&mut self, grpprl: &[u8]) {
        for (sprm, op) in sprms(grpprl) {
            match sprm {
                sprm::C_RMARK_DEL => self.deleted = op.first().is_some_and(|&b| b & 1 == 1),
                sprm::C_SYMBOL => self.symbol = true,
                _ => {}
            }
        }
    }
}

/// A `PlcBtePapx` or `PlcBteChpx`: which FKP page (a 512-byte page of the `WordDocument`
/// stream) holds the properties at a file offset. Pages are read when looked up, never
/// stored: a list naming one page a million times costs nothing.
pub(super) struct FkpIndex<'a> {
    stream: &'a [u8],
    plc: &'a [u8],
    /// Number of pages listed.
    n: usize,
}

impl<'a> FkpIndex<'a> {
    /// `None` when the list is missing or not a PLC of 4-byte entries.
    pub(super) fn new(stream: &'a [u8], plc: &'a [u8]) -> Option<FkpIndex<'a>> {
        let n = plc.len().checked_sub(4)? / 8;
        (n > 0 && plc.len() == 4 + 8 * n).then_some(FkpIndex { stream, plc, n })
    }

    /// The page that holds `fc` (a binary search of the pages' first offsets).
    fn page(&self, fc: u32) -> Option<&'a [u8]> {
        let fc_at = |i: usize| u32_at(self.plc, 4 * i).unwrap_or(u32::MAX);
        let (mut lo, mut hi) = (0, self.n);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if fc_at(mid) <= fc {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        let i = lo.checked_sub(1)?;
        if fc >= fc_at(i + 1) {
            return None;
        }
        let pn = u32_at(self.plc, 4 * (self.n + 1) + 4 * i)? & 0x003F_FFFF;
        let start = (pn as usize).checked_mul(PAGE)?;
        self.stream.get(start..start.checked_add(PAGE)?)
    }

    /// The PAPX of the paragraph whose mark is at file offset `fc`.
    pub(super) fn papx(&self, fc: u32) -> Option<Papx<'a>> {
        let page = self.page(fc)?;
        let (_, end, offset) = run_in_page(page, fc, 13)?;
        if offset == 0 {
            return Some(Papx {
                end,
                istd: 0,
                grpprl: &[],
            });
        }
        let cb = usize::from(*page.get(offset)?);
        let data = if cb != 0 {
            page.get(offset + 1..offset + 2 * cb)?
        } else {
            let cb = usize::from(*page.get(offset + 1)?);
            page.get(offset + 2..offset + 2 + 2 * cb)?
        };
        Some(Papx {
            end,
            istd: u16_at(data, 0)?,
            grpprl: &data[2..],
        })
    }

    /// The character run holding file offset `fc`.
    pub(super) fn chpx(&self, fc: u32) -> Option<CharRun> {
        let page = self.page(fc)?;
        let (start, end, offset) = run_in_page(page, fc, 1)?;
        let mut run = CharRun {
            start,
            end,
            ..CharRun::default()
        };
        if offset != 0 {
            let cb = usize::from(*page.get(offset)?);
            run.apply(page.get(offset + 1..offset + 1 + cb)?);
        }
        Some(run)
    }
}

/// Finds the run of an FKP page holding `fc`, whose entries after the offsets take `entry`
/// bytes each: (first offset, end offset, byte offset of its properties in the page).
fn run_in_page(page: &[u8], fc: u32, entry: usize) -> Option<(u32, u32, usize)> {
    let crun = usize::from(*page.get(PAGE - 1)?);
    if 4 * (crun + 1) + entry * crun > PAGE - 1 {
        return None;
    }
    let k = (0..crun).find(|&k| {
        let (a, b) = (u32_at(page, 4 * k), u32_at(page, 4 * (k + 1)));
        a.is_some_and(|a| a <= fc) && b.is_some_and(|b| fc < b)
    })?;
    let (start, end) = (u32_at(page, 4 * k)?, u32_at(page, 4 * (k + 1))?);
    let offset = usize::from(*page.get(4 * (crun + 1) + entry * k)?) * 2;
    Some((start, end, offset))
}

/// Which styles (by `istd`) are headings or titles, from the `STSH`: a built-in heading,
/// title or subtitle (by `sti`, whatever the display name), a style named `heading N` /
/// `Title` / `Subtitle`, one with an outline level below 9, or one based on such a style —
/// as [`super::super::docx`] decides for a .docx. A damaged style sheet marks nothing.
pub(super) fn heading_styles(stsh: &[u8]) -> Vec<bool> {
    let styles = read_styles(stsh);
    (0..styles.len())
        .map(|istd| {
            let mut at = istd;
            for _ in 0..16 {
                let Some(s) = styles.get(at).and_then(Option::as_ref) else {
                    return false;
                };
                if s.heading {
                    return true;
                }
                if s.base == NO_STYLE {
                    return false;
                }
                at = usize::from(s.base);
            }
            false
        })
        .collect()
}

struct Style {
    heading: bool,
    base: u16,
}

/// The styles of an `STSH`, by `istd` (`None`: an empty slot or a damaged entry).
fn read_styles(stsh: &[u8]) -> Vec<Option<Style>> {
    let Some(cb_stshi) = u16_at(stsh, 0).map(usize::from) else {
        return Vec::new();
    };
    let (Some(cstd), Some(cb_base)) = (u16_at(stsh, 2), u16_at(stsh, 4)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut pos = 2 + cb_stshi;
    for _ in 0..cstd {
        let Some(cb) = u16_at(stsh, pos).map(usize::from) else {
            break;
        };
        let std = stsh.get(pos + 2..pos + 2 + cb);
        pos += 2 + cb;
        out.push(std.and_then(|std| style(std, usize::from(cb_base))));
    }
    out
}

/// One `STD`: its built-in identifier, name, base and (paragraph styles) outline level.
fn style(std: &[u8], cb_base: usize) -> Option<Style> {
    let sti = u16_at(std, 0)? & 0x0FFF;
    let kind = u16_at(std, 2)? & 0x000F;
    let base = u16_at(std, 2)? >> 4;
    let cch = usize::from(u16_at(std, cb_base)?);
    let name: Vec<u16> = (0..cch)
        .map(|i| u16_at(std, cb_base + 2 + 2 * i))
        .collect::<Option<_>>()?;
    let name = String::from_utf16_lossy(&name).trim().to_lowercase();
    let mut heading = matches!(sti, 1..=9 | 62 | 74)
        || name.starts_with("heading")
        || name == "title"
        || name == "subtitle";
    if kind == 1 {
        // The first UPX of a paragraph style: its paragraph properties (istd, grpprl).
        let upx = cb_base + 2 + 2 * cch + 2;
        let cb_upx = usize::from(u16_at(std, upx).unwrap_or(0));
        let grpprl = std.get(upx + 4..upx + 2 + cb_upx).unwrap_or_default();
        heading |=
            sprms(grpprl).any(|(s, op)| s == sprm::P_OUT_LVL && op.first().is_some_and(|&l| l < 9));
    }
    Some(Style { heading, base })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sprm_sizes_follow_spra() {
        let grpprl = [
            0x16, 0x24, 0x01, // sprmPFInTable 1
            0x49, 0x66, 0x02, 0, 0, 0, // sprmPItap 2
            0x15, 0xC6, 0x03, 1, 2, 3, // sprmPChgTabs, 3 bytes
            0x40, 0x26, 0x01, // sprmPOutLvl 1
            0x16, 0x24, // cut short
        ];
        let got: Vec<(u16, usize)> = sprms(&grpprl).map(|(s, op)| (s, op.len())).collect();
        assert_eq!(got, [(0x2416, 1), (0x6649, 4), (0xC615, 3), (0x2640, 1)]);
        let mut p = ParaProps::default();
        p.apply(&grpprl, &[]);
        assert_eq!((p.depth(), p.outline), (2, Some(1)));
    }

    #[test]
    fn a_row_definition_gives_bounds_and_merges() {
        let mut op = vec![2u8];
        for b in [-108i16, 1892, 3892] {
            op.extend(b.to_le_bytes());
        }
        let mut tc = vec![0u8; 20];
        tc[0] = 0x60;
        op.extend(&tc);
        op.extend([0x20, 0]);
        let mut grpprl = vec![0x08, 0xD6];
        grpprl.extend(((op.len() + 1) as u16).to_le_bytes());
        grpprl.extend(&op);
        let mut p = ParaProps::default();
        p.apply(&grpprl, &[]);
        let row = p.row.clone().unwrap();
        assert_eq!(row.bounds, [-108, 1892, 3892]);
        assert_eq!((row.vmerge(0), row.vmerge(1)), (Some(true), Some(false)));
        p.apply(&[0x2B, 0xD6, 2, 0, 0], &[]);
        assert_eq!(
            p.row.unwrap().vmerge(0),
            None,
            "sprmTVertMerge changes a cell"
        );
    }

    #[test]
    fn a_huge_papx_is_read_from_the_data_stream() {
        let mut data = vec![0xFFu8; 5];
        data.extend(6u16.to_le_bytes());
        data.extend([0x16, 0x24, 1, 0x17, 0x24, 1]);
        let mut p = ParaProps::default();
        p.apply(&[0x46, 0x66, 5, 0, 0, 0], &data);
        assert_eq!((p.depth(), p.ttp), (1, true));
        let mut q = ParaProps::default();
        q.apply(&[0x46, 0x66, 0xFF, 0, 0, 0], &data);
        assert_eq!(
            q,
            ParaProps::default(),
            "an offset beyond the stream is nothing"
        );
    }

    #[test]
    fn damaged_pages_and_style_sheets_read_as_nothing() {
        assert!(FkpIndex::new(&[0; 600], &[1, 2, 3]).is_none());
        let index = FkpIndex::new(&[0xFF; 600], &[0, 0, 0, 0, 0xFF, 0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(index.as_ref().and_then(|i| i.papx(10)), None);
        assert_eq!(index.and_then(|i| i.chpx(10)), None);
        assert!(heading_styles(&[0xFF, 0xFF, 1]).is_empty());
        assert!(heading_styles(&[]).is_empty());
    }
}
