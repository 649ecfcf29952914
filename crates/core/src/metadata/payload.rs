//! Decoding the metadata payloads several containers share: ICC profiles, XMP packets,
//! Photoshop image resource blocks (IRB) with their IPTC records, and short text previews.

use super::bytes::{be16, be32, find, slice};
use super::{tiff, Block, Collector};

/// Length of text previews in summaries (comments, descriptions).
pub(crate) const PREVIEW_CHARS: usize = 60;

/// Human-readable preview of text of unknown encoding: UTF-8 when valid, else Latin-1; control
/// characters become spaces, trailing NULs and whitespace go, at most `max_chars` characters
/// (an ellipsis marks a cut).
pub(crate) fn preview(raw: &[u8], max_chars: usize) -> String {
    // Only look at a bounded prefix: previews are short.
    let raw = &raw[..raw.len().min(max_chars.saturating_mul(4).saturating_add(4))];
    let text: String = match std::str::from_utf8(raw) {
        Ok(s) => s.to_string(),
        Err(e) if e.error_len().is_none() => {
            // Valid UTF-8 cut mid-character by the prefix bound above.
            String::from_utf8_lossy(&raw[..e.valid_up_to()]).into_owned()
        }
        Err(_) => raw.iter().map(|&b| char::from(b)).collect(),
    };
    let text = text.trim_end_matches(['\0', ' ', '\t', '\r', '\n']);
    let text = text.trim_start();
    let mut out = String::new();
    for (n, c) in text.chars().enumerate() {
        if n == max_chars {
            out.push('…');
            break;
        }
        out.push(if c.is_control() { ' ' } else { c });
    }
    out
}

/// "1 tag", "3 tags".
pub(crate) fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// `preview` in double quotes.
pub(crate) fn quoted(raw: &[u8]) -> String {
    format!("\"{}\"", preview(raw, PREVIEW_CHARS))
}

/// "43.4674° N, 11.8819° E".
pub(crate) fn format_position((lat, lon): (f64, f64)) -> String {
    let ns = if lat < 0.0 { 'S' } else { 'N' };
    let ew = if lon < 0.0 { 'W' } else { 'E' };
    format!("{:.4}° {ns}, {:.4}° {ew}", lat.abs(), lon.abs())
}

/// A plausible decimal position (finite, in range).
pub(crate) fn valid_position(lat: f64, lon: f64) -> bool {
    lat.is_finite() && lon.is_finite() && lat.abs() <= 90.0 && lon.abs() <= 180.0
}

// ---------------------------------------------------------------------------------------------
// ICC profiles

/// Record an ICC profile (the complete profile bytes, or as much of it as is present).
pub(crate) fn report_icc(profile: &[u8], out: &mut Collector, location: &str) {
    let mut summary = format!("ICC profile: {} bytes", profile.len());
    if let Some(desc) = icc_description(profile) {
        summary.push_str(&format!(" ({desc})"));
    }
    if !location.is_empty() {
        summary.push_str(&format!(" in {location}"));
    }
    out.add(Block::Icc, summary);
}

/// The profile's `desc` tag text (ICC v2 `desc` or v4 `mluc`), if readable.
pub(crate) fn icc_description(p: &[u8]) -> Option<String> {
    let count = be32(p, 128)? as usize;
    for i in 0..count.min(256) {
        let entry = 132 + i * 12;
        let sig = slice(p, entry, 4)?;
        if sig != b"desc" {
            continue;
        }
        let off = be32(p, entry + 4)? as usize;
        let size = be32(p, entry + 8)? as usize;
        let tag = slice(p, off, size.min(p.len().saturating_sub(off)))?;
        let text = match slice(tag, 0, 4)? {
            b"desc" => {
                let n = be32(tag, 8)? as usize;
                preview(slice(tag, 12, n.min(tag.len().saturating_sub(12)))?, 80)
            }
            b"mluc" => {
                let records = be32(tag, 8)?;
                if records == 0 {
                    return None;
                }
                let len = be32(tag, 20)? as usize;
                let start = be32(tag, 24)? as usize;
                let raw = slice(tag, start, len.min(tag.len().saturating_sub(start)))?;
                let units: Vec<u16> = raw
                    .chunks_exact(2)
                    .take(160)
                    .map(|c| u16::from_be_bytes([c[0], c[1]]))
                    .collect();
                let s = String::from_utf16_lossy(&units);
                preview(s.as_bytes(), 80)
            }
            b"text" => preview(&tag[8.min(tag.len())..], 80),
            _ => return None,
        };
        return (!text.is_empty()).then_some(text);
    }
    None
}

