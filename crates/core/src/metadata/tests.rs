//! Tests for the metadata module: hand-built fixtures per container, robustness against
//! truncated and mutated input, and a comparison with exiftool over the shared corpus.

use super::*;
use crate::test_support::png_chunk;
use image::{DynamicImage, ImageFormat, RgbImage};
use std::io::Cursor;

// ---------------------------------------------------------------------------------------------
// Fixture builders

/// A fresh image encoded by the `image` crate (what ClearFrame writes).
fn encoded(format: ImageFormat, w: u32, h: u32) -> Vec<u8> {
    let img = RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x * 30) as u8, (y * 30) as u8, 128])
    });
    let mut out = Cursor::new(Vec::new());
    DynamicImage::ImageRgb8(img)
        .write_to(&mut out, format)
        .expect("encode");
    out.into_inner()
}

/// A TIFF value for the builder.
enum Val {
    Ascii(&'static str),
    Short(u16),
    Long(u32),
    Rationals(Vec<(u32, u32)>),
    Undefined(Vec<u8>),
    /// A LONG holding the offset of IFD number n.
    IfdPtr(usize),
    /// Bytes stored out of line; the entry (LONG) holds their offset.
    DataOffset(Vec<u8>),
}

struct IfdSpec {
    entries: Vec<(u16, Val)>,
    /// Index of the next IFD in the chain.
    next: Option<usize>,
}

fn ifd(entries: Vec<(u16, Val)>, next: Option<usize>) -> IfdSpec {
    IfdSpec { entries, next }
}

/// Build a TIFF stream from IFD specs (IFD 0 first); values over 4 bytes go right after their
/// IFD.
fn build_tiff(ifds: &[IfdSpec], big_endian: bool) -> Vec<u8> {
    let u16b = |v: u16| {
        if big_endian {
            v.to_be_bytes()
        } else {
            v.to_le_bytes()
        }
    };
    let u32b = |v: u32| {
        if big_endian {
            v.to_be_bytes()
        } else {
            v.to_le_bytes()
        }
    };
    // (type, count, bytes) of a value; pointers are patched later.
    let encode = |v: &Val| -> (u16, u32, Vec<u8>) {
        match v {
            Val::Ascii(s) => {
                let mut b = s.as_bytes().to_vec();
                b.push(0);
                (2, b.len() as u32, b)
            }
            Val::Short(x) => (3, 1, u16b(*x).to_vec()),
            Val::Long(x) => (4, 1, u32b(*x).to_vec()),
            Val::Rationals(r) => {
                let mut b = Vec::new();
                for (n, d) in r {
                    b.extend_from_slice(&u32b(*n));
                    b.extend_from_slice(&u32b(*d));
                }
                (5, r.len() as u32, b)
            }
            Val::Undefined(b) => (7, b.len() as u32, b.clone()),
            Val::IfdPtr(_) => (4, 1, vec![0; 4]),
            Val::DataOffset(_) => (4, 1, vec![0; 4]),
        }
    };
    let padded = |n: usize| n + (n & 1);
    // Pass 1: offsets of each IFD.
    let mut offsets = Vec::new();
    let mut pos = 8usize;
    for spec in ifds {
        offsets.push(pos);
        pos += 2 + 12 * spec.entries.len() + 4;
        for (_, v) in &spec.entries {
            let (_, _, b) = encode(v);
            if b.len() > 4 {
                pos += padded(b.len());
            }
            if let Val::DataOffset(d) = v {
                pos += padded(d.len());
            }
        }
    }
    // Pass 2: write.
    let mut out = Vec::new();
    out.extend_from_slice(if big_endian { b"MM\0*" } else { b"II*\0" });
    out.extend_from_slice(&u32b(8));
    for (i, spec) in ifds.iter().enumerate() {
        assert_eq!(out.len(), offsets[i]);
        let mut data_pos = offsets[i] + 2 + 12 * spec.entries.len() + 4;
        let mut data = Vec::new();
        out.extend_from_slice(&u16b(spec.entries.len() as u16));
        for (tag, v) in &spec.entries {
            let (typ, count, mut b) = encode(v);
            match v {
                Val::IfdPtr(n) => b = u32b(offsets[*n] as u32).to_vec(),
                Val::DataOffset(d) => {
                    b = u32b(data_pos as u32).to_vec();
                    data.extend_from_slice(d);
                    if d.len() % 2 == 1 {
                        data.push(0);
                    }
                    data_pos += padded(d.len());
                }
                _ => {}
            }
            out.extend_from_slice(&u16b(*tag));
            out.extend_from_slice(&u16b(typ));
            out.extend_from_slice(&u32b(count));
            if b.len() <= 4 {
                b.resize(4, 0);
                out.extend_from_slice(&b);
            } else {
                out.extend_from_slice(&u32b(data_pos as u32));
                data.extend_from_slice(&b);
                if b.len() % 2 == 1 {
                    data.push(0);
                }
                data_pos += padded(b.len());
            }
        }
        let next = spec.next.map(|n| offsets[n] as u32).unwrap_or(0);
        out.extend_from_slice(&u32b(next));
        out.extend_from_slice(&data);
    }
    out
}

/// EXIF TIFF: camera, ExifIFD with DateTimeOriginal, GPS 43°28'2.68"N 11°53'6.42"E, and an
/// IFD1 JPEG thumbnail of 16x12.
fn camera_exif(big_endian: bool) -> Vec<u8> {
    let thumb = encoded(ImageFormat::Jpeg, 16, 12);
    build_tiff(
        &[
            ifd(
                vec![
                    (0x010F, Val::Ascii("Canon")),
                    (0x0110, Val::Ascii("Canon EOS 40D")),
                    (0x0112, Val::Short(1)),
                    (0x8769, Val::IfdPtr(1)),
                    (0x8825, Val::IfdPtr(2)),
                ],
                Some(3),
            ),
            ifd(
                vec![
                    (0x9003, Val::Ascii("2008:05:30 15:56:01")),
                    (0xA431, Val::Ascii("SN12345")),
                ],
                None,
            ),
            ifd(
                vec![
                    (0x0000, Val::Undefined(vec![2, 2, 0, 0])),
                    (0x0001, Val::Ascii("N")),
                    (0x0002, Val::Rationals(vec![(43, 1), (28, 1), (268, 100)])),
                    (0x0003, Val::Ascii("W")),
                    (0x0004, Val::Rationals(vec![(11, 1), (53, 1), (642, 100)])),
                ],
                None,
            ),
            ifd(
                vec![
                    (0x0103, Val::Short(6)),
                    (0x0201, Val::DataOffset(thumb.clone())),
                    (0x0202, Val::Long(thumb.len() as u32)),
                ],
                None,
            ),
        ],
        big_endian,
    )
}

/// A minimal ICC profile with a v2 `desc` tag.
fn icc_profile(desc: &str) -> Vec<u8> {
    let mut tag = b"desc\0\0\0\0".to_vec();
    tag.extend_from_slice(&(desc.len() as u32 + 1).to_be_bytes());
    tag.extend_from_slice(desc.as_bytes());
    tag.push(0);
    let mut p = vec![0u8; 128];
    p[36..40].copy_from_slice(b"acsp");
    p.extend_from_slice(&1u32.to_be_bytes());
    p.extend_from_slice(b"desc");
    p.extend_from_slice(&144u32.to_be_bytes());
    p.extend_from_slice(&(tag.len() as u32).to_be_bytes());
    p.extend_from_slice(&tag);
    let n = p.len() as u32;
    p[0..4].copy_from_slice(&n.to_be_bytes());
    p
}

const XMP_WITH_GPS: &str = "<?xpacket begin='' id='W5M0MpCehiHzreSzNTczkc9d'?><x:xmpmeta \
    xmlns:x='adobe:ns:meta/'><rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>\
    <rdf:Description xmlns:exif='http://ns.adobe.com/exif/1.0/' exif:GPSLatitude='43,28.0445N'>\
    <exif:GPSLongitude>11,53.1066W</exif:GPSLongitude></rdf:Description></rdf:RDF>\
    </x:xmpmeta><?xpacket end='w'?>";

/// Photoshop IRB with an IPTC record (by-line and caption).
fn photoshop_irb() -> Vec<u8> {
    let mut iptc = Vec::new();
    for (ds, text) in [
        (80u8, "Dr Jane Smith"),
        (120u8, "Patient 1234, left forearm"),
    ] {
        iptc.extend_from_slice(&[0x1C, 2, ds]);
        iptc.extend_from_slice(&(text.len() as u16).to_be_bytes());
        iptc.extend_from_slice(text.as_bytes());
    }
    let mut irb = b"8BIM".to_vec();
    irb.extend_from_slice(&0x0404u16.to_be_bytes());
    irb.extend_from_slice(&[0, 0]); // empty name, padded
    irb.extend_from_slice(&(iptc.len() as u32).to_be_bytes());
    irb.extend_from_slice(&iptc);
    if iptc.len() % 2 == 1 {
        irb.push(0);
    }
    irb
}

/// One JPEG marker segment.
fn segment(marker: u8, payload: &[u8]) -> Vec<u8> {
    let mut s = vec![0xFF, marker];
    s.extend_from_slice(&(payload.len() as u16 + 2).to_be_bytes());
    s.extend_from_slice(payload);
    s
}

fn cat(parts: &[&[u8]]) -> Vec<u8> {
    parts.concat()
}

/// Insert segments right after SOI.
fn jpeg_with(segments: &[Vec<u8>]) -> Vec<u8> {
    let base = encoded(ImageFormat::Jpeg, 8, 8);
    let mut out = base[..2].to_vec();
    for s in segments {
        out.extend_from_slice(s);
    }
    out.extend_from_slice(&base[2..]);
    out
}

/// Everything at once in a JPEG, plus trailing bytes.
fn full_jpeg() -> Vec<u8> {
    let icc = icc_profile("sRGB IEC61966-2.1");
    let (icc1, icc2) = icc.split_at(100);
    let mut mpf = b"MPF\0".to_vec();
    mpf.extend_from_slice(&build_tiff(
        &[ifd(
            vec![
                (0xB000, Val::Undefined(b"0100".to_vec())),
                (0xB001, Val::Long(2)),
            ],
            None,
        )],
        false,
    ));
    let mut out = jpeg_with(&[
        segment(0xE1, &cat(&[b"Exif\0\0", &camera_exif(false)])),
        segment(
            0xE1,
            &cat(&[b"http://ns.adobe.com/xap/1.0/\0", XMP_WITH_GPS.as_bytes()]),
        ),
        segment(0xED, &cat(&[b"Photoshop 3.0\0", &photoshop_irb()])),
        segment(0xE2, &cat(&[b"ICC_PROFILE\0", &[1, 2], icc1])),
        segment(0xE2, &cat(&[b"ICC_PROFILE\0", &[2, 2], icc2])),
        segment(0xE2, &mpf),
        segment(0xFE, b"Patient John Doe, ward 7"),
        segment(0xEC, b"Ducky\0\x01\x00\x04\x00\x00\x00\x50"),
        segment(0xEE, b"Adobe\0\x64\x80\0\0\0\x01"),
    ]);
    out.extend_from_slice(b"TRAILING-DATA");
    out
}

/// Insert chunks before IEND (the last 12 bytes of an encoder's PNG).
fn png_with(chunks: &[Vec<u8>]) -> Vec<u8> {
    let base = encoded(ImageFormat::Png, 8, 8);
    let iend = base.len() - 12;
    assert_eq!(&base[iend + 4..iend + 8], b"IEND");
    let mut out = base[..iend].to_vec();
    for c in chunks {
        out.extend_from_slice(c);
    }
    out.extend_from_slice(&base[iend..]);
    out
}

/// ImageMagick "Raw profile type" text body for `bytes`.
fn raw_profile_text(name: &str, bytes: &[u8]) -> Vec<u8> {
    let mut s = format!("\n{name}\n{:8}\n", bytes.len());
    for (i, b) in bytes.iter().enumerate() {
        s.push_str(&format!("{b:02x}"));
        if i % 36 == 35 {
            s.push('\n');
        }
    }
    s.push('\n');
    s.into_bytes()
}

fn full_png() -> Vec<u8> {
    let mut out = png_with(&[
        png_chunk(b"eXIf", &camera_exif(true)),
        png_chunk(
            b"iTXt",
            &cat(&[b"XML:com.adobe.xmp\0\0\0\0\0", XMP_WITH_GPS.as_bytes()]),
        ),
        png_chunk(b"tEXt", b"Comment\0Patient John Doe"),
        png_chunk(
            b"zTXt",
            b"Raw profile type iptc\0\0\x78\x9c\x03\x00\x00\x00\x00\x01",
        ),
        png_chunk(b"iCCP", b"ICC profile\0\0\x78\x9c\x03\x00\x00\x00\x00\x01"),
        png_chunk(b"tIME", &[7, 0xE8, 1, 2, 3, 4, 5]),
        png_chunk(b"orNT", &[1]),
    ]);
    out.extend_from_slice(b"trailing!");
    out
}

fn riff_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut c = kind.to_vec();
    c.extend_from_slice(&(data.len() as u32).to_le_bytes());
    c.extend_from_slice(data);
    if data.len() % 2 == 1 {
        c.push(0);
    }
    c
}

