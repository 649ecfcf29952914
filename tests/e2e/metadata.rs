//! Metadata: every block removed and checked, and the corpus's metadata, malformed and
//! HEIF/AVIF files.

use std::time::Duration;

use crate::util::*;

#[test]
fn every_metadata_block_is_removed_and_checked_independently() {
    let dir = tempfile::tempdir().unwrap();
    let up = upright();
    std::fs::write(dir.path().join("meta.jpg"), jpeg_with_everything(&up)).unwrap();
    std::fs::write(dir.path().join("meta.png"), png_with_everything(&up)).unwrap();
    let scan = clearframe(&["scan", "--json", "--detect", "face", s(dir.path())]);
    let lines = json_lines(&scan);
    let jpg = lines
        .iter()
        .find(|l| l["path"].as_str().unwrap().ends_with("meta.jpg"))
        .unwrap();
    for k in ["exif", "gps", "xmp", "iptc", "thumbnail", "comment"] {
        assert_eq!(jpg["metadata"][k], true, "scan should report {k}: {jpg}");
    }
    assert_eq!(jpg["metadata"]["trailing_bytes"], 20);
    let png = lines
        .iter()
        .find(|l| l["path"].as_str().unwrap().ends_with("meta.png"))
        .unwrap();
    for k in ["exif", "gps", "xmp", "comment"] {
        assert_eq!(png["metadata"][k], true, "scan should report {k}: {png}");
    }

    let out_dir = tempfile::tempdir().unwrap();
    let out = redact_folder_json(dir.path(), out_dir.path());
    for l in out {
        let path = std::path::PathBuf::from(l["output"].as_str().unwrap());
        let bytes = std::fs::read(&path).unwrap();
        let report = clearframe_core::metadata::inspect(&bytes);
        assert!(
            report.is_clean(),
            "{}: {:?}",
            path.display(),
            report.problems()
        );
        for needle in [&b"Smith"[..], b"Roe", b"TRAILING", b"Canon", b"Exif"] {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle),
                "{} still contains {:?}",
                path.display(),
                String::from_utf8_lossy(needle)
            );
        }
        if let Some(groups) = exiftool_metadata_groups(&path) {
            assert!(
                groups.is_empty(),
                "exiftool still sees in {}: {groups:?}",
                path.display()
            );
        }
    }
}

