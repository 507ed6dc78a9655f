//! Printing the 進捗状況表: each pillar starts on a new page. The page
//! breaks are read from the sheet's XML inside the exported file (what Excel
//! and LibreOffice print from), the rows they should fall on from the cells
//! read back with calamine.
use std::io::Cursor;
use std::sync::Arc;

use calamine::{Data, Reader, Xlsx};
use plan_core::{PlanFile, sample_plan, stats};
use plan_xlsx::{ExportOptions, Lang, export};

const PROGRESS: &str = "進捗状況表";

#[test]
fn each_pillar_after_the_first_starts_a_new_printed_page() {
    let plan = sample_plan();
    let pillars = stats::matrix(&plan);
    assert!(pillars.len() >= 3, "the sample has several pillars");
    let bytes = export(&plan, &ExportOptions::default()).unwrap();

    let starts = pillar_rows(&bytes, &pillars);
    assert_eq!(starts.len(), pillars.len(), "every pillar has its row");
    let breaks = row_breaks(&bytes, PROGRESS);
    // Excel's <brk id="n"> is a break after 1-based row n, i.e. before the
    // 0-based row n: exactly the rows where pillars 2..n begin.
    assert_eq!(breaks, starts[1..]);
    assert!(
        !breaks.contains(&starts[0]),
        "no blank page before the first"
    );
}

#[test]
fn the_english_sheet_breaks_the_same_way() {
    let plan = sample_plan();
    let pillars = stats::matrix(&plan);
    let opts = ExportOptions {
        lang: Lang::En,
        card_sheets: true,
    };
    let bytes = export(&plan, &opts).unwrap();
    let sheet = Xlsx::new(Cursor::new(&bytes[..])).unwrap().sheet_names()[0].clone();
    assert_ne!(sheet, PROGRESS);
    let starts = pillar_rows_in(&bytes, &sheet, &pillars);
    assert_eq!(row_breaks(&bytes, &sheet), starts[1..]);
    // Only the progress sheet is cut by pillar.
    for other in ["Actions", "Goals", "Indicators"] {
        assert_eq!(row_breaks(&bytes, other), Vec::<u32>::new(), "{other}");
    }
}

#[test]
fn a_plan_with_one_pillar_prints_without_breaks() {
    let plan = one_pillar(sample_plan());
    let pillars = stats::matrix(&plan);
    assert_eq!(pillars.len(), 1);
    assert!(plan.cards.len() > 1, "still several cards");
    let bytes = export(&plan, &ExportOptions::default()).unwrap();
    assert_eq!(pillar_rows(&bytes, &pillars).len(), 1);
    assert_eq!(row_breaks(&bytes, PROGRESS), Vec::<u32>::new());
    assert!(
        !sheet_xml(&bytes, PROGRESS).contains("<rowBreaks"),
        "no empty break list either"
    );
}

/// The sample cut down to its first pillar and the cards living there.
fn one_pillar(mut plan: PlanFile) -> PlanFile {
    plan.plan.pillars.truncate(1);
    let p = plan.plan.pillars[0].clone();
    plan.cards
        .retain(|c| c.pillars.first().is_some_and(|id| *id == p.id));
    for c in plan.cards.iter_mut().map(Arc::make_mut) {
        c.pillars = vec![p.id.clone()];
        c.visions.retain(|v| p.visions.iter().any(|pv| pv.id == *v));
        if c.measure
            .as_ref()
            .is_some_and(|m| !p.measures.iter().any(|pm| pm.id == *m))
        {
            c.measure = None;
        }
    }
    plan
}

fn pillar_rows(bytes: &[u8], pillars: &[stats::MatrixPillar]) -> Vec<u32> {
    pillar_rows_in(bytes, PROGRESS, pillars)
}

/// 0-based rows of the pillar headings, found in order in the sheet's
/// cells: a pillar's name alone in column A (its merged heading row).
fn pillar_rows_in(bytes: &[u8], sheet: &str, pillars: &[stats::MatrixPillar]) -> Vec<u32> {
    let mut wb = Xlsx::new(Cursor::new(bytes)).expect("a readable workbook");
    let range = wb.worksheet_range(sheet).unwrap();
    let text = |r: u32, c: u32| match range.get_value((r, c)) {
        Some(Data::String(s)) => s.clone(),
        _ => String::new(),
    };
    let mut rows = Vec::new();
    let mut from = 3;
    for p in pillars {
        let found = (from..range.height() as u32).find(|r| {
            let a = text(*r, 0);
            text(*r, 1).is_empty()
                && (a == p.name
                    || (p.pillar_id.is_empty()
                        && ["（柱の指定なし）", "(no pillar)"].contains(&a.as_str())))
        });
        if let Some(r) = found {
            rows.push(r);
            from = r + 1;
        }
    }
    rows
}

