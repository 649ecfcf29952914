//! PNG: walk the chunks after the signature up to IEND; what follows IEND is trailing.
//! CRCs are not checked (a bad CRC does not make a chunk less present).

use super::bytes::{be32, slice};
use super::payload::{self, quoted};
use super::{tiff, Block, Collector};

/// The 8-byte PNG signature.
pub(crate) const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// Chunks that only describe how to render the pixels (or hold them): never listed.
const HARMLESS: &[&[u8; 4]] = &[
    b"IHDR", b"PLTE", b"IDAT", b"IEND", b"gAMA", b"cHRM", b"sRGB", b"pHYs", b"sBIT", b"bKGD",
    b"tRNS", b"hIST", b"sPLT", b"tIME", b"cICP", b"mDCV", b"cLLI", b"acTL", b"fcTL", b"fdAT",
];

/// Inspect a PNG file (starts with the signature).
pub(crate) fn inspect(b: &[u8], out: &mut Collector) {
    let mut pos = SIGNATURE.len();
    let mut iend_end: Option<usize> = None;
    // Every chunk advances `pos` by at least 12 bytes.
    while pos < b.len() {
        let (Some(len), Some(kind)) = (be32(b, pos), slice(b, pos + 4, 4)) else {
            out.warn(format!("truncated chunk header at offset {pos}"));
            break;
        };
        let kind: [u8; 4] = [kind[0], kind[1], kind[2], kind[3]];
        if !kind.iter().all(|c| c.is_ascii_alphabetic()) {
            out.warn(format!(
                "invalid chunk type at offset {pos}: not a PNG chunk"
            ));
            break;
        }
        let start = pos + 8;
        let len = len as usize;
        let end = start.saturating_add(len);
        if end.saturating_add(4) > b.len() {
            out.warn(format!(
                "chunk {} at offset {pos} runs past the end of the file",
                String::from_utf8_lossy(&kind)
            ));
        }
        let data = &b[start.min(b.len())..end.min(b.len())];
        chunk(&kind, data, out);
        pos = end.saturating_add(4);
        if &kind == b"IEND" {
            iend_end = Some(pos.min(b.len()));
            break;
        }
    }
    match iend_end {
        Some(end) => {
            let rest = &b[end..];
            let what = if rest.starts_with(SIGNATURE) {
                "another PNG image follows"
            } else {
                ""
            };
            out.add_trailing(rest.len() as u64, what);
        }
        None => out.truncated("no IEND chunk: the file is truncated"),
    }
}

/// Classify one chunk.
fn chunk(kind: &[u8; 4], data: &[u8], out: &mut Collector) {
    match kind {
        b"eXIf" => tiff::report_exif(data, out, ""),
        b"iCCP" => {
            let (name, rest) = split_nul(data);
            out.add(
                Block::Icc,
                format!(
                    "ICC profile {}: {} bytes compressed (iCCP)",
                    quoted(name),
                    rest.len().saturating_sub(1)
                ),
            );
        }
        b"tEXt" => {
            let (keyword, text) = split_nul(data);
            text_chunk("tEXt", keyword, Some(text), text.len(), out);
        }
        b"zTXt" => {
            let (keyword, rest) = split_nul(data);
            text_chunk("zTXt", keyword, None, rest.len().saturating_sub(1), out);
        }
        b"iTXt" => {
            let (keyword, rest) = split_nul(data);
            // compression flag, method, language\0, translated keyword\0, text
            let compressed = rest.first().copied().unwrap_or(0) != 0;
            let rest = rest.get(2..).unwrap_or_default();
            let (_lang, rest) = split_nul(rest);
            let (_translated, text) = split_nul(rest);
            let plain = (!compressed).then_some(text);
            text_chunk("iTXt", keyword, plain, text.len(), out);
        }
        _ if HARMLESS.contains(&kind) => {}
        _ => out.add(
            Block::Other,
            format!(
                "PNG chunk {} ({} bytes)",
                String::from_utf8_lossy(kind),
                data.len()
            ),
        ),
    }
}

