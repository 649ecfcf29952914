//! HEIF / AVIF (ISO-BMFF), best effort: the `meta` box's item infos (`iinf`) name EXIF and XMP
//! items, `iloc` locates their data (read for GPS and thumbnails), `iprp/ipco/colr` holds ICC
//! profiles and `iref` marks thumbnail items. Trailing bytes are not assessed.

use super::bytes::{be16, be32, be64, slice};
use super::{payload, tiff, Block, Collector};

/// Brands (major or compatible) that identify a HEIF-family still image.
const BRANDS: &[&[u8; 4]] = &[
    b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"mif2", b"msf1", b"avif",
    b"avis", b"avci", b"jpeg",
];

/// Most boxes read at one level, items, extents per item and references.
const MAX_BOXES: usize = 4096;
const MAX_ITEMS: usize = 65536;
const MAX_EXTENTS: usize = 256;
/// Most EXIF / XMP items whose data is read.
const MAX_READ_ITEMS: usize = 16;

/// Whether the bytes start with an `ftyp` box naming a HEIF brand.
pub(crate) fn is_heif(b: &[u8]) -> bool {
    if slice(b, 4, 4) != Some(b"ftyp") {
        return false;
    }
    let size = (be32(b, 0).unwrap_or(0) as usize).min(b.len()).min(1024);
    if size < 16 {
        return false;
    }
    let major = &b[8..12];
    let compatible = b[16..size].chunks_exact(4);
    std::iter::once(major)
        .chain(compatible)
        .any(|brand| BRANDS.iter().any(|x| &x[..] == brand))
}

/// A forward reader over a box body; every read is bounds-checked.
struct Cursor<'a> {
    b: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn new(b: &'a [u8]) -> Self {
        Cursor { b, pos: 0 }
    }
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let s = slice(self.b, self.pos, n)?;
        self.pos += n;
        Some(s)
    }
    fn u8(&mut self) -> Option<u8> {
        self.take(1).map(|s| s[0])
    }
    fn u16(&mut self) -> Option<u16> {
        let v = be16(self.b, self.pos)?;
        self.pos += 2;
        Some(v)
    }
    fn u32(&mut self) -> Option<u32> {
        let v = be32(self.b, self.pos)?;
        self.pos += 4;
        Some(v)
    }
    /// An unsigned integer of 0, 4 or 8 bytes (iloc field sizes).
    fn sized(&mut self, size: u8) -> Option<u64> {
        match size {
            0 => Some(0),
            4 => self.u32().map(u64::from),
            8 => {
                let v = be64(self.b, self.pos)?;
                self.pos += 8;
                Some(v)
            }
            _ => None,
        }
    }
    /// A NUL-terminated string (the NUL is consumed; a missing NUL ends at the data end).
    fn cstring(&mut self) -> &'a [u8] {
        let rest = &self.b[self.pos.min(self.b.len())..];
        let n = rest.iter().position(|&c| c == 0).unwrap_or(rest.len());
        self.pos += (n + 1).min(rest.len());
        &rest[..n]
    }
}

/// The child boxes of `data`: (type, body). A box running past the end is cut short.
fn boxes(data: &[u8]) -> Vec<([u8; 4], &[u8])> {
    let mut out = Vec::new();
    let mut pos = 0usize;
    while pos + 8 <= data.len() && out.len() < MAX_BOXES {
        let size = be32(data, pos).unwrap_or(0) as u64;
        let kind = [data[pos + 4], data[pos + 5], data[pos + 6], data[pos + 7]];
        let (header, size) = match size {
            0 => (8, (data.len() - pos) as u64),
            1 => match be64(data, pos + 8) {
                Some(s) => (16, s),
                None => break,
            },
            s => (8, s),
        };
        if size < header as u64 {
            break;
        }
        let end = pos.saturating_add(usize::try_from(size).unwrap_or(usize::MAX));
        let body = &data[(pos + header).min(data.len())..end.min(data.len())];
        out.push((kind, body));
        if end >= data.len() {
            break;
        }
        pos = end;
    }
    out
}

/// One item from `iinf`.
struct Item {
    id: u32,
    kind: [u8; 4],
    content_type: Vec<u8>,
}

/// One item's location from `iloc`.
struct Location {
    id: u32,
    construction_method: u16,
    base: u64,
    extents: Vec<(u64, u64)>,
}

