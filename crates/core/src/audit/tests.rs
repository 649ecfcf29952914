use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{params, Connection};

use super::ledger::ledger_path_from;
use super::*;
use crate::finding::Kind;
use crate::policy::{
    builtin_policies, GateDecision, GateRequest, PlanSummary, PlannedFinding, Policy,
    UnmetCondition,
};

fn policy() -> Policy {
    builtin_policies()
        .into_iter()
        .next()
        .expect("a built-in policy")
}

fn sha(tag: &str) -> String {
    chain_hash("", tag)
}

fn request(p: &Policy, consent: &str) -> GateRequest {
    GateRequest {
        subject: "clinical".into(),
        destination: "teaching-site".into(),
        attestations: p
            .attestations
            .iter()
            .take(2)
            .map(|a| a.id.clone())
            .collect(),
        checked: Vec::new(),
        consent_ref: Some(consent.into()),
        plan: PlanSummary {
            pictures: 1,
            findings: vec![
                PlannedFinding {
                    kind: Kind::Face,
                    redacted: true,
                    dismissed_reason: None,
                },
                PlannedFinding {
                    kind: Kind::Text,
                    redacted: true,
                    dismissed_reason: None,
                },
                PlannedFinding {
                    kind: Kind::Text,
                    redacted: false,
                    dismissed_reason: Some("not an institution name".into()),
                },
            ],
        },
    }
}

fn exported(n: u32) -> AuditEntry {
    let p = policy();
    let mut e = AuditEntry::exported(&p, &request(&p, &format!("CF-{n}")));
    e.reviewer = Some("reviewer-7".into());
    e.input_sha256 = Some(sha(&format!("in{n}")));
    e.output_sha256 = Some(sha(&format!("out{n}")));
    e.models
        .insert("centerface.onnx".into(), sha("centerface.onnx"));
    e
}

fn refused(n: u32) -> AuditEntry {
    let p = policy();
    let req = request(&p, &format!("CF-R{n}"));
    let decision = GateDecision {
        allowed: false,
        unmet: vec![UnmetCondition {
            id: "consent-ref".into(),
            message: "A consent form number is required".into(),
            source: None,
        }],
    };
    let mut e = AuditEntry::refused(&p, &req, &decision);
    e.reviewer = Some("reviewer-7".into());
    e.input_sha256 = Some(sha(&format!("in-r{n}")));
    e
}

/// A ledger in a fresh temporary folder (kept alive by the returned guard).
fn ledger() -> (tempfile::TempDir, PathBuf, Ledger) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested").join("ledger.sqlite3");
    let ledger = Ledger::open(&path).unwrap();
    (dir, path, ledger)
}

fn with_rows(n: u32) -> (tempfile::TempDir, PathBuf, Ledger) {
    let (dir, path, mut l) = ledger();
    for i in 1..=n {
        let e = if i % 4 == 0 { refused(i) } else { exported(i) };
        l.append(&e).unwrap();
    }
    (dir, path, l)
}

/// A raw connection, as someone editing the file with the sqlite3 shell would have.
fn raw(path: &Path) -> Connection {
    let c = Connection::open(path).unwrap();
    c.busy_timeout(Duration::from_secs(10)).unwrap();
    c
}

fn assert_bad(l: &Ledger, row: i64, needle: &str) -> VerifyReport {
    let r = l.verify().unwrap();
    assert!(!r.ok, "tampering not detected: {r:?}");
    assert_eq!(r.first_bad_row, Some(row), "{r:?}");
    let problem = r.problem.clone().unwrap();
    assert!(
        problem.contains(needle),
        "problem {problem:?} lacks {needle:?}"
    );
    r
}