/// The `id`s of `<rowBreaks>` in the worksheet XML of `sheet`.
fn row_breaks(bytes: &[u8], sheet: &str) -> Vec<u32> {
    let xml = sheet_xml(bytes, sheet);
    let Some(start) = xml.find("<rowBreaks") else {
        return Vec::new();
    };
    let end = xml[start..].find("</rowBreaks>").expect("closed") + start;
    xml[start..end]
        .split("<brk ")
        .skip(1)
        .map(|b| attr(b, "id").parse().expect("a row number"))
        .collect()
}

/// The worksheet part of `sheet`, found as Excel does: workbook.xml names
/// the relation, the relations name the part.
fn sheet_xml(bytes: &[u8], sheet: &str) -> String {
    let workbook = zip_text(bytes, "xl/workbook.xml");
    let entry = workbook
        .split("<sheet ")
        .skip(1)
        .find(|s| attr(s, "name") == sheet)
        .unwrap_or_else(|| panic!("sheet {sheet} in workbook.xml"));
    let rid = attr(entry, "r:id");
    let rels = zip_text(bytes, "xl/_rels/workbook.xml.rels");
    let rel = rels
        .split("<Relationship ")
        .skip(1)
        .find(|r| attr(r, "Id") == rid)
        .expect("the sheet's relation");
    zip_text(bytes, &format!("xl/{}", attr(rel, "Target")))
}

/// The value of attribute `name` in `tag` (the text after the element's
/// name). Attributes follow a space, so `id` does not match `r:id`.
fn attr<'a>(tag: &'a str, name: &str) -> &'a str {
    let key = format!("{name}=\"");
    let at = if tag.starts_with(&key) {
        0
    } else {
        tag.find(&format!(" {key}"))
            .unwrap_or_else(|| panic!("{name} in {tag}"))
            + 1
    };
    let value = &tag[at + key.len()..];
    &value[..value.find('"').expect("a closing quote")]
}

// -------------------------------------------------------------------- zip

/// One file of the zip, as text. The test reads the archive itself (central
/// directory, then raw deflate) because plan-xlsx's zip crate is only a
/// dependency of its dependencies.
fn zip_text(bytes: &[u8], name: &str) -> String {
    let u16_at = |i: usize| usize::from(u16::from_le_bytes([bytes[i], bytes[i + 1]]));
    let u32_at = |i: usize| u32::from_le_bytes(bytes[i..i + 4].try_into().unwrap()) as usize;
    let eocd = (0..=bytes.len() - 22)
        .rev()
        .find(|i| bytes[*i..].starts_with(b"PK\x05\x06"))
        .expect("end of central directory");
    let mut at = u32_at(eocd + 16);
    for _ in 0..u16_at(eocd + 10) {
        assert!(bytes[at..].starts_with(b"PK\x01\x02"), "central entry");
        let method = u16_at(at + 10);
        let (csize, usize_) = (u32_at(at + 20), u32_at(at + 24));
        let (nlen, xlen, clen) = (u16_at(at + 28), u16_at(at + 30), u16_at(at + 32));
        let local = u32_at(at + 42);
        if &bytes[at + 46..at + 46 + nlen] == name.as_bytes() {
            let data = local + 30 + u16_at(local + 26) + u16_at(local + 28);
            let raw = &bytes[data..data + csize];
            let out = match method {
                0 => raw.to_vec(),
                8 => inflate(raw),
                m => panic!("compression method {m}"),
            };
            assert_eq!(out.len(), usize_, "{name} inflated to its stated size");
            return String::from_utf8(out).expect("UTF-8 XML");
        }
        at += 46 + nlen + xlen + clen;
    }
    panic!("{name} not in the workbook")
}