// ---------------------------------------------------------------------------------------------
// XMP

/// Record an XMP packet, and GPS coordinates if it carries them.
pub(crate) fn report_xmp(packet: &[u8], out: &mut Collector, what: &str) {
    let gps = xmp_gps(packet);
    let mut summary = format!("{what}: {} bytes", packet.len());
    if gps.is_some() {
        summary.push_str(", with GPS coordinates");
    }
    out.add(Block::Xmp, summary);
    if let Some(pos) = gps {
        match pos {
            Some(p) => {
                out.add(Block::Gps, format!("GPS (XMP): {}", format_position(p)));
                out.set_gps_position(p);
            }
            None => out.add(Block::Gps, "GPS (XMP): coordinates present (unreadable)"),
        }
    }
}

/// `None` when the packet has no `GPSLatitude`/`GPSLongitude` property; otherwise the decoded
/// position if both parse.
pub(crate) fn xmp_gps(packet: &[u8]) -> Option<Option<(f64, f64)>> {
    let lat = xmp_property(packet, b":GPSLatitude");
    let lon = xmp_property(packet, b":GPSLongitude");
    if lat.is_none() && lon.is_none() {
        return None;
    }
    let pos = match (lat.and_then(xmp_coordinate), lon.and_then(xmp_coordinate)) {
        (Some(a), Some(o)) if valid_position(a, o) => Some((a, o)),
        _ => None,
    };
    Some(pos)
}

/// The value of an XMP property written either as an attribute (`ns:Name="v"`) or an element
/// (`<ns:Name>v</ns:Name>`), if present. `name` includes the leading `:`.
fn xmp_property<'a>(packet: &'a [u8], name: &[u8]) -> Option<&'a [u8]> {
    let mut rest = packet;
    // Each round consumes at least `name.len()` bytes of `rest`: linear overall.
    while let Some(at) = find(rest, name) {
        let after = &rest[at + name.len()..];
        let trimmed_start = after
            .iter()
            .position(|b| !b.is_ascii_whitespace())
            .unwrap_or(after.len());
        let after = &after[trimmed_start..];
        match after.first() {
            Some(b'=') => {
                let v = &after[1..];
                let q_at = v.iter().position(|b| !b.is_ascii_whitespace())?;
                let quote = v[q_at];
                if quote == b'"' || quote == b'\'' {
                    let body = &v[q_at + 1..];
                    let end = body.iter().position(|&b| b == quote)?;
                    return Some(&body[..end]);
                }
            }
            Some(b'>') => {
                let body = &after[1..];
                let end = body.iter().position(|&b| b == b'<')?;
                return Some(&body[..end]);
            }
            _ => {}
        }
        // `name` starts with ':' and holds no other ':', so matches cannot overlap.
        rest = &rest[at + name.len()..];
    }
    None
}

/// XMP GPS coordinate: `"DDD,MM,SSk"`, `"DDD,MM.mmk"` (k = N/S/E/W) or a plain decimal.
pub(crate) fn xmp_coordinate(raw: &[u8]) -> Option<f64> {
    let s = std::str::from_utf8(raw).ok()?.trim();
    let (body, negative) = match s.chars().last()? {
        'N' | 'E' | 'n' | 'e' => (&s[..s.len() - 1], false),
        'S' | 'W' | 's' | 'w' => (&s[..s.len() - 1], true),
        _ => (s, false),
    };
    let mut value = 0.0;
    let mut scale = 1.0;
    let mut parts = 0;
    for part in body.split(',') {
        parts += 1;
        if parts > 3 {
            return None;
        }
        let v: f64 = part.trim().parse().ok()?;
        value += v / scale;
        scale *= 60.0;
    }
    Some(if negative { -value } else { value })
}

// ---------------------------------------------------------------------------------------------
// Photoshop image resource blocks and IPTC

