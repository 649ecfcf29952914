//! Helpers shared by the end-to-end tests: running the `clearframe` binary with a time limit,
//! building images with metadata spliced in, reading outputs back.

use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use image::{DynamicImage, RgbImage};

/// The repository root.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A committed fixture.
pub fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name)
}

/// The shared evaluation corpus, when it is present beside the repository.
pub fn corpus() -> Option<PathBuf> {
    let p = repo().join("../shared/corpus");
    p.is_dir().then_some(p)
}

/// Run `clearframe ARGS` in English and wait at most `limit`; panics (naming the args) on a
/// hang.
pub fn clearframe_with_limit(args: &[&str], limit: Duration) -> Output {
    clearframe_in("C.UTF-8", args, limit)
}

/// Run `clearframe ARGS` under the system locale `locale` (`fr_CA.UTF-8`, `C.UTF-8`) and wait
/// at most `limit`.
pub fn clearframe_in(locale: &str, args: &[&str], limit: Duration) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_clearframe"))
        .args(args)
        .env("LC_ALL", locale)
        // Never touch the user's real ledger: the default ledger lives in a per-run folder.
        .env("XDG_DATA_HOME", test_data_home())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start clearframe");
    let start = Instant::now();
    // Drain pipes on threads so a chatty child never blocks.
    let mut so = child.stdout.take().unwrap();
    let mut se = child.stderr.take().unwrap();
    let t_out = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut so, &mut v).ok();
        v
    });
    let t_err = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut se, &mut v).ok();
        v
    });
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > limit {
            child.kill().ok();
            panic!("clearframe {args:?} did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: t_out.join().unwrap(),
        stderr: t_err.join().unwrap(),
    }
}

/// A data folder shared by this test run (the default ledger goes there).
pub fn test_data_home() -> &'static Path {
    static DIR: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().unwrap()).path()
}

/// Run `clearframe ARGS` with a generous limit.
pub fn clearframe(args: &[&str]) -> Output {
    clearframe_with_limit(args, Duration::from_secs(600))
}

/// Run `clearframe ARGS` (with `--json` among them), require success and parse its lines.
pub fn clearframe_json(args: &[&str]) -> Vec<serde_json::Value> {
    let out = clearframe(args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    json_lines(&out)
}

/// Parse `--json` output: one object per line.
pub fn json_lines(out: &Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

/// Path as &str.
pub fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Encode RGB pixels as a JPEG.
pub fn jpeg_bytes(img: &RgbImage, quality: u8) -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality)
        .encode_image(img)
        .unwrap();
    out
}

