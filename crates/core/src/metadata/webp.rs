//! WebP: the chunks of the RIFF container; bytes beyond the RIFF size are trailing.

use super::bytes::{le32, slice};
use super::{payload, tiff, Block, Collector};

/// Chunks that hold or describe the image: never listed.
const HARMLESS: &[&[u8; 4]] = &[b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ANIM", b"ANMF"];

/// Inspect a WebP file (starts with `RIFF....WEBP`).
pub(crate) fn inspect(b: &[u8], out: &mut Collector) {
    let riff_size = le32(b, 4).unwrap_or(0) as usize;
    // The RIFF payload ends at 8 + size (plus a pad byte if the size is odd).
    let declared_end = 8usize
        .saturating_add(riff_size)
        .saturating_add(riff_size & 1);
    if declared_end > b.len() {
        out.truncated("RIFF size runs past the end of the file: truncated");
    }
    let end = declared_end.min(b.len());
    let mut pos = 12usize;
    // Every chunk advances `pos` by at least 8 bytes.
    while pos + 8 <= end {
        let Some(kind) = slice(b, pos, 4) else { break };
        let kind: [u8; 4] = [kind[0], kind[1], kind[2], kind[3]];
        let size = le32(b, pos + 4).unwrap_or(0) as usize;
        let start = pos + 8;
        let chunk_end = start.saturating_add(size);
        if chunk_end > end {
            out.warn(format!(
                "chunk {} at offset {pos} runs past the end of the RIFF data",
                String::from_utf8_lossy(&kind)
            ));
        }
        let data = &b[start..chunk_end.min(end)];
        chunk(&kind, data, out);
        pos = chunk_end.saturating_add(size & 1);
    }
    if declared_end < b.len() {
        out.add_trailing((b.len() - declared_end) as u64, "");
    }
}

/// Classify one chunk.
fn chunk(kind: &[u8; 4], data: &[u8], out: &mut Collector) {
    match kind {
        b"EXIF" => tiff::report_exif(data, out, ""),
        b"XMP " => payload::report_xmp(data, out, "XMP"),
        b"ICCP" => payload::report_icc(data, out, ""),
        _ if HARMLESS.contains(&kind) => {}
        _ => out.add(
            Block::Other,
            format!(
                "WebP chunk \"{}\" ({} bytes)",
                String::from_utf8_lossy(kind).trim_end(),
                data.len()
            ),
        ),
    }
}