#[test]
fn append_list_get_and_verify() {
    let (_d, path, mut l) = ledger();
    assert!(path.is_file());
    let empty = l.verify().unwrap();
    assert!(empty.ok && empty.rows_checked == 0, "{empty:?}");
    assert_eq!(
        l.head().unwrap(),
        ChainHead {
            count: 0,
            last_hash: GENESIS_HASH.into()
        }
    );

    let entries = [exported(1), exported(2), refused(3)];
    let mut appended = Vec::new();
    for e in &entries {
        appended.push(l.append(e).unwrap());
    }
    assert_eq!(appended[0].prev_hash, GENESIS_HASH);
    assert_eq!(appended[1].prev_hash, appended[0].row_hash);

    let rows = l.list(&AuditFilter::default()).unwrap();
    assert_eq!(rows.len(), 3);
    for (i, (row, e)) in rows.iter().zip(&entries).enumerate() {
        assert_eq!(row.id, i as i64 + 1);
        assert_eq!(&row.entry, e);
        assert_eq!(row.row_hash, appended[i].row_hash);
        assert_eq!(
            row.row_hash,
            chain_hash(&row.prev_hash, &e.canonical_json())
        );
    }
    assert_eq!(l.get(2).unwrap().as_ref(), Some(&rows[1]));
    assert_eq!(l.get(99).unwrap(), None);

    let report = l.verify().unwrap();
    assert!(report.ok, "{report:?}");
    assert_eq!(report.rows_checked, 3);
    assert_eq!(report.first_bad_row, None);
    assert_eq!(
        report.head,
        Some(ChainHead {
            count: 3,
            last_hash: appended[2].row_hash.clone()
        })
    );

    // The record carries what the gate saw, including the exact attestation text.
    let e = &rows[0].entry;
    let p = policy();
    assert_eq!(e.policy_sha256, p.sha256());
    assert_eq!(e.attestations.len(), 2);
    assert_eq!(e.attestations[0].text, p.attestations[0].text);
    assert_eq!(
        e.attestations[0].source.as_ref(),
        Some(&p.attestations[0].source)
    );
    assert_eq!(
        e.findings.get(Kind::Text),
        KindCounts {
            found: 2,
            redacted: 1,
            dismissed: 1
        }
    );
    assert_eq!(e.findings.get(Kind::Face).redacted, 1);
    assert_eq!(
        e.dismissals,
        vec![Dismissal {
            kind: Kind::Text,
            reason: Some("not an institution name".into())
        }]
    );
    assert_eq!(e.app_version, env!("CARGO_PKG_VERSION"));

    // Reopening keeps everything.
    drop(l);
    let l = Ledger::open(&path).unwrap();
    assert_eq!(l.list(&AuditFilter::default()).unwrap(), rows);
    assert!(l.verify().unwrap().ok);
}