/// Record a Photoshop IRB (`8BIM` resources) and what it holds: IPTC, Photoshop thumbnails,
/// embedded ICC / EXIF / XMP. `location` names where it was found.
pub(crate) fn report_irb(data: &[u8], out: &mut Collector, location: &str) {
    let mut resources = 0usize;
    let mut iptc_names: Vec<&'static str> = Vec::new();
    let mut iptc_datasets = 0usize;
    let mut pos = 0usize;
    let mut truncated = false;
    // Each resource is at least 12 bytes, so the walk is bounded by data.len() / 12.
    while pos + 12 <= data.len() {
        if &data[pos..pos + 4] != b"8BIM" {
            // Other signatures used by Photoshop: "PHUT", "AgHg", "DCSR", "MeSa"; accept them.
            let sig = &data[pos..pos + 4];
            if !(sig == b"PHUT" || sig == b"AgHg" || sig == b"DCSR" || sig == b"MeSa") {
                truncated = pos < data.len() && data[pos..].iter().any(|&b| b != 0);
                break;
            }
        }
        let Some(id) = be16(data, pos + 4) else { break };
        let name_len = data[pos + 6] as usize;
        // Pascal string, padded so that length byte + name is even.
        let mut p = pos + 6 + 1 + name_len;
        if (1 + name_len) % 2 == 1 {
            p += 1;
        }
        let Some(size) = be32(data, p) else {
            truncated = true;
            break;
        };
        let start = p + 4;
        let size = size as usize;
        let available = data.len().saturating_sub(start);
        let body = &data[start.min(data.len())..start.min(data.len()) + size.min(available)];
        if size > available {
            truncated = true;
        }
        resources += 1;
        match id {
            0x0404 => {
                let (n, names) = iptc_datasets_in(body);
                iptc_datasets += n;
                for name in names {
                    if !iptc_names.contains(&name) {
                        iptc_names.push(name);
                    }
                }
            }
            0x0409 | 0x040C => {
                let dims = match (be32(body, 4), be32(body, 8)) {
                    (Some(w), Some(h)) if w > 0 && h > 0 => format!("{w}x{h} "),
                    _ => String::new(),
                };
                out.add(
                    Block::Thumbnail,
                    format!("Thumbnail: {dims}JPEG in Photoshop resources"),
                );
            }
            0x040F => report_icc(body, out, "Photoshop resources"),
            0x0422 | 0x0423 => tiff::report_exif(body, out, "Photoshop resources"),
            0x0424 => report_xmp(body, out, "XMP (in Photoshop resources)"),
            _ => {}
        }
        let Some(next) = size
            .checked_add(size & 1)
            .and_then(|s| start.checked_add(s))
        else {
            break;
        };
        pos = next;
    }
    let mut summary = if iptc_datasets > 0 {
        let mut s = format!("IPTC: {iptc_datasets} datasets");
        if !iptc_names.is_empty() {
            s.push_str(&format!(" ({})", iptc_names.join(", ")));
        }
        s.push_str(&format!("; Photoshop resources: {resources}"));
        s
    } else {
        format!("Photoshop resources: {resources} (no IPTC record)")
    };
    if !location.is_empty() {
        summary.push_str(&format!(" in {location}"));
    }
    if truncated {
        summary.push_str(", truncated");
        out.warn(format!(
            "Photoshop resource block in {location} is truncated or malformed"
        ));
    }
    out.add(Block::Iptc, summary);
}

/// Count IPTC-IIM datasets and name the notable record-2 ones.
pub(crate) fn iptc_datasets_in(data: &[u8]) -> (usize, Vec<&'static str>) {
    let mut count = 0;
    let mut names = Vec::new();
    let mut pos = 0usize;
    // Each dataset header is 5 bytes; the walk always advances.
    while pos + 5 <= data.len() && data[pos] == 0x1C {
        let record = data[pos + 1];
        let dataset = data[pos + 2];
        let Some(len) = be16(data, pos + 3) else {
            break;
        };
        let (header, len) = if len & 0x8000 != 0 {
            // Extended dataset: the low bits give the byte count of the real length.
            let n = (len & 0x7FFF) as usize;
            if n == 0 || n > 4 {
                break;
            }
            let Some(raw) = slice(data, pos + 5, n) else {
                break;
            };
            let l = raw.iter().fold(0usize, |acc, &b| (acc << 8) | b as usize);
            (5 + n, l)
        } else {
            (5, len as usize)
        };
        count += 1;
        if record == 2 {
            if let Some(name) = iptc_name(dataset) {
                if !names.contains(&name) && names.len() < 8 {
                    names.push(name);
                }
            }
        }
        let Some(next) = pos.checked_add(header).and_then(|p| p.checked_add(len)) else {
            break;
        };
        pos = next;
    }
    (count, names)
}

/// Names of the IPTC application-record (2:xx) datasets worth naming to a reviewer.
fn iptc_name(dataset: u8) -> Option<&'static str> {
    Some(match dataset {
        5 => "object name",
        25 => "keywords",
        40 => "special instructions",
        55 => "date created",
        80 => "by-line",
        85 => "by-line title",
        90 => "city",
        92 => "sub-location",
        95 => "province/state",
        101 => "country",
        103 => "transmission reference",
        105 => "headline",
        110 => "credit",
        115 => "source",
        116 => "copyright",
        118 => "contact",
        120 => "caption",
        122 => "caption writer",
        _ => return None,
    })
}