/// What the `meta` box holds.
#[derive(Default)]
struct Meta<'a> {
    items: Vec<Item>,
    locations: Vec<Location>,
    /// (reference type, from item, to items)
    references: Vec<([u8; 4], u32, Vec<u32>)>,
    icc: Vec<&'a [u8]>,
    idat: &'a [u8],
}

/// Inspect a HEIF-family file.
pub(crate) fn inspect(b: &[u8], out: &mut Collector) {
    let top = boxes(b);
    let Some((_, meta_body)) = top.iter().find(|(k, _)| k == b"meta") else {
        out.warn("no meta box: HEIF metadata not found");
        return;
    };
    let meta = parse_meta(meta_body.get(4..).unwrap_or_default(), out);

    // Only the first few metadata items are read (a hostile file could declare thousands).
    let mut read = 0usize;
    for item in &meta.items {
        if read >= MAX_READ_ITEMS {
            out.warn("too many HEIF metadata items: the rest were not read");
            break;
        }
        let is_xmp =
            &item.kind == b"mime" && payload::preview(&item.content_type, 64).contains("rdf+xml");
        if &item.kind == b"Exif" || is_xmp {
            read += 1;
        }
        if &item.kind == b"Exif" {
            match item_data(b, &meta, item.id) {
                Some(d) => tiff::report_exif(exif_tiff(&d), out, ""),
                None => out.add(Block::Exif, "EXIF: HEIF item (data not located)"),
            }
        } else if is_xmp {
            match item_data(b, &meta, item.id) {
                Some(d) => payload::report_xmp(&d, out, "XMP"),
                None => out.add(Block::Xmp, "XMP: HEIF item (data not located)"),
            }
        }
    }
    for profile in &meta.icc {
        payload::report_icc(profile, out, "");
    }
    let thumbs: Vec<&([u8; 4], u32, Vec<u32>)> =
        meta.references.iter().filter(|r| &r.0 == b"thmb").collect();
    for (_, from, to) in thumbs.iter().take(8) {
        let kind = meta
            .items
            .iter()
            .find(|i| i.id == *from)
            .map(|i| String::from_utf8_lossy(&i.kind).into_owned())
            .unwrap_or_else(|| "?".to_string());
        let to: Vec<String> = to.iter().take(4).map(|t| t.to_string()).collect();
        out.add(
            Block::Thumbnail,
            format!(
                "Thumbnail: HEIF item {from} ({kind}) of item {}",
                to.join(", ")
            ),
        );
    }
    if thumbs.len() > 8 {
        out.add(
            Block::Thumbnail,
            format!("… and {} more HEIF thumbnail items", thumbs.len() - 8),
        );
    }
}

/// The orientation the primary image's transformative properties amount to, as an EXIF
/// orientation value (1 = none): its `irot` (anticlockwise quarter turns) and `imir` (axis 0:
/// top and bottom exchanged, 1: left and right, as libheif reads it) properties from `ipma`,
/// composed in their association order. `clap` (crop) is left out. 1 when the file has none or
/// cannot be read.
pub(crate) fn primary_orientation(b: &[u8]) -> u16 {
    let top = boxes(b);
    let Some((_, meta_body)) = top.iter().find(|(k, _)| k == b"meta") else {
        return 1;
    };
    let children = boxes(meta_body.get(4..).unwrap_or_default());
    let Some(primary) = children
        .iter()
        .find(|(k, _)| k == b"pitm")
        .and_then(|(_, d)| {
            let mut c = Cursor::new(d);
            let version = c.u8()?;
            c.take(3)?;
            if version == 0 {
                c.u16().map(u32::from)
            } else {
                c.u32()
            }
        })
    else {
        return 1;
    };
    let Some((_, iprp)) = children.iter().find(|(k, _)| k == b"iprp") else {
        return 1;
    };
    let iprp = boxes(iprp);
    let Some((_, ipco)) = iprp.iter().find(|(k, _)| k == b"ipco") else {
        return 1;
    };
    let properties = boxes(ipco);
    let mut ops = Vec::new();
    for (_, ipma) in iprp.iter().filter(|(k, _)| k == b"ipma") {
        for index in ipma_associations(ipma, primary) {
            let property = index.checked_sub(1).and_then(|i| properties.get(i));
            match property.map(|(kind, body)| (kind, *body)) {
                Some((b"irot", d)) => ops.push(Transform::Rotate(d.first().map_or(0, |v| v & 3))),
                Some((b"imir", d)) => ops.push(Transform::Mirror(d.first().map_or(0, |v| v & 1))),
                _ => {}
            }
        }
    }
    orientation_of(&ops)
}