#[test]
fn refusal_rows_have_no_output_hash() {
    let (_d, path, mut l) = ledger();
    let id = l.append(&refused(1)).unwrap().id;
    let row = l.get(id).unwrap().unwrap();
    assert_eq!(row.entry.outcome, Outcome::Refused);
    assert_eq!(row.entry.output_sha256, None);
    assert_eq!(row.entry.output_name, None);
    assert_eq!(
        row.entry.unmet,
        vec![UnmetRecord {
            id: "consent-ref".into(),
            message: "A consent form number is required".into()
        }]
    );
    let stored: Option<String> = raw(&path)
        .query_row(
            "SELECT output_sha256 FROM entries WHERE id = ?1",
            [id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(stored, None);
    assert!(row
        .entry
        .canonical_json()
        .contains("\"output_sha256\":null"));

    // A refusal with an output hash (or without unmet conditions) is rejected, nothing written.
    let mut bad = refused(2);
    bad.output_sha256 = Some(sha("x"));
    assert!(matches!(l.append(&bad), Err(AuditError::InvalidEntry(_))));
    let mut bad = refused(3);
    bad.unmet.clear();
    assert!(matches!(l.append(&bad), Err(AuditError::InvalidEntry(_))));
    assert_eq!(l.head().unwrap().count, 1);
}

#[test]
fn invalid_entries_are_rejected() {
    let (_d, _p, mut l) = ledger();
    type Edit = Box<dyn Fn(&mut AuditEntry)>;
    let cases: Vec<(&str, Edit)> = vec![
        ("time", Box::new(|e| e.time = "2025-01-02T03:04:05Z".into())),
        ("time", Box::new(|e| e.time = "yesterday".into())),
        ("sha256", Box::new(|e| e.policy_sha256 = "abc".into())),
        (
            "sha256",
            Box::new(|e| e.input_sha256 = Some(sha("x").to_uppercase())),
        ),
        (
            "sha256",
            Box::new(|e| {
                e.models.insert("m.onnx".into(), "zz".into());
            }),
        ),
        ("output", Box::new(|e| e.output_sha256 = None)),
        (
            "bare file name",
            Box::new(|e| e.output_name = Some("patients/Jane Doe.jpg".into())),
        ),
        (
            "bare file name",
            Box::new(|e| e.output_name = Some("C:\\x\\a.jpg".into())),
        ),
        ("subject", Box::new(|e| e.subject = " ".into())),
    ];
    for (needle, edit) in cases {
        let mut e = exported(1);
        edit(&mut e);
        let err = l.append(&e).unwrap_err();
        assert!(
            matches!(err, AuditError::InvalidEntry(_)) && err.to_string().contains(needle),
            "{err}"
        );
    }
    assert_eq!(l.head().unwrap().count, 0);
    let mut ok = exported(1);
    ok.output_name = Some("IMG_0001.jpg".into());
    l.append(&ok).unwrap();
}

#[test]
fn list_filters() {
    let (_d, _p, mut l) = ledger();
    for day in 1..=6u32 {
        let mut e = if day % 3 == 0 {
            refused(day)
        } else {
            exported(day)
        };
        e.time = format!("2025-01-0{day}T10:00:00.000Z");
        if day == 5 {
            e.policy_id = "other-policy".into();
        }
        l.append(&e).unwrap();
    }
    let ids =
        |f: AuditFilter| -> Vec<i64> { l.list(&f).unwrap().into_iter().map(|r| r.id).collect() };
    assert_eq!(ids(AuditFilter::default()), vec![1, 2, 3, 4, 5, 6]);
    assert_eq!(
        ids(AuditFilter {
            outcome: Some(Outcome::Refused),
            ..Default::default()
        }),
        vec![3, 6]
    );
    assert_eq!(
        ids(AuditFilter {
            policy_id: Some("other-policy".into()),
            ..Default::default()
        }),
        vec![5]
    );
    assert_eq!(
        ids(AuditFilter {
            since: parse_rfc3339("2025-01-02"),
            until: parse_rfc3339("2025-01-04T10:00:00Z"),
            ..Default::default()
        }),
        vec![2, 3],
        "since is inclusive, until exclusive"
    );
    assert_eq!(
        ids(AuditFilter {
            limit: Some(2),
            ..Default::default()
        }),
        vec![5, 6],
        "limit keeps the most recent, oldest first"
    );
    assert_eq!(
        ids(AuditFilter {
            outcome: Some(Outcome::Exported),
            limit: Some(0),
            ..Default::default()
        }),
        Vec::<i64>::new()
    );
}

#[test]
fn tamper_column_edit_is_detected() {
    let (_d, path, l) = with_rows(5);
    raw(&path)
        .execute(
            "UPDATE entries SET consent_ref = 'CF-forged' WHERE id = 3",
            [],
        )
        .unwrap();
    assert_bad(&l, 3, "consent_ref");

    // Every indexed column is checked, including NULL ↔ value changes.
    for (col, value) in [
        ("reviewer", None),
        ("outcome", Some("refused")),
        ("time", Some("2020-01-01T00:00:00.000Z")),
        ("output_name", Some("Jane Doe.jpg")),
        ("output_sha256", Some("0")),
        ("app_version", Some("9.9.9")),
    ] {
        let (_d, path, l) = with_rows(3);
        raw(&path)
            .execute(
                &format!("UPDATE entries SET {col} = ?1 WHERE id = 2"),
                [value],
            )
            .unwrap();
        assert_bad(&l, 2, col);
    }
}

#[test]
fn tamper_json_edit_is_detected() {
    let (_d, path, l) = with_rows(5);
    raw(&path)
        .execute(
            "UPDATE entries SET entry = replace(entry, '\"CF-2\"', '\"CF-9\"') WHERE id = 2",
            [],
        )
        .unwrap();
    let r = assert_bad(&l, 2, "row_hash does not match");
    assert_eq!(r.rows_checked, 5);
}

#[test]
fn tamper_json_edit_with_rehash_is_detected_at_next_row() {
    let (_d, path, l) = with_rows(5);
    let c = raw(&path);
    let (prev, json): (String, String) = c
        .query_row(
            "SELECT prev_hash, entry FROM entries WHERE id = 2",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let forged = json.replace("\"CF-2\"", "\"CF-9\"");
    c.execute(
        "UPDATE entries SET entry = ?1, consent_ref = 'CF-9', row_hash = ?2 WHERE id = 2",
        params![forged, chain_hash(&prev, &forged)],
    )
    .unwrap();
    assert_bad(&l, 3, "prev_hash does not match row 2");
}

#[test]
fn tamper_hash_columns_are_detected() {
    for col in ["prev_hash", "row_hash"] {
        let (_d, path, l) = with_rows(4);
        raw(&path)
            .execute(
                &format!("UPDATE entries SET {col} = ?1 WHERE id = 2"),
                [sha("forged")],
            )
            .unwrap();
        assert_bad(&l, 2, "");
    }
}

#[test]
fn tamper_deleted_middle_row_is_detected_at_the_next_row() {
    let (_d, path, l) = with_rows(5);
    raw(&path)
        .execute("DELETE FROM entries WHERE id = 3", [])
        .unwrap();
    let r = assert_bad(&l, 4, "prev_hash does not match row 2");
    assert!(r.problem.unwrap().contains("ids jump from 2 to 4"));

    let (_d, path, l) = with_rows(3);
    raw(&path)
        .execute("DELETE FROM entries WHERE id = 1", [])
        .unwrap();
    assert_bad(&l, 2, "genesis");
}

#[test]
fn tamper_deleted_last_row_is_detected_by_the_chain_head() {
    let (_d, path, mut l) = with_rows(5);
    raw(&path)
        .execute("DELETE FROM entries WHERE id = 5", [])
        .unwrap();
    assert_bad(&l, 5, "chain head says 5 rows, found 4");

    // Appending afterwards does not hide it: the new row chains to the deleted one.
    l.append(&exported(6)).unwrap();
    assert_bad(&l, 5, "prev_hash does not match row 4");

    // Deleting the head row itself is reported too.
    let (_d, path, l) = with_rows(2);
    raw(&path).execute("DELETE FROM chain_head", []).unwrap();
    let r = l.verify().unwrap();
    assert!(!r.ok && r.problem.unwrap().contains("chain head is missing"));
}

#[test]
fn tamper_reordered_rows_are_detected() {
    let (_d, path, l) = with_rows(5);
    let c = raw(&path);
    // Swap the whole contents of rows 2 and 3 by swapping their ids.
    c.execute_batch(
        "UPDATE entries SET id = -2 WHERE id = 2;
         UPDATE entries SET id = 2 WHERE id = 3;
         UPDATE entries SET id = 3 WHERE id = -2;",
    )
    .unwrap();
    assert_bad(&l, 2, "prev_hash does not match row 1");

    // Renumbering without reordering is caught by the id sequence.
    let (_d, path, l) = with_rows(3);
    raw(&path)
        .execute("UPDATE entries SET id = 10 WHERE id = 3", [])
        .unwrap();
    assert_bad(&l, 10, "ids jump from 2 to 10");
}

/// Recompute every hash and the head, as someone with write access could.
fn rebuild_chain(path: &Path) {
    let c = raw(path);
    let rows: Vec<(i64, String)> = c
        .prepare("SELECT id, entry FROM entries ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let mut prev = GENESIS_HASH.to_string();
    for (id, json) in &rows {
        let h = chain_hash(&prev, json);
        c.execute(
            "UPDATE entries SET prev_hash = ?1, row_hash = ?2 WHERE id = ?3",
            params![prev, h, id],
        )
        .unwrap();
        prev = h;
    }
    c.execute(
        "UPDATE chain_head SET count = ?1, last_hash = ?2",
        params![rows.len() as i64, prev],
    )
    .unwrap();
}

#[test]
fn a_rebuilt_chain_passes_verify_but_not_a_pin() {
    let (_d, path, mut l) = with_rows(3);
    let pin = l.head().unwrap();
    l.append(&exported(4)).unwrap();
    assert!(l.verify_pinned(&pin).unwrap().ok);

    // Forge row 2 consistently (JSON and column) and rebuild every hash.
    let c = raw(&path);
    c.execute(
        "UPDATE entries SET entry = replace(entry, '\"CF-2\"', '\"CF-9\"'), consent_ref = 'CF-9'
         WHERE id = 2",
        [],
    )
    .unwrap();
    rebuild_chain(&path);
    assert!(l.verify().unwrap().ok, "a full rebuild is not detectable");
    let r = l.verify_pinned(&pin).unwrap();
    assert!(!r.ok);
    assert_eq!(r.first_bad_row, Some(3));
    assert!(r.problem.unwrap().contains("pinned"));

    let too_long = ChainHead {
        count: 10,
        last_hash: pin.last_hash.clone(),
    };
    assert!(!l.verify_pinned(&too_long).unwrap().ok);
}

#[test]
fn concurrent_writers_keep_one_chain() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ledger.sqlite3");
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(2));
    let handles: Vec<_> = (0..2u32)
        .map(|t| {
            let path = path.clone();
            let barrier = barrier.clone();
            std::thread::spawn(move || {
                // Both open the (not yet existing) file at once.
                barrier.wait();
                let mut l = Ledger::open(&path).unwrap();
                for i in 0..50 {
                    l.append(&exported(t * 1000 + i)).unwrap();
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    let l = Ledger::open(&path).unwrap();
    let r = l.verify().unwrap();
    assert!(r.ok, "{r:?}");
    assert_eq!(r.rows_checked, 100);
    let rows = l.list(&AuditFilter::default()).unwrap();
    assert_eq!(rows.len(), 100);
    assert!(rows.iter().enumerate().all(|(i, r)| r.id == i as i64 + 1));
}

/// Set in a child process started by `two_processes_append_concurrently`.
const CHILD_LEDGER_ENV: &str = "CLEARFRAME_AUDIT_TEST_CHILD_LEDGER";

/// Not a test of its own: the body of each child process of
/// `two_processes_append_concurrently` (returns at once in a normal run).
#[test]
fn child_process_writer() {
    let Some(path) = std::env::var_os(CHILD_LEDGER_ENV) else {
        return;
    };
    let tag: u32 = std::env::var("CLEARFRAME_AUDIT_TEST_CHILD_TAG")
        .unwrap()
        .parse()
        .unwrap();
    let mut l = Ledger::open(PathBuf::from(path)).unwrap();
    for i in 0..50 {
        l.append(&exported(tag * 1000 + i)).unwrap();
    }
}

#[test]
fn two_processes_append_concurrently() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ledger.sqlite3");
    let exe = std::env::current_exe().unwrap();
    let children: Vec<_> = (1..=2u32)
        .map(|tag| {
            std::process::Command::new(&exe)
                .args([
                    "--exact",
                    "audit::tests::child_process_writer",
                    "--test-threads=1",
                    "--quiet",
                ])
                .env(CHILD_LEDGER_ENV, &path)
                .env("CLEARFRAME_AUDIT_TEST_CHILD_TAG", tag.to_string())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for c in children {
        let out = c.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "child writer failed:\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let l = Ledger::open(&path).unwrap();
    let r = l.verify().unwrap();
    assert!(r.ok, "{r:?}");
    assert_eq!(r.rows_checked, 100);
    let rows = l.list(&AuditFilter::default()).unwrap();
    for tag in [1u32, 2] {
        let theirs = rows
            .iter()
            .filter(|r| {
                r.entry
                    .consent_ref
                    .as_deref()
                    .unwrap()
                    .starts_with(&format!("CF-{tag}0"))
            })
            .count();
        assert_eq!(theirs, 50);
    }
}

#[test]
fn ledger_can_move_between_threads() {
    fn assert_send<T: Send>() {}
    assert_send::<Ledger>();
}

#[test]
fn pending_export_commits_or_rolls_back() {
    let (_d, path, mut l) = ledger();
    // Dropped without commit: nothing recorded.
    {
        let p = l.begin_export(&exported(1)).unwrap();
        assert_eq!(p.row().id, 1);
    }
    assert_eq!(l.head().unwrap().count, 0);
    assert!(l.list(&AuditFilter::default()).unwrap().is_empty());
    l.begin_export(&exported(1)).unwrap().rollback().unwrap();
    assert_eq!(l.head().unwrap().count, 0);

    // Committed, with the name the file actually got.
    let mut p = l.begin_export(&exported(2)).unwrap();
    p.set_output_name(Some("photo-2.jpg".into())).unwrap();
    assert!(p.set_output_name(Some("../x.jpg".into())).is_err());
    let row = p.commit().unwrap();
    let stored = l.get(row.id).unwrap().unwrap();
    assert_eq!(stored.entry.output_name.as_deref(), Some("photo-2.jpg"));
    assert_eq!(stored.row_hash, row.row_hash);
    assert!(l.verify().unwrap().ok);

    // While a pending export holds the write lock, another writer waits for it, then chains
    // after it (the head is read inside the transaction).
    let p = l.begin_export(&exported(3)).unwrap();
    let other = {
        let path = path.clone();
        std::thread::spawn(move || Ledger::open(&path).unwrap().append(&exported(4)).unwrap())
    };
    std::thread::sleep(Duration::from_millis(300));
    assert!(!other.is_finished(), "the second writer must wait");
    let first = p.commit().unwrap();
    let second = other.join().unwrap();
    assert_eq!(second.prev_hash, first.row_hash);
    let r = l.verify().unwrap();
    assert!(r.ok && r.rows_checked == 3, "{r:?}");
}

#[test]
fn csv_and_json_exports() {
    let (_d, _p, l) = with_rows(4);
    let rows = l.list(&AuditFilter::default()).unwrap();
    let mut csv = Vec::new();
    l.export_csv(&rows, &mut csv).unwrap();
    let csv = String::from_utf8(csv).unwrap();
    // No cell holds a line break here, so one physical line per record.
    assert_eq!(csv.lines().count(), 1 + rows.len());
    let records = parse_csv(&csv);
    assert_eq!(records.len(), 1 + rows.len());
    let header = export::csv_header();
    assert_eq!(records[0], header);
    // 19 columns, and found / redacted / dismissed for each of the five kinds.
    assert_eq!(header.len(), 34);
    assert!(records.iter().all(|r| r.len() == header.len()));
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    for (rec, row) in records[1..].iter().zip(&rows) {
        assert_eq!(rec[col("id")], row.id.to_string());
        assert_eq!(rec[col("outcome")], row.entry.outcome.as_str());
        assert_eq!(rec[col("row_hash")], row.row_hash);
        assert_eq!(
            rec[col("consent_ref")],
            row.entry.consent_ref.clone().unwrap()
        );
        let atts: Vec<AttestationRecord> = serde_json::from_str(&rec[col("attestations")]).unwrap();
        assert_eq!(atts, row.entry.attestations);
        assert_eq!(rec[col("text_dismissed")], "1");
    }
    let refusal = &records[4];
    assert_eq!(refusal[col("outcome")], "refused");
    assert_eq!(refusal[col("output_sha256")], "");
    assert!(refusal[col("unmet")].contains("consent-ref"));
    assert_eq!(
        records[1][col("output_sha256")],
        rows[0].entry.output_sha256.clone().unwrap()
    );

    let mut json = Vec::new();
    l.export_json(&rows, &mut json).unwrap();
    let back: Vec<AuditRow> = serde_json::from_slice(&json).unwrap();
    assert_eq!(back, rows);
    // An auditor can recompute each hash from the exported JSON.
    for r in &back {
        assert_eq!(
            r.row_hash,
            chain_hash(&r.prev_hash, &r.entry.canonical_json())
        );
    }
}

#[test]
fn open_rejects_other_databases() {
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("other.db");
    Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE t (x)")
        .unwrap();
    let err = Ledger::open(&other).unwrap_err();
    assert!(matches!(err, AuditError::NotALedger { .. }), "{err}");
    assert!(err.to_string().contains(&other.display().to_string()));

    let newer = dir.path().join("newer.db");
    drop(Ledger::open(&newer).unwrap());
    raw(&newer)
        .pragma_update(None, "user_version", SCHEMA_VERSION + 1)
        .unwrap();
    assert!(matches!(
        Ledger::open(&newer).unwrap_err(),
        AuditError::NewerSchema { .. }
    ));

    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "this is not a database, just some text long enough").unwrap();
    let err = Ledger::open(&text).unwrap_err();
    // Said as what it means, not as SQLite's error code.
    assert!(matches!(err, AuditError::NotALedger { .. }), "{err}");
    assert!(
        err.to_string().contains("not a readable SQLite database"),
        "{err}"
    );
    assert!(err
        .to_string()
        .starts_with(&format!("ledger {}: ", text.display())));
}

#[cfg(unix)]
#[test]
fn ledger_file_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let (_d, path, _l) = ledger();
    let mode = std::fs::metadata(&path).unwrap().permissions().mode();
    assert_eq!(mode & 0o077, 0, "{mode:o}");
    let dir_mode = std::fs::metadata(path.parent().unwrap())
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(dir_mode & 0o077, 0, "{dir_mode:o}");
}

#[test]
fn default_path_follows_xdg() {
    let os = |s: &str| Some(std::ffi::OsString::from(s));
    assert_eq!(
        ledger_path_from(os("/data"), os("/home/u"), None),
        PathBuf::from("/data/clearframe/ledger.sqlite3")
    );
    assert_eq!(
        ledger_path_from(None, os("/home/u"), None),
        PathBuf::from("/home/u/.local/share/clearframe/ledger.sqlite3")
    );
    // A relative or empty XDG_DATA_HOME is ignored, as the XDG spec says.
    assert_eq!(
        ledger_path_from(os("rel"), os("/home/u"), None),
        PathBuf::from("/home/u/.local/share/clearframe/ledger.sqlite3")
    );
    assert_eq!(
        ledger_path_from(os(""), None, None),
        PathBuf::from("clearframe/ledger.sqlite3")
    );
    assert!(default_ledger_path().ends_with("clearframe/ledger.sqlite3"));
}

#[test]
fn error_is_thread_safe_and_names_the_ledger() {
    fn assert_error<E: std::error::Error + Send + Sync + 'static>() {}
    assert_error::<AuditError>();
    let e = AuditError::Sqlite {
        path: PathBuf::from("/x/ledger.sqlite3"),
        source: rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
            Some("database is locked".into()),
        ),
    };
    assert_eq!(
        e.to_string(),
        "ledger /x/ledger.sqlite3: database is locked"
    );
    assert!(e.is_busy());
}

#[test]
fn outcome_round_trips() {
    for o in [Outcome::Exported, Outcome::Refused] {
        assert_eq!(o.as_str().parse::<Outcome>().unwrap(), o);
        assert_eq!(serde_json::to_string(&o).unwrap(), format!("\"{o}\""));
    }
    assert!("maybe".parse::<Outcome>().is_err());
}

/// A minimal RFC 4180 reader for checking the export.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let (mut records, mut record, mut cell) = (Vec::new(), Vec::new(), String::new());
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => cell.push(c),
            (false, '"') => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut cell)),
            (false, '\r') => {}
            (false, '\n') => {
                record.push(std::mem::take(&mut cell));
                records.push(std::mem::take(&mut record));
            }
            (false, c) => cell.push(c),
        }
    }
    assert!(
        record.is_empty() && cell.is_empty(),
        "CSV must end with a line break"
    );
    records
}

/// A deck export records its document counts; rows without them (photos, and every row written
/// before the field existed) keep exactly their JSON, so their hashes and the chain still
/// verify.
#[test]
fn document_counts_are_optional_and_old_rows_still_verify() {
    let photo = exported(1);
    let json = photo.canonical_json();
    assert!(!json.contains("document"), "{json}");
    let back: AuditEntry = serde_json::from_str(&json).unwrap();
    assert_eq!(
        back.canonical_json(),
        json,
        "an old row's JSON is unchanged"
    );
    assert_eq!(back.document, None);

    let mut deck = exported(2);
    deck.document = Some(DocumentCounts {
        text_replaced: 7,
        parts_removed: 3,
        shapes_removed: 1,
        placeholders: 2,
    });
    let (_d, _path, mut l) = ledger();
    l.append(&photo).unwrap();
    let row = l.append(&deck).unwrap();
    let stored = l.get(row.id).unwrap().unwrap();
    assert_eq!(stored.entry.document.unwrap().text_replaced, 7);
    assert!(l.verify().unwrap().ok);
}

/// A ledger written before the finding counts were keyed by kind (`tests/fixtures/`, made by
/// `clearframe redact` at commit ca917c2: two exports of the astronaut and badge fixtures under
/// stanford-peds, then one refusal without attestations).
fn ledger_of_2026_12_05() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ledger.sqlite3");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/ledger-2026-12-05.sqlite3");
    std::fs::copy(fixture, &path).unwrap();
    (dir, path)
}

