use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;

use super::*;
use crate::detect::TextCategory;
use crate::document::{VetOptions, ZipLimits};

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
    // 8 MB of zeros as a "picture", under a lowered per-entry ratio limit.
    let mut entries = deck();
    entries.push(("ppt/media/image2.png".into(), vec![0u8; 8 * 1024 * 1024]));
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
