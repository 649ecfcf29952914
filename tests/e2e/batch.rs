//! Batches: parallel scans keep their order, bad files do not stop the batch.

use crate::util::*;

#[test]
fn parallel_scan_reports_the_same_findings_in_the_same_order() {
    let dir = tempfile::tempdir().unwrap();
    for (i, name) in [
        "astronaut.jpg",
        "badge.png",
        "wristband.png",
        "astronaut.jpg",
    ]
    .iter()
    .enumerate()
    {
        let ext = name.rsplit('.').next().unwrap();
        std::fs::copy(fixture(name), dir.path().join(format!("{i}.{ext}"))).unwrap();
    }
    std::fs::write(dir.path().join("2b.png"), b"not a png").unwrap();
    let summary = |jobs: &str| {
        let out = clearframe(&["scan", "--json", "--jobs", jobs, s(dir.path())]);
        assert_eq!(out.status.code(), Some(1), "one bad file: exit 1");
        json_lines(&out)
            .iter()
            .map(|l| {
                let f = l["findings"].as_array().unwrap();
                let kinds: Vec<_> = f.iter().map(|f| f["kind"].to_string()).collect();
                let texts: Vec<_> = f.iter().map(|f| f["text"].to_string()).collect();
                (l["path"].to_string(), l["error"].is_null(), kinds, texts)
            })
            .collect::<Vec<_>>()
    };
    let one = summary("1");
    assert_eq!(one.len(), 5);
    assert!(!one[3].1, "2b.png failed: {:?}", one[3]);
    assert_eq!(summary("3"), one);
}

#[test]
fn bad_files_get_clear_errors_and_do_not_stop_the_batch() {
    let dir = tempfile::tempdir().unwrap();
    let good = std::fs::read(fixture("astronaut.jpg")).unwrap();
    std::fs::write(dir.path().join("a_truncated.jpg"), &good[..good.len() / 3]).unwrap();
    std::fs::write(
        dir.path().join("b_garbage.jpg"),
        b"this is not an image at all",
    )
    .unwrap();
    std::fs::write(dir.path().join("c_empty.png"), b"").unwrap();
    std::fs::write(dir.path().join("d_good.jpg"), &good).unwrap();
    let out = clearframe(&["scan", "--json", "--detect", "face", s(dir.path())]);
    assert_eq!(out.status.code(), Some(1), "exit 1 when a file fails");
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 4);
    for l in &lines[..3] {
        let e = l["error"]
            .as_str()
            .unwrap_or_else(|| panic!("expected an error: {l}"));
        let name = l["path"].as_str().unwrap();
        assert!(
            e.contains(
                std::path::Path::new(name)
                    .file_name()
                    .unwrap()
                    .to_str()
                    .unwrap()
            ),
            "error names the file: {e}"
        );
    }
    assert!(lines[3]["error"].is_null());
    assert_eq!(lines[3]["findings"].as_array().unwrap().len(), 1);

    // An unwritable output folder is a clear error naming it, and no temporary file remains.
    let ro = tempfile::tempdir().unwrap();
    let blocked = ro.path().join("blocked");
    std::fs::write(&blocked, b"a file where a folder should be").unwrap();
    let good_path = dir.path().join("d_good.jpg");
    let mut args = vec!["redact", s(&good_path), "--out", s(&blocked)];
    args.extend_from_slice(STANFORD_OK);
    let out = clearframe(&args);
    assert_ne!(out.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("blocked"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Links in a folder are followed (a photo reached through a link is scanned, once); a link to
/// nothing and a folder with nothing to open are errors naming them; the batch goes on and
/// exports what it can, leaving nothing half-written.
#[cfg(unix)]
#[test]
fn linked_dangling_and_empty_inputs_are_taken_or_named() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let photos = dir.path().join("photos");
    let library = dir.path().join("library");
    std::fs::create_dir_all(&photos).unwrap();
    std::fs::create_dir_all(&library).unwrap();
    std::fs::copy(fixture("astronaut.jpg"), library.join("visit.jpg")).unwrap();
    symlink(library.join("visit.jpg"), photos.join("linked.jpg")).unwrap();
    symlink(&library, photos.join("library-link")).unwrap();
    symlink(dir.path().join("deleted.jpg"), photos.join("dangling.jpg")).unwrap();
    let empty = dir.path().join("empty");
    std::fs::create_dir_all(&empty).unwrap();

    let out = clearframe(&["scan", "--json", "--detect", "face", s(&photos), s(&empty)]);
    assert_eq!(out.status.code(), Some(1), "exit 1 when an input fails");
    let lines = json_lines(&out);
    let ok: Vec<&str> = (lines.iter())
        .filter(|l| l["error"].is_null())
        .map(|l| l["path"].as_str().unwrap())
        .collect();
    // The photo through the folder link and through the file link is one input.
    assert_eq!(ok.len(), 1, "{lines:?}");
    let errors: Vec<&str> = (lines.iter()).filter_map(|l| l["error"].as_str()).collect();
    assert_eq!(errors.len(), 2, "{lines:?}");
    assert!(
        errors
            .iter()
            .any(|e| e.contains("dangling.jpg") && e.contains("link to nothing")),
        "{errors:?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.contains("empty") && e.contains("nothing to open")),
        "{errors:?}"
    );

    // redact: the photo is exported, the dangling link named, and the output folder holds
    // only the finished export.
    let out_dir = dir.path().join("out");
    let out = redact_json(&photos, &out_dir, &dir.path().join("ledger.sqlite3"));
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines = json_lines(&out);
    assert_eq!(
        lines.iter().filter(|l| l["output"].is_string()).count(),
        1,
        "{lines:?}"
    );
    let written: Vec<_> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(written.len(), 1, "{written:?}");
    assert!(
        written[0].to_str().unwrap().starts_with("redacted-"),
        "{written:?}"
    );
}