fn full_webp() -> Vec<u8> {
    let clean = encoded(ImageFormat::WebP, 8, 8);
    // Reuse the encoder's image chunk (everything after "RIFF....WEBP").
    let image_chunks = &clean[12..];
    let mut body = b"WEBP".to_vec();
    body.extend_from_slice(&riff_chunk(b"VP8X", &[0x2C, 0, 0, 0, 7, 0, 0, 7, 0, 0]));
    body.extend_from_slice(&riff_chunk(b"ICCP", &icc_profile("Display P3")));
    body.extend_from_slice(image_chunks);
    body.extend_from_slice(&riff_chunk(b"EXIF", &camera_exif(false)));
    body.extend_from_slice(&riff_chunk(b"XMP ", XMP_WITH_GPS.as_bytes()));
    let mut out = b"RIFF".to_vec();
    out.extend_from_slice(&(body.len() as u32).to_le_bytes());
    out.extend_from_slice(&body);
    out.extend_from_slice(b"extra");
    out
}

fn full_gif() -> Vec<u8> {
    let clean = encoded(ImageFormat::Gif, 8, 8);
    assert_eq!(clean.last(), Some(&0x3B));
    let mut out = clean[..clean.len() - 1].to_vec();
    // Comment extension in two sub-blocks.
    out.extend_from_slice(&[0x21, 0xFE, 8]);
    out.extend_from_slice(b"Patient ");
    out.extend_from_slice(&[8]);
    out.extend_from_slice(b"John Doe");
    out.push(0);
    // XMP application extension: raw packet then the 258-byte magic trailer.
    out.extend_from_slice(&[0x21, 0xFF, 11]);
    out.extend_from_slice(b"XMP DataXMP");
    out.extend_from_slice(XMP_WITH_GPS.as_bytes());
    out.push(1);
    out.extend((1..=255u8).rev());
    out.extend_from_slice(&[0, 0]);
    out.push(0x3B);
    out.extend_from_slice(b"tail");
    out
}