#[test]
fn a_ledger_written_before_the_counts_were_keyed_still_verifies_and_reads_the_same() {
    let (_dir, path) = ledger_of_2026_12_05();
    let l = Ledger::open(&path).unwrap();
    let report = l.verify().unwrap();
    assert!(report.ok, "{:?}", report.problem);
    assert_eq!(report.rows_checked, 3);
    let rows = l.list(&AuditFilter::default()).unwrap();
    let counts: Vec<(u32, u32, u32)> = (rows.iter())
        .map(|r| {
            let f = &r.entry.findings;
            (
                f.get(Kind::Face).found,
                f.get(Kind::Text).found,
                f.get(Kind::Barcode).found,
            )
        })
        .collect();
    // The refusal was recorded before the photo was scanned: nothing counted.
    assert_eq!(counts, [(1, 1, 0), (0, 4, 0), (0, 0, 0)]);
    assert_eq!(rows[2].entry.outcome, Outcome::Refused);
    // Today's code writes these rows byte for byte as they were written.
    let conn = Connection::open(&path).unwrap();
    let mut stmt = conn
        .prepare("SELECT entry FROM entries ORDER BY id")
        .unwrap();
    let stored: Vec<String> = (stmt.query_map([], |r| r.get(0)).unwrap())
        .map(|r| r.unwrap())
        .collect();
    let written: Vec<String> = rows.iter().map(|r| r.entry.canonical_json()).collect();
    assert_eq!(written, stored);
}

