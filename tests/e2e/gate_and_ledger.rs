//! The policy gate and the audit ledger: refusals, ledger rows, the README's policy table.

use crate::util::*;

#[test]
fn gate_refusal_writes_nothing_and_quotes_the_policy() {
    let out_dir = tempfile::tempdir().unwrap();
    let target = out_dir.path().join("exports");
    let out = clearframe(&[
        "redact",
        s(&fixture("astronaut.jpg")),
        "--out",
        s(&target),
        "--policy",
        "stanford-peds",
        "--destination",
        "teaching-site",
        "--attest",
        "deidentification-reviewed",
    ]);
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("consent"), "{err}");
    assert!(err.contains("stanford-peds.txt"), "names the source: {err}");
    assert!(!target.exists(), "nothing may be written on refusal");

    let out = clearframe(&[
        "redact",
        s(&fixture("astronaut.jpg")),
        "--out",
        s(&target),
        "--policy",
        "stanford-peds",
        "--destination",
        "personal-social-media",
        "--attest",
        "patient-consent",
        "--attest",
        "deidentification-reviewed",
        "--consent-ref",
        "C-1",
    ]);
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("personal social media"),
        "quotes rule 1: {err}"
    );
    assert!(!target.exists());
}

#[test]
fn every_export_and_refusal_is_in_the_ledger_without_file_names() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("audit").join("ledger.sqlite3");
    let out_dir = dir.path().join("out");
    let input = fixture("astronaut.jpg");
    let mut args = vec![
        "redact",
        s(&input),
        "--out",
        s(&out_dir),
        "--ledger",
        s(&ledger),
        "--reviewer",
        "Dr Reviewer",
    ];
    args.extend_from_slice(STANFORD_OK);
    assert!(clearframe(&args).status.success());
    // A refused attempt (no consent attestation) is recorded too.
    let refused = clearframe(&[
        "redact",
        s(&input),
        "--out",
        s(&out_dir),
        "--ledger",
        s(&ledger),
        "--policy",
        "stanford-peds",
        "--destination",
        "teaching-site",
        "--attest",
        "deidentification-reviewed",
    ]);
    assert_eq!(refused.status.code(), Some(3));

    let list = clearframe(&["audit", "list", "--ledger", s(&ledger)]);
    let text = String::from_utf8_lossy(&list.stdout);
    assert!(
        list.status.success(),
        "{}",
        String::from_utf8_lossy(&list.stderr)
    );
    assert_eq!(
        text.lines()
            .filter(|l| !l.contains("unmet") && l.contains("stanford-peds"))
            .count(),
        2,
        "{text}"
    );
    assert!(
        text.contains("exported") && text.contains("refused") && text.contains("CONSENT-2026-0042"),
        "{text}"
    );
    assert!(text.contains("unmet attestation:patient-consent"), "{text}");

    let show = clearframe(&["audit", "show", "1", "--ledger", s(&ledger)]);
    let row: serde_json::Value = serde_json::from_slice(&show.stdout).unwrap();
    let e = &row["entry"];
    assert_eq!(e["outcome"], "exported");
    assert_eq!(e["reviewer"], "Dr Reviewer");
    assert_eq!(e["input_sha256"].as_str().unwrap(), sha256_file(&input));
    assert_eq!(e["findings"]["face"]["redacted"], 1);
    assert!(
        e["attestations"][0]["text"]
            .as_str()
            .unwrap()
            .contains("consent"),
        "{e}"
    );
    assert_eq!(e["models"]["centerface.onnx"].as_str().unwrap().len(), 64);
    let output = std::fs::read_dir(&out_dir)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    assert_eq!(e["output_sha256"].as_str().unwrap(), sha256_file(&output));

    // No file names in the ledger (they often carry patient names).
    let bytes = std::fs::read(&ledger).unwrap();
    let wal = std::fs::read(ledger.with_extension("sqlite3-wal")).unwrap_or_default();
    for b in [&bytes, &wal] {
        assert!(
            !b.windows(9).any(|w| w == b"astronaut"),
            "the ledger stores an input file name"
        );
    }

    let csv = clearframe(&["audit", "export", "--format", "csv", "--ledger", s(&ledger)]);
    assert!(csv.status.success());
    assert!(
        String::from_utf8_lossy(&csv.stdout).lines().count() >= 3,
        "header + 2 rows"
    );
    let verify = clearframe(&["audit", "verify", "--ledger", s(&ledger)]);
    assert!(
        verify.status.success(),
        "{}",
        String::from_utf8_lossy(&verify.stderr)
    );

    // Tampering with a row is detected and named.
    let conn = rusqlite::Connection::open(&ledger).unwrap();
    conn.execute("UPDATE entries SET consent_ref = 'FORGED' WHERE id = 1", [])
        .unwrap();
    drop(conn);
    let verify = clearframe(&["audit", "verify", "--ledger", s(&ledger)]);
    assert_eq!(verify.status.code(), Some(1));
    let err = String::from_utf8_lossy(&verify.stderr);
    assert!(err.contains("row 1"), "{err}");
}

