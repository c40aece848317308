//! Builds small Word 97 documents in memory for the unit tests: a FIB, the text in pieces,
//! one FKP page per paragraph, a piece table and optionally a style sheet.

/// One piece of text: 8-bit (cp1252) or UTF-16. In the text, 0x0D, 0x07 and 0x0C end
/// paragraphs; U+E000 is written as a 0x0C that does not (a page break).
pub(crate) struct Piece {
    pub text: String,
    pub compressed: bool,
    pub prm: u16,
}

pub(crate) fn utf16(text: &str) -> Piece {
    Piece {
        text: text.into(),
        compressed: false,
        prm: 0,
    }
}

pub(crate) fn cp1252(text: &str) -> Piece {
    Piece {
        text: text.into(),
        compressed: true,
        prm: 0,
    }
}

/// A document to build.
pub(crate) struct Doc {
    pub pieces: Vec<Piece>,
    /// (istd, grpprl) of each paragraph, in order; none: no `PlcBtePapx` at all.
    pub papx: Vec<(u16, Vec<u8>)>,
    pub stsh: Vec<u8>,
    /// `Prc` property lists of the `Clx`.
    pub prcs: Vec<Vec<u8>>,
    /// `ccpText`; the whole text when `None`.
    pub ccp_text: Option<u32>,
    /// FIB flags besides fWhichTblStm.
    pub flags: u16,
    pub n_fib: u16,
}

impl Default for Doc {
    fn default() -> Self {
        Doc {
            pieces: Vec::new(),
            papx: Vec::new(),
            stsh: Vec::new(),
            prcs: Vec::new(),
            ccp_text: None,
            flags: 0,
            n_fib: 0x00C1,
        }
    }
}

/// Where the text starts in `WordDocument`.
const TEXT: usize = 0x400;
const PAIRS: usize = 0x5D;

fn put16(buf: &mut [u8], at: usize, v: u16) {
    buf[at..at + 2].copy_from_slice(&v.to_le_bytes());
}

fn put32(buf: &mut [u8], at: usize, v: u32) {
    buf[at..at + 4].copy_from_slice(&v.to_le_bytes());
}

impl Doc {
    /// A paragraph-by-paragraph document in one UTF-16 piece.
    pub(crate) fn paragraphs(paras: &[(&str, u16, Vec<u8>)]) -> Doc {
        Doc {
            pieces: vec![utf16(&paras.iter().map(|p| p.0).collect::<String>())],
            papx: paras.iter().map(|p| (p.1, p.2.clone())).collect(),
            ..Doc::default()
        }
    }

    /// The `WordDocument` and `1Table` streams.
    pub(crate) fn streams(&self) -> (Vec<u8>, Vec<u8>) {
        let mut wd = vec![0u8; TEXT];
        let mut pcds = Vec::new();
        let mut marks = Vec::new();
        let mut cp = 0u32;
        for piece in &self.pieces {
            let start = wd.len();
            for ch in piece.text.chars() {
                let (ch, mark) = match ch {
                    '\u{E000}' => ('\u{c}', false),
                    c => (c, matches!(c, '\r' | '\u{7}' | '\u{c}')),
                };
                if piece.compressed {
                    let mut buf = [0; 4];
                    let (b, _, _) = encoding_rs::WINDOWS_1252.encode(ch.encode_utf8(&mut buf));
                    wd.extend(b.iter());
                } else {
                    wd.extend(
                        ch.encode_utf16(&mut [0; 2])
                            .iter()
                            .flat_map(|u| u.to_le_bytes()),
                    );
                }
                if mark {
                    marks.push(wd.len() as u32);
                }
            }
            let fc = if piece.compressed {
                0x4000_0000 | (2 * start as u32)
            } else {
                start as u32
            };
            pcds.push((cp, fc, piece.prm));
            cp += piece
                .text
                .chars()
                .map(|c| {
                    if piece.compressed {
                        1
                    } else {
                        c.len_utf16() as u32
                    }
                })
                .sum::<u32>();
        }
        let mut table = self.stsh.clone();
        let stsh = (0u32, table.len() as u32);
        let papx = self.fkps(&mut wd, &mut table, &marks);
        let clx_at = table.len() as u32;
        table.extend(self.clx(&pcds, cp));
        let clx = (clx_at, table.len() as u32 - clx_at);
        self.fib(&mut wd, self.ccp_text.unwrap_or(cp), [stsh, papx, clx]);
        (wd, table)
    }