/// A text chunk: XMP, an ImageMagick raw profile, or free text. `text` is `None` when the
/// text is compressed (zTXt, compressed iTXt): only its keyword and size are known.
fn text_chunk(chunk: &str, keyword: &[u8], text: Option<&[u8]>, size: usize, out: &mut Collector) {
    let key = String::from_utf8_lossy(keyword).to_string();
    if key == "XML:com.adobe.xmp" {
        match text {
            Some(x) => payload::report_xmp(x, out, &format!("XMP ({chunk})")),
            None => out.add(
                Block::Xmp,
                format!("XMP ({chunk}): {size} bytes compressed"),
            ),
        }
        return;
    }
    if let Some(profile) = key.strip_prefix("Raw profile type ") {
        raw_profile(chunk, profile, text, size, out);
        return;
    }
    let summary = match text {
        Some(t) => format!("Text ({chunk} {}): {}", quoted(keyword), quoted(t)),
        None => format!(
            "Text ({chunk} {}): {size} bytes compressed",
            quoted(keyword)
        ),
    };
    out.add(Block::Comment, summary);
}

/// ImageMagick-style raw profile (`Raw profile type exif` …): "\nexif\n   length\nhex…".
fn raw_profile(chunk: &str, profile: &str, text: Option<&[u8]>, size: usize, out: &mut Collector) {
    let block = match profile.to_ascii_lowercase().as_str() {
        "exif" | "app1" => Block::Exif,
        "iptc" | "8bim" => Block::Iptc,
        "xmp" => Block::Xmp,
        "icc" | "icm" => Block::Icc,
        _ => Block::Comment,
    };
    let decoded = text.and_then(decode_raw_profile);
    let location = format!("{chunk} raw profile");
    match (block, decoded) {
        (Block::Exif, Some(bytes)) => tiff::report_exif(&bytes, out, &location),
        (Block::Iptc, Some(bytes)) if bytes.starts_with(b"8BIM") => {
            payload::report_irb(&bytes, out, &location)
        }
        (Block::Xmp, Some(bytes)) => payload::report_xmp(&bytes, out, &format!("XMP ({location})")),
        (Block::Icc, Some(bytes)) => payload::report_icc(&bytes, out, &location),
        _ => out.add(
            block,
            format!("Raw profile \"{profile}\" ({location}): {size} bytes"),
        ),
    }
}

/// Decode the hex body of an ImageMagick raw profile text.
fn decode_raw_profile(text: &[u8]) -> Option<Vec<u8>> {
    // Skip the leading "\n<name>\n", then the decimal length.
    let mut lines = text.splitn(3, |&c| c == b'\n');
    let _empty = lines.next()?;
    let _name = lines.next()?;
    let rest = lines.next()?;
    let digits_start = rest.iter().position(|c| !c.is_ascii_whitespace())?;
    let rest = &rest[digits_start..];
    let digits_end = rest.iter().position(|c| !c.is_ascii_digit())?;
    let declared: usize = std::str::from_utf8(&rest[..digits_end])
        .ok()?
        .parse()
        .ok()?;
    let hex = &rest[digits_end..];
    let mut bytes = Vec::with_capacity(declared.min(hex.len() / 2));
    let mut high: Option<u8> = None;
    for &c in hex {
        let v = match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            b'A'..=b'F' => c - b'A' + 10,
            _ if c.is_ascii_whitespace() => continue,
            _ => return None,
        };
        match high.take() {
            Some(h) => bytes.push((h << 4) | v),
            None => high = Some(v),
        }
        if bytes.len() >= declared {
            break;
        }
    }
    Some(bytes)
}

/// Split at the first NUL: (before, after). No NUL: (all, empty).
fn split_nul(b: &[u8]) -> (&[u8], &[u8]) {
    match b.iter().position(|&c| c == 0) {
        Some(i) => (&b[..i], &b[i + 1..]),
        None => (b, &[]),
    }
}
