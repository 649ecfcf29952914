//! A redacted copy of a slide deck, end to end: `document::write_redacted` (every picture
//! decoded, scanned for faces, text and barcodes, redacted, re-encoded and checked; text
//! replaced; notes removed; the copy reopened and verified), as the median over repeated runs.
//!
//! `cargo bench -p clearframe-core --bench deck -- PHOTO... [--slides 40] [--repeat 3]`
//! builds a deck of `--slides` slides in memory, the given photos (JPEG or PNG files) one per
//! slide on the first slides, each slide titled with a made-up patient's name and given notes,
//! then times the copy. Models are loaded once, before timing. It prints numbers and never
//! fails on them.

use std::io::{Cursor, Write};
use std::path::Path;

mod common;

use clearframe_core::detect::{Detector, DetectorConfig};
use clearframe_core::document::{write_redacted, DeckRedactOptions};
use common::{timed, BenchArgs};

const NS: &str = r#"xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main""#;
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

fn rels(list: &[(String, &str, String)]) -> Vec<u8> {
    let mut s = String::from(
        r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    );
    for (id, kind, target) in list {
        s.push_str(&format!(
            r#"<Relationship Id="{id}" Type="{REL}/{kind}" Target="{target}"/>"#
        ));
    }
    (s + "</Relationships>").into_bytes()
}

/// The deck: `slides` slides, `photos[i]` on slide `i + 1`.
fn deck(slides: usize, photos: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut entries: Vec<(String, Vec<u8>)> = Vec::new();
    let mut pres_rels = Vec::new();
    let mut ids = String::new();
    for n in 1..=slides {
        pres_rels.push((format!("rId{n}"), "slide", format!("slides/slide{n}.xml")));
        ids.push_str(&format!(r#"<p:sldId id="{}" r:id="rId{n}"/>"#, 255 + n));
        let title = format!(
            r#"<p:sp><p:nvSpPr><p:cNvPr id="2" name="Title"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr><a:xfrm><a:off x="457200" y="274638"/><a:ext cx="8229600" cy="1143000"/></a:xfrm></p:spPr><p:txBody><a:bodyPr/><a:p><a:r><a:t>Case {n}: Patient John Smith, MRN 4821-77{n:02}</a:t></a:r></a:p><a:p><a:r><a:t>Day {n}: wound healing</a:t></a:r></a:p></p:txBody></p:sp>"#
        );
        let mut slide_rels = vec![(
            "rId9".to_string(),
            "notesSlide",
            format!("../notesSlides/notesSlide{n}.xml"),
        )];
        let mut body = title;
        if let Some((name, bytes)) = photos.get(n - 1) {
            let part = format!("image{n}.{}", name.rsplit('.').next().unwrap_or("jpeg"));
            body.push_str(&format!(
                r#"<p:pic><p:nvPicPr><p:cNvPr id="3" name="Picture" descr="{name}"/><p:cNvPicPr/><p:nvPr/></p:nvPicPr><p:blipFill><a:blip r:embed="rId2"/><a:stretch><a:fillRect/></a:stretch></p:blipFill><p:spPr><a:xfrm><a:off x="1524000" y="1600200"/><a:ext cx="6096000" cy="4572000"/></a:xfrm></p:spPr></p:pic>"#
            ));
            slide_rels.push(("rId2".into(), "image", format!("../media/{part}")));
            entries.push((format!("ppt/media/{part}"), bytes.clone()));
        }
        entries.push((
            format!("ppt/slides/slide{n}.xml"),
            format!(r#"<?xml version="1.0"?><p:sld {NS}><p:cSld><p:spTree>{body}</p:spTree></p:cSld></p:sld>"#).into_bytes(),
        ));
        entries.push((
            format!("ppt/slides/_rels/slide{n}.xml.rels"),
            rels(&slide_rels),
        ));
        entries.push((
            format!("ppt/notesSlides/notesSlide{n}.xml"),
            format!(r#"<?xml version="1.0"?><p:notes {NS}><p:cSld><p:spTree><p:sp><p:txBody><a:p><a:r><a:t>DOB 03/14/1962</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:notes>"#).into_bytes(),
        ));
    }
    entries.push((
        "[Content_Types].xml".into(),
        br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="jpeg" ContentType="image/jpeg"/><Default Extension="jpg" ContentType="image/jpeg"/><Default Extension="png" ContentType="image/png"/></Types>"#.to_vec(),
    ));
    entries.push((
        "_rels/.rels".into(),
        rels(&[(
            "rId1".into(),
            "officeDocument",
            "ppt/presentation.xml".into(),
        )]),
    ));
    entries.push((
        "ppt/presentation.xml".into(),
        format!(r#"<?xml version="1.0"?><p:presentation {NS}><p:sldIdLst>{ids}</p:sldIdLst><p:sldSz cx="9144000" cy="6858000"/></p:presentation>"#).into_bytes(),
    ));
    entries.push(("ppt/_rels/presentation.xml.rels".into(), rels(&pres_rels)));
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    for (name, data) in &entries {
        w.start_file(name.as_str(), opts).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn main() {
    // As the CLI and the app do, so the figures are theirs (crate::memory).
    clearframe_core::memory::tune_allocator();
    let args = BenchArgs::from_env();
    let (slides, repeat) = (
        args.flag("--slides", 40).max(1),
        args.flag("--repeat", 3).max(1),
    );
    let photos: Vec<(String, Vec<u8>)> = (args.files().into_iter())
        .map(|f| {
            let name = f.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&f).expect("photo"))
        })
        .take(slides)
        .collect();
    assert!(
        !photos.is_empty(),
        "usage: deck PHOTO... [--slides 40] [--repeat 3]"
    );
    let bytes = deck(slides, &photos);
    let detector =
        Detector::load(DetectorConfig::default()).expect("models (run scripts/setup.sh)");
    let opts = DeckRedactOptions::default();
    let path = Path::new("bench.pptx");
    let (times, copy) = timed(repeat, || {
        write_redacted(&bytes, path, &detector, &opts).expect("copy")
    });
    let median = times[times.len() / 2];
    println!(
        "deck: {slides} slides, {} photos, {:.1} MB; copy: {} text replaced, {} parts removed, verified {}",
        photos.len(),
        bytes.len() as f64 / 1e6,
        copy.text_replaced.len(),
        copy.parts_removed.len(),
        copy.verification.ok()
    );
    println!(
        "write_redacted: median {median:.2} s of {repeat} (min {:.2}, max {:.2}); {:.2} s per photo",
        times[0],
        times[times.len() - 1],
        median / photos.len() as f64
    );
}
