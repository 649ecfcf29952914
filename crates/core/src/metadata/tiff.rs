//! TIFF structure: a bounds-checked IFD reader, the EXIF analysis every container uses
//! ([`report_exif`]) and the inspection of TIFF files themselves ([`inspect_file`]).

use super::bytes::slice;
use super::payload::{self, format_position, quoted, valid_position};
use super::{jpeg, Block, Collector};

/// Most entries read from one IFD (real IFDs hold a few dozen; the count field allows 65535).
const MAX_ENTRIES: usize = 1024;
/// Most IFDs followed along a TIFF file's IFD chain and SubIFDs.
const MAX_EXTRA_IFDS: usize = 64;

// Tags.
const IMAGE_WIDTH: u16 = 0x0100;
const IMAGE_LENGTH: u16 = 0x0101;
const DOCUMENT_NAME: u16 = 0x010D;
const IMAGE_DESCRIPTION: u16 = 0x010E;
const MAKE: u16 = 0x010F;
const MODEL: u16 = 0x0110;
const STRIP_OFFSETS: u16 = 0x0111;
const ORIENTATION: u16 = 0x0112;
const PAGE_NAME: u16 = 0x011D;
const SOFTWARE: u16 = 0x0131;
const DATE_TIME: u16 = 0x0132;
const ARTIST: u16 = 0x013B;
const HOST_COMPUTER: u16 = 0x013C;
const SUB_IFDS: u16 = 0x014A;
const JPEG_IF_OFFSET: u16 = 0x0201;
const JPEG_IF_LENGTH: u16 = 0x0202;
const XMP: u16 = 700;
const COPYRIGHT: u16 = 0x8298;
const IPTC: u16 = 0x83BB;
const PHOTOSHOP: u16 = 0x8649;
const EXIF_IFD: u16 = 0x8769;
const ICC_PROFILE: u16 = 0x8773;
const GPS_IFD: u16 = 0x8825;
const DATE_TIME_ORIGINAL: u16 = 0x9003;
const MAKER_NOTE: u16 = 0x927C;
const USER_COMMENT: u16 = 0x9286;
const OWNER_NAME: u16 = 0xA430;
const BODY_SERIAL: u16 = 0xA431;
const LENS_SERIAL: u16 = 0xA435;

/// A TIFF byte stream (a TIFF file, or the payload of an EXIF block).
#[derive(Clone, Copy)]
pub(crate) struct Tiff<'a> {
    data: &'a [u8],
    little_endian: bool,
}

/// One IFD entry; `field` is the offset of its 4-byte value/offset field in the TIFF data.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Entry {
    tag: u16,
    typ: u16,
    count: u32,
    field: usize,
}

/// One IFD: its entries (possibly cut short by the end of the data) and the next-IFD offset.
pub(crate) struct Ifd {
    entries: Vec<Entry>,
    next: u32,
    truncated: bool,
}

impl Ifd {
    fn get(&self, tag: u16) -> Option<Entry> {
        self.entries.iter().copied().find(|e| e.tag == tag)
    }
}

impl<'a> Tiff<'a> {
    /// Recognise a classic TIFF header (`II*\0` or `MM\0*`).
    pub(crate) fn parse(data: &'a [u8]) -> Option<Self> {
        match slice(data, 0, 4)? {
            b"II*\0" => Some(Tiff {
                data,
                little_endian: true,
            }),
            b"MM\0*" => Some(Tiff {
                data,
                little_endian: false,
            }),
            _ => None,
        }
    }

    fn decode_u16(&self, a: [u8; 2]) -> u16 {
        if self.little_endian {
            u16::from_le_bytes(a)
        } else {
            u16::from_be_bytes(a)
        }
    }

    fn decode_u32(&self, a: [u8; 4]) -> u32 {
        if self.little_endian {
            u32::from_le_bytes(a)
        } else {
            u32::from_be_bytes(a)
        }
    }

    fn u16_at(&self, off: usize) -> Option<u16> {
        let s = slice(self.data, off, 2)?;
        Some(self.decode_u16([s[0], s[1]]))
    }

