//! A PDF holding a made-up patient's name in its text layer, an annotation by a named author,
//! an attached file, XMP, document information, an earlier revision and a photo with a face:
//! `vet` must report each, and `vet --output` must write an image-only copy that poppler-utils
//! and exiftool find none of them in, whose page has the original's size and looks like it
//! except where it was redacted. The PDF is written by hand here (not by the library ClearFrame
//! writes with), so the reader is tested on bytes it did not make.

use std::path::Path;
use std::process::Command;

use image::RgbImage;

use crate::util::*;

const NAME: &str = "John Smith";

/// A PDF file from numbered object bodies (object `i + 1` is `objects[i]`), with a classic
/// cross-reference table and `trailer` (without `/Size`).
fn pdf_file(objects: &[Vec<u8>], trailer: &str) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} {trailer} >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut v = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    v.extend_from_slice(data);
    v.extend_from_slice(b"\nendstream");
    v
}

/// Append an incremental update to `pdf` that replaces object `id` by `body` (the earlier
/// revision stays readable in the file).
fn incremental_update(
    mut pdf: Vec<u8>,
    id: usize,
    body: &str,
    size: usize,
    trailer: &str,
) -> Vec<u8> {
    let text = String::from_utf8_lossy(&pdf).into_owned();
    let at = text.rfind("startxref").expect("a startxref");
    let prev: usize = text[at + 9..]
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .expect("an offset");
    let offset = pdf.len();
    pdf.extend_from_slice(format!("{id} 0 obj\n{body}\nendobj\n").as_bytes());
    let xref = pdf.len();
    pdf.extend_from_slice(
        format!(
            "xref\n0 1\n0000000000 65535 f \n{id} 1\n{offset:010} 00000 n \ntrailer\n<< /Size {size} {trailer} /Prev {prev} >>\nstartxref\n{xref}\n%%EOF\n"
        )
        .as_bytes(),
    );
    pdf
}

/// The test PDF: a letter page with the patient's name on a labelled line, a line that is not
/// an identifier, and the astronaut photo (a face) placed at 72,300 pt, 300 pt square.
pub fn build_pdf() -> Vec<u8> {
    let photo = std::fs::read(fixture("astronaut.jpg")).unwrap();
    let content = format!(
        "BT /F1 18 Tf 72 720 Td (Patient: {NAME}) Tj ET\n\
         BT /F1 18 Tf 72 660 Td (Wound care, second week) Tj ET\n\
         q 300 0 0 300 72 300 cm /Im1 Do Q\n"
    );
    let xmp = format!(
        "<?xpacket begin=\"\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?><x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\
         <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:creator><rdf:Seq><rdf:li>{NAME}</rdf:li>\
         </rdf:Seq></dc:creator></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end=\"w\"?>"
    );
    let objects = vec![
        // 1: catalog, with XMP and an attached file.
        b"<< /Type /Catalog /Pages 2 0 R /Metadata 8 0 R /Names << /EmbeddedFiles << /Names [(notes.txt) 9 0 R] >> >> >>".to_vec(),
        // 2: page tree.
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        // 3: the page.
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> /XObject << /Im1 5 0 R >> >> /Contents 6 0 R /Annots [7 0 R] >>".to_vec(),
        // 4: a standard font (not embedded).
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_vec(),
        // 5: the photo.
        stream(
            "/Type /XObject /Subtype /Image /Width 512 /Height 512 /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode",
            &photo,
        ),
        // 6: the page's drawing.
        stream("", content.as_bytes()),
        // 7: a sticky note by a named author.
        b"<< /Type /Annot /Subtype /Text /Rect [500 700 520 720] /T (Dr. Jane Roe) /Contents (Check MRN 12345678) >>".to_vec(),
        // 8: XMP naming the patient.
        stream("/Type /Metadata /Subtype /XML", xmp.as_bytes()),
        // 9, 10: the attached file.
        b"<< /Type /Filespec /F (notes.txt) /EF << /F 10 0 R >> >>".to_vec(),
        stream("/Type /EmbeddedFile", format!("Follow-up for {NAME}").as_bytes()),
        // 11: document information.
        format!("<< /Author ({NAME}) /Title (Wound of {NAME}) >>").into_bytes(),
    ];
    let first = pdf_file(&objects, "/Root 1 0 R /Info 11 0 R");
    // A second revision renames the author; the first stays in the file.
    incremental_update(
        first,
        11,
        "<< /Author (Dr. Jane Roe) /Title (Wound, revised) >>",
        12,
        "/Root 1 0 R /Info 11 0 R",
    )
}