fn full_tiff() -> Vec<u8> {
    let xmp = XMP_WITH_GPS.as_bytes().to_vec();
    build_tiff(
        &[
            ifd(
                vec![
                    (0x0100, Val::Short(4)),
                    (0x0101, Val::Short(4)),
                    (0x010E, Val::Ascii("Wound, day 3")),
                    (0x010F, Val::Ascii("Nikon")),
                    (0x0111, Val::Long(8)),
                    (0x013B, Val::Ascii("Dr Who")),
                    (700, Val::Undefined(xmp)),
                    (0x83BB, Val::Undefined(vec![0x1C, 2, 80, 0, 2, b'D', b'r'])),
                    (0x8773, Val::Undefined(icc_profile("sRGB"))),
                    (0x8825, Val::IfdPtr(1)),
                ],
                Some(2),
            ),
            ifd(
                vec![
                    (0x0001, Val::Ascii("S")),
                    (0x0002, Val::Rationals(vec![(33, 1), (52, 1), (0, 1)])),
                    (0x0003, Val::Ascii("E")),
                    (0x0004, Val::Rationals(vec![(151, 1), (12, 1), (30, 1)])),
                ],
                None,
            ),
            ifd(
                vec![
                    (0x0100, Val::Short(2)),
                    (0x0101, Val::Short(2)),
                    (0x0111, Val::Long(8)),
                ],
                None,
            ),
        ],
        false,
    )
}

/// An ISO-BMFF box.
fn bmff(kind: &[u8; 4], body: &[u8]) -> Vec<u8> {
    let mut b = ((body.len() + 8) as u32).to_be_bytes().to_vec();
    b.extend_from_slice(kind);
    b.extend_from_slice(body);
    b
}