    fn u32_at(&self, off: usize) -> Option<u32> {
        let s = slice(self.data, off, 4)?;
        Some(self.decode_u32([s[0], s[1], s[2], s[3]]))
    }

    /// Offset of IFD0.
    pub(crate) fn first_ifd(&self) -> Option<usize> {
        self.u32_at(4).map(|o| o as usize)
    }

    /// Read the IFD at `off`; `None` when not even its entry count is inside the data.
    pub(crate) fn read_ifd(&self, off: usize) -> Option<Ifd> {
        if off < 8 {
            // Would overlap the header: not a real IFD.
            return None;
        }
        let declared = self.u16_at(off)? as usize;
        let room = self.data.len().saturating_sub(off + 2) / 12;
        let n = declared.min(room).min(MAX_ENTRIES);
        let mut entries = Vec::with_capacity(n);
        for i in 0..n {
            let e = off + 2 + i * 12;
            entries.push(Entry {
                tag: self.u16_at(e)?,
                typ: self.u16_at(e + 2)?,
                count: self.u32_at(e + 4)?,
                field: e + 8,
            });
        }
        let next = if n == declared {
            self.u32_at(off + 2 + declared * 12).unwrap_or(0)
        } else {
            0
        };
        Some(Ifd {
            entries,
            next,
            truncated: n < declared,
        })
    }

    /// The bytes of an entry's value (inline or at its offset), if entirely inside the data.
    fn value(&self, e: Entry) -> Option<&'a [u8]> {
        let unit: usize = match e.typ {
            1 | 2 | 6 | 7 => 1,
            3 | 8 => 2,
            4 | 9 | 11 | 13 => 4,
            5 | 10 | 12 => 8,
            _ => return None,
        };
        let total = unit.checked_mul(e.count as usize)?;
        if total <= 4 {
            slice(self.data, e.field, total)
        } else {
            slice(self.data, self.u32_at(e.field)? as usize, total)
        }
    }

    /// First value of a BYTE/SHORT/LONG/IFD entry (how offsets and sizes are stored).
    fn uint(&self, e: Entry) -> Option<u32> {
        if e.count == 0 {
            return None;
        }
        match e.typ {
            1 => self.data.get(e.field).map(|&b| b as u32),
            3 => self.u16_at(e.field).map(u32::from),
            4 | 13 => self.u32_at(e.field),
            _ => None,
        }
    }

    /// A text entry's bytes up to the first NUL (any type: writers are sloppy), if non-blank.
    fn text(&self, e: Entry) -> Option<&'a [u8]> {
        let v = self.value(e)?;
        let v = &v[..v.iter().position(|&b| b == 0).unwrap_or(v.len())];
        v.iter().any(|b| !b.is_ascii_whitespace()).then_some(v)
    }

    /// Unsigned rationals as f64 (at most 4); `None` on a zero denominator or wrong type.
    fn rationals(&self, e: Entry) -> Option<Vec<f64>> {
        if e.typ != 5 && e.typ != 10 {
            return None;
        }
        let v = self.value(e)?;
        let mut out = Vec::new();
        for c in v.chunks_exact(8).take(4) {
            let n = self.decode_u32([c[0], c[1], c[2], c[3]]);
            let d = self.decode_u32([c[4], c[5], c[6], c[7]]);
            if d == 0 {
                return None;
            }
            let (n, d) = if e.typ == 10 {
                (n as i32 as f64, d as i32 as f64)
            } else {
                (n as f64, d as f64)
            };
            out.push(n / d);
        }
        Some(out)
    }

    /// Follow a pointer tag (ExifIFD, GPS IFD) to its IFD.
    fn follow(&self, e: Entry) -> Result<Ifd, &'static str> {
        let off = self.uint(e).ok_or("pointer has the wrong type")?;
        self.read_ifd(off as usize)
            .ok_or("pointer leads outside the data")
    }
}

// ---------------------------------------------------------------------------------------------
// EXIF blocks (JPEG APP1, PNG eXIf, WebP EXIF, HEIF Exif item, Photoshop resources)