/// A transformative property: `irot` quarter turns anticlockwise, or `imir` axis.
#[derive(Debug, Clone, Copy)]
enum Transform {
    Rotate(u8),
    Mirror(u8),
}

/// The property indices (1-based into `ipco`) associated with `item` in an `ipma` body.
fn ipma_associations(ipma: &[u8], item: u32) -> Vec<usize> {
    let mut c = Cursor::new(ipma);
    let (Some(version), Some(flags)) = (c.u8(), c.take(3)) else {
        return Vec::new();
    };
    let wide = flags[2] & 1 == 1;
    let Some(count) = c.u32() else {
        return Vec::new();
    };
    for _ in 0..count.min(MAX_ITEMS as u32) {
        let id = if version < 1 {
            c.u16().map(u32::from)
        } else {
            c.u32()
        };
        let (Some(id), Some(n)) = (id, c.u8()) else {
            break;
        };
        let mut indices = Vec::with_capacity(usize::from(n));
        for _ in 0..n {
            let index = if wide {
                c.u16().map(|v| usize::from(v & 0x7FFF))
            } else {
                c.u8().map(|v| usize::from(v & 0x7F))
            };
            match index {
                Some(i) => indices.push(i),
                None => return Vec::new(),
            }
        }
        if id == item {
            return indices;
        }
    }
    Vec::new()
}

/// Compose transforms (applied in order to the coded image) into the EXIF orientation value
/// that shows the coded image the same way. Worked out on a 3x2 grid of distinct cells.
fn orientation_of(ops: &[Transform]) -> u16 {
    if ops.is_empty() {
        return 1;
    }
    // A grid as rows of cell labels; rotations and flips move the labels.
    type Grid = Vec<Vec<u8>>;
    let rot_cw = |g: &Grid| -> Grid {
        let (h, w) = (g.len(), g[0].len());
        (0..w)
            .map(|x| (0..h).rev().map(|y| g[y][x]).collect())
            .collect()
    };
    let flip_h = |g: &Grid| -> Grid {
        g.iter()
            .map(|r| r.iter().rev().copied().collect())
            .collect()
    };
    let flip_v = |g: &Grid| -> Grid { g.iter().rev().cloned().collect() };
    let coded: Grid = vec![vec![0, 1, 2], vec![3, 4, 5]];
    let mut shown = coded.clone();
    for op in ops {
        shown = match *op {
            // Anticlockwise quarter turns = three clockwise ones each.
            Transform::Rotate(a) => (0..(4 - a % 4) % 4).fold(shown, |g, _| rot_cw(&g)),
            Transform::Mirror(0) => flip_v(&shown),
            Transform::Mirror(_) => flip_h(&shown),
        };
    }
    // EXIF orientation n shows the stored image as: 1 as is, 2 flipped left-right, 3 turned
    // 180°, 4 flipped top-bottom, 5 transposed, 6 turned 90° clockwise, 7 transverse, 8 turned
    // 90° anticlockwise.
    let r90 = rot_cw(&coded);
    let r180 = rot_cw(&r90);
    let r270 = rot_cw(&r180);
    let candidates = [
        (1, coded.clone()),
        (2, flip_h(&coded)),
        (3, r180.clone()),
        (4, flip_v(&coded)),
        (5, flip_h(&r90)),
        (6, r90),
        (7, flip_h(&r270)),
        (8, r270),
    ];
    candidates
        .into_iter()
        .find(|(_, g)| *g == shown)
        .map_or(1, |(n, _)| n)
}

/// The TIFF stream inside a HEIF Exif item: a 4-byte offset to the TIFF header, then (usually
/// `Exif\0\0` and) the header. Falls back to searching the first bytes for a TIFF header.
fn exif_tiff(d: &[u8]) -> &[u8] {
    if let Some(off) = be32(d, 0) {
        let at = 4usize.saturating_add(off as usize);
        if let Some(t) = d.get(at..) {
            if t.starts_with(b"II*\0") || t.starts_with(b"MM\0*") {
                return t;
            }
        }
    }
    let head = &d[..d.len().min(64)];
    head.windows(4)
        .position(|w| w == b"II*\0" || w == b"MM\0*")
        .map(|i| &d[i..])
        .unwrap_or(d)
}