fn tool(cmd: &str, args: &[&str], path: &Path) -> Option<String> {
    match Command::new(cmd).args(args).arg(path).output() {
        Ok(out) => Some(String::from_utf8_lossy(&out.stdout).into_owned()),
        Err(_) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "{cmd} is required in CI (scripts/setup.sh installs poppler-utils)"
            );
            eprintln!("skipped: {cmd} is not installed");
            None
        }
    }
}

/// The page drawn by poppler at 50 dpi.
fn poppler_page(pdf: &Path, dir: &Path, name: &str) -> Option<RgbImage> {
    let prefix = dir.join(name);
    let out = Command::new("pdftoppm")
        .args(["-r", "50", "-png", "-singlefile"])
        .arg(pdf)
        .arg(&prefix)
        .output()
        .ok()?;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(load_rgb(&prefix.with_extension("png")))
}

fn mean_luma(img: &RgbImage, r: [u32; 4]) -> f64 {
    let mut sum = 0.0;
    for y in r[1]..r[1] + r[3] {
        for x in r[0]..r[0] + r[2] {
            let p = img.get_pixel(x, y).0;
            sum += (u32::from(p[0]) + u32::from(p[1]) + u32::from(p[2])) as f64 / 3.0;
        }
    }
    sum / f64::from(r[2] * r[3])
}

#[test]
fn a_pdf_report_lists_page_text_annotations_attachments_xmp_and_revisions() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("wound.pdf");
    std::fs::write(&pdf, build_pdf()).unwrap();
    let j = &clearframe_json(&["vet", s(&pdf), "--no-scan", "--json"])[0];
    let text = j["text"].as_array().unwrap();
    assert!(
        text.iter().any(|t| t["page"] == 1
            && t["text"].as_str().unwrap().contains(NAME)
            && t["category"] == "name"),
        "{j}"
    );
    assert!(
        !text
            .iter()
            .any(|t| t["text"].as_str().unwrap().contains("Wound care")),
        "{j}"
    );
    assert_eq!(j["annotations"][0]["author"], "Dr. Jane Roe", "{j}");
    assert_eq!(j["attachments"], serde_json::json!(["notes.txt"]), "{j}");
    assert!(j["xmp_bytes"].as_u64().unwrap() > 100, "{j}");
    assert_eq!(j["revisions"], 2, "{j}");
    assert_eq!(j["images"].as_array().unwrap().len(), 1, "{j}");
}