/// Encode RGB pixels as a PNG.
pub fn png_bytes(img: &RgbImage) -> Vec<u8> {
    let mut out = Vec::new();
    DynamicImage::ImageRgb8(img.clone())
        .write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

/// A big-endian TIFF block for an EXIF APP1: IFD0 with Orientation, Make and a GPS pointer,
/// a GPS IFD with a latitude/longitude, and an IFD1 thumbnail (a tiny JPEG).
pub fn tiff_block(orientation: u16, with_gps_and_thumb: bool) -> Vec<u8> {
    let mut t: Vec<u8> = b"MM\0\x2a\0\0\0\x08".to_vec();
    let be16 = |v: &mut Vec<u8>, x: u16| v.extend_from_slice(&x.to_be_bytes());
    let be32 = |v: &mut Vec<u8>, x: u32| v.extend_from_slice(&x.to_be_bytes());
    if !with_gps_and_thumb {
        be16(&mut t, 1);
        be16(&mut t, 0x0112);
        be16(&mut t, 3);
        be32(&mut t, 1);
        be16(&mut t, orientation);
        be16(&mut t, 0);
        be32(&mut t, 0);
        return t;
    }
    // Layout: IFD0 at 8 (3 entries) = 2 + 36 + 4 = 42 bytes -> 50; "Make" string at 50 (8 bytes)
    // -> 58; GPS IFD at 58 (4 entries) = 2 + 48 + 4 = 54 -> 112; rationals at 112 (2 x 3 x 8 = 48)
    // -> 160; IFD1 at 160 (2 entries) = 2 + 24 + 4 = 30 -> 190; thumbnail at 190.
    let thumb = jpeg_bytes(&RgbImage::from_pixel(8, 8, image::Rgb([200, 30, 30])), 80);
    be16(&mut t, 3);
    for (tag, typ, count, val) in [
        (0x010Fu16, 2u16, 8u32, 50u32),
        (0x0112, 3, 1, u32::from(orientation) << 16),
        (0x8825, 4, 1, 58),
    ] {
        be16(&mut t, tag);
        be16(&mut t, typ);
        be32(&mut t, count);
        be32(&mut t, val);
    }
    be32(&mut t, 160); // next IFD = IFD1
    t.extend_from_slice(b"Canon\0\0\0");
    be16(&mut t, 4);
    for (tag, typ, count, val) in [
        (1u16, 2u16, 2u32, u32::from_be_bytes(*b"N\0\0\0")),
        (2, 5, 3, 112),
        (3, 2, 2, u32::from_be_bytes(*b"E\0\0\0")),
        (4, 5, 3, 136),
    ] {
        be16(&mut t, tag);
        be16(&mut t, typ);
        be32(&mut t, count);
        be32(&mut t, val);
    }
    be32(&mut t, 0);
    for (n, d) in [(43u32, 1u32), (28, 1), (0, 1), (11, 1), (52, 1), (0, 1)] {
        be32(&mut t, n);
        be32(&mut t, d);
    }
    assert_eq!(t.len(), 160);
    be16(&mut t, 2);
    for (tag, typ, count, val) in [
        (0x0201u16, 4u16, 1u32, 190u32),
        (0x0202, 4, 1, thumb.len() as u32),
    ] {
        be16(&mut t, tag);
        be16(&mut t, typ);
        be32(&mut t, count);
        be32(&mut t, val);
    }
    be32(&mut t, 0);
    assert_eq!(t.len(), 190);
    t.extend_from_slice(&thumb);
    t
}

fn segment(marker: u8, payload: &[u8]) -> Vec<u8> {
    let mut v = vec![0xFF, marker];
    v.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
    v.extend_from_slice(payload);
    v
}

/// Insert segments right after SOI.
pub fn jpeg_with_segments(jpeg: &[u8], segments: &[Vec<u8>], trailing: &[u8]) -> Vec<u8> {
    assert_eq!(&jpeg[..2], &[0xFF, 0xD8]);
    let mut out = jpeg[..2].to_vec();
    for s in segments {
        out.extend_from_slice(s);
    }
    out.extend_from_slice(&jpeg[2..]);
    out.extend_from_slice(trailing);
    out
}

/// An EXIF APP1 segment with only an orientation tag.
pub fn exif_orientation_segment(orientation: u16) -> Vec<u8> {
    let mut p = b"Exif\0\0".to_vec();
    p.extend_from_slice(&tiff_block(orientation, false));
    segment(0xE1, &p)
}

/// A JPEG carrying every kind of metadata: EXIF (make, GPS, IFD1 thumbnail), XMP, IPTC in a
/// Photoshop APP13, a comment, and bytes after EOI.
pub fn jpeg_with_everything(img: &RgbImage) -> Vec<u8> {
    let mut exif = b"Exif\0\0".to_vec();
    exif.extend_from_slice(&tiff_block(1, true));
    let mut xmp = b"http://ns.adobe.com/xap/1.0/\0".to_vec();
    xmp.extend_from_slice(br#"<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>Dr Jane Roe</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>"#);
    let mut iptc = b"Photoshop 3.0\0".to_vec();
    let name = b"Patient John Smith";
    let mut rec = vec![0x1C, 2, 120];
    rec.extend_from_slice(&(name.len() as u16).to_be_bytes());
    rec.extend_from_slice(name);
    iptc.extend_from_slice(b"8BIM\x04\x04\0\0");
    iptc.extend_from_slice(&(rec.len() as u32).to_be_bytes());
    iptc.extend_from_slice(&rec);
    if rec.len() % 2 == 1 {
        iptc.push(0);
    }
    let segments = vec![
        segment(0xE1, &exif),
        segment(0xE1, &xmp),
        segment(0xED, &iptc),
        segment(0xFE, b"bed 12, J. Smith"),
    ];
    jpeg_with_segments(&jpeg_bytes(img, 92), &segments, b"TRAILING-SECRET-DATA")
}

/// A PNG carrying tEXt, an iTXt XMP packet, an eXIf chunk and trailing bytes.
pub fn png_with_everything(img: &RgbImage) -> Vec<u8> {
    let png = png_bytes(img);
    let chunk = |typ: &[u8], data: &[u8]| {
        let mut c = (data.len() as u32).to_be_bytes().to_vec();
        c.extend_from_slice(typ);
        c.extend_from_slice(data);
        let mut crc_in = typ.to_vec();
        crc_in.extend_from_slice(data);
        c.extend_from_slice(&crc32(&crc_in).to_be_bytes());
        c
    };
    // After the IHDR chunk (8 signature + 25 bytes).
    let mut out = png[..33].to_vec();
    out.extend(chunk(b"tEXt", b"Author\0Dr Jane Roe"));
    out.extend(chunk(
        b"iTXt",
        b"XML:com.adobe.xmp\0\0\0\0\0<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"/>",
    ));
    out.extend(chunk(b"eXIf", &tiff_block(1, true)));
    out.extend_from_slice(&png[33..]);
    out.extend_from_slice(b"TRAILING");
    out
}

/// CRC-32 (IEEE), as PNG chunks use it.
pub fn crc32(data: &[u8]) -> u32 {
    let mut c = 0xFFFF_FFFFu32;
    for &b in data {
        c ^= u32::from(b);
        for _ in 0..8 {
            c = if c & 1 != 0 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
        }
    }
    !c
}

/// Metadata groups exiftool reports in a file, with the harmless ones (file system, JFIF
/// header, PNG header, derived values) left out. `None` when exiftool is not installed (an
/// error under CI, which installs it: the independent check must not silently vanish).
pub fn exiftool_metadata_groups(path: &Path) -> Option<Vec<String>> {
    if !have_exiftool() {
        assert!(
            std::env::var_os("CI").is_none(),
            "exiftool is required in CI (scripts/setup.sh installs it)"
        );
        return None;
    }
    let out = Command::new("exiftool")
        .args(["-j", "-a", "-G1", "-s"])
        .arg(path)
        .output()
        .ok()?;
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).ok()?;
    let obj = v.as_array()?.first()?.as_object()?.clone();
    let harmless = [
        "SourceFile",
        "ExifTool:",
        "System:",
        "File:",
        "JFIF:",
        "PNG:",
        "Composite:",
    ];
    let mut found: Vec<String> = obj
        .keys()
        .filter(|k| !harmless.iter().any(|h| k.starts_with(h)))
        .cloned()
        .collect();
    // Comments, warnings about trailers and PNG text chunks hide under groups we otherwise allow.
    for k in obj.keys() {
        if k == "File:Comment"
            || k.starts_with("ExifTool:Warning")
            || k.starts_with("PNG:Text")
            || k.starts_with("PNG:Author")
        {
            found.push(format!("{k}={}", obj[k]));
        }
    }
    found.sort();
    Some(found)
}

/// Whether exiftool is installed.
pub fn have_exiftool() -> bool {
    Command::new("exiftool")
        .arg("-ver")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Decode a file with the `image` crate (no orientation applied: outputs carry none).
pub fn load_rgb(path: &Path) -> RgbImage {
    image::open(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .into_rgb8()
}

/// A non-square upright test photo: the astronaut cropped to 512x384 (face in the top half).
pub fn upright() -> RgbImage {
    let a = load_rgb(&fixture("astronaut.jpg"));
    image::imageops::crop_imm(&a, 0, 0, 512, 384).to_image()
}

/// Mean absolute difference over a rectangle `[x, y, w, h]`.
pub fn region_diff(a: &RgbImage, b: &RgbImage, r: [u32; 4]) -> f64 {
    let mut sum = 0u64;
    for y in r[1]..r[1] + r[3] {
        for x in r[0]..r[0] + r[2] {
            let (p, q) = (a.get_pixel(x, y), b.get_pixel(x, y));
            for c in 0..3 {
                sum += u64::from(p[c].abs_diff(q[c]));
            }
        }
    }
    sum as f64 / (3 * r[2] * r[3]).max(1) as f64
}

/// Fraction of rectangle `a` (`[x, y, w, h]`) inside rectangle `b`.
pub fn covered(a: [u32; 4], b: [u32; 4]) -> f64 {
    let w = (a[0] + a[2])
        .min(b[0] + b[2])
        .saturating_sub(a[0].max(b[0]));
    let h = (a[1] + a[3])
        .min(b[1] + b[3])
        .saturating_sub(a[1].max(b[1]));
    f64::from(w * h) / f64::from((a[2] * a[3]).max(1))
}

/// `[x, y, w, h]` from a JSON array.
pub fn rect(v: &serde_json::Value) -> [u32; 4] {
    let a = v.as_array().expect("box array");
    [0, 1, 2, 3].map(|i| a[i].as_u64().unwrap() as u32)
}

/// The arguments of `vet DOC --output COPY --ledger LEDGER --json` through the Stanford gate
/// with everything it asks for.
pub fn vet_copy_args<'a>(doc: &'a Path, copy: &'a Path, ledger: &'a Path) -> Vec<&'a str> {
    let mut args = vec![
        "vet",
        s(doc),
        "--output",
        s(copy),
        "--ledger",
        s(ledger),
        "--json",
    ];
    args.extend_from_slice(STANFORD_OK);
    args
}

/// [`vet_copy_args`] run: it must succeed; its JSON line.
pub fn vet_copy(doc: &Path, copy: &Path, ledger: &Path) -> serde_json::Value {
    let out = clearframe(&vet_copy_args(doc, copy, ledger));
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    json_lines(&out).swap_remove(0)
}

/// `vet --json` on a deck: exit 0 (a report), one JSON object.
pub fn vet_json(deck: &std::path::Path) -> serde_json::Value {
    let out = clearframe(&["vet", s(deck), "--json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 1, "one JSON object");
    lines.into_iter().next().unwrap()
}

/// `redact PATH --out OUT --json --ledger LEDGER` with the Stanford consent that passes.
pub fn redact_json(path: &Path, out: &Path, ledger: &Path) -> Output {
    let mut args = vec![
        "redact",
        s(path),
        "--out",
        s(out),
        "--json",
        "--ledger",
        s(ledger),
    ];
    args.extend_from_slice(STANFORD_OK);
    clearframe(&args)
}

/// `redact INPUT --out OUT --json` with the Stanford consent that passes, into the run's
/// default ledger: it must succeed; its JSON lines.
pub fn redact_folder_json(input: &Path, out: &Path) -> Vec<serde_json::Value> {
    let mut args = vec!["redact", s(input), "--out", s(out), "--json"];
    args.extend_from_slice(STANFORD_OK);
    clearframe_json(&args)
}

/// The Stanford Pediatrics arguments that satisfy the gate.
pub const STANFORD_OK: &[&str] = &[
    "--policy",
    "stanford-peds",
    "--destination",
    "teaching-site",
    "--attest",
    "patient-consent",
    "--attest",
    "deidentification-reviewed",
    "--consent-ref",
    "CONSENT-2026-0042",
    "--confirm-no-face",
];

/// Each object of a JSON list as the pair of its string fields `a` and `b`.
pub fn string_pairs(list: &serde_json::Value, a: &str, b: &str) -> Vec<(String, String)> {
    (list.as_array().unwrap().iter())
        .map(|o| {
            (
                o[a].as_str().unwrap().to_string(),
                o[b].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// sha256 of a file, hex.
pub fn sha256_file(p: &Path) -> String {
    use sha2::Digest;
    let d = sha2::Sha256::digest(std::fs::read(p).unwrap());
    d.iter().map(|b| format!("{b:02x}")).collect()
}

/// A polygon `[[x, y], …]` from JSON.
pub fn polygon(v: &serde_json::Value) -> Vec<[f64; 2]> {
    (v.as_array().expect("polygon").iter())
        .map(|c| [c[0].as_f64().unwrap(), c[1].as_f64().unwrap()])
        .collect()
}

/// Whether the point is inside the convex polygon `p` (either winding order).
pub fn in_polygon(p: &[[f64; 2]], x: f64, y: f64) -> bool {
    let sides: Vec<f64> = (0..p.len())
        .map(|i| {
            let (a, b) = (p[i], p[(i + 1) % p.len()]);
            (b[0] - a[0]) * (y - a[1]) - (b[1] - a[1]) * (x - a[0])
        })
        .collect();
    sides.iter().all(|&s| s >= 0.0) || sides.iter().all(|&s| s <= 0.0)
}

/// The pixels (by centre) inside a convex polygon given as `[[x, y], …]` in JSON.
pub fn polygon_pixels(poly: &serde_json::Value) -> Vec<(u32, u32)> {
    let p = polygon(poly);
    let (x0, x1) = (
        p.iter().map(|c| c[0]).fold(f64::MAX, f64::min),
        p.iter().map(|c| c[0]).fold(f64::MIN, f64::max),
    );
    let (y0, y1) = (
        p.iter().map(|c| c[1]).fold(f64::MAX, f64::min),
        p.iter().map(|c| c[1]).fold(f64::MIN, f64::max),
    );
    let mut out = Vec::new();
    for y in y0.floor().max(0.0) as u32..y1.ceil() as u32 {
        for x in x0.floor().max(0.0) as u32..x1.ceil() as u32 {
            if in_polygon(&p, f64::from(x) + 0.5, f64::from(y) + 0.5) {
                out.push((x, y));
            }
        }
    }
    out
}

/// A minimal Office theme part, for generated decks.
pub const THEME: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="Office Theme"><a:themeElements><a:clrScheme name="Office"><a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1><a:lt1><a:sysClr val="window" lastClr="FFFFFF"/></a:lt1><a:dk2><a:srgbClr val="1F497D"/></a:dk2><a:lt2><a:srgbClr val="EEECE1"/></a:lt2><a:accent1><a:srgbClr val="4F81BD"/></a:accent1><a:accent2><a:srgbClr val="C0504D"/></a:accent2><a:accent3><a:srgbClr val="9BBB59"/></a:accent3><a:accent4><a:srgbClr val="8064A2"/></a:accent4><a:accent5><a:srgbClr val="4BACC6"/></a:accent5><a:accent6><a:srgbClr val="F79646"/></a:accent6><a:hlink><a:srgbClr val="0000FF"/></a:hlink><a:folHlink><a:srgbClr val="800080"/></a:folHlink></a:clrScheme><a:fontScheme name="Office"><a:majorFont><a:latin typeface="Calibri"/><a:ea typeface=""/><a:cs typeface=""/></a:majorFont><a:minorFont><a:latin typeface="Calibri"/><a:ea typeface=""/><a:cs typeface=""/></a:minorFont></a:fontScheme><a:fmtScheme name="Office"><a:fillStyleLst><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:fillStyleLst><a:lnStyleLst><a:ln w="9525"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln><a:ln w="25400"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln><a:ln w="38100"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln></a:lnStyleLst><a:effectStyleLst><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle></a:effectStyleLst><a:bgFillStyleLst><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:bgFillStyleLst></a:fmtScheme></a:themeElements></a:theme>"#;

/// A small two-slide deck built at test time: slide 1 shows the astronaut photo (a JPEG with
/// EXIF + GPS, XMP, IPTC, a comment and trailing bytes; cropped on the slide) under a title
/// naming a patient, slide 2 the generated badge (name, MRN, date of birth) with notes giving
/// the date of birth; properties name the author and the hospital; a JPEG thumbnail (with
/// EXIF) hangs off the package relationship. Returns the deck's bytes and the pictures'
/// original bytes by part name.
pub fn build_deck() -> (Vec<u8>, Vec<(String, Vec<u8>)>) {
    const NS: &str = r#"xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main""#;
    const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    let rels = |list: &[(&str, &str, &str)]| {
        let mut s = String::from(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
        );
        for (id, kind, target) in list {
            let t = if *kind == "thumbnail" {
                "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail"
                    .to_string()
            } else {
                format!("{REL}/{kind}")
            };
            s.push_str(&format!(
                r#"<Relationship Id="{id}" Type="{t}" Target="{target}"/>"#
            ));
        }
        s + "</Relationships>"
    };
    let title = |text: &str| {
        format!(
            r#"<p:sp><p:nvSpPr><p:cNvPr id="2" name="Title 1"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr><a:xfrm><a:off x="457200" y="274638"/><a:ext cx="8229600" cy="1143000"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr><p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:r><a:rPr lang="en-US"/><a:t>{text}</a:t></a:r></a:p></p:txBody></p:sp>"#
        )
    };
    let pic = |rid: &str, crop: &str, descr: &str| {
        format!(
            r#"<p:pic><p:nvPicPr><p:cNvPr id="4" name="Picture 3" descr="{descr}"/><p:cNvPicPr><a:picLocks noChangeAspect="1"/></p:cNvPicPr><p:nvPr/></p:nvPicPr><p:blipFill><a:blip r:embed="{rid}"/>{crop}<a:stretch><a:fillRect/></a:stretch></p:blipFill><p:spPr><a:xfrm><a:off x="1524000" y="1600200"/><a:ext cx="6096000" cy="4572000"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>"#
        )
    };
    let slide = |body: String| {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><p:sld {NS}><p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>{body}</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>"#
        )
    };
    let astronaut = jpeg_with_everything(&load_rgb(&fixture("astronaut.jpg")));
    let badge = std::fs::read(fixture("badge.png")).unwrap();
    let thumb = {
        let img = RgbImage::from_pixel(64, 48, image::Rgb([240, 240, 240]));
        jpeg_with_segments(&jpeg_bytes(&img, 80), &[exif_orientation_segment(1)], b"")
    };
    let theme = THEME;
    let master = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><p:sldMaster {NS}><p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/></p:spTree></p:cSld><p:clrMap bg1="lt1" tx1="dk1" bg2="lt2" tx2="dk2" accent1="accent1" accent2="accent2" accent3="accent3" accent4="accent4" accent5="accent5" accent6="accent6" hlink="hlink" folHlink="folHlink"/><p:sldLayoutIdLst><p:sldLayoutId id="2147483649" r:id="rId1"/></p:sldLayoutIdLst></p:sldMaster>"#
    );
    let layout = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><p:sldLayout {NS} type="blank"><p:cSld name="Blank"><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/></p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>"#
    );
    let notes_master_free_notes = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><p:notes {NS}><p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/><p:sp><p:nvSpPr><p:cNvPr id="2" name="Notes"/><p:cNvSpPr/><p:nvPr><p:ph type="body" idx="1"/></p:nvPr></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/><a:p><a:r><a:t>DOB 03/14/1962</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:notes>"#
    );
    let entries: Vec<(&str, Vec<u8>)> = vec![
        ("[Content_Types].xml", br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="jpeg" ContentType="image/jpeg"/><Default Extension="png" ContentType="image/png"/><Override PartName="/ppt/presentation.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"/><Override PartName="/ppt/slideMasters/slideMaster1.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.slideMaster+xml"/><Override PartName="/ppt/slideLayouts/slideLayout1.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.slideLayout+xml"/><Override PartName="/ppt/slides/slide1.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.slide+xml"/><Override PartName="/ppt/slides/slide2.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.slide+xml"/><Override PartName="/ppt/notesSlides/notesSlide1.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.notesSlide+xml"/><Override PartName="/ppt/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>"#.to_vec()),
        ("_rels/.rels", rels(&[("rId1", "officeDocument", "ppt/presentation.xml"), ("rId2", "thumbnail", "docProps/thumbnail.jpeg"), ("rId3", "metadata/core-properties", "docProps/core.xml"), ("rId4", "extended-properties", "docProps/app.xml")]).replace(&format!("{REL}/metadata/core-properties"), "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties").into_bytes()),
        ("ppt/presentation.xml", format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><p:presentation {NS}><p:sldMasterIdLst><p:sldMasterId id="2147483648" r:id="rId1"/></p:sldMasterIdLst><p:sldIdLst><p:sldId id="256" r:id="rId2"/><p:sldId id="257" r:id="rId3"/></p:sldIdLst><p:sldSz cx="9144000" cy="6858000" type="screen4x3"/><p:notesSz cx="6858000" cy="9144000"/></p:presentation>"#).into_bytes()),
        ("ppt/_rels/presentation.xml.rels", rels(&[("rId1", "slideMaster", "slideMasters/slideMaster1.xml"), ("rId2", "slide", "slides/slide1.xml"), ("rId3", "slide", "slides/slide2.xml"), ("rId4", "theme", "theme/theme1.xml")]).into_bytes()),
        ("ppt/slideMasters/slideMaster1.xml", master.into_bytes()),
        ("ppt/slideMasters/_rels/slideMaster1.xml.rels", rels(&[("rId1", "slideLayout", "../slideLayouts/slideLayout1.xml"), ("rId2", "theme", "../theme/theme1.xml")]).into_bytes()),
        ("ppt/slideLayouts/slideLayout1.xml", layout.into_bytes()),
        ("ppt/slideLayouts/_rels/slideLayout1.xml.rels", rels(&[("rId1", "slideMaster", "../slideMasters/slideMaster1.xml")]).into_bytes()),
        ("ppt/theme/theme1.xml", theme.as_bytes().to_vec()),
        ("ppt/slides/slide1.xml", slide(title("Patient: John Smith MRN 4821-7730") + &pic("rId2", r#"<a:srcRect l="10000" t="5000" r="10000" b="20000"/>"#, "Smith John wound.jpg")).into_bytes()),
        ("ppt/slides/_rels/slide1.xml.rels", rels(&[("rId1", "slideLayout", "../slideLayouts/slideLayout1.xml"), ("rId2", "image", "../media/image1.jpeg")]).into_bytes()),
        ("ppt/slides/slide2.xml", slide(title("Day 14: badge") + &pic("rId2", "", "")).into_bytes()),
        ("ppt/slides/_rels/slide2.xml.rels", rels(&[("rId1", "slideLayout", "../slideLayouts/slideLayout1.xml"), ("rId2", "image", "../media/image2.png"), ("rId3", "notesSlide", "../notesSlides/notesSlide1.xml")]).into_bytes()),
        ("ppt/notesSlides/notesSlide1.xml", notes_master_free_notes.into_bytes()),
        ("ppt/notesSlides/_rels/notesSlide1.xml.rels", rels(&[("rId1", "slide", "../slides/slide2.xml")]).into_bytes()),
        ("docProps/core.xml", br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>Wound care: John Smith</dc:title><dc:creator>Dr. Jane Roe</dc:creator><cp:lastModifiedBy>Jane Roe</cp:lastModifiedBy><cp:revision>3</cp:revision><dcterms:created xsi:type="dcterms:W3CDTF">2026-01-02T03:04:05Z</dcterms:created></cp:coreProperties>"#.to_vec()),
        ("docProps/app.xml", br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Microsoft Office PowerPoint</Application><Slides>2</Slides><Company>St. Example Hospital</Company><Manager>Dr. Max Chief</Manager></Properties>"#.to_vec()),
        ("docProps/thumbnail.jpeg", thumb),
        ("ppt/media/image1.jpeg", astronaut.clone()),
        ("ppt/media/image2.png", badge.clone()),
    ];
    let bytes = zip_entries(&entries);
    let pictures = vec![
        ("ppt/media/image1.jpeg".to_string(), astronaut),
        ("ppt/media/image2.png".to_string(), badge),
    ];
    (bytes, pictures)
}

/// Every row of a ledger, as `audit export --format json` prints them.
pub fn ledger_rows(ledger: &Path) -> serde_json::Value {
    let out = clearframe(&["audit", "export", "--format", "json", "--ledger", s(ledger)]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// A zip (deflated) of `entries`, in order.
pub fn zip_entries(entries: &[(&str, Vec<u8>)]) -> Vec<u8> {
    use std::io::Write;
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in entries {
        w.start_file(*name, opts).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// Convert a deck with LibreOffice; `None` (saying so) when it is not installed.
pub fn libreoffice_pdf(
    deck: &std::path::Path,
    dir: &std::path::Path,
) -> Option<std::path::PathBuf> {
    let soffice = ["soffice", "libreoffice"].into_iter().find(|p| {
        std::process::Command::new(p)
            .arg("--version")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    });
    let Some(soffice) = soffice else {
        eprintln!("skipped: LibreOffice (soffice) is not installed; scripts/setup.sh installs it");
        return None;
    };
    let profile = dir.join("lo-profile");
    let pdf_dir = dir.join("pdf");
    let out = std::process::Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(&pdf_dir)
        .arg(deck)
        .env("HOME", dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pdf = pdf_dir
        .join(deck.file_stem().unwrap())
        .with_extension("pdf");
    assert!(
        std::fs::read(&pdf).is_ok_and(|d| d.starts_with(b"%PDF-")),
        "no PDF; soffice said {} {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    Some(pdf)
}

/// The text poppler's `pdftotext` reads from a PDF; `None` (saying so) when it is absent.
pub fn pdftotext(pdf: &std::path::Path) -> Option<String> {
    match std::process::Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
    {
        Ok(out) if out.status.success() => Some(String::from_utf8_lossy(&out.stdout).into_owned()),
        _ => {
            eprintln!(
                "skipped: pdftotext (poppler-utils) is not installed; scripts/setup.sh installs it"
            );
            None
        }
    }
}

/// Every entry of a zip file, decompressed, by name.
pub fn unzip_all(path: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut z = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut out = std::collections::BTreeMap::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut v).unwrap();
        out.insert(f.name().to_string(), v);
    }
    out
}

/// Share of `pixels` inside at least one of the rectangles `[x, y, w, h]`.
pub fn pixels_covered(pixels: &[(u32, u32)], rects: &[[u32; 4]]) -> f64 {
    let inside = pixels
        .iter()
        .filter(|&&(x, y)| {
            rects
                .iter()
                .any(|r| x >= r[0] && y >= r[1] && x < r[0] + r[2] && y < r[1] + r[3])
        })
        .count();
    inside as f64 / pixels.len().max(1) as f64
}

/// sha256 of bytes, lowercase hex.
pub fn sha256_hex(data: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(data)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The Python the generator scripts run with: the first of Debian's `/usr/bin/python3` (for
/// which `scripts/setup.sh` installs `python3-pil`) and the `python3` on PATH that can import
/// Pillow. A `python3` earlier on PATH (pyenv, a virtualenv) often cannot: on a fresh machine
/// whose PATH starts with pyenv's, the generated-set tests failed with "No module named 'PIL'".
pub fn python_with_pillow() -> &'static Path {
    static PYTHON: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    PYTHON.get_or_init(|| {
        let has_pillow = |p: &Path| {
            Command::new(p)
                .args(["-c", "import PIL"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
        };
        [Path::new("/usr/bin/python3"), Path::new("python3")]
            .into_iter()
            .find(|p| has_pillow(p))
            .unwrap_or(Path::new("python3"))
            .to_path_buf()
    })
}

/// Run a generator script of `scripts/` (`python3 scripts/SCRIPT DIR ARGS...`, with
/// [`python_with_pillow`]) and read the ground truth it writes to `DIR/TRUTH`.
pub fn generate_with_truth(
    script: &str,
    dir: &Path,
    args: &[&str],
    truth: &str,
) -> serde_json::Value {
    let gen = Command::new(python_with_pillow())
        .arg(repo().join("scripts").join(script))
        .arg(dir)
        .args(args)
        .output()
        .expect("python3 (scripts/setup.sh installs python3-pil and fonts-dejavu-core)");
    assert!(
        gen.status.success(),
        "{script}: {}",
        String::from_utf8_lossy(&gen.stderr)
    );
    serde_json::from_slice(&std::fs::read(dir.join(truth)).unwrap()).unwrap()
}

/// The regions a `scan`/`redact --json` line fills black: its text and barcode `redact_box`es.
pub fn fill_rects(line: &serde_json::Value) -> Vec<[u32; 4]> {
    (line["findings"].as_array().unwrap().iter())
        .filter(|f| f["kind"] == "text" || f["kind"] == "barcode")
        .map(|f| rect(&f["redact_box"]))
        .collect()
}