fn full_heif() -> Vec<u8> {
    let mut exif_item = 6u32.to_be_bytes().to_vec();
    exif_item.extend_from_slice(b"Exif\0\0");
    exif_item.extend_from_slice(&camera_exif(true));
    let xmp_item = XMP_WITH_GPS.as_bytes().to_vec();
    let ftyp = bmff(b"ftyp", b"heic\0\0\0\0mif1heic");
    let infe = |id: u16, kind: &[u8; 4], extra: &[u8]| {
        let mut b = vec![2, 0, 0, 0];
        b.extend_from_slice(&id.to_be_bytes());
        b.extend_from_slice(&[0, 0]);
        b.extend_from_slice(kind);
        b.push(0); // empty name
        b.extend_from_slice(extra);
        bmff(b"infe", &b)
    };
    let meta_for = |mdat_data_start: u32| {
        let mut iinf = vec![0, 0, 0, 0, 0, 4];
        iinf.extend_from_slice(&infe(1, b"hvc1", b""));
        iinf.extend_from_slice(&infe(2, b"hvc1", b""));
        iinf.extend_from_slice(&infe(3, b"Exif", b""));
        iinf.extend_from_slice(&infe(4, b"mime", b"application/rdf+xml\0"));
        // iloc v0: offset_size 4, length_size 4, base_offset_size 0.
        let mut iloc = vec![0, 0, 0, 0, 0x44, 0x00];
        iloc.extend_from_slice(&2u16.to_be_bytes());
        for (id, off, len) in [
            (3u16, mdat_data_start, exif_item.len() as u32),
            (
                4u16,
                mdat_data_start + exif_item.len() as u32,
                xmp_item.len() as u32,
            ),
        ] {
            iloc.extend_from_slice(&id.to_be_bytes());
            iloc.extend_from_slice(&0u16.to_be_bytes()); // data reference index
            iloc.extend_from_slice(&1u16.to_be_bytes()); // extent count
            iloc.extend_from_slice(&off.to_be_bytes());
            iloc.extend_from_slice(&len.to_be_bytes());
        }
        let mut iref = vec![0, 0, 0, 0];
        iref.extend_from_slice(&bmff(b"thmb", &[0, 2, 0, 1, 0, 1]));
        iref.extend_from_slice(&bmff(b"cdsc", &[0, 3, 0, 1, 0, 1]));
        let colr = bmff(b"colr", &cat(&[b"prof", &icc_profile("Display P3")]));
        let ipco = bmff(b"ipco", &colr);
        let iprp = bmff(b"iprp", &ipco);
        let mut meta = vec![0, 0, 0, 0];
        meta.extend_from_slice(&bmff(b"hdlr", &cat(&[&[0; 8], b"pict", &[0; 13]])));
        meta.extend_from_slice(&bmff(b"iinf", &iinf));
        meta.extend_from_slice(&bmff(b"iloc", &iloc));
        meta.extend_from_slice(&bmff(b"iref", &iref));
        meta.extend_from_slice(&iprp);
        bmff(b"meta", &meta)
    };
    let meta_len = meta_for(0).len();
    let data_start = (ftyp.len() + meta_len + 8) as u32;
    let meta = meta_for(data_start);
    let mdat = bmff(b"mdat", &cat(&[&exif_item, &xmp_item]));
    cat(&[&ftyp, &meta, &mdat])
}

fn has_item(d: &MetadataDetails, block: Block, needle: &str) -> bool {
    d.items
        .iter()
        .any(|i| i.block == block && i.summary.contains(needle))
}

fn assert_item(d: &MetadataDetails, block: Block, needle: &str) {
    assert!(
        has_item(d, block, needle),
        "no {block:?} item containing {needle:?} in {:#?}",
        d.items
    );
}

fn assert_close(pos: Option<(f64, f64)>, lat: f64, lon: f64) {
    let (a, o) = pos.expect("a GPS position");
    assert!((a - lat).abs() < 1e-3 && (o - lon).abs() < 1e-3, "{a}, {o}");
}

// ---------------------------------------------------------------------------------------------
// Report basics

#[test]
fn report_is_clean_and_problems() {
    let clean = MetadataReport::default();
    assert!(clean.is_clean());
    assert!(clean.problems().is_empty());
    let dirty = MetadataReport {
        gps: true,
        comment: true,
        trailing_bytes: 12,
        ..Default::default()
    };
    assert!(!dirty.is_clean());
    assert_eq!(
        dirty.problems(),
        vec![
            "GPS position".to_string(),
            "comment/text".to_string(),
            "12 trailing bytes after end of image".to_string()
        ]
    );
    let only_trailing = MetadataReport {
        trailing_bytes: 1,
        ..Default::default()
    };
    assert!(!only_trailing.is_clean());
}

#[test]
fn report_json_field_names_are_the_contract() {
    let v = serde_json::to_value(inspect(&full_jpeg())).unwrap();
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(|k| k.as_str()).collect();
    let mut expected = vec![
        "exif",
        "gps",
        "xmp",
        "iptc",
        "icc",
        "thumbnail",
        "comment",
        "trailing_bytes",
    ];
    expected.sort();
    let mut keys = keys;
    keys.sort();
    assert_eq!(keys, expected);
    assert_eq!(v["trailing_bytes"], 13);

    let d = serde_json::to_value(inspect_detailed(&full_jpeg())).unwrap();
    assert_eq!(d["format"], "jpeg");
    assert_eq!(d["items"][0]["block"], "exif");
    assert!(d["gps_position"].is_array());
    assert_eq!(d["report"]["gps"], true);
}

#[test]
fn fresh_encoder_outputs_are_clean() {
    for (format, expected) in [
        (ImageFormat::Jpeg, ContainerFormat::Jpeg),
        (ImageFormat::Png, ContainerFormat::Png),
        (ImageFormat::WebP, ContainerFormat::WebP),
        (ImageFormat::Gif, ContainerFormat::Gif),
        (ImageFormat::Tiff, ContainerFormat::Tiff),
    ] {
        for (w, h) in [(8, 8), (1, 1), (37, 23)] {
            let bytes = encoded(format, w, h);
            let d = inspect_detailed(&bytes);
            assert_eq!(d.format, expected);
            assert!(
                d.report.is_clean(),
                "{format:?} {w}x{h}: {:?} {:#?}",
                d.report.problems(),
                d.items
            );
            assert!(d.items.is_empty(), "{format:?}: {:#?}", d.items);
            assert!(d.warnings.is_empty(), "{format:?}: {:?}", d.warnings);
        }
    }
}

