//! JPEG: walk the marker segments from SOI, skip entropy-coded data after each SOS (byte
//! stuffing, restart markers, any number of scans) up to EOI; what follows EOI is trailing.

use super::bytes::{be16, find};
use super::payload::{self, quoted};
use super::{tiff, Block, Collector};

const XMP_ID: &[u8] = b"http://ns.adobe.com/xap/1.0/\0";
const XMP_EXT_ID: &[u8] = b"http://ns.adobe.com/xmp/extension/\0";
const ICC_ID: &[u8] = b"ICC_PROFILE\0";
const PHOTOSHOP_ID: &[u8] = b"Photoshop 3.0\0";

/// What multi-segment blocks accumulate until the end of the walk.
#[derive(Default)]
struct Pending<'a> {
    /// ICC profile chunks: (sequence number, bytes).
    icc: Vec<(u8, &'a [u8])>,
    /// Photoshop IRB payloads, concatenated (a block may continue in the next APP13).
    irb: Vec<u8>,
    irb_segments: usize,
    /// Extended XMP data, concatenated in file order.
    xmp_ext: Vec<u8>,
    xmp_ext_segments: usize,
}

/// Inspect a JPEG file (starts with SOI).
pub(crate) fn inspect(b: &[u8], out: &mut Collector) {
    let mut pending = Pending::default();
    let mut pos = 2usize;
    let mut eoi_end: Option<usize> = None;
    let mut junk_warned = false;
    // Every round advances `pos` by at least one byte, so the walk ends within b.len() rounds.
    while pos < b.len() {
        if b[pos] != 0xFF {
            let Some(skip) = b[pos..].iter().position(|&x| x == 0xFF) else {
                out.warn(format!(
                    "junk after offset {pos} where a marker was expected"
                ));
                break;
            };
            if !junk_warned {
                out.warn(format!(
                    "{skip} junk bytes at offset {pos} where a marker was expected"
                ));
                junk_warned = true;
            }
            pos += skip;
            continue;
        }
        // Fill bytes: any number of 0xFF before the marker code.
        let code_at = match b[pos..].iter().position(|&x| x != 0xFF) {
            Some(k) => pos + k,
            None => break,
        };
        let marker = b[code_at];
        pos = code_at + 1;
        match marker {
            0xD9 => {
                eoi_end = Some(pos);
                break;
            }
            // Standalone markers (stray SOI, TEM, RSTn) and an invalid 0xFF00 outside a scan.
            0xD8 | 0x01 | 0xD0..=0xD7 | 0x00 => continue,
            _ => {}
        }
        let Some(len) = be16(b, pos) else {
            out.warn(format!(
                "segment 0xFF{marker:02X} at offset {} is truncated",
                pos - 2
            ));
            break;
        };
        let len = len as usize;
        if len < 2 {
            out.warn(format!(
                "segment 0xFF{marker:02X} at offset {} has length {len}",
                pos - 2
            ));
            break;
        }
        let end = pos + len;
        if end > b.len() {
            out.warn(format!(
                "segment 0xFF{marker:02X} at offset {} runs past the end of the file",
                pos - 2
            ));
        }
        let payload = &b[(pos + 2).min(b.len())..end.min(b.len())];
        segment(marker, payload, &mut pending, out);
        pos = end;
        if marker == 0xDA {
            pos = skip_entropy_coded(b, pos);
        }
    }
    finish(pending, out);
    match eoi_end {
        Some(end) => {
            let rest = &b[end..];
            let what = if rest.starts_with(&[0xFF, 0xD8]) {
                "another JPEG image follows"
            } else if rest.iter().all(|&x| x == 0) {
                "zero padding"
            } else {
                ""
            };
            out.add_trailing(rest.len() as u64, what);
        }
        None => out.truncated("no EOI marker: the file is truncated"),
    }
}

/// From the start of entropy-coded data, the offset of the next marker (or the end of data).
fn skip_entropy_coded(b: &[u8], mut i: usize) -> usize {
    while i < b.len() {
        let Some(k) = b[i..].iter().position(|&x| x == 0xFF) else {
            return b.len();
        };
        let ff = i + k;
        match b.get(ff + 1) {
            None => return b.len(),
            // Stuffed byte or restart marker: still entropy-coded data.
            Some(0x00) | Some(0xD0..=0xD7) => i = ff + 2,
            // Fill byte: the marker code comes later.
            Some(0xFF) => i = ff + 1,
            Some(_) => return ff,
        }
    }
    b.len()
}