/// Record an EXIF block whose payload is `data` (a TIFF stream; a leading `Exif\0\0` is
/// tolerated): the EXIF item, plus GPS, IFD1 thumbnail and anything embedded in IFD0.
/// `location` is appended to the summaries when not empty (for unusual places).
pub(crate) fn report_exif(data: &[u8], out: &mut Collector, location: &str) {
    let suffix = if location.is_empty() {
        String::new()
    } else {
        format!(" (in {location})")
    };
    let data = data.strip_prefix(b"Exif\0\0").unwrap_or(data);
    let ifd0 = Tiff::parse(data).and_then(|t| Some((t, t.read_ifd(t.first_ifd()?)?)));
    let Some((t, ifd0)) = ifd0 else {
        out.add(
            Block::Exif,
            format!("EXIF: {} bytes, unreadable{suffix}", data.len()),
        );
        out.warn(format!(
            "EXIF block{suffix} has no readable TIFF header / IFD0"
        ));
        return;
    };
    if !out.enter() {
        out.add(Block::Exif, format!("EXIF: {} bytes{suffix}", data.len()));
        return;
    }
    if ifd0.truncated {
        out.warn(format!("EXIF IFD0{suffix} is truncated"));
    }
    let exif_ifd = follow_pointer(&t, &ifd0, EXIF_IFD, "EXIF sub-IFD", out);
    let mut summary = describe_camera(&t, &ifd0, exif_ifd.as_ref(), true);
    if summary.is_empty() {
        summary = payload::plural(ifd0.entries.len(), "tag");
    }
    out.add(Block::Exif, format!("EXIF: {summary}{suffix}"));
    report_gps(&t, &ifd0, out);
    report_embedded(&t, &ifd0, out);

    // IFD1: the thumbnail.
    if ifd0.next != 0 {
        match t.read_ifd(ifd0.next as usize) {
            Some(ifd1) if !ifd1.entries.is_empty() => {
                let what = describe_image(&t, &ifd1);
                out.add(
                    Block::Thumbnail,
                    format!("Thumbnail: {what} in EXIF IFD1{suffix}"),
                );
            }
            Some(_) => {}
            None => out.warn(format!("EXIF IFD1 offset{suffix} points outside the block")),
        }
    }
    out.leave();
}

/// Read the IFD a pointer tag leads to, warning when it is broken.
fn follow_pointer(
    t: &Tiff<'_>,
    ifd: &Ifd,
    tag: u16,
    name: &str,
    out: &mut Collector,
) -> Option<Ifd> {
    let e = ifd.get(tag)?;
    match t.follow(e) {
        Ok(sub) => Some(sub),
        Err(why) => {
            out.warn(format!("{name} {why}"));
            None
        }
    }
}