#[test]
fn fresh_jpeg_with_icc_is_flagged() {
    use image::ImageEncoder;
    let img = RgbImage::new(8, 8);
    let mut buf = Vec::new();
    let mut enc = image::codecs::jpeg::JpegEncoder::new(&mut buf);
    enc.set_icc_profile(icc_profile("sRGB built-in")).unwrap();
    enc.write_image(img.as_raw(), 8, 8, image::ExtendedColorType::Rgb8)
        .unwrap();
    let d = inspect_detailed(&buf);
    assert!(d.report.icc);
    assert_item(&d, Block::Icc, "(sRGB built-in)");
    assert_eq!(d.report.problems(), vec!["ICC profile".to_string()]);
}

// ---------------------------------------------------------------------------------------------
// JPEG

#[test]
fn jpeg_everything() {
    let bytes = full_jpeg();
    let d = inspect_detailed(&bytes);
    assert_eq!(d.format, ContainerFormat::Jpeg);
    let r = &d.report;
    assert!(r.exif && r.gps && r.xmp && r.iptc && r.icc && r.thumbnail && r.comment);
    assert_eq!(r.trailing_bytes, 13);
    assert_item(
        &d,
        Block::Exif,
        "EXIF: Canon EOS 40D, taken 2008:05:30 15:56:01",
    );
    assert_item(&d, Block::Exif, "serial number \"SN12345\"");
    assert_item(&d, Block::Gps, "GPS: 43.4674° N, 11.8851° W");
    assert_item(&d, Block::Gps, "GPS (XMP): 43.4674° N, 11.8851° W");
    assert_item(&d, Block::Thumbnail, "Thumbnail: 16x12 JPEG in EXIF IFD1");
    assert_item(&d, Block::Thumbnail, "MPF: 1 secondary image");
    assert_item(&d, Block::Xmp, "with GPS");
    assert_item(&d, Block::Iptc, "IPTC: 2 datasets (by-line, caption)");
    let icc_len = icc_profile("sRGB IEC61966-2.1").len();
    assert_item(
        &d,
        Block::Icc,
        &format!("ICC profile: {icc_len} bytes (sRGB IEC61966-2.1)"),
    );
    assert_item(&d, Block::Comment, "Comment: \"Patient John Doe, ward 7\"");
    assert_item(
        &d,
        Block::TrailingBytes,
        "Trailing bytes: 13 after end of image",
    );
    assert_item(&d, Block::Other, "APP12 segment \"Ducky\"");
    assert!(
        !has_item(&d, Block::Other, "Adobe"),
        "APP14 Adobe is not metadata"
    );
    assert_close(d.gps_position, 43.467411, -11.885117);
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
    assert_eq!(inspect(&bytes), d.report);
}

#[test]
fn jpeg_big_endian_exif_and_empty_gps_ifd() {
    let exif = build_tiff(
        &[
            ifd(
                vec![(0x0112, Val::Short(6)), (0x8825, Val::IfdPtr(1))],
                None,
            ),
            ifd(vec![], None),
        ],
        true,
    );
    let d = inspect_detailed(&jpeg_with(&[segment(0xE1, &cat(&[b"Exif\0\0", &exif]))]));
    assert!(d.report.exif);
    assert!(!d.report.gps, "an empty GPS IFD is not GPS data");
    assert!(!d.report.thumbnail);
    assert_item(&d, Block::Exif, "orientation 6 (rotate 90° CW)");
    assert_eq!(d.report.problems(), vec!["EXIF".to_string()]);
}

#[test]
fn jpeg_gps_without_coordinates() {
    let exif = build_tiff(
        &[
            ifd(vec![(0x8825, Val::IfdPtr(1))], None),
            ifd(vec![(0x0000, Val::Undefined(vec![2, 2, 0, 0]))], None),
        ],
        false,
    );
    let d = inspect_detailed(&jpeg_with(&[segment(0xE1, &cat(&[b"Exif\0\0", &exif]))]));
    assert!(d.report.gps);
    assert_eq!(d.gps_position, None);
    assert_item(&d, Block::Gps, "GPS IFD with 1 tag, no coordinates");
}

#[test]
fn jpeg_jfif_thumbnail_and_jfxx() {
    let mut app0 = b"JFIF\0\x01\x02\x00\x00\x01\x00\x01\x02\x01".to_vec();
    app0.extend_from_slice(&[0; 6]);
    let d = inspect_detailed(&jpeg_with(&[segment(0xE0, &app0)]));
    assert!(d.report.thumbnail);
    assert_item(&d, Block::Thumbnail, "2x1 uncompressed in JFIF APP0");

    let d = inspect_detailed(&jpeg_with(&[segment(0xE0, b"JFXX\0\x10\xFF\xD8\xFF\xD9")]));
    assert!(d.report.thumbnail);
}

#[test]
fn jpeg_extended_xmp_and_photoshop_thumbnail() {
    let mut ext = b"http://ns.adobe.com/xmp/extension/\0".to_vec();
    ext.extend_from_slice(&[b'A'; 32]);
    ext.extend_from_slice(&100u32.to_be_bytes());
    ext.extend_from_slice(&0u32.to_be_bytes());
    ext.extend_from_slice(
        b"<rdf:Description exif:GPSLatitude=\"10,30N\" exif:GPSLongitude=\"20,15E\"/>",
    );
    let mut thumb_res = b"8BIM\x04\x0c\0\0".to_vec();
    let mut body = vec![0, 0, 0, 1, 0, 0, 0, 160, 0, 0, 0, 120];
    body.extend_from_slice(&[0; 16]);
    thumb_res.extend_from_slice(&(body.len() as u32).to_be_bytes());
    thumb_res.extend_from_slice(&body);
    let d = inspect_detailed(&jpeg_with(&[
        segment(0xE1, &ext),
        segment(0xED, &cat(&[b"Photoshop 3.0\0", &thumb_res])),
    ]));
    assert!(d.report.xmp && d.report.gps && d.report.iptc && d.report.thumbnail);
    assert_item(&d, Block::Xmp, "Extended XMP (1 segments)");
    assert_item(&d, Block::Thumbnail, "160x120 JPEG in Photoshop resources");
    assert_item(&d, Block::Iptc, "no IPTC record");
    assert_close(d.gps_position, 10.5, 20.25);
}