    /// One FKP page per paragraph, and the `PlcBtePapx` listing them.
    fn fkps(&self, wd: &mut Vec<u8>, table: &mut Vec<u8>, marks: &[u32]) -> (u32, u32) {
        if self.papx.is_empty() {
            return (table.len() as u32, 0);
        }
        let mut starts = vec![TEXT as u32];
        starts.extend(marks.iter().copied());
        let n = self.papx.len().min(marks.len());
        wd.resize(wd.len().div_ceil(512) * 512, 0);
        let first_page = wd.len() / 512;
        for (i, (istd, grpprl)) in self.papx.iter().take(n).enumerate() {
            let mut page = [0u8; 512];
            put32(&mut page, 0, starts[i]);
            put32(&mut page, 4, starts[i + 1]);
            let mut data = istd.to_le_bytes().to_vec();
            data.extend(grpprl);
            let at = 32;
            page[8] = (at / 2) as u8;
            if data.len() % 2 == 1 {
                page[at] = data.len().div_ceil(2) as u8;
                page[at + 1..at + 1 + data.len()].copy_from_slice(&data);
            } else {
                page[at + 1] = (data.len() / 2) as u8;
                page[at + 2..at + 2 + data.len()].copy_from_slice(&data);
            }
            page[511] = 1;
            wd.extend(page);
        }
        let at = table.len() as u32;
        for start in &starts[..=n] {
            table.extend(start.to_le_bytes());
        }
        for i in 0..n {
            table.extend(((first_page + i) as u32).to_le_bytes());
        }
        (at, table.len() as u32 - at)
    }

    fn clx(&self, pcds: &[(u32, u32, u16)], end: u32) -> Vec<u8> {
        let mut clx = Vec::new();
        for prc in &self.prcs {
            clx.push(1);
            clx.extend((prc.len() as u16).to_le_bytes());
            clx.extend(prc);
        }
        clx.push(2);
        clx.extend(((pcds.len() * 12 + 4) as u32).to_le_bytes());
        for (cp, _, _) in pcds {
            clx.extend(cp.to_le_bytes());
        }
        clx.extend(end.to_le_bytes());
        for (_, fc, prm) in pcds {
            clx.extend([0, 0]);
            clx.extend(fc.to_le_bytes());
            clx.extend(prm.to_le_bytes());
        }
        clx
    }

    fn fib(&self, wd: &mut [u8], ccp_text: u32, pairs: [(u32, u32); 3]) {
        put16(wd, 0, 0xA5EC);
        put16(wd, 2, self.n_fib);
        put16(wd, 0x0A, 0x0200 | self.flags);
        put16(wd, 0x20, 14);
        put16(wd, 0x3E, 22);
        put32(wd, 0x4C, ccp_text);
        put16(wd, 0x98, PAIRS as u16);
        for (index, (fc, lcb)) in [1, 13, 33].into_iter().zip(pairs) {
            put32(wd, 0x9A + 8 * index, fc);
            put32(wd, 0x9A + 8 * index + 4, lcb);
        }
    }

    /// The compound file.
    pub(crate) fn build(&self) -> Vec<u8> {
        let (wd, table) = self.streams();
        crate::import::compound::testing::compound(&[("WordDocument", &wd), ("1Table", &table)])
    }
}

/// The grpprl of a paragraph in a table cell (depth 1).
pub(crate) fn in_cell() -> Vec<u8> {
    vec![0x16, 0x24, 1]
}

/// The grpprl of a paragraph in a nested table's cell; `row_end` for its row-end mark.
pub(crate) fn nested(row_end: bool) -> Vec<u8> {
    let mut g = vec![0x16, 0x24, 1, 0x49, 0x66, 2, 0, 0, 0, 0x4B, 0x24, 1];
    if row_end {
        g.extend([0x4C, 0x24, 1]);
    }
    g
}

/// The grpprl of a row-end mark: cell boundaries (twips) and each cell's TCGRF flags.
pub(crate) fn row_end(bounds: &[i16], flags: &[u16]) -> Vec<u8> {
    let mut op = vec![flags.len() as u8];
    for b in bounds {
        op.extend(b.to_le_bytes());
    }
    for f in flags {
        let mut tc = [0u8; 20];
        tc[..2].copy_from_slice(&f.to_le_bytes());
        op.extend(tc);
    }
    let mut g = vec![0x16, 0x24, 1, 0x17, 0x24, 1, 0x08, 0xD6];
    g.extend(((op.len() + 1) as u16).to_le_bytes());
    g.extend(op);
    g
}

/// A style sheet: (sti, name, istdBase, outline level) per istd.
pub(crate) fn stsh(styles: &[(u16, &str, u16, Option<u8>)]) -> Vec<u8> {
    let mut out = 18u16.to_le_bytes().to_vec();
    let mut stshi = [0u8; 18];
    put16(&mut stshi, 0, styles.len() as u16);
    put16(&mut stshi, 2, 0x12);
    out.extend(stshi);
    for (sti, name, base, outline) in styles {
        let mut std = vec![0u8; 0x12];
        put16(&mut std, 0, *sti);
        put16(&mut std, 2, 1 | (base << 4));
        put16(&mut std, 4, 2);
        let units: Vec<u16> = name.encode_utf16().collect();
        std.extend((units.len() as u16).to_le_bytes());
        std.extend(units.iter().flat_map(|u| u.to_le_bytes()));
        std.extend([0, 0]);
        let grpprl: Vec<u8> = outline.map(|l| vec![0x40, 0x26, l]).unwrap_or_default();
        std.extend(((2 + grpprl.len()) as u16).to_le_bytes());
        std.extend([0, 0]);
        std.extend(&grpprl);
        if grpprl.len() % 2 == 1 {
            std.push(0);
        }
        std.extend([0, 0]);
        out.extend((std.len() as u16).to_le_bytes());
        out.extend(std);
    }
    out
}
