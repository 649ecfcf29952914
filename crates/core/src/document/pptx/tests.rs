use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;

use super::*;
use crate::detect::TextCategory;
use crate::document::{VetOptions, ZipLimits};
use crate::test_support::png_chunk;

const NS: &str = r#"xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main""#;
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

fn png() -> Vec<u8> {
    let img = image::RgbImage::from_pixel(8, 6, image::Rgb([200, 30, 30]));
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

fn rels(list: &[(&str, &str, &str)]) -> String {
    let mut s = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    );
    for (id, kind, target) in list {
        s.push_str(&format!(
            r#"<Relationship Id="{id}" Type="{REL}/{kind}" Target="{target}"/>"#
        ));
    }
    s + "</Relationships>"
}

fn slide(body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><p:sld {NS}><p:cSld><p:spTree>{body}</p:spTree></p:cSld></p:sld>"#
    )
}

fn text_shape(paragraphs: &[&str]) -> String {
    let ps: String = paragraphs
        .iter()
        .map(|p| format!("<a:p><a:r><a:rPr lang=\"en-US\"/><a:t>{p}</a:t></a:r></a:p>"))
        .collect();
    format!("<p:sp><p:txBody><a:bodyPr/>{ps}</p:txBody></p:sp>")
}

fn pic(rid: &str, crop: bool, descr: &str) -> String {
    let crop = if crop {
        r#"<a:srcRect t="15501" b="14664"/>"#
    } else {
        "<a:srcRect/>"
    };
    format!(
        r#"<p:pic><p:nvPicPr><p:cNvPr id="4" name="Picture 3" descr="{descr}"/></p:nvPicPr><p:blipFill><a:blip r:embed="{rid}"/>{crop}<a:stretch><a:fillRect/></a:stretch></p:blipFill></p:pic>"#
    )
}

