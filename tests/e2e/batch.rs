//! Batches: parallel scans keep their order, bad files do not stop the batch.

use image::RgbImage;

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
    // A pixel bomb: a small PNG whose header says 60000×60000 (3.6 gigapixels).
    let mut bomb = png_bytes(&RgbImage::new(64, 64));
    bomb[16..20].copy_from_slice(&60_000u32.to_be_bytes());
    bomb[20..24].copy_from_slice(&60_000u32.to_be_bytes());
    let crc = crc32(&bomb[12..29]);
    bomb[29..33].copy_from_slice(&crc.to_be_bytes());
    std::fs::write(dir.path().join("e_huge.png"), &bomb).unwrap();
    // A PNG named .jpg: read as what it is.
    let png = png_bytes(&load_rgb(&fixture("astronaut.jpg")));
    std::fs::write(dir.path().join("f_png_named.jpg"), &png).unwrap();
    let out = clearframe(&["scan", "--json", "--detect", "face", s(dir.path())]);
    assert_eq!(out.status.code(), Some(1), "exit 1 when a file fails");
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 6);
    let huge = lines[4]["error"].as_str().unwrap_or_default();
    assert!(
        huge.contains("e_huge.png") && huge.contains("60000"),
        "the bomb is refused, named, with its size: {}",
        lines[4]
    );
    assert!(lines[5]["error"].is_null(), "{}", lines[5]);
    assert_eq!(lines[5]["findings"].as_array().unwrap().len(), 1);
    for l in lines[..3].iter().chain(&lines[4..5]) {
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

/// Run the CLI through `launcher` (a command and its arguments before the binary), with a
/// per-test data folder anyone can write.
#[cfg(unix)]
fn clearframe_via(
    launcher: &[&str],
    data: &std::path::Path,
    args: &[&str],
) -> std::process::Output {
    let (cmd, pre) = launcher.split_first().expect("a launcher");
    std::process::Command::new(cmd)
        .args(pre)
        .arg(env!("CARGO_BIN_EXE_clearframe"))
        .args(args)
        .env("XDG_DATA_HOME", data)
        .env("LC_ALL", "C.UTF-8")
        .stdin(std::process::Stdio::null())
        .output()
        .expect("start clearframe")
}

/// How to run the CLI so that file permissions apply: as it is when this runs unprivileged,
/// as `nobody` (setpriv) when it runs as root (root reads and writes through any permission;
/// CI runs as root). `None` when neither works here (the binary out of nobody's reach).
#[cfg(unix)]
fn unprivileged(data: &std::path::Path) -> Option<Vec<&'static str>> {
    let uid = std::process::Command::new("id").arg("-u").output().ok()?;
    let launcher = if String::from_utf8_lossy(&uid.stdout).trim() == "0" {
        vec![
            "setpriv",
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            "--",
        ]
    } else {
        vec!["env", "--"]
    };
    let probe = clearframe_via(&launcher, data, &["--version"]);
    probe.status.success().then_some(launcher)
}