/// Classify one marker segment.
fn segment<'a>(marker: u8, p: &'a [u8], pending: &mut Pending<'a>, out: &mut Collector) {
    match marker {
        0xE0 => {
            if p.starts_with(b"JFIF\0") {
                if let (Some(&w), Some(&h)) = (p.get(12), p.get(13)) {
                    if w > 0 && h > 0 {
                        out.add(
                            Block::Thumbnail,
                            format!("Thumbnail: {w}x{h} uncompressed in JFIF APP0"),
                        );
                    }
                }
            } else if p.starts_with(b"JFXX\0") {
                out.add(Block::Thumbnail, "Thumbnail: JFIF extension (JFXX) in APP0");
            } else {
                other_app(0, p, out);
            }
        }
        0xE1 => {
            if p.starts_with(b"Exif\0") {
                tiff::report_exif(&p[6.min(p.len())..], out, "");
            } else if let Some(x) = p.strip_prefix(XMP_ID) {
                payload::report_xmp(x, out, "XMP");
            } else if let Some(x) = p.strip_prefix(XMP_EXT_ID) {
                // GUID (32), full length (4), offset (4), data.
                pending.xmp_ext_segments += 1;
                pending
                    .xmp_ext
                    .extend_from_slice(x.get(40..).unwrap_or_default());
            } else if find(&p[..p.len().min(64)], b"ns.adobe.com/xap").is_some()
                || p.starts_with(b"<?xpacket")
                || p.starts_with(b"XMP\0")
            {
                payload::report_xmp(p, out, "XMP (non-standard APP1 header)");
            } else {
                other_app(1, p, out);
            }
        }
        0xE2 => {
            if let Some(x) = p.strip_prefix(ICC_ID) {
                if x.len() >= 2 {
                    pending.icc.push((x[0], &x[2..]));
                } else {
                    out.warn("truncated ICC_PROFILE segment");
                    pending.icc.push((0, &[]));
                }
            } else if let Some(x) = p.strip_prefix(b"MPF\0") {
                let summary = match tiff::mpf_image_count(x) {
                    Some(n) if n > 1 => {
                        let s = n - 1;
                        format!("MPF: {s} secondary image{}", if s == 1 { "" } else { "s" })
                    }
                    Some(_) => "MPF: multi-picture index with no secondary image".to_string(),
                    None => "MPF: multi-picture index (unreadable)".to_string(),
                };
                out.add(Block::Thumbnail, summary);
            } else {
                other_app(2, p, out);
            }
        }
        0xED => {
            if let Some(x) = p.strip_prefix(PHOTOSHOP_ID) {
                pending.irb.extend_from_slice(x);
                pending.irb_segments += 1;
            } else if p.starts_with(b"Adobe_Photoshop2.5:") {
                out.add(Block::Iptc, "Photoshop 2.5 resources in APP13");
            } else {
                other_app(13, p, out);
            }
        }
        0xEE if p.starts_with(b"Adobe") => {} // colour transform flags: not metadata
        0xE3..=0xEF => other_app(marker - 0xE0, p, out),
        0xFE => out.add(Block::Comment, format!("Comment: {}", quoted(p))),
        _ => {}
    }
}

/// List an APPn segment we do not interpret.
fn other_app(n: u8, p: &[u8], out: &mut Collector) {
    let id_len = p
        .iter()
        .take(24)
        .position(|&c| !(0x20..0x7F).contains(&c))
        .unwrap_or(p.len().min(24));
    let id = String::from_utf8_lossy(&p[..id_len]);
    let summary = if id.is_empty() {
        format!("APP{n} segment ({} bytes)", p.len())
    } else {
        format!("APP{n} segment \"{id}\" ({} bytes)", p.len())
    };
    out.add(Block::Other, summary);
}

/// Report the blocks that were collected over several segments.
fn finish(pending: Pending<'_>, out: &mut Collector) {
    if !pending.icc.is_empty() {
        let mut chunks = pending.icc;
        chunks.sort_by_key(|c| c.0);
        let profile: Vec<u8> = chunks.iter().flat_map(|c| c.1.iter().copied()).collect();
        payload::report_icc(&profile, out, "");
        if chunks.len() > 1 {
            let seqs_ok = chunks
                .iter()
                .enumerate()
                .all(|(i, c)| c.0 as usize == i + 1);
            if !seqs_ok {
                out.warn("ICC profile chunks are misnumbered");
            }
        }
    }
    if pending.irb_segments > 0 {
        let location = if pending.irb_segments > 1 {
            format!("{} APP13 segments", pending.irb_segments)
        } else {
            String::new()
        };
        payload::report_irb(&pending.irb, out, &location);
    }
    if pending.xmp_ext_segments > 0 {
        let what = format!("Extended XMP ({} segments)", pending.xmp_ext_segments);
        payload::report_xmp(&pending.xmp_ext, out, &what);
    }
}

/// Width and height from the first SOF segment of a JPEG stream (e.g. an EXIF thumbnail).
pub(crate) fn sof_dimensions(b: &[u8]) -> Option<(u16, u16)> {
    if !b.starts_with(&[0xFF, 0xD8]) {
        return None;
    }
    let mut pos = 2usize;
    // Each round advances by at least one byte.
    while pos + 4 <= b.len() {
        if b[pos] != 0xFF {
            return None;
        }
        let marker = b[pos + 1];
        match marker {
            0xFF => pos += 1,
            0xD8 | 0x01 | 0xD0..=0xD7 => pos += 2,
            0xD9 | 0xDA => return None,
            0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) => {
                let h = be16(b, pos + 5)?;
                let w = be16(b, pos + 7)?;
                return Some((w, h));
            }
            _ => {
                let len = be16(b, pos + 2)? as usize;
                if len < 2 {
                    return None;
                }
                pos += 2 + len;
            }
        }
    }
    None
}