#[test]
fn finding_counts_are_keyed_by_kind_and_a_kind_a_row_lacks_counts_zero() {
    // What new rows write: every kind, zeros included (the four-field struct of 2026-12 wrote
    // the same without `crowd`; those rows keep their JSON, see the test above).
    let zeros = r#"{"face":{"found":0,"redacted":0,"dismissed":0},"text":{"found":0,"redacted":0,"dismissed":0},"barcode":{"found":0,"redacted":0,"dismissed":0},"manual":{"found":0,"redacted":0,"dismissed":0},"crowd":{"found":0,"redacted":0,"dismissed":0}}"#;
    assert_eq!(
        serde_json::to_string(&FindingCounts::default()).unwrap(),
        zeros
    );
    // A row from before a kind existed (here: before `manual`) reads, the kind at zero, and
    // keeps the kinds it lists in its JSON.
    let older = r#"{"face":{"found":2,"redacted":2,"dismissed":0},"text":{"found":1,"redacted":0,"dismissed":1},"barcode":{"found":0,"redacted":0,"dismissed":0}}"#;
    let counts: FindingCounts = serde_json::from_str(older).unwrap();
    assert_eq!(counts.get(Kind::Face).redacted, 2);
    assert_eq!(counts.get(Kind::Text).dismissed, 1);
    assert_eq!(counts.get(Kind::Manual), KindCounts::default());
    assert_eq!(serde_json::to_string(&counts).unwrap(), older);
    assert_eq!(
        counts.iter().map(|(k, _)| k).collect::<Vec<_>>(),
        [Kind::Face, Kind::Text, Kind::Barcode]
    );
}