/// A hand-made JPEG stream: two scans with stuffing, restart markers and fill bytes, a
/// comment between the scans (a progressive file's layout), then EOI and trailing bytes.
#[test]
fn jpeg_walks_entropy_coded_data_across_scans() {
    let sos = segment(0xDA, &[1, 1, 0, 0, 63, 0]);
    let mut b = vec![0xFF, 0xD8];
    b.extend_from_slice(&segment(0xDB, &[0; 65]));
    b.extend_from_slice(&segment(0xC2, &[8, 0, 8, 0, 8, 1, 1, 0x11, 0]));
    b.extend_from_slice(&segment(0xC4, &[0; 20]));
    b.extend_from_slice(&sos);
    // Entropy data: stuffed 0xFF00 followed by bytes that look like an APP1 Exif header,
    // restart markers, fill bytes.
    b.extend_from_slice(&[
        0x12, 0xFF, 0x00, 0xE1, 0x00, 0x10, b'E', b'x', b'i', b'f', 0, 0,
    ]);
    b.extend_from_slice(&[0x34, 0xFF, 0xD0, 0x56, 0xFF, 0xFF, 0xD1, 0x78, 0xFF, 0x00]);
    b.extend_from_slice(&segment(0xFE, b"between scans"));
    b.extend_from_slice(&segment(0xC4, &[0; 20]));
    b.extend_from_slice(&sos);
    b.extend_from_slice(&[0x9A, 0xFF, 0x00, 0xD9, 0xBC]);
    b.extend_from_slice(&[0xFF, 0xFF, 0xD9]); // fill byte before EOI
    b.extend_from_slice(&[0xFF, 0xD8, 0xFF, 0xD9, 0]);
    let d = inspect_detailed(&b);
    assert!(!d.report.exif, "bytes inside a scan are not segments");
    assert!(d.report.comment);
    assert_item(&d, Block::Comment, "between scans");
    assert_eq!(d.report.trailing_bytes, 5);
    assert_item(&d, Block::TrailingBytes, "another JPEG image follows");
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
}

#[test]
fn jpeg_truncated_has_no_trailing_bytes() {
    let bytes = full_jpeg();
    let eoi = bytes.len() - 13;
    let d = inspect_detailed(&bytes[..eoi - 10]);
    assert_eq!(d.report.trailing_bytes, 0);
    assert!(d.report.exif && d.report.comment);
    assert!(d.warnings.iter().any(|w| w.contains("no EOI")));
}

// ---------------------------------------------------------------------------------------------
// PNG

#[test]
fn png_everything() {
    let d = inspect_detailed(&full_png());
    assert_eq!(d.format, ContainerFormat::Png);
    let r = &d.report;
    assert!(r.exif && r.gps && r.xmp && r.iptc && r.icc && r.thumbnail && r.comment);
    assert_eq!(r.trailing_bytes, 9);
    assert_item(&d, Block::Exif, "EXIF: Canon EOS 40D");
    assert_item(&d, Block::Gps, "GPS: 43.4674° N, 11.8851° W");
    assert_item(&d, Block::Thumbnail, "16x12 JPEG in EXIF IFD1");
    assert_item(&d, Block::Xmp, "XMP (iTXt)");
    assert_item(
        &d,
        Block::Comment,
        "Text (tEXt \"Comment\"): \"Patient John Doe\"",
    );
    assert_item(&d, Block::Iptc, "Raw profile \"iptc\" (zTXt raw profile)");
    assert_item(&d, Block::Icc, "ICC profile \"ICC profile\"");
    assert_item(&d, Block::Other, "PNG chunk orNT");
    assert!(!d.items.iter().any(|i| i.summary.contains("tIME")));
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
}

#[test]
fn png_imagemagick_raw_exif_profile_is_decoded() {
    let exif = cat(&[b"Exif\0\0", &camera_exif(false)]);
    let text = cat(&[b"Raw profile type exif\0", &raw_profile_text("exif", &exif)]);
    let d = inspect_detailed(&png_with(&[png_chunk(b"tEXt", &text)]));
    assert!(d.report.exif && d.report.gps && d.report.thumbnail);
    assert!(!d.report.comment);
    assert_item(&d, Block::Exif, "(in tEXt raw profile)");
    assert_close(d.gps_position, 43.467411, -11.885117);
}

#[test]
fn png_compressed_itxt_and_ztxt_comment() {
    let d = inspect_detailed(&png_with(&[
        png_chunk(b"iTXt", b"Author\0\x01\0en\0\0\x78\x9c\x03\x00"),
        png_chunk(b"zTXt", b"Title\0\0\x78\x9c\x03\x00"),
    ]));
    assert!(d.report.comment);
    assert_item(
        &d,
        Block::Comment,
        "Text (iTXt \"Author\"): 4 bytes compressed",
    );
    assert_item(&d, Block::Comment, "Text (zTXt \"Title\")");
    assert_eq!(d.report.problems(), vec!["comment/text".to_string()]);
}

// ---------------------------------------------------------------------------------------------
// WebP, GIF, TIFF, HEIF

#[test]
fn webp_everything() {
    let d = inspect_detailed(&full_webp());
    assert_eq!(d.format, ContainerFormat::WebP);
    let r = &d.report;
    assert!(r.exif && r.gps && r.xmp && r.icc && r.thumbnail);
    assert!(!r.iptc && !r.comment);
    assert_eq!(r.trailing_bytes, 5);
    assert_item(&d, Block::Icc, "(Display P3)");
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
}

