//! GIF: walk the blocks after the logical screen descriptor up to the trailer (0x3B); what
//! follows the trailer is trailing.

use super::payload::{self, quoted};
use super::{Block, Collector};

/// Inspect a GIF file (starts with `GIF87a` / `GIF89a`).
pub(crate) fn inspect(b: &[u8], out: &mut Collector) {
    let Some(&packed) = b.get(10) else {
        out.warn("truncated GIF header");
        return;
    };
    let mut pos = 13usize;
    if packed & 0x80 != 0 {
        pos += 3 << ((packed & 7) + 1);
    }
    let mut trailer_end: Option<usize> = None;
    // Every round advances `pos` (each block is at least two bytes long).
    while pos < b.len() {
        match b[pos] {
            0x21 => {
                let Some(&label) = b.get(pos + 1) else {
                    out.warn("truncated extension block");
                    break;
                };
                let (data_end, complete) = sub_blocks_end(b, pos + 2);
                extension(label, &b[pos + 2..data_end], out);
                if !complete {
                    out.warn(format!("extension at offset {pos} is truncated"));
                    break;
                }
                pos = data_end;
            }
            0x2C => {
                // Descriptor: separator + 9 bytes; then a local colour table, the LZW minimum
                // code size and the image data sub-blocks.
                let Some(&flags) = b.get(pos + 9) else {
                    out.warn("truncated image descriptor");
                    break;
                };
                let mut p = pos + 10;
                if flags & 0x80 != 0 {
                    p += 3 << ((flags & 7) + 1);
                }
                let (data_end, complete) = sub_blocks_end(b, p + 1);
                if !complete {
                    out.warn(format!("image data at offset {pos} is truncated"));
                    break;
                }
                pos = data_end;
            }
            0x3B => {
                trailer_end = Some(pos + 1);
                break;
            }
            other => {
                out.warn(format!("unexpected byte 0x{other:02X} at offset {pos}"));
                break;
            }
        }
    }
    match trailer_end {
        Some(end) => out.add_trailing((b.len() - end) as u64, ""),
        None => out.truncated("no GIF trailer: the file is truncated"),
    }
}

/// Given the offset of a chain of data sub-blocks, the offset just past its terminator (or the
/// end of data) and whether the terminator was found.
fn sub_blocks_end(b: &[u8], mut pos: usize) -> (usize, bool) {
    while let Some(&n) = b.get(pos) {
        pos += 1;
        if n == 0 {
            return (pos, true);
        }
        pos += n as usize;
    }
    (b.len(), false)
}

/// The data of a chain of sub-blocks, concatenated (at most `max` bytes).
fn sub_block_data(chain: &[u8], max: usize) -> Vec<u8> {
    let mut outv = Vec::new();
    let mut pos = 0;
    while let Some(&n) = chain.get(pos) {
        if n == 0 || outv.len() >= max {
            break;
        }
        let end = (pos + 1 + n as usize).min(chain.len());
        outv.extend_from_slice(&chain[pos + 1..end]);
        pos = end;
    }
    outv.truncate(max);
    outv
}

/// Classify an extension block; `chain` is its sub-block chain (with length bytes).
fn extension(label: u8, chain: &[u8], out: &mut Collector) {
    match label {
        0xF9 => {} // graphic control
        0xFE => {
            let text = sub_block_data(chain, 4096);
            out.add(Block::Comment, format!("Comment: {}", quoted(&text)));
        }
        0xFF => {
            let app = chain
                .first()
                .filter(|&&n| (n as usize) < chain.len())
                .map(|&n| &chain[1..1 + n as usize])
                .unwrap_or_default();
            let rest = &chain[(app.len() + 1).min(chain.len())..];
            match app {
                b"NETSCAPE2.0" | b"ANIMEXTS1.0" => {} // looping
                b"XMP DataXMP" => {
                    // The packet is stored raw (its bytes double as sub-block lengths), followed
                    // by a 258-byte "magic trailer".
                    let packet = &rest[..rest.len().saturating_sub(258)];
                    payload::report_xmp(packet, out, "XMP");
                }
                b"ICCRGBG1012" => {
                    let profile = sub_block_data(rest, usize::MAX);
                    payload::report_icc(&profile, out, "");
                }
                _ => out.add(
                    Block::Other,
                    format!(
                        "GIF application extension \"{}\"",
                        payload::preview(app, 11)
                    ),
                ),
            }
        }
        0x01 => out.add(
            Block::Other,
            "GIF plain text extension (text drawn on the image)",
        ),
        _ => out.add(Block::Other, format!("GIF extension 0x{label:02X}")),
    }
}