#[test]
fn readme_policy_table_is_generated_from_the_presets() {
    let out = clearframe(&["policies", "--markdown"]);
    assert!(out.status.success());
    let table = String::from_utf8(out.stdout).unwrap();
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    assert!(
        readme.contains(table.trim()),
        "README.md's policy table is stale: regenerate it with `clearframe policies --markdown`"
    );
}

#[test]
fn a_photo_with_no_face_found_needs_confirm_no_face_and_the_ledger_records_it() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("ledger.sqlite3");
    let out_dir = dir.path().join("out");
    let input = fixture("wristband.png");
    let gate: Vec<&str> = STANFORD_OK
        .iter()
        .copied()
        .filter(|a| *a != "--confirm-no-face")
        .collect();
    let mut args = vec![
        "redact",
        s(&input),
        "--out",
        s(&out_dir),
        "--ledger",
        s(&ledger),
    ];
    args.extend_from_slice(&gate);
    let refused = clearframe(&args);
    assert_eq!(refused.status.code(), Some(3));
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(err.contains("No face was found"), "{err}");
    assert!(
        err.contains("--confirm-no-face") || err.contains("checked:face"),
        "{err}"
    );
    assert!(!out_dir.exists(), "nothing may be written on refusal");

    args.push("--confirm-no-face");
    let done = clearframe(&args);
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    assert_eq!(std::fs::read_dir(&out_dir).unwrap().count(), 1);

    let rows: Vec<serde_json::Value> = (1..=2)
        .map(|id| {
            let show = clearframe(&["audit", "show", &id.to_string(), "--ledger", s(&ledger)]);
            serde_json::from_slice(&show.stdout).unwrap()
        })
        .collect();
    assert_eq!(rows[0]["entry"]["outcome"], "refused");
    assert_eq!(rows[0]["entry"]["unmet"][0]["id"], "checked:face");
    assert_eq!(rows[1]["entry"]["outcome"], "exported");
    assert_eq!(rows[1]["entry"]["checked"], serde_json::json!(["face"]));
    let verify = clearframe(&["audit", "verify", "--ledger", s(&ledger)]);
    assert!(verify.status.success());
}

/// A ledger that is damaged, truncated or held by another process: the export is refused with
/// an error naming the ledger (each cause said once), nothing is written, and a ledger that
/// was only held still verifies with its rows unchanged.
#[test]
fn a_damaged_or_locked_ledger_refuses_the_export_and_names_the_ledger() {
    let dir = tempfile::tempdir().unwrap();
    let photo = fixture("astronaut.jpg");
    let attempt = |ledger: &std::path::Path, out: &std::path::Path| {
        let out = redact_json(&photo, out, ledger);
        let err = String::from_utf8_lossy(&out.stderr).to_string();
        assert_ne!(out.status.code(), Some(0), "{err}");
        assert!(err.contains(s(ledger)), "the ledger is named: {err}");
        err
    };
    let nothing_in =
        |out: &std::path::Path| !out.exists() || std::fs::read_dir(out).unwrap().next().is_none();

    // Not a database at all.
    let garbage = dir.path().join("garbage.sqlite3");
    std::fs::write(&garbage, b"SQLite format 3\0 but then nothing of the kind").unwrap();
    let out = dir.path().join("out-garbage");
    let err = attempt(&garbage, &out);
    assert!(err.contains("not a readable SQLite database"), "{err}");
    assert!(nothing_in(&out));

    // A real ledger with rows, cut short: refused, never extended past the damage.
    let ledger = dir.path().join("ledger.sqlite3");
    for _ in 0..2 {
        let ok = redact_json(&photo, &dir.path().join("out-ok"), &ledger);
        assert!(
            ok.status.success(),
            "{}",
            String::from_utf8_lossy(&ok.stderr)
        );
    }
    let cut = dir.path().join("cut.sqlite3");
    let bytes = std::fs::read(&ledger).unwrap();
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let out = dir.path().join("out-cut");
    let err = attempt(&cut, &out);
    assert_eq!(err.matches("malformed").count(), 1, "said once: {err}");
    assert!(nothing_in(&out));

    // Held by another writer past the busy timeout: refused, then intact.
    let before = ledger_rows(&ledger);
    let holder = rusqlite::Connection::open(&ledger).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let out = dir.path().join("out-locked");
    let err = attempt(&ledger, &out);
    assert!(err.contains("locked") || err.contains("busy"), "{err}");
    assert!(nothing_in(&out));
    holder.execute_batch("ROLLBACK").unwrap();
    drop(holder);
    let verify = clearframe(&["audit", "verify", "--ledger", s(&ledger)]);
    assert!(
        verify.status.success(),
        "{}",
        String::from_utf8_lossy(&verify.stderr)
    );
    assert_eq!(ledger_rows(&ledger), before);
}