/// Raw deflate (RFC 1951): stored, fixed and dynamic Huffman blocks.
fn inflate(data: &[u8]) -> Vec<u8> {
    const LEN_BASE: [usize; 29] = [
        3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115,
        131, 163, 195, 227, 258,
    ];
    const LEN_EXTRA: [u32; 29] = [
        0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
    ];
    const DIST_BASE: [usize; 30] = [
        1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
        2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
    ];
    const DIST_EXTRA: [u32; 30] = [
        0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12,
        13, 13,
    ];
    const CL_ORDER: [usize; 19] = [
        16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
    ];

    let mut bits = Bits { data, pos: 0 };
    let mut out = Vec::new();
    loop {
        let last = bits.take(1) == 1;
        match bits.take(2) {
            0 => {
                bits.pos = bits.pos.div_ceil(8) * 8;
                let at = bits.pos / 8;
                let len = usize::from(u16::from_le_bytes([data[at], data[at + 1]]));
                out.extend_from_slice(&data[at + 4..at + 4 + len]);
                bits.pos = (at + 4 + len) * 8;
            }
            kind @ (1 | 2) => {
                let (lit, dist) = if kind == 1 {
                    let mut l = [8u8; 288];
                    l[144..256].fill(9);
                    l[256..280].fill(7);
                    (Huffman::new(&l), Huffman::new(&[5; 30]))
                } else {
                    let nlit = bits.take(5) as usize + 257;
                    let ndist = bits.take(5) as usize + 1;
                    let ncl = bits.take(4) as usize + 4;
                    let mut cl = [0u8; 19];
                    for &i in &CL_ORDER[..ncl] {
                        cl[i] = bits.take(3) as u8;
                    }
                    let cl = Huffman::new(&cl);
                    let mut lens = Vec::with_capacity(nlit + ndist);
                    while lens.len() < nlit + ndist {
                        match cl.decode(&mut bits) {
                            n @ 0..=15 => lens.push(n as u8),
                            16 => {
                                let prev = *lens.last().expect("a length to repeat");
                                let n = 3 + bits.take(2) as usize;
                                lens.extend(std::iter::repeat_n(prev, n));
                            }
                            17 => {
                                let n = 3 + bits.take(3) as usize;
                                lens.extend(std::iter::repeat_n(0, n));
                            }
                            _ => {
                                let n = 11 + bits.take(7) as usize;
                                lens.extend(std::iter::repeat_n(0, n));
                            }
                        }
                    }
                    (Huffman::new(&lens[..nlit]), Huffman::new(&lens[nlit..]))
                };
                loop {
                    let sym = lit.decode(&mut bits);
                    if sym < 256 {
                        out.push(sym as u8);
                        continue;
                    }
                    if sym == 256 {
                        break;
                    }
                    let i = sym - 257;
                    let len = LEN_BASE[i] + bits.take(LEN_EXTRA[i]) as usize;
                    let d = dist.decode(&mut bits);
                    let back = DIST_BASE[d] + bits.take(DIST_EXTRA[d]) as usize;
                    let from = out.len() - back;
                    for k in 0..len {
                        out.push(out[from + k]);
                    }
                }
            }
            _ => panic!("reserved deflate block type"),
        }
        if last {
            return out;
        }
    }
}

struct Bits<'a> {
    data: &'a [u8],
    /// Position in bits; deflate reads each byte from its lowest bit.
    pos: usize,
}

impl Bits<'_> {
    fn take(&mut self, n: u32) -> u32 {
        let mut v = 0;
        for i in 0..n {
            let bit = (self.data[self.pos / 8] >> (self.pos % 8)) & 1;
            v |= u32::from(bit) << i;
            self.pos += 1;
        }
        v
    }
}

/// A canonical Huffman code: how many codes of each length, and the symbols
/// in code order.
struct Huffman {
    count: [u16; 16],
    symbols: Vec<usize>,
}

impl Huffman {
    fn new(lengths: &[u8]) -> Huffman {
        let mut count = [0u16; 16];
        for &l in lengths {
            count[usize::from(l)] += 1;
        }
        count[0] = 0;
        let mut symbols: Vec<usize> = (0..lengths.len()).filter(|s| lengths[*s] > 0).collect();
        symbols.sort_by_key(|s| lengths[*s]);
        Huffman { count, symbols }
    }

    /// Codes are read most significant bit first, one bit at a time.
    fn decode(&self, bits: &mut Bits) -> usize {
        let (mut code, mut first, mut index) = (0i32, 0i32, 0usize);
        for len in 1..16 {
            code |= bits.take(1) as i32;
            let count = i32::from(self.count[len]);
            if code - first < count {
                return self.symbols[index + (code - first) as usize];
            }
            index += count as usize;
            first = (first + count) << 1;
            code <<= 1;
        }
        panic!("invalid Huffman code")
    }
}
