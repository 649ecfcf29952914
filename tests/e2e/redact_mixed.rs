//! `redact` on a folder that holds a photo, a deck, a PDF, a broken PDF and a file ClearFrame
//! does not read: each file is exported as the kind it is (the photo as a redacted picture, the
//! deck and the PDF as the copies `vet --out` writes), each with its ledger row; the broken
//! PDF is an error naming it and the batch goes on; the other file is left alone.

use crate::util::*;

#[test]
fn redact_takes_a_folder_of_photos_decks_and_pdfs_each_as_the_kind_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::copy(fixture("astronaut.jpg"), input.join("a_photo.jpg")).unwrap();
    std::fs::write(input.join("b_deck.pptx"), build_deck().0).unwrap();
    let pdf = crate::pdf_clean::build_pdf();
    std::fs::write(input.join("c_letter.PDF"), &pdf).unwrap();
    std::fs::write(input.join("d_broken.pdf"), &pdf[..pdf.len() / 5]).unwrap();
    std::fs::write(input.join("e_notes.txt"), b"Patient: John Smith").unwrap();
    let out_dir = dir.path().join("out");
    let ledger = dir.path().join("ledger.sqlite3");
    let out = redact_json(&input, &out_dir, &ledger);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines = json_lines(&out);
    assert_eq!(
        out.status.code(),
        Some(1),
        "one file failed: {stderr} {lines:?}"
    );
    assert_eq!(lines.len(), 4, "{lines:?}");

    // The photo: a redacted picture with its face covered.
    assert!(lines[0]["error"].is_null(), "{}", lines[0]);
    assert!(lines[0]["document"].is_null());
    assert!(lines[0]["redacted"].as_u64().unwrap() >= 1, "{}", lines[0]);
    // The deck and the PDF: their copies, verified, the identifiers replaced or covered.
    let deck = &lines[1];
    assert_eq!(deck["document"], "pptx", "{deck}");
    assert_eq!(deck["verification"]["problems"], serde_json::json!([]));
    assert!(
        !deck["text_replaced"].as_array().unwrap().is_empty(),
        "{deck}"
    );
    let letter = &lines[2];
    assert_eq!(letter["document"], "pdf", "{letter}");
    assert_eq!(letter["verification"]["problems"], serde_json::json!([]));
    assert!(
        (letter["text_redacted"].as_array().unwrap().iter()).any(|t| t["category"] == "name"),
        "{letter}"
    );
    // The broken PDF: an error naming it.
    let err = lines[3]["error"].as_str().expect("an error line");
    assert!(
        err.contains("d_broken.pdf") && err.contains("truncated"),
        "{err}"
    );

    // Three files written, each of its kind, named neutrally; every one has its ledger row.
    let mut written: Vec<String> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    assert_eq!(written.len(), 3, "{written:?}");
    for ext in [".jpg", ".pptx", ".pdf"] {
        assert!(
            written
                .iter()
                .any(|n| n.starts_with("redacted-") && n.ends_with(ext)),
            "{written:?}"
        );
    }
    for line in &lines[..3] {
        let output = std::path::Path::new(line["output"].as_str().unwrap());
        assert_eq!(
            sha256_file(output),
            line["output_sha256"].as_str().unwrap(),
            "{line}"
        );
    }
    if let Some(text) = pdftotext(std::path::Path::new(letter["output"].as_str().unwrap())) {
        assert!(text.trim().is_empty(), "the PDF copy has no text: {text}");
    }
    let rows = ledger_rows(&ledger);
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 3, "{rows:?}");
    // Workers finish in any order: the rows are matched by the copies' hashes.
    for line in &lines[..3] {
        let row = (rows.iter())
            .find(|r| r["entry"]["output_sha256"] == line["output_sha256"])
            .unwrap_or_else(|| panic!("no ledger row for {}", line["output"]));
        let counts = &row["entry"]["document"];
        match line["document"].as_str() {
            None => assert!(counts.is_null(), "{row}"),
            Some(_) => assert!(counts["text_replaced"].as_u64() >= Some(1), "{row}"),
        }
    }
    let verify = clearframe(&["audit", "verify", "--ledger", s(&ledger)]);
    assert!(verify.status.success());
}