/// Files and folders the user may not read, an output folder they may not write, a ledger
/// made read-only and a disk that fills up mid-file: each is an error naming the file (and
/// the folder or ledger at fault), the other files go on, nothing half-written remains and
/// the ledger still verifies with only the exports that happened.
#[cfg(unix)]
#[test]
fn permissions_a_read_only_ledger_and_a_full_disk_are_named_and_leave_nothing_behind() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &std::path::Path, m: u32| {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap()
    };
    let dir = tempfile::tempdir().unwrap();
    mode(dir.path(), 0o777);
    let Some(nobody) = unprivileged(dir.path()) else {
        eprintln!("skipped: the CLI cannot be run unprivileged here");
        return;
    };
    let run = |args: &[&str]| clearframe_via(&nobody, dir.path(), args);
    let stderr = |o: &std::process::Output| String::from_utf8_lossy(&o.stderr).to_string();
    let photos = dir.path().join("photos");
    let locked_folder = photos.join("c_locked");
    std::fs::create_dir_all(&locked_folder).unwrap();
    let good = std::fs::read(fixture("astronaut.jpg")).unwrap();
    for name in ["a_locked.jpg", "b_good.jpg", "c_locked/d.jpg"] {
        std::fs::write(photos.join(name), &good).unwrap();
        mode(&photos.join(name), 0o644);
    }
    mode(&photos, 0o755);
    mode(&photos.join("a_locked.jpg"), 0o000);
    mode(&locked_folder, 0o000);
    let files_in = |p: &std::path::Path| -> Vec<String> {
        std::fs::read_dir(p).map_or(Vec::new(), |d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
    };

    // Unreadable file and folder: named, "permission denied"; the readable photo is scanned.
    let out = run(&["scan", "--json", "--detect", "face", s(&photos)]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 3, "{lines:?}");
    for (line, name) in [(&lines[0], "a_locked.jpg"), (&lines[2], "c_locked")] {
        let e = line["error"].as_str().unwrap_or_default();
        assert!(
            e.contains(name) && e.contains("Permission denied"),
            "{line}"
        );
    }
    assert_eq!(
        lines[1]["findings"].as_array().unwrap().len(),
        1,
        "{}",
        lines[1]
    );

    // An output folder the user may not write: each file's error names it; nothing is written.
    let ledger = dir.path().join("ledger.sqlite3");
    let sealed = dir.path().join("sealed");
    std::fs::create_dir(&sealed).unwrap();
    mode(&sealed, 0o555);
    let b_good = photos.join("b_good.jpg");
    let mut args = vec![
        "redact",
        s(&b_good),
        "--out",
        s(&sealed),
        "--json",
        "--ledger",
        s(&ledger),
    ];
    args.extend_from_slice(STANFORD_OK);
    let out = run(&args);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let line = &json_lines(&out)[0];
    assert_eq!(
        line["path"],
        s(&b_good),
        "the line is about the input: {line}"
    );
    assert!(
        line["error"].as_str().unwrap().contains(s(&sealed)),
        "{line}"
    );
    assert!(files_in(&sealed).is_empty(), "{:?}", files_in(&sealed));

    // A read-only ledger: the export is refused naming it, no copy is written, and the ledger
    // still verifies with its one row.
    let first = dir.path().join("out-first");
    let mut args = vec![
        "redact",
        s(&b_good),
        "--out",
        s(&first),
        "--ledger",
        s(&ledger),
    ];
    args.extend_from_slice(STANFORD_OK);
    let out = run(&args);
    assert!(out.status.success(), "{}", stderr(&out));
    mode(&ledger, 0o444);
    let second = dir.path().join("out-second");
    let mut args = vec![
        "redact",
        s(&b_good),
        "--out",
        s(&second),
        "--ledger",
        s(&ledger),
    ];
    args.extend_from_slice(STANFORD_OK);
    let out = run(&args);
    let err = stderr(&out);
    assert_ne!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains(s(&ledger)) && err.contains("readonly"),
        "{err}"
    );
    assert!(files_in(&second).is_empty(), "{:?}", files_in(&second));
    let verify = clearframe(&["audit", "verify", "--ledger", s(&ledger)]);
    assert!(verify.status.success(), "{}", stderr(&verify));
    assert_eq!(ledger_rows(&ledger).as_array().map(Vec::len), Some(1));

    // A disk that fills up while writing (a 1 MiB file-size limit; the big copy does not fit):
    // the big file's error names it and the folder, no partial file remains, the small one is
    // exported and is the ledger's only row.
    let big = dir.path().join("big.png");
    let mut state = 12_345u32;
    let noise = RgbImage::from_fn(1500, 1000, |_, _| {
        state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        let b = state.to_le_bytes();
        image::Rgb([b[1], b[2], b[3]])
    });
    std::fs::write(&big, png_bytes(&noise)).unwrap();
    let full = dir.path().join("out-full");
    let full_ledger = dir.path().join("full.sqlite3");
    let limited = [
        "bash",
        "-c",
        "trap '' XFSZ; ulimit -f 1024; exec \"$@\"",
        "--",
    ];
    let mut args = vec![
        "redact",
        s(&b_good),
        s(&big),
        "--out",
        s(&full),
        "--json",
        "--ledger",
        s(&full_ledger),
    ];
    args.extend_from_slice(STANFORD_OK);
    let out = clearframe_via(&limited, dir.path(), &args);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines[0]["error"].is_null(), "{}", lines[0]);
    assert_eq!(lines[1]["path"], s(&big), "{}", lines[1]);
    let e = lines[1]["error"].as_str().unwrap();
    assert!(e.contains(s(&full)) && e.contains("too large"), "{e}");
    let written = files_in(&full);
    assert_eq!(
        written.len(),
        1,
        "only the small copy, no partial file: {written:?}"
    );
    let verify = clearframe(&["audit", "verify", "--ledger", s(&full_ledger)]);
    assert!(verify.status.success(), "{}", stderr(&verify));
    assert_eq!(ledger_rows(&full_ledger).as_array().map(Vec::len), Some(1));
}