/// Read the children of `meta` that matter here.
fn parse_meta<'a>(body: &'a [u8], out: &mut Collector) -> Meta<'a> {
    let mut meta = Meta::default();
    for (kind, data) in boxes(body) {
        match &kind {
            b"iinf" => meta.items = parse_iinf(data),
            b"iloc" => match parse_iloc(data) {
                Some(l) => meta.locations = l,
                None => out.warn("unreadable HEIF iloc box"),
            },
            b"iref" => meta.references = parse_iref(data),
            b"idat" => meta.idat = data,
            b"iprp" => {
                for (k, d) in boxes(data) {
                    if &k != b"ipco" {
                        continue;
                    }
                    for (p, colr) in boxes(d) {
                        if &p == b"colr" {
                            let ct = slice(colr, 0, 4).unwrap_or_default();
                            if ct == b"prof" || ct == b"rICC" {
                                meta.icc.push(&colr[4..]);
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    meta
}

/// Item infos from `iinf` (full box).
fn parse_iinf(data: &[u8]) -> Vec<Item> {
    let version = data.first().copied().unwrap_or(0);
    let skip = 4 + if version == 0 { 2 } else { 4 };
    let mut items = Vec::new();
    for (kind, infe) in boxes(data.get(skip..).unwrap_or_default()) {
        if &kind != b"infe" || items.len() >= MAX_ITEMS {
            continue;
        }
        let mut c = Cursor::new(infe);
        let Some(v) = c.u8() else { continue };
        c.take(3);
        let item = if v >= 2 {
            let id = if v == 2 {
                c.u16().map(u32::from)
            } else {
                c.u32()
            };
            let (Some(id), Some(_protection), Some(k)) = (id, c.u16(), c.take(4)) else {
                continue;
            };
            let kind = [k[0], k[1], k[2], k[3]];
            let _name = c.cstring();
            let content_type = if &kind == b"mime" {
                c.cstring().to_vec()
            } else {
                Vec::new()
            };
            Item {
                id,
                kind,
                content_type,
            }
        } else {
            let (Some(id), Some(_protection)) = (c.u16(), c.u16()) else {
                continue;
            };
            let _name = c.cstring();
            let content_type = c.cstring().to_vec();
            Item {
                id: u32::from(id),
                kind: *b"mime",
                content_type,
            }
        };
        items.push(item);
    }
    items
}

/// Item locations from `iloc` (full box, versions 0–2).
fn parse_iloc(data: &[u8]) -> Option<Vec<Location>> {
    let mut c = Cursor::new(data);
    let version = c.u8()?;
    c.take(3)?;
    let sizes = c.u8()?;
    let (offset_size, length_size) = (sizes >> 4, sizes & 0xF);
    let sizes2 = c.u8()?;
    let base_size = sizes2 >> 4;
    let index_size = if version >= 1 { sizes2 & 0xF } else { 0 };
    let count = if version < 2 {
        c.u16()? as usize
    } else {
        c.u32()? as usize
    };
    let mut out = Vec::new();
    for _ in 0..count.min(MAX_ITEMS) {
        let Some(id) = (if version < 2 {
            c.u16().map(u32::from)
        } else {
            c.u32()
        }) else {
            break;
        };
        let construction_method = if version >= 1 { c.u16()? & 0xF } else { 0 };
        let _data_reference_index = c.u16()?;
        let base = c.sized(base_size)?;
        let extent_count = c.u16()? as usize;
        let mut extents = Vec::new();
        // Each extent takes this many bytes. With every size 0 an extent takes none and they
        // are all the same (the whole source from `base`): a hostile file of 65 536 items of
        // 65 535 such extents each looped 4·10⁹ times reading nothing (the fuzzer's timeout),
        // so one is kept.
        let per_extent =
            usize::from(index_size) + usize::from(offset_size) + usize::from(length_size);
        let extent_count = if per_extent == 0 {
            extent_count.min(1)
        } else {
            extent_count
        };
        for _ in 0..extent_count {
            c.sized(index_size)?;
            let off = c.sized(offset_size)?;
            let len = c.sized(length_size)?;
            if extents.len() < MAX_EXTENTS {
                extents.push((off, len));
            }
        }
        out.push(Location {
            id,
            construction_method,
            base,
            extents,
        });
    }
    Some(out)
}

/// Item references from `iref` (full box).
fn parse_iref(data: &[u8]) -> Vec<([u8; 4], u32, Vec<u32>)> {
    let version = data.first().copied().unwrap_or(0);
    let mut refs = Vec::new();
    for (kind, body) in boxes(data.get(4..).unwrap_or_default()) {
        let mut c = Cursor::new(body);
        let read_id = |c: &mut Cursor<'_>| {
            if version == 0 {
                c.u16().map(u32::from)
            } else {
                c.u32()
            }
        };
        let (Some(from), Some(n)) = (read_id(&mut c), c.u16()) else {
            continue;
        };
        let mut to = Vec::new();
        for _ in 0..n {
            match read_id(&mut c) {
                Some(t) => to.push(t),
                None => break,
            }
        }
        refs.push((kind, from, to));
    }
    refs
}

/// An item's bytes (its extents concatenated), if located inside the file or `idat` and no
/// larger than it.
fn item_data(file: &[u8], meta: &Meta<'_>, id: u32) -> Option<Vec<u8>> {
    let loc = meta.locations.iter().find(|l| l.id == id)?;
    let source = match loc.construction_method {
        0 => file,
        1 => meta.idat,
        _ => return None,
    };
    let mut data = Vec::new();
    for &(off, len) in &loc.extents {
        let start = usize::try_from(loc.base.checked_add(off)?).ok()?;
        let part = if len == 0 {
            source.get(start..)?
        } else {
            slice(source, start, usize::try_from(len).ok()?)?
        };
        // Extents are disjoint parts of their source: more bytes than the source holds means
        // the same bytes listed again and again (a hostile file made 256 extents of a whole
        // 600 KB file, 16 times over: gigabytes copied and parsed).
        if data.len() + part.len() > source.len() {
            return None;
        }
        data.extend_from_slice(part);
    }
    if loc.extents.is_empty() {
        return None;
    }
    Some(data)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transforms_compose_like_pillow_reads_them() {
        // Pillow's test_rot_mir_exif: files carrying irot (angle) then imir (axis), and the
        // EXIF orientation each amounts to.
        for (rot, mir, exif) in [
            (0u8, 0u8, 4u16),
            (0, 1, 2),
            (1, 0, 5),
            (1, 1, 7),
            (2, 0, 2),
            (2, 1, 4),
            (3, 0, 7),
            (3, 1, 5),
        ] {
            let ops = [Transform::Rotate(rot), Transform::Mirror(mir)];
            assert_eq!(orientation_of(&ops), exif, "irot {rot} imir {mir}");
        }
        assert_eq!(orientation_of(&[]), 1);
        assert_eq!(orientation_of(&[Transform::Rotate(1)]), 8);
        assert_eq!(orientation_of(&[Transform::Rotate(3)]), 6);
        assert_eq!(orientation_of(&[Transform::Rotate(2)]), 3);
    }

    #[test]
    fn hostile_iloc_of_empty_extents_is_bounded() {
        // Version 0, every field size 0, 65 535 items of 65 535 extents that take no bytes.
        let mut iloc = vec![0, 0, 0, 0, 0x00, 0x00, 0xFF, 0xFF];
        for id in 0..0xFFFFu16 {
            iloc.extend_from_slice(&id.to_be_bytes());
            iloc.extend_from_slice(&[0, 0, 0xFF, 0xFF]);
        }
        let locations = parse_iloc(&iloc).expect("readable");
        assert_eq!(locations.len(), 0xFFFF);
        assert!(locations.iter().all(|l| l.extents == [(0, 0)]));
    }

    #[test]
    fn an_item_listed_larger_than_its_file_is_not_read() {
        let meta = Meta {
            locations: vec![Location {
                id: 1,
                construction_method: 0,
                base: 0,
                extents: vec![(0, 0); 3],
            }],
            ..Meta::default()
        };
        assert!(item_data(b"0123456789", &meta, 1).is_none());
        let once = Meta {
            locations: vec![Location {
                id: 1,
                construction_method: 0,
                base: 2,
                extents: vec![(0, 4)],
            }],
            ..Meta::default()
        };
        assert_eq!(
            item_data(b"0123456789", &once, 1).as_deref(),
            Some(&b"2345"[..])
        );
    }

    #[test]
    fn hostile_ipma_is_bounded() {
        // Huge counts with no data behind them: nothing found, no panic.
        assert!(ipma_associations(&[0, 0, 0, 1, 0xFF, 0xFF, 0xFF, 0xFF], 1).is_empty());
        assert!(ipma_associations(&[1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 200], 1).is_empty());
        assert!(ipma_associations(&[], 1).is_empty());
        assert_eq!(primary_orientation(b"not a heif"), 1);
    }
}
