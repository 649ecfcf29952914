//! PowerPoint decks through `vet`: the corpus decks' properties and pictures, unsafe decks,
//! redacted copies through the gate, LibreOffice opening them.

use crate::util::*;

#[test]
fn corpus_pptx_properties_name_the_author() {
    let Some(corpus) = corpus() else {
        eprintln!("skipped: ../shared/corpus not present");
        return;
    };
    let deck = corpus.join("documents_pptx/prs-properties.pptx");
    let v = vet_json(&deck);
    let props = string_pairs(&v["properties"], "name", "value");
    let has = |n: &str, val: &str| props.iter().any(|(a, b)| a == n && b == val);
    // What `unzip -p prs-properties.pptx docProps/core.xml docProps/app.xml` shows.
    assert!(has("cp:lastModifiedBy", "Steve Canny"), "{props:?}");
    assert!(has("dc:creator", "python-pptx"), "{props:?}");
    assert!(has("Company", "neopraxis.org"), "{props:?}");
    assert!(has("dc:title", "Presentation"), "{props:?}");
    assert_eq!(v["slides"], 0);
    assert_eq!(v["pictures"].as_array().unwrap().len(), 0);
    // The thumbnail (a JPEG of slide 1) is reported.
    assert_eq!(v["thumbnail"]["name"], "docProps/thumbnail.jpeg");
    assert_eq!(v["thumbnail"]["format"], "jpeg");
    assert_eq!(v["thumbnail"]["size_bytes"], 4067);

    // The human summary says who last edited it and exits 0 all the same.
    let out = clearframe(&["vet", s(&deck), "--no-scan"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("cp:lastModifiedBy: Steve Canny  <- names a person"),
        "{text}"
    );
    assert!(text.contains("concern(s) to review"), "{text}");
}

#[test]
fn corpus_pptx_pictures_with_slides_and_crops() {
    let Some(corpus) = corpus() else {
        eprintln!("skipped: ../shared/corpus not present");
        return;
    };
    let deck = corpus.join("documents_pptx/shp-picture.pptx");
    let v = vet_json(&deck);
    assert_eq!(v["slides"], 2);
    assert_eq!(v["pictures_scanned"], true);
    let pics = v["pictures"].as_array().unwrap();
    let names: Vec<&str> = pics.iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["ppt/media/image1.png", "ppt/media/image2.png"]);
    // image1 twice on slide 1, image2 twice on slide 2; on each slide the second use crops it
    // (`a:srcRect l/t/r/b` and `t/r/b`), so the file holds more than the slides show.
    assert_eq!(pics[0]["slides"], serde_json::json!([1]));
    assert_eq!(pics[0]["cropped_on_slides"], serde_json::json!([1]));
    // Both uses of image1 carry its original file name as alt text; image2's have none.
    assert_eq!(
        pics[0]["alt_text"],
        serde_json::json!(["python-powered.png"])
    );
    assert_eq!(pics[1]["alt_text"], serde_json::json!([]));
    assert_eq!(pics[1]["slides"], serde_json::json!([2]));
    assert_eq!(pics[1]["cropped_on_slides"], serde_json::json!([2]));
    for p in pics {
        assert_eq!(p["format"], "png");
        assert!(p["scan_error"].is_null(), "{p}");
        assert!(p["width"].as_u64().unwrap() > 0);
        assert_eq!(p["sha256"].as_str().unwrap().len(), 64);
    }
    assert_eq!(pics[1]["size_bytes"], 64276);

    // The HTML report: self-contained, written once, never over an existing file.
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("report.html");
    let out = clearframe(&["vet", s(&deck), "--no-scan", "--html", s(&html)]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.contains("ppt/media/image2.png"));
    assert!(page.contains("Steve Canny"));
    for external in ["<script", "src=", "href=", "url("] {
        assert!(!page.contains(external), "{external} in the page");
    }
    let again = clearframe(&["vet", s(&deck), "--no-scan", "--html", s(&html)]);
    assert_eq!(again.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&html).unwrap(), page);
}