#[test]
fn gif_everything() {
    let d = inspect_detailed(&full_gif());
    assert_eq!(d.format, ContainerFormat::Gif);
    let r = &d.report;
    assert!(r.comment && r.xmp && r.gps);
    assert!(!r.exif && !r.icc && !r.thumbnail && !r.iptc);
    assert_eq!(r.trailing_bytes, 4);
    assert_item(&d, Block::Comment, "Comment: \"Patient John Doe\"");
    assert_close(d.gps_position, 43.467408, -11.885110);
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
}

#[test]
fn tiff_everything() {
    let d = inspect_detailed(&full_tiff());
    assert_eq!(d.format, ContainerFormat::Tiff);
    let r = &d.report;
    assert!(r.exif && r.gps && r.xmp && r.iptc && r.icc && r.thumbnail && r.comment);
    assert_eq!(r.trailing_bytes, 0);
    assert_item(&d, Block::Exif, "EXIF: Nikon");
    assert_item(&d, Block::Comment, "Description: \"Wound, day 3\"");
    assert_item(&d, Block::Comment, "Artist: \"Dr Who\"");
    assert_item(&d, Block::Gps, "GPS: 33.8667° S, 151.2083° E");
    assert_item(&d, Block::Iptc, "IPTC: 1 datasets (by-line)");
    assert_item(&d, Block::Thumbnail, "2x2 image in TIFF IFD1");
    // EXIF GPS wins over the XMP one.
    assert_close(d.gps_position, -33.866667, 151.208333);
}

#[test]
fn tiff_ifd_loop_and_bad_offsets_terminate() {
    let mut t = build_tiff(&[ifd(vec![(0x0100, Val::Short(1))], Some(0))], true);
    let d = inspect_detailed(&t);
    assert!(
        !d.report.thumbnail,
        "IFD0 pointing to itself is not a second image"
    );
    // Point IFD0 outside the file.
    t[4..8].copy_from_slice(&0xFFFF_FFF0u32.to_be_bytes());
    let d = inspect_detailed(&t);
    assert!(d.report.is_clean());
    assert!(!d.warnings.is_empty());
}

#[test]
fn heif_everything() {
    let d = inspect_detailed(&full_heif());
    assert_eq!(d.format, ContainerFormat::Heif);
    let r = &d.report;
    assert!(
        r.exif && r.gps && r.xmp && r.icc && r.thumbnail,
        "{r:?} {:#?}",
        d.items
    );
    assert_item(&d, Block::Exif, "EXIF: Canon EOS 40D");
    assert_item(&d, Block::Thumbnail, "HEIF item 2 (hvc1) of item 1");
    assert_item(&d, Block::Icc, "(Display P3)");
    assert_close(d.gps_position, 43.467411, -11.885117);
}

#[test]
fn unknown_format_is_reported_as_such() {
    let d = inspect_detailed(b"BM\x36\0\0\0 not an image we read");
    assert_eq!(d.format, ContainerFormat::Unknown);
    assert!(d.report.is_clean());
    assert!(!d.warnings.is_empty());
    assert_eq!(inspect(&[]), MetadataReport::default());
}

// ---------------------------------------------------------------------------------------------
// Robustness

/// xorshift64*: deterministic pseudo-random numbers without a dependency.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn fixtures() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("jpeg", full_jpeg()),
        ("png", full_png()),
        ("webp", full_webp()),
        ("gif", full_gif()),
        ("tiff", full_tiff()),
        ("heif", full_heif()),
    ]
}

#[test]
fn every_truncation_is_handled() {
    for (name, bytes) in fixtures() {
        for len in 0..bytes.len() {
            let d = inspect_detailed(&bytes[..len]);
            assert!(d.items.len() <= MAX_ITEMS + 1, "{name} {len}");
        }
    }
}

#[test]
fn random_mutations_are_handled() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for (_name, bytes) in fixtures() {
        for _ in 0..1500 {
            let mut b = bytes.clone();
            for _ in 0..1 + rng.below(8) {
                let i = rng.below(b.len());
                b[i] = match rng.below(4) {
                    0 => 0xFF,
                    1 => 0x00,
                    2 => b[i].wrapping_add(1),
                    _ => rng.next() as u8,
                };
            }
            let _ = inspect_detailed(&b);
        }
    }
}

#[test]
fn random_garbage_behind_each_magic_is_handled() {
    let mut rng = Rng(42);
    let magics: [&[u8]; 9] = [
        b"\xFF\xD8",
        b"\x89PNG\r\n\x1a\n",
        b"RIFF\xFF\xFF\xFF\xFFWEBP",
        b"II*\0",
        b"MM\0*",
        b"II+\0",
        b"GIF89a",
        b"\0\0\0\x18ftypheic\0\0\0\0mif1heic",
        b"",
    ];
    for magic in magics {
        for _ in 0..500 {
            let len = rng.below(600);
            let mut b = magic.to_vec();
            b.extend((0..len).map(|_| match rng.below(3) {
                0 => 0xFF,
                1 => 0,
                _ => rng.next() as u8,
            }));
            let _ = inspect_detailed(&b);
        }
    }
}

#[test]
fn pathological_inputs_stay_bounded() {
    // A megabyte of fill bytes, of 0xFF00 stuffing after an SOS, of tiny segments.
    let mut ff = vec![0xFF, 0xD8];
    ff.resize(1 << 20, 0xFF);
    let _ = inspect(&ff);
    let mut stuffed = vec![0xFF, 0xD8, 0xFF, 0xDA, 0, 2];
    for _ in 0..(1 << 19) {
        stuffed.extend_from_slice(&[0xFF, 0x00]);
    }
    let _ = inspect(&stuffed);
    let mut many = vec![0xFF, 0xD8];
    for _ in 0..100_000 {
        many.extend_from_slice(&[0xFF, 0xFE, 0, 3, b'x']);
    }
    let d = inspect_detailed(&many);
    assert!(d.report.comment);
    assert_eq!(d.items.len(), MAX_ITEMS + 1);
    // A TIFF IFD declaring 65535 entries.
    let mut t = b"II*\0\x08\0\0\0\xFF\xFF".to_vec();
    t.resize(4096, 0);
    let _ = inspect(&t);
}