/// "Canon EOS 40D, taken 2008:05:30 15:56:01, artist \"…\", maker notes", or empty.
/// `with_text` includes description / artist / copyright (TIFF files list those as comments).
fn describe_camera(t: &Tiff<'_>, ifd0: &Ifd, exif: Option<&Ifd>, with_text: bool) -> String {
    let text = |ifd: &Ifd, tag| ifd.get(tag).and_then(|e| t.text(e));
    let mut parts: Vec<String> = Vec::new();
    let make = text(ifd0, MAKE).map(|m| payload::preview(m, 40));
    let model = text(ifd0, MODEL).map(|m| payload::preview(m, 40));
    match (make, model) {
        (Some(make), Some(model)) => {
            if model.to_lowercase().starts_with(&make.to_lowercase()) {
                parts.push(model);
            } else {
                parts.push(format!("{make} {model}"));
            }
        }
        (Some(one), None) | (None, Some(one)) => parts.push(one),
        (None, None) => {}
    }
    if let Some(d) = exif.and_then(|x| text(x, DATE_TIME_ORIGINAL)) {
        parts.push(format!("taken {}", payload::preview(d, 30)));
    } else if let Some(d) = text(ifd0, DATE_TIME) {
        parts.push(format!("dated {}", payload::preview(d, 30)));
    }
    if let Some(o) = ifd0.get(ORIENTATION).and_then(|e| t.uint(e)) {
        if o != 1 {
            parts.push(format!("orientation {o} ({})", orientation_name(o)));
        }
    }
    if let Some(s) = text(ifd0, SOFTWARE) {
        parts.push(format!("software {}", quoted(s)));
    }
    if let Some(s) = text(ifd0, HOST_COMPUTER) {
        parts.push(format!("host computer {}", quoted(s)));
    }
    if with_text {
        for (tag, name) in [
            (IMAGE_DESCRIPTION, "description"),
            (ARTIST, "artist"),
            (COPYRIGHT, "copyright"),
        ] {
            if let Some(s) = text(ifd0, tag) {
                parts.push(format!("{name} {}", quoted(s)));
            }
        }
    }
    if let Some(x) = exif {
        if let Some(c) = x.get(USER_COMMENT).and_then(|e| t.value(e)) {
            // 8-byte character code, then the text.
            let body = c.get(8..).unwrap_or_default();
            if body.iter().any(|&b| b != 0 && b != b' ') {
                let body: Vec<u8> = if c.starts_with(b"UNICODE") {
                    // UTF-16 of either order: keep the ASCII bytes for a preview.
                    body.iter().copied().filter(|&b| b != 0).collect()
                } else {
                    body.to_vec()
                };
                parts.push(format!("user comment {}", quoted(&body)));
            }
        }
        for (tag, name) in [
            (OWNER_NAME, "owner"),
            (BODY_SERIAL, "serial number"),
            (LENS_SERIAL, "lens serial number"),
        ] {
            if let Some(s) = text(x, tag) {
                parts.push(format!("{name} {}", quoted(s)));
            }
        }
        if x.get(MAKER_NOTE).is_some() {
            parts.push("maker notes".to_string());
        }
    }
    parts.join(", ")
}

/// What an EXIF orientation value asks a viewer to do.
fn orientation_name(o: u32) -> &'static str {
    match o {
        1 => "normal",
        2 => "mirror horizontal",
        3 => "rotate 180°",
        4 => "mirror vertical",
        5 => "mirror horizontal, rotate 270° CW",
        6 => "rotate 90° CW",
        7 => "mirror horizontal, rotate 90° CW",
        8 => "rotate 270° CW",
        _ => "invalid",
    }
}

/// Describe the image an IFD holds: "160x120 JPEG", "80x60 uncompressed image"...
fn describe_image(t: &Tiff<'_>, ifd: &Ifd) -> String {
    let uint = |tag| ifd.get(tag).and_then(|e| t.uint(e));
    if let Some(off) = uint(JPEG_IF_OFFSET) {
        let len = uint(JPEG_IF_LENGTH).unwrap_or(0);
        return match slice(t.data, off as usize, len as usize) {
            Some(jpeg) if len > 0 => match jpeg::sof_dimensions(jpeg) {
                Some((w, h)) => format!("{w}x{h} JPEG"),
                None => format!("JPEG ({len} bytes)"),
            },
            _ => "JPEG (data outside the block)".to_string(),
        };
    }
    match (
        uint(IMAGE_WIDTH),
        uint(IMAGE_LENGTH),
        ifd.get(STRIP_OFFSETS),
    ) {
        (Some(w), Some(h), Some(_)) => format!("{w}x{h} image"),
        (Some(w), Some(h), None) => format!("{w}x{h} image (no data)"),
        _ => format!("directory of {}", payload::plural(ifd.entries.len(), "tag")),
    }
}