#[test]
fn a_pdf_copy_is_image_only_and_holds_nothing_of_the_original_but_its_redacted_look() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("wound.pdf");
    std::fs::write(&pdf, build_pdf()).unwrap();
    let copy = dir.path().join("copy.pdf");
    let ledger = dir.path().join("ledger.sqlite3");
    let j = &vet_copy(&pdf, &copy, &ledger);
    assert_eq!(j["verification"]["problems"], serde_json::json!([]), "{j}");
    let page = &j["pages"][0];
    assert_eq!(
        (page["width_pt"].as_f64(), page["height_pt"].as_f64()),
        (Some(612.0), Some(792.0))
    );
    assert!(page["findings"]["face"].as_u64().unwrap_or(0) >= 1, "{j}");
    assert!(
        j["text_redacted"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["page"] == 1 && t["category"] == "name"),
        "{j}"
    );
    let removed = j["removed"].to_string();
    for what in [
        "document information",
        "XMP",
        "annotation",
        "attached",
        "earlier revision",
        "text layer",
    ] {
        assert!(removed.contains(what), "{what} not in {removed}");
    }
    // The ledger counts what was covered and left out (counts, not text).
    let rows = ledger_rows(&ledger);
    assert_eq!(rows[0]["entry"]["document"]["text_replaced"], 1, "{rows}");

    // Nothing of the original's words, in any byte of the copy.
    let bytes = std::fs::read(&copy).unwrap();
    let raw = String::from_utf8_lossy(&bytes);
    for needle in ["Smith", "Roe", "12345678", "notes.txt", "xmpmeta", "Wound"] {
        assert!(!raw.contains(needle), "the copy holds {needle}");
    }

    // poppler-utils, reading the copy on its own.
    if let Some(text) = pdftotext(&copy) {
        assert!(text.trim().is_empty(), "pdftotext reads {text:?}");
        let info = tool("pdfinfo", &[], &copy).unwrap();
        for key in [
            "Author:",
            "Title:",
            "Creator:",
            "Producer:",
            "Subject:",
            "Keywords:",
        ] {
            assert!(!info.contains(key), "pdfinfo: {info}");
        }
        assert!(info.contains("Pages:           1"), "{info}");
        assert!(info.contains("Page size:       612 x 792 pts"), "{info}");
        assert!(info.contains("JavaScript:      no"), "{info}");
        let images = tool("pdfimages", &["-list"], &copy).unwrap();
        assert_eq!(images.lines().skip(2).count(), 1, "{images}");
        let attached = tool("pdfdetach", &["-list"], &copy).unwrap();
        assert!(attached.starts_with("0 embedded files"), "{attached}");

        // The page looks like the original's except where it was redacted.
        let before = poppler_page(&pdf, dir.path(), "before").unwrap();
        let after = poppler_page(&copy, dir.path(), "after").unwrap();
        assert_eq!(before.dimensions(), after.dimensions());
        // At 50 dpi: the name line's box (72 pt from the left, baseline 720 pt, 18 pt type,
        // about 160 pt long).
        let name_line = [52, 42, 105, 10];
        assert!(
            mean_luma(&before, name_line) > 170.0,
            "the name is drawn thin, on white"
        );
        assert!(
            mean_luma(&after, name_line) < 40.0,
            "the name line is covered"
        );
        // The second line stays legible: as much ink as before, not a box. (Pixel by pixel the
        // two differ: poppler and the copy's renderer each bring their own Helvetica.)
        let other_line = [52, 85, 150, 12];
        let (b, a) = (
            mean_luma(&before, other_line),
            mean_luma(&after, other_line),
        );
        assert!((b - a).abs() < 15.0 && a > 170.0, "{b} {a}");
        // The photo changed where the face is, and blank paper stayed blank.
        // (The photo: 72 pt from the left, 192 pt from the top, 300 pt square.)
        let photo = [50, 133, 208, 208];
        let d = region_diff(&before, &after, photo);
        assert!(d > 3.0, "{d}");
        // Only the face: the photo as a whole is still there, not a box.
        assert!(mean_luma(&after, photo) > 90.0);
        let blank = [300, 450, 100, 80];
        assert!(region_diff(&before, &after, blank) < 2.0);
    }
    if let Some(groups) = exiftool_metadata_groups(&copy) {
        let named: Vec<&String> = groups
            .iter()
            .filter(|g| g.contains("Author") || g.contains("Creator") || g.starts_with("XMP"))
            .collect();
        assert!(named.is_empty(), "exiftool: {groups:?}");
    }
}