#[test]
fn deep_nesting_is_cut_off() {
    // EXIF whose IFD0 Photoshop tag holds resources whose EXIF resource holds EXIF ... 12 deep.
    let mut inner = camera_exif(false);
    for _ in 0..12 {
        let mut irb = b"8BIM\x04\x22\0\0".to_vec();
        irb.extend_from_slice(&(inner.len() as u32).to_be_bytes());
        irb.extend_from_slice(&inner);
        inner = build_tiff(&[ifd(vec![(0x8649, Val::Undefined(irb))], None)], false);
    }
    let d = inspect_detailed(&jpeg_with(&[segment(0xE1, &cat(&[b"Exif\0\0", &inner]))]));
    assert!(d.report.exif && d.report.iptc);
    assert!(d.warnings.iter().any(|w| w.contains("nested too deeply")));
}

#[test]
fn xmp_coordinates_parse() {
    use super::payload::xmp_coordinate;
    let close = |a: Option<f64>, b: f64| (a.unwrap() - b).abs() < 1e-6;
    assert!(close(xmp_coordinate(b"43,28.0445N"), 43.0 + 28.0445 / 60.0));
    assert!(close(
        xmp_coordinate(b"11,53,6.42W"),
        -(11.0 + 53.0 / 60.0 + 6.42 / 3600.0)
    ));
    assert!(close(xmp_coordinate(b" 12.5 "), 12.5));
    assert_eq!(xmp_coordinate(b"abc"), None);
    assert_eq!(xmp_coordinate(b""), None);
    assert_eq!(xmp_coordinate(b"1,2,3,4N"), None);
}

// ---------------------------------------------------------------------------------------------
// Shared corpus (skipped when absent)

fn corpus_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus")
}

fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(&p, out);
        } else {
            out.push(p);
        }
    }
}

#[test]
fn corpus_files_never_panic() {
    let dir = corpus_dir();
    if !dir.is_dir() {
        eprintln!("skipping: corpus not found at {}", dir.display());
        return;
    }
    let mut files = Vec::new();
    walk(&dir, &mut files);
    files.sort();
    for f in &files {
        let Ok(bytes) = std::fs::read(f) else {
            continue;
        };
        let d = inspect_detailed(&bytes);
        // Truncations of real files too (a few cut points each).
        for cut in [
            bytes.len() / 3,
            bytes.len() / 2,
            bytes.len().saturating_sub(7),
        ] {
            let _ = inspect(&bytes[..cut]);
        }
        let _ = serde_json::to_string(&d).unwrap();
    }
    eprintln!("inspected {} corpus files", files.len());
}

/// Compare with exiftool's inventory: every EXIF / XMP / IPTC / ICC exiftool sees we flag too
/// (EXIF on TIFF files excepted: exiftool calls any TIFF IFD0 "EXIF", we only count
/// descriptive tags). Other differences are printed.
#[test]
fn corpus_agrees_with_exiftool_inventory() {
    let dir = corpus_dir();
    let Ok(tsv) = std::fs::read_to_string(dir.join("metadata_inventory.tsv")) else {
        eprintln!("skipping: no corpus inventory under {}", dir.display());
        return;
    };
    let mut failures = Vec::new();
    let mut notes = Vec::new();
    let mut checked = 0;
    for line in tsv.lines() {
        let cols: Vec<&str> = line.split('\t').collect();
        if line.starts_with('#') || cols.len() < 3 || cols[0] == "file" {
            continue;
        }
        if !(cols[0].starts_with("metadata/") || cols[0].starts_with("malformed/")) {
            continue;
        }
        let Ok(bytes) = std::fs::read(dir.join(cols[0])) else {
            continue;
        };
        checked += 1;
        let d = inspect_detailed(&bytes);
        let r = &d.report;
        let groups: Vec<&str> = cols[2].split(';').collect();
        let has = |g: &str| groups.iter().any(|x| x.starts_with(g));
        let is_tiff = d.format == ContainerFormat::Tiff;
        // (exiftool says, we say, name, must agree when exiftool says yes)
        let checks = [
            (has("EXIF"), r.exif, "EXIF", !is_tiff),
            (has("XMP"), r.xmp, "XMP", true),
            (has("IPTC") || has("Photoshop-IRB"), r.iptc, "IPTC", true),
            (has("ICC"), r.icc, "ICC", true),
            (has("GPS-coords"), r.gps, "GPS", true),
            (
                has("thumbnail(IFD1)") || has("MPF"),
                r.thumbnail,
                "thumbnail",
                true,
            ),
            (
                has("Comment") || has("PNG-text"),
                r.comment,
                "comment",
                false,
            ),
        ];
        for (theirs, ours, name, required) in checks {
            if theirs && !ours {
                let msg = format!("{}: exiftool sees {name}, we do not", cols[0]);
                if required {
                    failures.push(msg);
                } else {
                    notes.push(msg);
                }
            } else if ours && !theirs {
                notes.push(format!(
                    "{}: we flag {name}, exiftool does not list it",
                    cols[0]
                ));
            }
        }
    }
    if checked == 0 {
        eprintln!("skipping: no metadata/ files of the inventory found");
        return;
    }
    for n in &notes {
        eprintln!("note: {n}");
    }
    for f in &failures {
        eprintln!("MISMATCH: {f}");
    }
    eprintln!(
        "{checked} files compared, {} notes, {} mismatches",
        notes.len(),
        failures.len()
    );
    assert!(failures.is_empty(), "{failures:#?}");
}