/// Record the GPS IFD if it has at least one entry.
fn report_gps(t: &Tiff<'_>, ifd0: &Ifd, out: &mut Collector) {
    let Some(gps) = follow_pointer(t, ifd0, GPS_IFD, "GPS IFD", out) else {
        return;
    };
    if gps.entries.is_empty() {
        return;
    }
    let coord = |value_tag: u16, ref_tag: u16, negative: u8| -> Option<f64> {
        let v = t.rationals(gps.get(value_tag)?)?;
        let deg = v
            .iter()
            .take(3)
            .enumerate()
            .fold(0.0, |acc, (i, x)| acc + x / 60f64.powi(i as i32));
        let reference = gps
            .get(ref_tag)
            .and_then(|e| t.value(e))
            .and_then(|r| r.first().copied());
        Some(
            if reference.map(|r| r.to_ascii_uppercase()) == Some(negative) {
                -deg
            } else {
                deg
            },
        )
    };
    let lat = coord(2, 1, b'S');
    let lon = coord(4, 3, b'W');
    match (lat, lon) {
        (Some(lat), Some(lon)) if valid_position(lat, lon) => {
            out.add(Block::Gps, format!("GPS: {}", format_position((lat, lon))));
            out.set_gps_position((lat, lon));
        }
        _ => {
            let partial = match (gps.get(2).is_some(), gps.get(4).is_some()) {
                (true, true) => "unreadable coordinates",
                (true, false) => "latitude only",
                (false, true) => "longitude only",
                (false, false) => "no coordinates",
            };
            out.add(
                Block::Gps,
                format!(
                    "GPS: GPS IFD with {}, {partial}",
                    payload::plural(gps.entries.len(), "tag")
                ),
            );
        }
    }
}

