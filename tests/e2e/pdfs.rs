//! PDFs through `vet`: the corpus PDFs' images.

use crate::util::*;

/// `vet FILE.pdf`: the corpus PDFs' images (a JPEG as DCTDecode, the same picture as raw Flate
/// RGB) are listed with their page, decoded and scanned alike; the Info dictionary is read.
#[test]
fn corpus_pdf_images_are_listed_decoded_and_scanned() {
    let Some(corpus) = corpus() else {
        eprintln!("skipped: ../shared/corpus not present");
        return;
    };
    let v = vet_json(&corpus.join("documents_pdf/pdf-with-pngjpg.pdf"));
    assert_eq!(v["pages"], 1);
    assert!(
        v["properties"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["name"] == "Creator" && p["value"] == "TeX"),
        "{v}"
    );
    let images = v["images"].as_array().unwrap();
    assert_eq!(images.len(), 2, "{v}");
    let mut filters: Vec<&str> = images
        .iter()
        .map(|i| i["filters"][0].as_str().unwrap())
        .collect();
    filters.sort();
    assert_eq!(filters, ["DCTDecode", "FlateDecode"]);
    for i in images {
        assert_eq!(i["pages"], serde_json::json!([1]));
        assert!(i["scan_error"].is_null(), "{i}");
        assert_eq!(
            (i["width"].as_u64(), i["height"].as_u64()),
            (Some(200), Some(133))
        );
    }
    // Both copies of the picture give the same findings.
    assert_eq!(images[0]["findings"], images[1]["findings"]);
    // A redacted copy goes through the gate like any export: refused without the policy's
    // attestations and consent reference, nothing created.
    let dir = tempfile::tempdir().unwrap();
    let out = clearframe(&[
        "vet",
        s(&corpus.join("documents_pdf/pdf-with-jpg.pdf")),
        "--out",
        s(&dir.path().join("o")),
        "--policy",
        "stanford-peds",
        "--destination",
        "teaching-site",
    ]);
    assert_eq!(out.status.code(), Some(3));
    assert!(!dir.path().join("o").exists());
}