#[test]
fn corpus_metadata_outputs_are_clean_for_exiftool() {
    let Some(corpus) = corpus() else {
        eprintln!("skipped: ../shared/corpus not present");
        return;
    };
    let out_dir = tempfile::tempdir().unwrap();
    let meta = corpus.join("metadata");
    let mut args = vec!["redact", s(&meta), "--out", s(out_dir.path()), "--json"];
    args.extend_from_slice(STANFORD_OK);
    let out = clearframe_with_limit(&args, Duration::from_secs(900));
    let lines = json_lines(&out);
    assert!(
        lines.len() > 50,
        "expected the metadata corpus, got {} lines",
        lines.len()
    );
    let mut written = 0;
    for l in &lines {
        if !l["error"].is_null() {
            eprintln!("not exported: {} ({})", l["path"], l["error"]);
            continue;
        }
        written += 1;
        let path = std::path::PathBuf::from(l["output"].as_str().unwrap());
        assert!(clearframe_core::metadata::inspect(&std::fs::read(&path).unwrap()).is_clean());
        if let Some(groups) = exiftool_metadata_groups(&path) {
            assert!(
                groups.is_empty(),
                "{} -> {}: exiftool sees {groups:?}",
                l["path"],
                path.display()
            );
        }
    }
    assert!(written > 50, "only {written} files exported");
    let leftovers: Vec<_> = std::fs::read_dir(out_dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn corpus_malformed_files_error_or_come_out_clean() {
    let Some(corpus) = corpus() else {
        eprintln!("skipped: ../shared/corpus not present");
        return;
    };
    let out_dir = tempfile::tempdir().unwrap();
    let mal = corpus.join("malformed");
    let mut args = vec!["redact", s(&mal), "--out", s(out_dir.path()), "--json"];
    args.extend_from_slice(STANFORD_OK);
    // A hang or a panic fails the test; per-file errors are expected.
    let out = clearframe_with_limit(&args, Duration::from_secs(900));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "exit {:?}: {stderr}",
        out.status.code()
    );
    let lines = json_lines(&out);
    assert!(lines.len() > 20);
    for l in &lines {
        match l["error"].as_str() {
            Some(e) => assert!(
                e.contains(l["path"].as_str().unwrap_or("?")),
                "error without its file: {l}"
            ),
            None => {
                let path = std::path::PathBuf::from(l["output"].as_str().unwrap());
                assert!(
                    clearframe_core::metadata::inspect(&std::fs::read(&path).unwrap()).is_clean()
                );
            }
        }
    }
}

/// The corpus's HEIC/HEIF/AVIF files and their displayed size. rot1mir0.avif's manifest size
/// (427x640) is its coded size: Pillow reports its irot/imir as an EXIF orientation rather than
/// applying them; shown, it is 640x427 (the core's tests check the transform itself).
const HEIF_CORPUS: &[(&str, (u32, u32))] = &[
    ("metadata/heic/IMG_5195.HEIC", (2566, 3313)),
    ("metadata/heic/samplefilehub.heif", (640, 426)),
    ("metadata/avif_heif/exif.avif", (512, 512)),
    ("metadata/avif_heif/hopper.avif", (128, 128)),
    ("metadata/avif_heif/hopper.heif", (128, 128)),
    ("metadata/avif_heif/icc_profile.avif", (57, 57)),
    ("metadata/avif_heif/rot1mir0.avif", (640, 427)),
    ("metadata/avif_heif/xmp_tags_orientation.avif", (326, 268)),
    ("metadata/minimal_exif/exif.heic", (64, 64)),
];

#[test]
fn corpus_heif_and_avif_folder_exports_clean_jpegs_at_the_displayed_size() {
    let Some(corpus) = corpus() else {
        eprintln!("skipped: ../shared/corpus not present");
        return;
    };
    // A folder of them (upper- and lower-case extensions): folder scanning picks them up.
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    for (i, (name, _)) in HEIF_CORPUS.iter().enumerate() {
        let file = std::path::Path::new(name)
            .file_name()
            .unwrap()
            .to_str()
            .unwrap();
        std::fs::copy(corpus.join(name), input.join(format!("{i}_{file}"))).unwrap();
    }
    let scan = clearframe(&["scan", "--json", "--detect", "face", s(&input)]);
    let lines = json_lines(&scan);
    assert_eq!(
        lines.len(),
        HEIF_CORPUS.len(),
        "{}",
        String::from_utf8_lossy(&scan.stderr)
    );
    for (l, (name, (w, h))) in lines.iter().zip(HEIF_CORPUS) {
        assert!(l["error"].is_null(), "{name}: {l}");
        assert_eq!(
            (l["width"].as_u64(), l["height"].as_u64()),
            (Some(u64::from(*w)), Some(u64::from(*h))),
            "{name}"
        );
    }
    let out_dir = dir.path().join("out");
    let mut args = vec!["redact", s(&input), "--out", s(&out_dir), "--json"];
    args.extend_from_slice(STANFORD_OK);
    let lines = clearframe_json(&args);
    assert_eq!(lines.len(), HEIF_CORPUS.len());
    for (l, (name, (w, h))) in lines.iter().zip(HEIF_CORPUS) {
        assert!(l["error"].is_null(), "{name}: {l}");
        let path = std::path::PathBuf::from(l["output"].as_str().unwrap());
        assert_eq!(
            path.extension().unwrap(),
            "jpg",
            "{name}: HEIF is never written"
        );
        let bytes = std::fs::read(&path).unwrap();
        assert!(bytes.starts_with(&[0xFF, 0xD8]), "{name}: not a JPEG");
        let report = clearframe_core::metadata::inspect(&bytes);
        assert!(report.is_clean(), "{name}: {:?}", report.problems());
        assert_eq!(load_rgb(&path).dimensions(), (*w, *h), "{name}");
        if let Some(groups) = exiftool_metadata_groups(&path) {
            assert!(groups.is_empty(), "{name}: exiftool sees {groups:?}");
        }
    }
}

#[test]
fn corpus_heif_hopper_face_is_found_upright_like_the_webp() {
    let Some(corpus) = corpus() else {
        eprintln!("skipped: ../shared/corpus not present");
        return;
    };
    let files = [
        corpus.join("metadata/webp/hopper.webp"),
        corpus.join("metadata/avif_heif/hopper.avif"),
        corpus.join("metadata/avif_heif/hopper.heif"),
    ];
    let mut args = vec!["scan", "--json", "--detect", "face"];
    args.extend(files.iter().map(|f| s(f)));
    let lines = clearframe_json(&args);
    let boxes: Vec<[u32; 4]> = lines
        .iter()
        .map(|l| {
            let faces = l["findings"].as_array().unwrap();
            assert_eq!(faces.len(), 1, "one face: {l}");
            rect(&faces[0]["box"])
        })
        .collect();
    for (b, f) in boxes[1..].iter().zip(&files[1..]) {
        assert!(
            covered(*b, boxes[0]) > 0.7 && covered(boxes[0], *b) > 0.7,
            "{}: face at {b:?}, in the WebP at {:?}",
            f.display(),
            boxes[0]
        );
    }
}