/// `build_pdf`'s file encrypted by lopdf (an independent writer of encryption) with these
/// passwords: `aes` picks AES-128 (V4) over RC4-128 (V2).
fn encrypted_pdf(user_password: &str, aes: bool) -> Vec<u8> {
    use lopdf::encryption::crypt_filters::{Aes128CryptFilter, CryptFilter};
    use lopdf::{EncryptionState, EncryptionVersion, Permissions};
    let mut doc = lopdf::Document::load_mem(&build_pdf()).unwrap();
    if doc.trailer.get(b"ID").is_err() {
        let id = lopdf::Object::String(
            b"0123456789abcdef".to_vec(),
            lopdf::StringFormat::Hexadecimal,
        );
        doc.trailer.set("ID", vec![id.clone(), id]);
    }
    let permissions = Permissions::PRINTABLE;
    let version = if aes {
        let filter: std::sync::Arc<dyn CryptFilter> = std::sync::Arc::new(Aes128CryptFilter);
        EncryptionVersion::V4 {
            document: &doc,
            encrypt_metadata: true,
            crypt_filters: std::collections::BTreeMap::from([(b"StdCF".to_vec(), filter)]),
            stream_filter: b"StdCF".to_vec(),
            string_filter: b"StdCF".to_vec(),
            owner_password: "owner-secret",
            user_password,
            permissions,
        }
    } else {
        EncryptionVersion::V2 {
            document: &doc,
            owner_password: "owner-secret",
            user_password,
            key_length: 128,
            permissions,
        }
    };
    let state = EncryptionState::try_from(version).unwrap();
    doc.encrypt(&state).unwrap();
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

#[test]
fn an_encrypted_pdf_opens_without_a_password_and_one_that_needs_a_password_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let aes = dir.path().join("a_owner_only_aes.pdf");
    let rc4 = dir.path().join("b_owner_only_rc4.pdf");
    let locked = dir.path().join("c_needs_password.pdf");
    std::fs::write(&aes, encrypted_pdf("", true)).unwrap();
    std::fs::write(&rc4, encrypted_pdf("", false)).unwrap();
    std::fs::write(&locked, encrypted_pdf("patient-pw", true)).unwrap();
    for f in [&aes, &rc4, &locked] {
        let raw = std::fs::read(f).unwrap();
        assert!(
            !String::from_utf8_lossy(&raw).contains(NAME),
            "the name is encrypted in {}",
            f.display()
        );
    }

    // Opened with the empty password: read like any other.
    for f in [&aes, &rc4] {
        let out = clearframe(&["vet", s(f), "--json"]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let r = &json_lines(&out)[0];
        assert!(
            (r["text"].as_array().unwrap().iter())
                .any(|t| t["text"].as_str().unwrap().contains(NAME)),
            "{r}"
        );
        assert!(r["annotations"].as_array().unwrap().len() == 1, "{r}");
    }
    // A password to open: a clear error, naming the file.
    let out = clearframe(&["vet", s(&locked), "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let e = json_lines(&out)[0]["error"].as_str().unwrap().to_string();
    assert!(
        e.contains("c_needs_password.pdf") && e.contains("password"),
        "{e}"
    );

    // In a batch: the two copies are written (image-only, the name covered), the locked file
    // is an error and the batch goes on.
    let out_dir = dir.path().join("out");
    let ledger = dir.path().join("ledger.sqlite3");
    let out = redact_json(dir.path(), &out_dir, &ledger);
    assert_eq!(out.status.code(), Some(1));
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 3, "{lines:?}");
    for l in &lines[..2] {
        assert_eq!(l["document"], "pdf", "{l}");
        assert_eq!(l["verification"]["problems"], serde_json::json!([]), "{l}");
        assert!(
            (l["text_redacted"].as_array().unwrap().iter()).any(|t| t["category"] == "name"),
            "{l}"
        );
        let copy = std::path::Path::new(l["output"].as_str().unwrap());
        if let Some(text) = pdftotext(copy) {
            assert!(text.trim().is_empty(), "{text}");
        }
        let info = tool("pdfinfo", &[], copy).unwrap_or_default();
        assert!(!info.contains("Encrypted: yes"), "{info}");
    }
    assert!(lines[2]["error"].as_str().unwrap().contains("password"));
    assert_eq!(std::fs::read_dir(&out_dir).unwrap().count(), 2);
}