/// A small deck: the presentation lists slide2.xml first, so slide2.xml is slide 1 (the title
/// slide, with the patient's name and record number and a cropped use of the picture) and
/// slide1.xml is slide 2 (the picture again, uncropped, with notes giving the date of birth).
fn deck() -> Vec<(String, Vec<u8>)> {
    let notes = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><p:notes {NS}><p:cSld><p:spTree>{}</p:spTree></p:cSld></p:notes>"#,
        text_shape(&["Presenter: remember to mention", "DOB 03/14/1962"])
    );
    let entries: Vec<(&str, String)> = vec![
        ("[Content_Types].xml", r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="png" ContentType="image/png"/></Types>"#.into()),
        ("_rels/.rels", rels(&[("rId1", "officeDocument", "ppt/presentation.xml")])),
        ("ppt/presentation.xml", format!(r#"<?xml version="1.0"?><p:presentation {NS}><p:sldIdLst><p:sldId id="256" r:id="rId3"/><p:sldId id="257" r:id="rId2"/></p:sldIdLst></p:presentation>"#)),
        ("ppt/_rels/presentation.xml.rels", rels(&[("rId2", "slide", "slides/slide1.xml"), ("rId3", "slide", "/ppt/slides/slide2.xml")])),
        ("ppt/slides/slide2.xml", slide(&(text_shape(&["Case 4: Wound healing", "Patient: John Smith MRN 4821-7730"]) + &pic("rId7", true, "Smith John 1962-03-14 wound.jpg")))),
        ("ppt/slides/_rels/slide2.xml.rels", rels(&[("rId7", "image", "../media/image1.png")])),
        ("ppt/slides/slide1.xml", slide(&(text_shape(&["Day 14"]) + &pic("rId2", false, "")))),
        ("ppt/slides/_rels/slide1.xml.rels", rels(&[("rId2", "image", "../media/image1.png"), ("rId3", "notesSlide", "../notesSlides/notesSlide1.xml"), ("rId4", "comments", "../comments/comment1.xml")])),
        ("ppt/notesSlides/notesSlide1.xml", notes),
        ("ppt/commentAuthors.xml", format!(r#"<?xml version="1.0"?><p:cmAuthorLst {NS}><p:cmAuthor id="0" name="Alex Reviewer" initials="AR" lastIdx="1" clrIdx="0"/></p:cmAuthorLst>"#)),
        ("ppt/comments/comment1.xml", format!(r#"<?xml version="1.0"?><p:cmLst {NS}><p:cm authorId="0" idx="1"><p:pos x="10" y="10"/><p:text>Is this the right wound?</p:text></p:cm></p:cmLst>"#)),
        ("docProps/core.xml", r#"<?xml version="1.0"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Grand rounds</dc:title><dc:subject></dc:subject><dc:creator>Dr. Jane Roe</dc:creator><cp:lastModifiedBy>J. Roe &amp; team</cp:lastModifiedBy></cp:coreProperties>"#.into()),
        ("docProps/app.xml", r#"<?xml version="1.0"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Company>St. Example Hospital</Company><Manager></Manager></Properties>"#.into()),
    ];
    let mut out: Vec<(String, Vec<u8>)> = entries
        .into_iter()
        .map(|(n, s)| (n.to_string(), s.into_bytes()))
        .collect();
    out.push(("ppt/media/image1.png".into(), png()));
    out.push((
        "docProps/thumbnail.jpeg".into(),
        b"not really a jpeg".to_vec(),
    ));
    out
}

fn zip_bytes(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in entries {
        w.start_file(name.as_str(), opts).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn vet(bytes: &[u8], opts: &VetOptions) -> Result<VetReport> {
    vet_pptx_bytes(bytes, Path::new("rounds.pptx"), None, opts)
}

#[test]
fn resolves_relationship_targets() {
    assert_eq!(
        resolve("ppt/slides/slide1.xml", "../media/image1.png"),
        "ppt/media/image1.png"
    );
    assert_eq!(
        resolve("ppt/presentation.xml", "slides/slide1.xml"),
        "ppt/slides/slide1.xml"
    );
    assert_eq!(
        resolve("ppt/presentation.xml", "/ppt/slides/slide2.xml"),
        "ppt/slides/slide2.xml"
    );
    assert_eq!(
        rels_name("ppt/slides/slide1.xml"),
        "ppt/slides/_rels/slide1.xml.rels"
    );
}

#[test]
fn reports_pictures_text_notes_comments_and_properties() {
    let bytes = zip_bytes(&deck());
    let report = vet(&bytes, &VetOptions::default()).unwrap();
    assert_eq!(report.slides, 2);
    assert_eq!(report.sha256, sha256_hex(&bytes));
    assert!(!report.pictures_scanned);

    // The picture: shown on both slides, cropped on slide 1 (slide2.xml in the presentation's order).
    assert_eq!(report.pictures.len(), 1);
    let p = &report.pictures[0];
    let png = png();
    assert_eq!(p.name, "ppt/media/image1.png");
    assert_eq!(p.size_bytes, png.len() as u64);
    assert_eq!(p.sha256, sha256_hex(&png));
    assert_eq!(p.format, metadata::ContainerFormat::Png);
    assert_eq!(p.slides, [1, 2]);
    assert_eq!(p.cropped_on_slides, [1]);
    assert_eq!((p.width, p.height), (Some(8), Some(6)));
    assert!(p.metadata.is_clean() && p.scan_error.is_none());
    // Alt text (the original file name here) is reported with the picture, once, and checked.
    assert_eq!(p.alt_text, ["Smith John 1962-03-14 wound.jpg"]);
    let alt = (report.identifiers.iter())
        .find(|h| h.location == TextLocation::AltText)
        .expect("the alt text names the patient");
    assert_eq!(alt.slide, Some(1));

    // Slide text and notes: identifiers with slide number and place.
    let hit = (report.identifiers.iter())
        .find(|h| h.text.contains("John Smith"))
        .expect("the patient line is reported");
    assert_eq!(hit.slide, Some(1));
    assert_eq!(hit.location, TextLocation::Slide);
    assert_eq!(hit.text, "Patient: John Smith MRN 4821-7730");
    assert!(hit.category.is_identifier());
    let dob = (report.identifiers.iter())
        .find(|h| h.text == "DOB 03/14/1962")
        .expect("the date of birth in the notes is reported");
    assert_eq!((dob.slide, dob.location), (Some(2), TextLocation::Notes));
    assert_eq!(dob.category, TextCategory::Date);
    assert!(
        !report
            .identifiers
            .iter()
            .any(|h| h.text == "Day 14" || h.text.starts_with("Case 4")),
        "{:?}",
        report.identifiers
    );
    assert_eq!(report.paragraphs_checked, 3 + 2 + 1);

    // Comment with its author.
    assert_eq!(report.comments.len(), 1);
    let c = &report.comments[0];
    assert_eq!(c.author.as_deref(), Some("Alex Reviewer"));
    assert_eq!(c.slide, Some(2));
    assert_eq!(c.text, "Is this the right wound?");

    // Properties: non-empty ones, entities decoded.
    let props: Vec<(&str, &str)> = (report.properties.iter())
        .map(|p| (p.name.as_str(), p.value.as_str()))
        .collect();
    assert_eq!(
        props,
        [
            ("dc:title", "Grand rounds"),
            ("dc:creator", "Dr. Jane Roe"),
            ("cp:lastModifiedBy", "J. Roe & team"),
            ("Company", "St. Example Hospital"),
        ]
    );
    assert!(report.properties[1].identifies_person() && !report.properties[0].identifies_person());

    // The thumbnail is reported even when it does not decode.
    let thumb = report.thumbnail.as_ref().unwrap();
    assert_eq!(thumb.name, "docProps/thumbnail.jpeg");
    assert!(thumb.scan_error.is_some());

    let concerns = report.concerns().join("\n");
    for needle in [
        "Dr. Jane Roe",
        "John Smith",
        "DOB 03/14/1962",
        "cropped on slide(s) 1",
        "Alex Reviewer",
    ] {
        assert!(
            concerns.contains(needle),
            "{needle} missing from:\n{concerns}"
        );
    }
    // The same concerns in French: each one, with the same names quoted, no message id left.
    let fr = report.concerns_in(crate::l10n::Lang::Fr);
    assert_eq!(fr.len(), report.concerns().len());
    let fr = fr.join("\n");
    for needle in [
        "Dr. Jane Roe",
        "John Smith",
        "rognée sur la ou les diapositives 1",
        "commentaire de «\u{a0}Alex Reviewer\u{a0}»",
    ] {
        assert!(fr.contains(needle), "{needle} missing from:\n{fr}");
    }
    assert!(
        !fr.contains("concern-") && !fr.contains("category-"),
        "{fr}"
    );
    // The report serialises (the `vet --json` contract).
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["pictures"][0]["slides"], serde_json::json!([1, 2]));
    assert!(json["identifiers"]
        .as_array()
        .unwrap()
        .iter()
        .any(|h| h["location"] == "notes"));
}

#[test]
fn slides_fall_back_to_file_name_order() {
    let mut entries = deck();
    entries.retain(|(n, _)| n != "ppt/_rels/presentation.xml.rels");
    let report = vet(&zip_bytes(&entries), &VetOptions::default()).unwrap();
    assert_eq!(report.slides, 2);
    // slide1.xml is now slide 1: the notes' date of birth is on slide 1.
    let dob = report
        .identifiers
        .iter()
        .find(|h| h.text.starts_with("DOB"))
        .unwrap();
    assert_eq!(dob.slide, Some(1));
    assert_eq!(report.pictures[0].cropped_on_slides, [2]);
}

#[test]
fn escaping_entry_refuses_the_deck() {
    let mut entries = deck();
    entries.push(("../evil.txt".into(), b"boo".to_vec()));
    let err = vet(&zip_bytes(&entries), &VetOptions::default()).unwrap_err();
    assert_eq!(err.code(), "unsafe_archive");
    assert_eq!(err.path(), Some(Path::new("rounds.pptx")));
}

#[test]
fn bomb_picture_refuses_the_deck() {
    // 20 MB of zeros as a "picture": over a lowered per-entry size limit, and (past 16 MB)
    // over the default ratio limit.
    let mut entries = deck();
    entries.push(("ppt/media/image2.png".into(), vec![0u8; 20 * 1024 * 1024]));
    let limits = ZipLimits {
        max_entry_size: 4 * 1024 * 1024,
        ..ZipLimits::default()
    };
    let opts = VetOptions {
        limits,
        ..VetOptions::default()
    };
    let err = vet(&zip_bytes(&entries), &opts).unwrap_err();
    assert_eq!(err.code(), "unsafe_archive");
    let err = vet(&zip_bytes(&entries), &VetOptions::default()).unwrap_err();
    assert!(err.to_string().contains("zip bomb"), "{err}");
}

#[test]
fn a_zip_that_is_not_a_deck_is_refused() {
    let entries = vec![("word/document.xml".to_string(), b"<w:document/>".to_vec())];
    let err = vet(&zip_bytes(&entries), &VetOptions::default()).unwrap_err();
    assert_eq!(err.code(), "archive");
    assert!(err.to_string().contains("not a PowerPoint deck"), "{err}");
}

#[test]
fn malformed_slide_is_a_warning_not_a_failure() {
    let mut entries = deck();
    for (n, d) in entries.iter_mut() {
        if n == "ppt/slides/slide1.xml" {
            *d = b"<p:sld><a:p><a:t>oops</a:x></p:sld>".to_vec();
        }
    }
    let report = vet(&zip_bytes(&entries), &VetOptions::default()).unwrap();
    assert!(!report.warnings.is_empty());
    assert!(report
        .identifiers
        .iter()
        .any(|h| h.text.contains("John Smith")));
}

// ---- The redacted copy ----------------------------------------------------------------------

/// A PNG with a `tEXt` chunk naming the patient, after IHDR.
fn png_with_text() -> Vec<u8> {
    let png = png();
    let chunk = png_chunk(b"tEXt", b"Comment\0John Smith MRN 4821-7730");
    // Signature (8) + IHDR (4 + 4 + 13 + 4).
    let mut out = png[..33].to_vec();
    out.extend_from_slice(&chunk);
    out.extend_from_slice(&png[33..]);
    out
}

/// A JPEG with an EXIF segment (a minimal TIFF block) right after SOI.
fn jpeg_with_exif() -> Vec<u8> {
    let img = image::RgbImage::from_fn(32, 24, |x, y| {
        image::Rgb([(x * 8) as u8, (y * 10) as u8, 90])
    });
    let mut jpeg = Cursor::new(Vec::new());
    img.write_to(&mut jpeg, image::ImageFormat::Jpeg).unwrap();
    let jpeg = jpeg.into_inner();
    let mut payload = b"Exif\0\0II*\0\x08\0\0\0\0\0\0\0\0\0".to_vec();
    payload.truncate(6 + 8 + 2 + 4);
    let mut seg = vec![0xFF, 0xE1];
    seg.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
    seg.extend_from_slice(&payload);
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&seg);
    out.extend_from_slice(&jpeg[2..]);
    out
}

fn gif() -> Vec<u8> {
    let img = image::RgbaImage::from_pixel(10, 10, image::Rgba([20, 200, 20, 255]));
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Gif).unwrap();
    out.into_inner()
}

/// The test deck with real pictures: image1.png (with a text chunk), image2.gif (becomes a
/// PNG) used on slide 2, image3.jpeg with EXIF used only by a layout, and a JPEG thumbnail
/// the package relationship points at.
fn deck_for_redaction() -> Vec<(String, Vec<u8>)> {
    let mut entries = deck();
    for (n, d) in entries.iter_mut() {
        match n.as_str() {
            "[Content_Types].xml" => *d = br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="png" ContentType="image/png"/><Default Extension="jpeg" ContentType="image/jpeg"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName="/ppt/media/image2.gif" ContentType="image/gif"/><Override PartName="/docProps/thumbnail.jpeg" ContentType="image/jpeg"/></Types>"#.to_vec(),
            "_rels/.rels" => *d = rels(&[("rId1", "officeDocument", "ppt/presentation.xml")]).replace("</Relationships>", r#"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail" Target="docProps/thumbnail.jpeg"/></Relationships>"#).into_bytes(),
            "ppt/slides/_rels/slide1.xml.rels" => *d = rels(&[("rId2", "image", "../media/image1.png"), ("rId3", "notesSlide", "../notesSlides/notesSlide1.xml"), ("rId4", "comments", "../comments/comment1.xml"), ("rId5", "image", "../media/image2.gif")]).into_bytes(),
            "ppt/media/image1.png" => *d = png_with_text(),
            "docProps/thumbnail.jpeg" => *d = jpeg_with_exif(),
            _ => {}
        }
    }
    entries.push(("ppt/media/image2.gif".into(), gif()));
    entries.push(("ppt/media/image3.jpeg".into(), jpeg_with_exif()));
    entries.push((
        "ppt/slides/slide9.bin".into(),
        b"opaque bytes kept as they are".to_vec(),
    ));
    entries
}

/// A detector that needs no model: barcodes only (the pictures here have none).
fn barcode_detector() -> Detector {
    Detector::load(crate::detect::DetectorConfig {
        kinds: crate::detect::DetectKinds {
            face: false,
            text: false,
            barcode: true,
        },
        ..crate::detect::DetectorConfig::default()
    })
    .unwrap()
}

fn unzip(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut out = BTreeMap::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut v).unwrap();
        out.insert(f.name().to_string(), v);
    }
    out
}

#[test]
fn redacted_copy_replaces_pictures_blanks_properties_and_drops_the_thumbnail() {
    let entries = deck_for_redaction();
    let original = zip_bytes(&entries);
    let deck = write_redacted(
        &original,
        Path::new("rounds.pptx"),
        &barcode_detector(),
        &DeckRedactOptions::default(),
    )
    .unwrap();
    assert!(deck.verification.ok(), "{:?}", deck.verification.problems);
    assert_eq!(deck.verification.pictures_checked, 3);
    assert_eq!(deck.input_sha256, sha256_hex(&original));
    let names: Vec<(&str, &str)> = (deck.pictures.iter())
        .map(|p| (p.name.as_str(), p.output_name.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("ppt/media/image1.png", "ppt/media/image1.png"),
            ("ppt/media/image2.gif", "ppt/media/image2.png"),
            ("ppt/media/image3.jpeg", "ppt/media/image3.jpeg"),
        ]
    );
    assert!(
        deck.pictures[0]
            .metadata_removed
            .iter()
            .any(|m| m.contains("comment")),
        "{:?}",
        deck.pictures[0].metadata_removed
    );
    assert!(deck.pictures[2]
        .metadata_removed
        .iter()
        .any(|m| m == "EXIF"));

    let out = unzip(&deck.bytes);
    let before: BTreeMap<String, Vec<u8>> = entries.into_iter().collect();
    // Pictures: none is an original, all decode clean at their size.
    for p in &deck.pictures {
        let data = &out[&p.output_name];
        assert_ne!(sha256_hex(data), p.sha256);
        let img = image_io::decode_bytes(data, Path::new("x"), &Default::default()).unwrap();
        assert!(img.metadata.report.is_clean(), "{}", p.output_name);
        assert_eq!((img.width(), img.height()), (p.width, p.height));
    }
    assert!(!out.contains_key("ppt/media/image2.gif"));
    // The thumbnail, its relationship and its override are gone.
    assert!(!out.contains_key("docProps/thumbnail.jpeg"));
    let pkg = String::from_utf8(out["_rels/.rels"].clone()).unwrap();
    assert!(
        !pkg.contains("thumbnail") && pkg.contains("officeDocument"),
        "{pkg}"
    );
    let types = String::from_utf8(out["[Content_Types].xml"].clone()).unwrap();
    assert!(
        !types.contains("thumbnail") && !types.contains("image2.gif"),
        "{types}"
    );
    assert!(
        types.contains(r#"<Override PartName="/ppt/media/image2.png" ContentType="image/png"/>"#)
            || !types.contains("image2"),
        "{types}"
    );
    // The slide's relationship follows the renamed picture; the other slide's is untouched.
    let r1 = String::from_utf8(out["ppt/slides/_rels/slide1.xml.rels"].clone()).unwrap();
    assert!(r1.contains(r#"Target="../media/image2.png""#), "{r1}");
    assert_eq!(
        out["ppt/slides/_rels/slide2.xml.rels"],
        before["ppt/slides/_rels/slide2.xml.rels"]
    );
    // Properties blanked; the rest of the part kept.
    let core = String::from_utf8(out["docProps/core.xml"].clone()).unwrap();
    assert!(
        !core.contains("Roe") && !core.contains("Grand rounds"),
        "{core}"
    );
    assert!(core.contains("<dc:creator></dc:creator>"), "{core}");
    let app = String::from_utf8(out["docProps/app.xml"].clone()).unwrap();
    assert!(
        !app.contains("Example Hospital") && app.contains("<Company></Company>"),
        "{app}"
    );
    let cleared: Vec<&str> = deck
        .properties_cleared
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(
        cleared,
        ["dc:title", "dc:creator", "cp:lastModifiedBy", "Company"]
    );
    // Identifier-like text replaced in place (slide2.xml is slide 1): the patient line and the
    // picture's alt text; the case title stays.
    let s1 = String::from_utf8(out["ppt/slides/slide2.xml"].clone()).unwrap();
    assert!(
        !s1.contains("John Smith") && !s1.contains("Smith John") && !s1.contains("4821"),
        "{s1}"
    );
    assert!(s1.contains("<a:t>[redacted]</a:t>") && s1.contains(r#"descr="[redacted]""#));
    assert!(s1.contains("<a:t>Case 4: Wound healing</a:t>"), "{s1}");
    let replaced: Vec<(Option<usize>, TextPlace, TextCategory)> = (deck.text_replaced.iter())
        .map(|t| (t.slide, t.place, t.category))
        .collect();
    assert_eq!(
        replaced,
        [
            (Some(1), TextPlace::Paragraph, TextCategory::Name),
            (Some(1), TextPlace::AltText, TextCategory::Date),
        ]
    );
    // Notes, the comment and its author are left out, with the relationships to them.
    let removed: Vec<(&str, RemovalReason, Option<usize>)> = (deck.parts_removed.iter())
        .map(|r| (r.name.as_str(), r.reason, r.slide))
        .collect();
    assert_eq!(
        removed,
        [
            (
                "ppt/commentAuthors.xml",
                RemovalReason::CommentAuthors,
                None
            ),
            (
                "ppt/comments/comment1.xml",
                RemovalReason::Comments,
                Some(2)
            ),
            (
                "ppt/notesSlides/notesSlide1.xml",
                RemovalReason::Notes,
                Some(2)
            ),
        ]
    );
    for (name, _, _) in &removed {
        assert!(!out.contains_key(*name), "{name}");
    }
    assert!(
        !r1.contains("notesSlide") && !r1.contains("comments"),
        "{r1}"
    );
    // Everything else byte for byte.
    for part in [
        "ppt/slides/slide1.xml",
        "ppt/presentation.xml",
        "ppt/slides/slide9.bin",
    ] {
        assert_eq!(out[part], before[part], "{part}");
    }
    assert_eq!(out.len(), before.len() - 4);
    // Nothing is left to edit by hand.
    assert!(!deck.needs_manual_editing(), "{:?}", deck.text_left);

    // The copy vets clean of properties, thumbnail and picture metadata.
    let again = vet(&deck.bytes, &VetOptions::default()).unwrap();
    assert!(again.properties.is_empty(), "{:?}", again.properties);
    assert!(again.thumbnail.is_none());
    assert!(again
        .pictures
        .iter()
        .all(|p| p.metadata.is_clean() && p.scan_error.is_none()));
    assert_eq!(again.pictures[0].slides, [1, 2]);
    assert_eq!(again.pictures[1].name, "ppt/media/image2.png");
}

#[test]
fn verification_catches_an_original_picture_and_leftovers() {
    let original = zip_bytes(&deck_for_redaction());
    let originals: BTreeSet<String> = [sha256_hex(&png_with_text())].into_iter().collect();
    let removed: BTreeSet<String> = ["ppt/comments/comment1.xml".to_string()].into();
    let v = verify_redacted(
        &original,
        Path::new("rounds.pptx"),
        &originals,
        &removed,
        &BTreeSet::new(),
        &[],
        &VetOptions::default(),
    );
    let all = v.problems.join("\n");
    for needle in [
        "ppt/media/image1.png is an original picture",
        "ppt/media/image1.png carries metadata",
        "thumbnail docProps/thumbnail.jpeg is still there",
        "still points at a thumbnail",
        "creator still says \"Dr. Jane Roe\"",
        "Company still says",
        "ppt/comments/comment1.xml was to be removed but is still there",
        "still points at removed part ppt/comments/comment1.xml",
        "ppt/slides/slide2.xml still holds 2 piece(s) of identifier-like text",
    ] {
        assert!(all.contains(needle), "{needle} missing from:\n{all}");
    }
}

/// An EMF header: a frame of `w` × `h` hundredths of a millimetre.
fn emf(w: i32, h: i32) -> Vec<u8> {
    let mut b = vec![0u8; 108];
    b[0..4].copy_from_slice(&1i32.to_le_bytes());
    b[4..8].copy_from_slice(&108i32.to_le_bytes());
    b[32..36].copy_from_slice(&w.to_le_bytes());
    b[36..40].copy_from_slice(&h.to_le_bytes());
    b[40..44].copy_from_slice(b" EMF");
    b
}

/// What Document Inspector would remove, and pictures ClearFrame cannot decode, no longer
/// refuse the copy: an EMF becomes a placeholder of its size, an SVG is drawn and written as
/// PNG, a video and an embedded workbook are removed with the elements that used them (the
/// object keeps its preview), a hidden slide goes with its `sldId` (also in the section list),
/// tags, custom XML, macros and custom properties go, a second core-properties part under
/// another name is blanked. A dangling image link (PowerPoint's `Target="NULL"`) in the
/// original does not fail the copy's verification.
#[test]
fn decks_with_media_objects_and_hidden_slides_are_cleaned_not_refused() {
    let mut entries = deck_for_redaction();
    let svg = br##"<svg xmlns="http://www.w3.org/2000/svg" width="64" height="32"><rect width="64" height="32" fill="#00f"/></svg>"##;
    let slide3 = slide(&format!(
        r#"<p:pic><p:nvPicPr><p:cNvPr id="5" name="Movie"/><p:cNvPicPr/><p:nvPr><a:videoFile r:link="rId3"/><p:extLst><p:ext uri="x"><p14:media xmlns:p14="http://schemas.microsoft.com/office/powerpoint/2010/main" r:embed="rId4"/></p:ext></p:extLst></p:nvPr></p:nvPicPr><p:blipFill><a:blip r:embed="rId2"/></p:blipFill></p:pic><p:graphicFrame><a:graphic><a:graphicData uri="o"><p:oleObj progId="Excel.Sheet.12" r:id="rId5"><p:embed/></p:oleObj></a:graphicData></a:graphic></p:graphicFrame>{}<p:custDataLst><p:tags r:id="rId6"/></p:custDataLst>"#,
        pic("rId7", false, "chart")
            .replace(r#"name="Picture 3""#, r#"name="Picture 3" hidden="1""#)
    ));
    let hidden = r#"<?xml version="1.0"?><p:sld xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" show="0"><p:cSld><p:spTree/></p:cSld></p:sld>"#;
    for (n, d) in entries.iter_mut() {
        match n.as_str() {
            "ppt/presentation.xml" => *d = format!(r#"<?xml version="1.0"?><p:presentation {NS}><p:sldIdLst><p:sldId id="256" r:id="rId3"/><p:sldId id="257" r:id="rId2"/><p:sldId id="258" r:id="rId4"/><p:sldId id="259" r:id="rId5"/></p:sldIdLst><p:extLst><p:ext uri="s"><p14:sectionLst xmlns:p14="p14"><p14:section name="A"><p14:sldIdLst><p14:sldId id="256"/><p14:sldId id="257"/><p14:sldId id="258"/><p14:sldId id="259"/></p14:sldIdLst></p14:section></p14:sectionLst></p:ext></p:extLst></p:presentation>"#).into_bytes(),
            "ppt/_rels/presentation.xml.rels" => *d = rels(&[("rId2", "slide", "slides/slide1.xml"), ("rId3", "slide", "/ppt/slides/slide2.xml"), ("rId4", "slide", "slides/slide3.xml"), ("rId5", "slide", "slides/slide4.xml"), ("rId6", "customXml", "../customXml/item1.xml"), ("rId7", "vbaProject", "vbaProject.bin")]).into_bytes(),
            "[Content_Types].xml" => *d = String::from_utf8(d.clone()).unwrap().replace("</Types>", r#"<Override PartName="/ppt/presentation.xml" ContentType="application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml"/><Override PartName="/docProps/core2.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Default Extension="mp4" ContentType="video/mp4"/><Default Extension="svg" ContentType="image/svg+xml"/><Default Extension="emf" ContentType="image/x-emf"/></Types>"#).into_bytes(),
            _ => {}
        }
    }
    entries.extend([
        ("ppt/slides/slide3.xml".to_string(), slide3.into_bytes()),
        ("ppt/slides/_rels/slide3.xml.rels".into(), rels(&[("rId2", "image", "../media/image4.emf"), ("rId3", "video", "../media/media1.mp4"), ("rId5", "oleObject", "../embeddings/Book1.xlsx"), ("rId6", "tags", "../tags/tag1.xml"), ("rId7", "image", "../media/image5.svg"), ("rId8", "image", "NULL")]).replace("</Relationships>", r#"<Relationship Id="rId4" Type="http://schemas.microsoft.com/office/2007/relationships/media" Target="../media/media1.mp4"/></Relationships>"#).into_bytes()),
        ("ppt/slides/slide4.xml".into(), hidden.as_bytes().to_vec()),
        ("ppt/media/image4.emf".into(), emf(5080, 2540)),
        ("ppt/media/image5.svg".into(), svg.to_vec()),
        ("ppt/media/media1.mp4".into(), b"\0\0\0\x18ftypmp42 a video".to_vec()),
        ("ppt/embeddings/Book1.xlsx".into(), b"PK a workbook naming John Smith".to_vec()),
        ("ppt/tags/tag1.xml".into(), b"<tags>John Smith</tags>".to_vec()),
        ("customXml/item1.xml".into(), b"<patient>John Smith</patient>".to_vec()),
        ("ppt/vbaProject.bin".into(), b"macro".to_vec()),
        ("docProps/custom.xml".into(), b"<Properties>John Smith</Properties>".to_vec()),
        ("docProps/core2.xml".into(), br#"<?xml version="1.0"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>John Smith</dc:creator></cp:coreProperties>"#.to_vec()),
    ]);
    let deck = write_redacted(
        &zip_bytes(&entries),
        Path::new("rounds.pptx"),
        &barcode_detector(),
        &DeckRedactOptions::default(),
    )
    .unwrap();
    assert!(deck.verification.ok(), "{:?}", deck.verification.problems);
    let out = unzip(&deck.bytes);
    for (_, data) in out
        .iter()
        .filter(|(n, _)| n.ends_with(".xml") || n.ends_with(".rels"))
    {
        assert!(!String::from_utf8_lossy(data).contains("John Smith"));
    }
    // The pictures: an EMF placeholder of its frame (50.8 × 25.4 mm at 96 dpi), the SVG drawn.
    let by_name = |n: &str| deck.pictures.iter().find(|p| p.name == n).unwrap();
    let e = by_name("ppt/media/image4.emf");
    assert_eq!(e.treatment, PictureTreatment::Placeholder);
    assert_eq!(
        (e.output_name.as_str(), e.width, e.height),
        ("ppt/media/image4.png", 192, 96)
    );
    let s = by_name("ppt/media/image5.svg");
    assert_eq!(s.treatment, PictureTreatment::RenderedSvg);
    assert_eq!(
        (s.output_name.as_str(), s.width, s.height),
        ("ppt/media/image5.png", 256, 128)
    );
    let r3 = String::from_utf8(out["ppt/slides/_rels/slide3.xml.rels"].clone()).unwrap();
    assert!(
        r3.contains("../media/image4.png") && r3.contains("../media/image5.png"),
        "{r3}"
    );
    assert!(
        !r3.contains("media1.mp4") && !r3.contains("Book1") && !r3.contains("tag1"),
        "{r3}"
    );
    // The elements that used removed parts are gone; the object keeps its frame.
    let s3 = String::from_utf8(out["ppt/slides/slide3.xml"].clone()).unwrap();
    assert!(
        !s3.contains("videoFile") && !s3.contains("p14:media") && !s3.contains("p:tags"),
        "{s3}"
    );
    assert!(s3.contains(r#"<p:oleObj progId="Excel.Sheet.12">"#), "{s3}");
    // The hidden picture is left out of slide 3 (its SVG was still redacted).
    assert!(!s3.contains("Picture 3"), "{s3}");
    assert_eq!(deck.hidden_shapes.len(), 1);
    assert_eq!(
        (deck.hidden_shapes[0].slide, deck.hidden_shapes[0].issue),
        (3, ShapeIssue::Hidden)
    );
    // The hidden slide (slide4.xml, number 4) and its ids are gone.
    let pres = String::from_utf8(out["ppt/presentation.xml"].clone()).unwrap();
    assert!(
        !pres.contains(r#"id="259""#) && pres.contains(r#"<p14:sldId id="258"/>"#),
        "{pres}"
    );
    let pr = String::from_utf8(out["ppt/_rels/presentation.xml.rels"].clone()).unwrap();
    assert!(
        !pr.contains("slide4") && !pr.contains("customXml") && !pr.contains("vba"),
        "{pr}"
    );
    let types = String::from_utf8(out["[Content_Types].xml"].clone()).unwrap();
    assert!(
        !types.contains("macroEnabled") && types.contains("presentation.main+xml"),
        "{types}"
    );
    let reasons: BTreeMap<&str, RemovalReason> = (deck.parts_removed.iter())
        .map(|r| (r.name.as_str(), r.reason))
        .collect();
    for (name, reason) in [
        ("ppt/slides/slide4.xml", RemovalReason::HiddenSlide),
        ("ppt/media/media1.mp4", RemovalReason::Video),
        ("ppt/embeddings/Book1.xlsx", RemovalReason::EmbeddedObject),
        ("ppt/tags/tag1.xml", RemovalReason::Tags),
        ("customXml/item1.xml", RemovalReason::CustomXml),
        ("ppt/vbaProject.bin", RemovalReason::Macros),
        ("docProps/custom.xml", RemovalReason::CustomProperties),
    ] {
        assert_eq!(reasons.get(name), Some(&reason), "{name}: {reasons:?}");
        assert!(!out.contains_key(name), "{name}");
    }
    assert_eq!(
        deck.parts_removed
            .iter()
            .find(|r| r.name == "ppt/slides/slide4.xml")
            .unwrap()
            .slide,
        Some(4)
    );
    // The second core-properties part is blanked too.
    assert!(deck
        .properties_cleared
        .iter()
        .any(|p| p.value == "John Smith"));
    // The copy vets with its three visible slides.
    assert_eq!(vet(&deck.bytes, &VetOptions::default()).unwrap().slides, 3);
}

/// `keep_notes` keeps the notes, with the date of birth in them replaced.
#[test]
fn notes_can_be_kept_with_their_identifiers_replaced() {
    let deck = write_redacted(
        &zip_bytes(&deck_for_redaction()),
        Path::new("rounds.pptx"),
        &barcode_detector(),
        &DeckRedactOptions {
            keep_notes: true,
            ..DeckRedactOptions::default()
        },
    )
    .unwrap();
    assert!(deck.verification.ok(), "{:?}", deck.verification.problems);
    let notes =
        String::from_utf8(unzip(&deck.bytes)["ppt/notesSlides/notesSlide1.xml"].clone()).unwrap();
    assert!(notes.contains("Presenter: remember to mention") && notes.contains("[redacted]"));
    assert!(!notes.contains("1962"), "{notes}");
    assert!(deck
        .text_replaced
        .iter()
        .any(|t| t.part == "ppt/notesSlides/notesSlide1.xml" && t.slide == Some(2)));
}

#[test]
fn rels_sources_and_output_names() {
    assert_eq!(write::rels_source("_rels/.rels").as_deref(), Some(""));
    assert_eq!(
        write::rels_source("ppt/slides/_rels/slide1.xml.rels").as_deref(),
        Some("ppt/slides/slide1.xml")
    );
    let taken: BTreeSet<String> = ["ppt/media/a.png".to_string()].into_iter().collect();
    let jpeg = image_io::OutputFormat::Jpeg { quality: 92 };
    assert_eq!(
        write::output_name("ppt/media/a.JPG", jpeg, &taken),
        "ppt/media/a.JPG"
    );
    assert_eq!(
        write::output_name("ppt/media/b.tiff", image_io::OutputFormat::Png, &taken),
        "ppt/media/b.png"
    );
    assert_eq!(
        write::output_name("ppt/media/a.gif", image_io::OutputFormat::Png, &taken),
        "ppt/media/a-redacted.png"
    );
}

#[test]
fn vet_chooses_the_reader_by_the_file_s_kind() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("Grand Rounds.PPTX");
    std::fs::write(&path, zip_bytes(&deck())).unwrap();
    let report = crate::document::vet(&path, None, &VetOptions::default()).unwrap();
    assert_eq!(report.kind(), crate::document::DocumentKind::Pptx);
    let crate::document::DocumentReport::Pptx(own) = &report else {
        panic!("a deck's report")
    };
    assert_eq!(report.concerns(), own.concerns());
    assert!(!report.concerns().is_empty());
    // Serialised with its kind, the report as the deck's own (the `vet --json` contract).
    assert_eq!(
        serde_json::to_value(&report).unwrap(),
        serde_json::json!({"kind": "pptx", "report": serde_json::to_value(own).unwrap()})
    );

    let other = dir.path().join("notes.docx");
    std::fs::write(&other, zip_bytes(&deck())).unwrap();
    let err = crate::document::vet(&other, None, &VetOptions::default()).unwrap_err();
    assert_eq!(err.code(), "unsupported_format");
    assert_eq!(err.path(), Some(other.as_path()));
}