/// XMP / IPTC / Photoshop / ICC blocks stored as IFD0 tags.
fn report_embedded(t: &Tiff<'_>, ifd0: &Ifd, out: &mut Collector) {
    // For these tags the byte count is what matters, whatever type the writer chose.
    let raw = |tag| {
        ifd0.get(tag).and_then(|e| {
            let e = Entry {
                typ: if matches!(e.typ, 4 | 9 | 13) {
                    e.typ
                } else {
                    1
                },
                ..e
            };
            t.value(e)
        })
    };
    if let Some(x) = raw(XMP) {
        payload::report_xmp(x, out, "XMP (TIFF tag)");
    }
    if let Some(i) = raw(IPTC) {
        let (n, names) = payload::iptc_datasets_in(i);
        let mut s = format!("IPTC: {n} datasets");
        if !names.is_empty() {
            s.push_str(&format!(" ({})", names.join(", ")));
        }
        out.add(Block::Iptc, format!("{s} (TIFF tag)"));
    }
    if let Some(p) = raw(PHOTOSHOP) {
        payload::report_irb(p, out, "TIFF tag");
    }
    if let Some(p) = raw(ICC_PROFILE) {
        payload::report_icc(p, out, "TIFF tag");
    }
    for tag in [XMP, IPTC, PHOTOSHOP, ICC_PROFILE] {
        if ifd0.get(tag).is_some() && raw(tag).is_none() {
            out.warn(format!("TIFF tag {tag} points outside the data"));
            let block = match tag {
                XMP => Block::Xmp,
                ICC_PROFILE => Block::Icc,
                _ => Block::Iptc,
            };
            out.add(
                block,
                format!("Tag {tag} present but its data is unreadable"),
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// TIFF files

/// Inspect a TIFF file. IFD0 is the image itself: descriptive tags (camera, dates, software,
/// EXIF sub-IFD) count as EXIF, description / artist / copyright as comments, further IFDs
/// and SubIFDs as thumbnails or previews.
pub(crate) fn inspect_file(bytes: &[u8], out: &mut Collector) {
    let Some(t) = Tiff::parse(bytes) else {
        out.add(Block::Other, "BigTIFF: metadata not inspected");
        out.warn("BigTIFF files are not inspected");
        return;
    };
    let Some(ifd0) = t.first_ifd().and_then(|o| t.read_ifd(o)) else {
        out.warn("TIFF IFD0 offset points outside the file");
        return;
    };
    if ifd0.truncated {
        out.warn("TIFF IFD0 is truncated");
    }
    let exif_ifd = follow_pointer(&t, &ifd0, EXIF_IFD, "EXIF sub-IFD", out);
    let descriptive = [
        DOCUMENT_NAME,
        MAKE,
        MODEL,
        PAGE_NAME,
        SOFTWARE,
        DATE_TIME,
        HOST_COMPUTER,
        EXIF_IFD,
    ];
    if descriptive.iter().any(|&tag| ifd0.get(tag).is_some()) {
        let mut summary = describe_camera(&t, &ifd0, exif_ifd.as_ref(), false);
        for (tag, name) in [(DOCUMENT_NAME, "document name"), (PAGE_NAME, "page name")] {
            if let Some(s) = ifd0.get(tag).and_then(|e| t.text(e)) {
                if !summary.is_empty() {
                    summary.push_str(", ");
                }
                summary.push_str(&format!("{name} {}", quoted(s)));
            }
        }
        if summary.is_empty() {
            summary = match &exif_ifd {
                Some(x) => format!(
                    "EXIF sub-IFD with {}",
                    payload::plural(x.entries.len(), "tag")
                ),
                None => "EXIF sub-IFD (unreadable)".to_string(),
            };
        }
        out.add(Block::Exif, format!("EXIF: {summary}"));
    }
    for (tag, name) in [
        (IMAGE_DESCRIPTION, "Description"),
        (ARTIST, "Artist"),
        (COPYRIGHT, "Copyright"),
    ] {
        if let Some(s) = ifd0.get(tag).and_then(|e| t.text(e)) {
            out.add(Block::Comment, format!("{name}: {}", quoted(s)));
        }
    }
    report_gps(&t, &ifd0, out);
    report_embedded(&t, &ifd0, out);

    // Further images: the IFD chain after IFD0, and SubIFDs of IFD0.
    let mut extra: Vec<(String, usize)> = Vec::new();
    let mut visited = vec![t.first_ifd().unwrap_or(0)];
    let mut next = ifd0.next as usize;
    let mut n = 1;
    while next != 0 && visited.len() <= MAX_EXTRA_IFDS && !visited.contains(&next) {
        visited.push(next);
        let Some(ifd) = t.read_ifd(next) else {
            out.warn(format!("TIFF IFD{n} offset points outside the file"));
            break;
        };
        extra.push((format!("TIFF IFD{n}"), next));
        if ifd.entries.is_empty() {
            extra.pop();
        }
        next = ifd.next as usize;
        n += 1;
    }
    if let Some(e) = ifd0.get(SUB_IFDS) {
        if let Some(v) = t.value(Entry {
            typ: if e.typ == 3 { 3 } else { 4 },
            ..e
        }) {
            let unit = if e.typ == 3 { 2 } else { 4 };
            for (i, c) in v.chunks_exact(unit).take(MAX_EXTRA_IFDS).enumerate() {
                let off = if unit == 2 {
                    t.decode_u16([c[0], c[1]]) as usize
                } else {
                    t.decode_u32([c[0], c[1], c[2], c[3]]) as usize
                };
                extra.push((format!("TIFF SubIFD{i}"), off));
            }
        }
    }
    for (place, off) in extra.iter().take(8) {
        let what = match t.read_ifd(*off) {
            Some(ifd) => describe_image(&t, &ifd),
            None => "unreadable directory".to_string(),
        };
        out.add(
            Block::Thumbnail,
            format!("Thumbnail/page: {what} in {place}"),
        );
    }
    if extra.len() > 8 {
        out.add(
            Block::Thumbnail,
            format!("… and {} more images in the TIFF", extra.len() - 8),
        );
    }
}

/// The number of images an MPF (multi-picture format) index declares: tag 0xB001, else the
/// size of the MP entry table (tag 0xB002, 16 bytes per image). `data` starts at the TIFF
/// header that follows `MPF\0`.
pub(crate) fn mpf_image_count(data: &[u8]) -> Option<u32> {
    let t = Tiff::parse(data)?;
    let ifd = t.read_ifd(t.first_ifd()?)?;
    if let Some(n) = ifd.get(0xB001).and_then(|e| t.uint(e)) {
        return Some(n);
    }
    ifd.get(0xB002).map(|e| e.count / 16)
}