#[test]
fn vet_refuses_unsafe_or_unreadable_decks() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let evil = dir.path().join("evil.pptx");
    let mut w = zip::ZipWriter::new(std::fs::File::create(&evil).unwrap());
    let opts = zip::write::SimpleFileOptions::default();
    w.start_file("ppt/presentation.xml", opts).unwrap();
    w.write_all(b"<p:presentation/>").unwrap();
    w.start_file("../evil.txt", opts).unwrap();
    w.write_all(b"boo").unwrap();
    w.finish().unwrap();
    let out = clearframe(&["vet", s(&evil), "--json", "--no-scan"]);
    assert_eq!(out.status.code(), Some(1));
    let v = &json_lines(&out)[0];
    assert_eq!(v["error_code"], "unsafe_archive", "{v}");
    assert!(v["error"].as_str().unwrap().contains("../evil.txt"), "{v}");

    let not_zip = dir.path().join("deck.pptx");
    std::fs::write(&not_zip, b"not a zip").unwrap();
    let out = clearframe(&["vet", s(&not_zip), "--no-scan"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("deck.pptx"));
    let out = clearframe(&["vet", s(&dir.path().join("missing.pptx"))]);
    assert_eq!(out.status.code(), Some(1));
}

/// `vet DECK --out DIR` through the gate: refused without the attestations (exit 3, nothing
/// written, the refusal recorded); with them a redacted copy whose pictures are all new, clean
/// and redacted (no face found again, the badge's identifiers no longer read), properties
/// blank, no thumbnail, slide text reported as left, one ledger row for the deck.
#[test]
fn vet_out_writes_a_redacted_deck_through_the_gate() {
    let dir = tempfile::tempdir().unwrap();
    let (bytes, pictures) = build_deck();
    let deck = dir.path().join("Smith John rounds.pptx");
    std::fs::write(&deck, &bytes).unwrap();
    let ledger = dir.path().join("ledger.sqlite3");
    let target = dir.path().join("out");

    let refused = clearframe(&[
        "vet",
        s(&deck),
        "--out",
        s(&target),
        "--ledger",
        s(&ledger),
        "--policy",
        "stanford-peds",
        "--destination",
        "teaching-site",
        "--attest",
        "deidentification-reviewed",
    ]);
    assert_eq!(
        refused.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    assert!(String::from_utf8_lossy(&refused.stderr).contains("nothing was written"));
    assert!(!target.exists(), "nothing may be written on refusal");

    let mut args = vec![
        "vet",
        s(&deck),
        "--out",
        s(&target),
        "--ledger",
        s(&ledger),
        "--reviewer",
        "Dr Reviewer",
        // The quantized face model, as `scan` and `redact` take it; the ledger must name it.
        "--face-model",
        "int8",
    ];
    args.extend_from_slice(STANFORD_OK);
    let out = clearframe(&args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    // The patient's line and the picture's alt text are replaced (listed by place and
    // category, never by the text); the notes with the date of birth are removed.
    assert!(!text.contains("STILL IN THE COPY"), "{text}");
    assert!(
        text.contains(
            r#"text replaced by "[redacted]": slide 1, ppt/slides/slide1.xml (text), person name"#
        ) && text.contains("(alt text)"),
        "{text}"
    );
    assert!(
        text.contains("removed ppt/notesSlides/notesSlide1.xml (slide 2): speaker notes"),
        "{text}"
    );
    assert!(!text.contains("1962"), "{text}");
    assert!(
        text.contains("thumbnail docProps/thumbnail.jpeg removed"),
        "{text}"
    );
    assert_eq!(
        std::fs::read(&deck).unwrap(),
        bytes,
        "the input is never modified"
    );

    let written: Vec<_> = std::fs::read_dir(&target)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(written.len(), 1, "{written:?}");
    let copy = &written[0];
    let name = copy.file_name().unwrap().to_str().unwrap();
    assert!(
        name.starts_with("redacted-") && name.ends_with(".pptx") && !name.contains("Smith"),
        "{name}"
    );
    let parts = unzip_all(copy);
    for (part, original) in &pictures {
        let data = &parts[part];
        assert_ne!(
            sha256_hex(data),
            sha256_hex(original),
            "{part} is the original"
        );
        let img = clearframe_core::image_io::decode_bytes(
            data,
            std::path::Path::new(part),
            &Default::default(),
        )
        .unwrap();
        assert!(
            img.metadata.report.is_clean(),
            "{part}: {:?}",
            img.metadata.report.problems()
        );
    }
    assert!(!parts.contains_key("docProps/thumbnail.jpeg"));
    assert!(!String::from_utf8_lossy(&parts["_rels/.rels"]).contains("thumbnail"));
    let core = String::from_utf8_lossy(&parts["docProps/core.xml"]);
    assert!(!core.contains("Roe") && !core.contains("Smith"), "{core}");
    let app = String::from_utf8_lossy(&parts["docProps/app.xml"]);
    assert!(
        !app.contains("Example Hospital") && !app.contains("Chief"),
        "{app}"
    );

    // The copy, vetted like any deck: no properties, no thumbnail, clean pictures, no face
    // found again and none of the badge's identifiers read.
    let v = vet_json(copy);
    assert_eq!(v["properties"], serde_json::json!([]), "{v}");
    assert!(v["thumbnail"].is_null());
    for p in v["pictures"].as_array().unwrap() {
        assert_eq!(p["metadata_items"], serde_json::json!([]), "{p}");
        assert!(p["findings"]["face"].is_null(), "{p}");
        for t in p["text"].as_array().unwrap() {
            let t = t["text"].as_str().unwrap();
            assert!(
                !t.contains("SMITH") && !t.contains("4821"),
                "still readable: {t}"
            );
        }
    }
    // Slide text and alt text no longer name the patient; the notes are gone.
    assert_eq!(v["identifiers"], serde_json::json!([]), "{v}");
    let slide1 = String::from_utf8_lossy(&parts["ppt/slides/slide1.xml"]);
    assert!(
        !slide1.contains("John Smith") && slide1.contains("<a:t>[redacted]</a:t>"),
        "{slide1}"
    );
    assert!(!parts.contains_key("ppt/notesSlides/notesSlide1.xml"));

    // One exported row for the deck, after the refusal: input = the deck, output = the copy.
    let rows = clearframe(&[
        "audit",
        "export",
        "--format",
        "json",
        "--ledger",
        s(&ledger),
    ]);
    assert!(rows.status.success());
    let rows: serde_json::Value = serde_json::from_slice(&rows.stdout).unwrap();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[0]["entry"]["outcome"], "refused");
    let e = &rows[1]["entry"];
    assert_eq!(e["outcome"], "exported");
    assert_eq!(e["reviewer"], "Dr Reviewer");
    assert_eq!(e["input_sha256"].as_str().unwrap(), sha256_hex(&bytes));
    assert_eq!(e["output_sha256"].as_str().unwrap(), sha256_file(copy));
    assert!(e["output_name"].is_null());
    assert!(
        e["findings"]["face"]["redacted"].as_u64().unwrap() >= 1,
        "{e}"
    );
    assert_eq!(
        e["models"]["centerface-int8.onnx"].as_str().unwrap(),
        clearframe_core::detect::models::pinned_sha256("centerface-int8.onnx").unwrap(),
        "{e}"
    );
    assert!(e["models"].get("centerface.onnx").is_none(), "{e}");
    assert!(
        e["findings"]["text"]["redacted"].as_u64().unwrap() >= 3,
        "{e}"
    );
    let verify = clearframe(&["audit", "verify", "--ledger", s(&ledger)]);
    assert!(
        verify.status.success(),
        "{}",
        String::from_utf8_lossy(&verify.stdout)
    );

    // --output FILE: exactly there, as JSON; never over an existing file.
    let file = dir.path().join("shared.pptx");
    let j = &vet_copy(&deck, &file, &ledger);
    assert_eq!(j["output"].as_str().unwrap(), s(&file));
    assert_eq!(j["verification"]["pictures_checked"], 2);
    assert_eq!(
        j["thumbnail_removed"],
        serde_json::json!(["docProps/thumbnail.jpeg"])
    );
    let first = std::fs::read(&file).unwrap();
    let again = clearframe(&vet_copy_args(&deck, &file, &ledger));
    assert_eq!(again.status.code(), Some(1));
    assert_eq!(std::fs::read(&file).unwrap(), first);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".tmp")
        })
        .collect();
    assert!(leftovers.is_empty());

    // Without any consent arguments --out is a usage error.
    let out = clearframe(&["vet", s(&deck), "--out", s(&target)]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn corpus_pptx_decks_are_redacted_and_verified() {
    let Some(corpus) = corpus() else {
        eprintln!("skipped: ../shared/corpus not present");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("ledger.sqlite3");
    for name in ["prs-properties.pptx", "shp-picture.pptx"] {
        let deck = corpus.join("documents_pptx").join(name);
        let before = vet_json(&deck);
        let file = dir.path().join(name);
        let out = clearframe(&vet_copy_args(&deck, &file, &ledger));
        assert_eq!(
            out.status.code(),
            Some(0),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let j = &json_lines(&out)[0];
        assert_eq!(j["verification"]["problems"], serde_json::json!([]), "{j}");
        let after = vet_json(&file);
        assert_eq!(
            after["properties"],
            serde_json::json!([]),
            "{name}: {after}"
        );
        assert!(after["thumbnail"].is_null(), "{name}");
        assert_eq!(after["slides"], before["slides"]);
        let (b, a) = (
            before["pictures"].as_array().unwrap(),
            after["pictures"].as_array().unwrap(),
        );
        assert_eq!(a.len(), b.len());
        for (pb, pa) in b.iter().zip(a) {
            assert_eq!(pa["name"], pb["name"]);
            assert_eq!(pa["slides"], pb["slides"]);
            assert_eq!(pa["cropped_on_slides"], pb["cropped_on_slides"]);
            assert_ne!(pa["sha256"], pb["sha256"]);
            assert_eq!(pa["metadata_items"], serde_json::json!([]));
            assert_eq!((&pa["width"], &pa["height"]), (&pb["width"], &pb["height"]));
        }
    }
}

/// LibreOffice opens the redacted copy: `soffice --headless --convert-to pdf` succeeds and
/// writes a PDF. Skips (saying so) when `soffice` is not installed; CI installs it
/// (`scripts/setup.sh`). A private profile folder keeps parallel runs apart.
#[test]
fn redacted_deck_converts_to_pdf_with_libreoffice() {
    let dir = tempfile::tempdir().unwrap();
    let (bytes, _) = build_deck();
    let deck = dir.path().join("deck.pptx");
    std::fs::write(&deck, &bytes).unwrap();
    let copy = dir.path().join("redacted.pptx");
    let mut args = vec!["vet", s(&deck), "--output", s(&copy), "--ledger"];
    let ledger = dir.path().join("ledger.sqlite3");
    args.push(s(&ledger));
    args.extend_from_slice(STANFORD_OK);
    let out = clearframe(&args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut decks = vec![copy];
    if let Some(corpus) = corpus() {
        let shp = dir.path().join("shp-picture-redacted.pptx");
        let mut args = vec!["vet"];
        let src = corpus.join("documents_pptx/shp-picture.pptx");
        args.extend_from_slice(&[s(&src), "--output", s(&shp), "--ledger", s(&ledger)]);
        args.extend_from_slice(STANFORD_OK);
        assert_eq!(clearframe(&args).status.code(), Some(0));
        decks.push(shp);
    }
    for d in &decks {
        let start = std::time::Instant::now();
        let Some(pdf) = libreoffice_pdf(d, dir.path()) else {
            return;
        };
        let data = std::fs::read(&pdf).unwrap();
        eprintln!(
            "{}: converted to PDF in {:.1} s ({} bytes)",
            d.display(),
            start.elapsed().as_secs_f64(),
            data.len()
        );
    }
}
