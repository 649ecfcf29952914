//! Command tests through Tauri's mock runtime: each command is invoked over IPC exactly as the
//! front end invokes it (JSON arguments in camelCase, JSON result or `{code, message}` error).

use std::path::{Path, PathBuf};

use clearframe_core::audit::{AuditFilter, Ledger, Outcome};
use clearframe_core::detect::{Finding, Kind, Rect};
use clearframe_core::image_io::{self, DecodeOptions};
use clearframe_core::pipeline::ScanReport;
use clearframe_core::redact::{PlanDefaults, RedactionPlan};
use serde_json::{json, Value};
use tauri::test::{mock_builder, mock_context, noop_assets, MockRuntime};
use tauri::webview::InvokeRequest;
use tauri::{App, WebviewWindow, WebviewWindowBuilder};

use crate::state::{AppState, OpenImage};

struct Harness {
    _app: App<MockRuntime>,
    webview: WebviewWindow<MockRuntime>,
    state: AppState,
    dir: tempfile::TempDir,
}

impl Harness {
    fn new() -> Self {
        Self::with_pixel_budget(crate::state::PIXEL_BUDGET)
    }

    fn with_pixel_budget(budget: usize) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let state = AppState::with_pixel_budget(dir.path().join("ledger.sqlite3"), budget);
        Self::with_state(dir, state)
    }

    /// A harness whose settings are kept in `settings.json` in its folder.
    fn with_settings() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let state = AppState::with_settings(
            dir.path().join("ledger.sqlite3"),
            dir.path().join("settings.json"),
        );
        Self::with_state(dir, state)
    }

    fn with_state(dir: tempfile::TempDir, state: AppState) -> Self {
        let app = crate::app_builder(mock_builder(), state.clone())
            .build(mock_context(noop_assets()))
            .unwrap();
        let webview = WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .unwrap();
        Harness {
            _app: app,
            webview,
            state,
            dir,
        }
    }

    fn invoke(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        tauri::test::get_ipc_response(
            &self.webview,
            InvokeRequest {
                cmd: cmd.into(),
                callback: tauri::ipc::CallbackFn(0),
                error: tauri::ipc::CallbackFn(1),
                url: "tauri://localhost".parse().unwrap(),
                body: tauri::ipc::InvokeBody::Json(args),
                headers: Default::default(),
                invoke_key: tauri::test::INVOKE_KEY.to_string(),
            },
        )
        .map(|b| b.deserialize::<Value>().unwrap())
    }

    /// Open the astronaut fixture without the models: decoded by the core, with one face
    /// finding placed by hand over her face (the detector's own output is the core's to test).
    fn open_astronaut(&self) -> u64 {
        self.open_astronaut_at(&fixture("astronaut.jpg"))
    }

    /// [`Harness::open_astronaut`] from a copy of it at `path`.
    fn open_astronaut_at(&self, path: &Path) -> u64 {
        let face = Finding::new(Kind::Face, Rect::new(170, 70, 90, 110), 0.9);
        self.open_with(path, &[face])
    }

    /// Open `path` as scanned with nothing found (no face, no text, no barcode).
    fn open_with_nothing_found(&self, path: &Path) -> u64 {
        self.open_with(path, &[])
    }

    /// Open `path`, decoded by the core, as if its scan had found `findings`.
    fn open_with(&self, path: &Path, findings: &[Finding]) -> u64 {
        let image = image_io::decode_file(path, &DecodeOptions::default()).unwrap();
        let plan = RedactionPlan::from_findings(
            findings,
            image.width(),
            image.height(),
            &PlanDefaults::default(),
        );
        let report = ScanReport {
            path: path.to_path_buf(),
            width: image.width(),
            height: image.height(),
            orientation: image.orientation,
            plan,
            metadata: image.metadata.report.clone(),
        };
        self.state
            .insert(OpenImage::new(image, report, Default::default()))
    }

    fn ledger_rows(&self) -> Vec<clearframe_core::audit::AuditRow> {
        let ledger = Ledger::open(self.state.ledger_path()).unwrap();
        ledger.list(&AuditFilter::default()).unwrap()
    }
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures")
        .join(name)
}

fn form(attestations: &[&str], consent_ref: &str) -> Value {
    json!({
        "policy": "stanford-peds",
        "subject": "clinical",
        "destination": "teaching-site",
        "attestations": attestations,
        "consentRef": consent_ref,
        "reviewer": "Dr Test",
    })
}

const STANFORD_ATTESTATIONS: [&str; 2] = ["patient-consent", "deidentification-reviewed"];

fn unmet_ids(decision: &Value) -> Vec<String> {
    decision["unmet"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn list_policies_returns_the_five_presets_with_sourced_attestations() {
    let h = Harness::new();
    let policies = h.invoke("list_policies", json!({})).unwrap();
    let ids: Vec<&str> = policies
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "stanford-peds",
            "kp-gsja-gme",
            "olive-view-ucla-im",
            "wsu-som-gme",
            "quebec-pgme"
        ]
    );
    for p in policies.as_array().unwrap() {
        assert!(!p["name"].as_str().unwrap().is_empty());
        let subjects: Vec<&str> = p["subjects"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["id"].as_str().unwrap())
            .collect();
        assert_eq!(subjects, ["clinical", "staff", "event"]);
        assert_eq!(p["destinations"].as_array().unwrap().len(), 5);
        assert_eq!(p["rules"].as_array().unwrap().len(), 15);
        let attestations = p["attestations"].as_array().unwrap();
        assert!(!attestations.is_empty());
        for a in attestations {
            assert!(!a["text"].as_str().unwrap().is_empty(), "{a}");
            assert!(!a["source"]["clause"].as_str().unwrap().is_empty(), "{a}");
            assert!(!a["source"]["quote"].as_str().unwrap().is_empty(), "{a}");
        }
    }
}

#[test]
fn check_gate_refuses_without_attestations_and_allows_with_them() {
    let h = Harness::new();
    let id = h.open_astronaut();

    let refused = h
        .invoke("check_gate", json!({"id": id, "form": form(&[], "")}))
        .unwrap();
    assert_eq!(refused["allowed"], false);
    let unmet = unmet_ids(&refused);
    for want in [
        "attestation:patient-consent",
        "attestation:deidentification-reviewed",
        "consent-ref",
    ] {
        assert!(
            unmet.iter().any(|u| u == want),
            "{want} missing in {unmet:?}"
        );
    }
    // Each unmet condition comes with the policy's wording and its clause.
    for u in refused["unmet"].as_array().unwrap() {
        assert!(!u["message"].as_str().unwrap().is_empty());
        assert!(u["source"]["clause"].is_string(), "{u}");
    }

    // A blank consent reference counts as none.
    let blank = h
        .invoke(
            "check_gate",
            json!({"id": id, "form": form(&STANFORD_ATTESTATIONS, "   ")}),
        )
        .unwrap();
    assert_eq!(unmet_ids(&blank), ["consent-ref"]);

    let allowed = h
        .invoke(
            "check_gate",
            json!({"id": id, "form": form(&STANFORD_ATTESTATIONS, "CF-2026-0042")}),
        )
        .unwrap();
    assert_eq!(allowed, json!({"allowed": true, "unmet": []}));

    // Forbidden pairs stay forbidden whatever is ticked.
    let mut social = form(&STANFORD_ATTESTATIONS, "CF-2026-0042");
    social["destination"] = json!("personal-social-media");
    let forbidden = h
        .invoke("check_gate", json!({"id": id, "form": social}))
        .unwrap();
    assert_eq!(unmet_ids(&forbidden), ["forbidden"]);

    // Without an image the form alone is checked; an unknown policy is an error.
    let no_image = h
        .invoke("check_gate", json!({"id": null, "form": form(&[], "")}))
        .unwrap();
    assert_eq!(no_image["allowed"], false);
    let mut unknown = form(&[], "");
    unknown["policy"] = json!("nope");
    let err = h
        .invoke("check_gate", json!({"id": id, "form": unknown}))
        .unwrap_err();
    assert_eq!(err["code"], "policy");
}

#[test]
fn the_presets_and_the_gate_answer_in_the_language_asked() {
    let h = Harness::new();
    let id = h.open_astronaut();
    let quebec = |lang: Value| {
        let all = h.invoke("list_policies", json!({ "lang": lang })).unwrap();
        all.as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == "quebec-pgme")
            .unwrap()
            .clone()
    };
    let (fr, en, none) = (
        quebec(json!("fr")),
        quebec(json!("en")),
        quebec(Value::Null),
    );
    assert_eq!(en, none, "English is the default");
    assert!(
        fr["subjects"][0]["label"]
            .as_str()
            .unwrap()
            .starts_with("Photo clinique"),
        "{fr}"
    );
    assert!(
        en["subjects"][0]["label"]
            .as_str()
            .unwrap()
            .starts_with("Clinical photo"),
        "{en}"
    );
    // The sources (the policy's own words) are not translated.
    assert_eq!(fr["rules"][0]["source"], en["rules"][0]["source"]);

    let mut quebec_form = form(&[], "");
    quebec_form["policy"] = json!("quebec-pgme");
    quebec_form["destination"] = json!("slides");
    let gate = |lang: &str| {
        h.invoke(
            "check_gate",
            json!({"id": id, "form": quebec_form, "lang": lang}),
        )
        .unwrap()
    };
    let (fr, en) = (gate("fr"), gate("en"));
    assert_eq!(
        unmet_ids(&fr),
        unmet_ids(&en),
        "the same conditions in both languages"
    );
    let consent = |d: &Value| {
        d["unmet"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["id"] == "consent-ref")
            .unwrap()["message"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert!(
        consent(&fr).starts_with("Une référence du consentement est exigée"),
        "{}",
        consent(&fr)
    );
    assert!(
        consent(&en).starts_with("A consent reference is required"),
        "{}",
        consent(&en)
    );
}

#[test]
fn dismissing_a_face_needs_a_reason_and_the_gate_sees_the_decision() {
    let h = Harness::new();
    let id = h.open_astronaut();
    let edit = |id: u64, edit: Value| h.invoke("edit_plan", json!({"id": id, "edit": edit}));

    let err = edit(id, json!({"op": "dismiss", "index": 0, "reason": "  "})).unwrap_err();
    assert_eq!(err["code"], "invalid");
    let err = edit(id, json!({"op": "redact", "index": 7})).unwrap_err();
    assert_eq!(err["code"], "not_found");
    let err = edit(999, json!({"op": "redact", "index": 0})).unwrap_err();
    assert_eq!(err["code"], "not_found");
    let err = edit(id, json!({"op": "explode", "index": 0})).unwrap_err();
    assert!(!err.to_string().is_empty());

    let summary = edit(
        id,
        json!({"op": "dismiss", "index": 0, "reason": "a poster, not a person"}),
    )
    .unwrap();
    assert_eq!(summary["findings"][0]["decision"], "dismiss");
    assert_eq!(summary["findings"][0]["reason"], "a poster, not a person");
    assert_eq!(summary["counts"]["face"], 1);
    assert_eq!(
        (summary["undo"].as_u64(), summary["redo"].as_u64()),
        (Some(1), Some(0))
    );
    // A face dismissed with a recorded reason is handled.
    let allowed = h
        .invoke(
            "check_gate",
            json!({"id": id, "form": form(&STANFORD_ATTESTATIONS, "CF-1")}),
        )
        .unwrap();
    assert_eq!(allowed["allowed"], true);

    let summary = edit(id, json!({"op": "redact", "index": 0})).unwrap();
    assert_eq!(summary["findings"][0]["decision"], "redact");
    assert_eq!(summary["findings"][0]["reason"], Value::Null);
}

#[test]
fn regions_can_be_drawn_moved_restyled_removed_and_undone() {
    let h = Harness::new();
    let id = h.open_astronaut();
    let edit = |edit: Value| h.invoke("edit_plan", json!({"id": id, "edit": edit}));
    let gate = || {
        h.invoke(
            "check_gate",
            json!({"id": id, "form": form(&STANFORD_ATTESTATIONS, "CF-1")}),
        )
        .unwrap()
    };

    // Draw a region the detector missed; it is redacted, filled, and counted as manual.
    let s = edit(json!({"op": "add_region", "rect": {"x": 10, "y": 400, "w": 120, "h": 60}, "method": "fill"}))
        .unwrap();
    assert_eq!(s["findings"][1]["kind"], "manual");
    assert_eq!(s["findings"][1]["redact_box"], json!([10, 400, 120, 60]));
    assert_eq!(s["findings"][1]["method"], "fill");
    assert_eq!(s["counts"]["manual"], 1);
    // Too small (a stray click) is refused.
    let err = edit(
        json!({"op": "add_region", "rect": {"x": 5, "y": 5, "w": 2, "h": 40}, "method": "fill"}),
    )
    .unwrap_err();
    assert_eq!(err["code"], "invalid");

    // Per-region method, and moving/resizing.
    let s = edit(json!({"op": "set_method", "index": 0, "method": "pixelate"})).unwrap();
    assert_eq!(s["findings"][0]["method"], "pixelate");
    let s = edit(
        json!({"op": "set_region", "index": 0, "rect": {"x": 150, "y": 50, "w": 140, "h": 160}}),
    )
    .unwrap();
    assert_eq!(s["findings"][0]["redact_box"], json!([150, 50, 140, 160]));
    assert_eq!(s["findings"][0]["covers"], true);
    assert_eq!(gate()["allowed"], true);
    // Moved off the face it was found on: the gate no longer counts the face as redacted.
    let s = edit(
        json!({"op": "set_region", "index": 0, "rect": {"x": 300, "y": 300, "w": 90, "h": 110}}),
    )
    .unwrap();
    assert_eq!(s["findings"][0]["covers"], false);
    assert_eq!(unmet_ids(&gate()), ["redact:face"]);

    // Detections cannot be removed, drawn regions can.
    let err = edit(json!({"op": "remove_region", "index": 0})).unwrap_err();
    assert_eq!(err["code"], "invalid");
    let s = edit(json!({"op": "remove_region", "index": 1})).unwrap();
    assert_eq!(s["findings"].as_array().unwrap().len(), 1);

    // Undo walks back through every edit (5 of them), redo forward again.
    let mut s = Value::Null;
    for _ in 0..5 {
        s = h.invoke("undo_edit", json!({"id": id})).unwrap();
    }
    assert_eq!(s["undo"], 0);
    assert_eq!(s["redo"], 5);
    assert_eq!(s["findings"].as_array().unwrap().len(), 1);
    assert_eq!(s["findings"][0]["method"], "blur");
    assert_eq!(s["findings"][0]["redact_box"], json!([151, 47, 128, 156]));
    let s = h.invoke("undo_edit", json!({"id": id})).unwrap();
    assert_eq!(s["undo"], 0, "undo with nothing to undo is a no-op");
    let s = h.invoke("redo_edit", json!({"id": id})).unwrap();
    assert_eq!(s["findings"][1]["kind"], "manual");
    assert_eq!(s["redo"], 4);
}

#[test]
fn the_summary_spells_out_the_metadata() {
    let h = Harness::new();
    let id = h.open_astronaut();
    let s = h.invoke("get_image", json!({"id": id})).unwrap();
    assert_eq!(s["container"], "jpeg");
    assert!(s["metadata_items"].is_array());
    assert!(s.get("gps").is_some());
}

#[test]
fn previews_are_data_urls_and_the_redacted_one_differs() {
    let h = Harness::new();
    let id = h.open_astronaut();
    let original = h
        .invoke("get_preview", json!({"id": id, "redacted": false}))
        .unwrap();
    let redacted = h
        .invoke("get_preview", json!({"id": id, "redacted": true}))
        .unwrap();
    let (original, redacted) = (original.as_str().unwrap(), redacted.as_str().unwrap());
    assert!(original.starts_with("data:image/jpeg;base64,"));
    assert!(redacted.starts_with("data:image/jpeg;base64,"));
    assert_ne!(original, redacted);
    let err = h
        .invoke("get_preview", json!({"id": 42, "redacted": true}))
        .unwrap_err();
    assert_eq!(err["code"], "not_found");
}

#[test]
fn open_images_over_the_pixel_budget_let_their_pixels_go_and_read_them_again() {
    // Room for one astronaut's pixels (512x512 RGB) and a half.
    let h = Harness::with_pixel_budget(3 * 512 * 512 * 3 / 2);
    let copies: Vec<PathBuf> = (0..3)
        .map(|i| {
            let p = h.dir.path().join(format!("astronaut-{i}.jpg"));
            std::fs::copy(fixture("astronaut.jpg"), &p).unwrap();
            p
        })
        .collect();
    let ids: Vec<u64> = copies.iter().map(|p| h.open_astronaut_at(p)).collect();
    let in_memory = |id: u64| crate::state::lock(&h.state.image(id).unwrap()).pixels_in_memory();
    assert_eq!(
        ids.iter().map(|&i| in_memory(i)).collect::<Vec<_>>(),
        [false, false, true]
    );

    // A preview of the first reads its pixels again, from its file; the last lets its go.
    let first = h.invoke("get_preview", json!({"id": ids[0], "redacted": true}));
    assert!(first
        .unwrap()
        .as_str()
        .unwrap()
        .starts_with("data:image/jpeg;base64,"));
    assert!(in_memory(ids[0]) && !in_memory(ids[2]));
    let original = image_io::decode_file(&copies[0], &DecodeOptions::default()).unwrap();
    let pixels = std::sync::Arc::clone(
        &crate::state::lock(&h.state.image(ids[0]).unwrap())
            .image
            .pixels,
    );
    assert_eq!(*pixels, *original.pixels);

    // Exported from pixels read again: verified, recorded.
    let out = h.dir.path().join("out");
    let outcome = h
        .invoke(
            "export",
            json!({"id": ids[2], "outDir": out, "form": form(&STANFORD_ATTESTATIONS, "CF-1")}),
        )
        .unwrap();
    assert_eq!(outcome["verification"]["problems"], json!([]));
    assert_eq!(outcome["redacted"], 1);
    assert!(in_memory(ids[2]) && !in_memory(ids[0]));

    // A file changed since its scan is not read as the one scanned: refused, nothing written.
    let changed = image::RgbImage::from_pixel(512, 512, image::Rgb([10, 20, 30]));
    changed.save(&copies[1]).unwrap();
    let err = h
        .invoke("get_preview", json!({"id": ids[1], "redacted": false}))
        .unwrap_err();
    assert_eq!(err["code"], "changed");
    assert!(err["message"].as_str().unwrap().contains("astronaut-1.jpg"));
    let err = h
        .invoke(
            "export",
            json!({"id": ids[1], "outDir": out, "form": form(&STANFORD_ATTESTATIONS, "CF-2")}),
        )
        .unwrap_err();
    assert_eq!(err["code"], "changed");
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 1);
}

#[test]
fn export_goes_through_the_gate_and_the_ledger() {
    let h = Harness::new();
    let id = h.open_astronaut();
    let out = h.dir.path().join("out");

    // Refused: nothing written, the refusal is recorded.
    let err = h
        .invoke(
            "export",
            json!({"id": id, "outDir": out, "form": form(&[], "")}),
        )
        .unwrap_err();
    assert_eq!(err["code"], "refused");
    assert!(!out.exists());
    let rows = h.ledger_rows();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].entry.outcome, Outcome::Refused);

    // A relative output folder is refused before anything happens.
    let err = h
        .invoke(
            "export",
            json!({"id": id, "outDir": "out", "form": form(&STANFORD_ATTESTATIONS, "CF-1")}),
        )
        .unwrap_err();
    assert_eq!(err["code"], "invalid");

    let outcome = h
        .invoke(
            "export",
            json!({"id": id, "outDir": out, "form": form(&STANFORD_ATTESTATIONS, "CF-2026-0042")}),
        )
        .unwrap();
    let output = PathBuf::from(outcome["output"].as_str().unwrap());
    assert!(output.starts_with(&out));
    assert!(output.is_file());
    assert_eq!(outcome["verification"]["problems"], json!([]));
    assert_eq!(outcome["redacted"], 1);
    let rows = h.ledger_rows();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1].entry.outcome, Outcome::Exported);
    assert_eq!(rows[1].entry.consent_ref.as_deref(), Some("CF-2026-0042"));
    assert_eq!(rows[1].entry.reviewer.as_deref(), Some("Dr Test"));

    let summary = h.invoke("get_image", json!({"id": id})).unwrap();
    assert_eq!(summary["exported"], json!([output]));
}

#[test]
fn a_photo_with_no_face_found_is_exported_only_once_the_reviewer_confirms_checking_it() {
    let h = Harness::new();
    let id = h.open_with_nothing_found(&fixture("wristband.png"));
    let out = h.dir.path().join("out");
    let decision = h
        .invoke(
            "check_gate",
            json!({"id": id, "form": form(&STANFORD_ATTESTATIONS, "CF-7")}),
        )
        .unwrap();
    assert_eq!(unmet_ids(&decision), ["checked:face"]);
    let err = h
        .invoke(
            "export",
            json!({"id": id, "outDir": out, "form": form(&STANFORD_ATTESTATIONS, "CF-7")}),
        )
        .unwrap_err();
    assert_eq!(err["code"], "refused");
    assert!(!out.exists());

    let mut checked = form(&STANFORD_ATTESTATIONS, "CF-7");
    checked["checked"] = json!(["face"]);
    let decision = h
        .invoke("check_gate", json!({"id": id, "form": checked}))
        .unwrap();
    assert_eq!(decision["allowed"], true, "{decision}");
    let outcome = h
        .invoke("export", json!({"id": id, "outDir": out, "form": checked}))
        .unwrap();
    assert!(Path::new(outcome["output"].as_str().unwrap()).is_file());
    let rows = h.ledger_rows();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].entry.outcome, Outcome::Refused);
    assert_eq!(rows[0].entry.unmet[0].id, "checked:face");
    assert_eq!(rows[1].entry.outcome, Outcome::Exported);
    assert_eq!(rows[1].entry.checked, [Kind::Face]);
}

/// A copy of the Stanford preset under another id and name (an institution's own preset).
fn institution_preset(dir: &Path, id: &str) -> PathBuf {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../policies/stanford-peds.toml"),
    )
    .unwrap()
    .replace("id = \"stanford-peds\"", &format!("id = \"{id}\""))
    .replace(
        "name = \"Stanford Pediatrics Residency: Social Media Policy\"",
        "name = \"Our Hospital: Clinical Photography\"",
    );
    std::fs::create_dir_all(dir).unwrap();
    let path = dir.join(format!("{id}.toml"));
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn institution_presets_are_offered_from_a_folder_kept_in_the_settings() {
    let _english = language_lock();
    let h = Harness::with_settings();
    let ids = |h: &Harness| -> Vec<String> {
        let list = h.invoke("list_policies", json!({})).unwrap();
        (list.as_array().unwrap().iter())
            .map(|p| p["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids(&h).len(), 5);
    let folder = h.dir.path().join("presets");
    institution_preset(&folder, "our-hospital");

    // A relative folder, or one with a malformed preset, changes nothing.
    let err = h
        .invoke("set_policy_dirs", json!({"dirs": ["presets"]}))
        .unwrap_err();
    assert_eq!(err["code"], "invalid");
    let broken = h.dir.path().join("broken");
    std::fs::create_dir_all(&broken).unwrap();
    std::fs::write(broken.join("bad.toml"), "id = \"bad\"\nname = 3\n").unwrap();
    let err = h
        .invoke("set_policy_dirs", json!({"dirs": [folder, broken]}))
        .unwrap_err();
    assert_eq!(err["code"], "policy");
    let message = err["message"].as_str().unwrap();
    assert!(
        message.contains("bad.toml") && message.contains("line"),
        "{message}"
    );
    assert_eq!(ids(&h).len(), 5);
    assert!(!h.dir.path().join("settings.json").exists());

    let settings = h
        .invoke("set_policy_dirs", json!({"dirs": [folder]}))
        .unwrap();
    assert_eq!(settings["dirs"], json!([folder]));
    assert_eq!(settings["count"], 6);
    assert!(ids(&h).contains(&"our-hospital".to_string()));
    // The gate uses it like a built-in preset.
    let mut own = form(&STANFORD_ATTESTATIONS, "CF-9");
    own["policy"] = json!("our-hospital");
    let decision = h
        .invoke("check_gate", json!({"id": null, "form": own}))
        .unwrap();
    assert_eq!(decision["allowed"], true, "{decision}");

    // A later session reads the folder from the settings.
    let again = AppState::with_settings(
        h.dir.path().join("ledger.sqlite3"),
        h.dir.path().join("settings.json"),
    );
    assert!(again.policy("our-hospital").is_ok());
    assert_eq!(again.policy_settings().problem, None);
    // A folder gone by then leaves the built-in presets, with the problem said.
    std::fs::remove_dir_all(&folder).unwrap();
    let later = AppState::with_settings(
        h.dir.path().join("ledger.sqlite3"),
        h.dir.path().join("settings.json"),
    );
    assert_eq!(later.policies().len(), 5);
    let problem = later.policy_settings().problem.unwrap();
    assert!(problem.contains("presets"), "{problem}");

    // Emptying the list goes back to the built-in presets.
    let settings = h.invoke("set_policy_dirs", json!({"dirs": []})).unwrap();
    assert_eq!(settings["count"], 5);
    assert_eq!(ids(&h).len(), 5);
}

#[test]
fn the_ledger_comes_from_the_environment_or_the_default() {
    // Only reads the variable; the value the process runs with is left alone.
    let state = AppState::from_env();
    match std::env::var_os(crate::state::LEDGER_ENV).filter(|v| !v.is_empty()) {
        Some(v) => assert_eq!(state.ledger_path(), Path::new(&v)),
        None => assert_eq!(
            state.ledger_path(),
            clearframe_core::audit::default_ledger_path()
        ),
    }
}

#[test]
fn the_audit_view_lists_verifies_and_exports_the_ledger() {
    let h = Harness::new();
    // Nothing exported yet: no rows, and no ledger file is created by looking.
    let rows = h.invoke("audit_rows", json!({})).unwrap();
    assert_eq!(rows, json!([]));
    assert!(!h.state.ledger_path().exists());

    let id = h.open_astronaut();
    let out = h.dir.path().join("out");
    h.invoke(
        "export",
        json!({"id": id, "outDir": out, "form": form(&[], "")}),
    )
    .unwrap_err();
    h.invoke(
        "export",
        json!({"id": id, "outDir": out, "form": form(&STANFORD_ATTESTATIONS, "CF-7")}),
    )
    .unwrap();
    let rows = h.invoke("audit_rows", json!({"limit": 10})).unwrap();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["entry"]["outcome"], "refused");
    assert_eq!(rows[1]["entry"]["outcome"], "exported");
    assert_eq!(rows[1]["entry"]["consent_ref"], "CF-7");

    let report = h.invoke("audit_verify", json!({})).unwrap();
    assert_eq!(report["ok"], true);
    assert_eq!(report["rows_checked"], 2);

    let csv = h.dir.path().join("ledger.csv");
    let n = h
        .invoke("audit_export", json!({"path": csv, "format": "csv"}))
        .unwrap();
    assert_eq!(n, 2);
    let text = std::fs::read_to_string(&csv).unwrap();
    assert_eq!(text.lines().count(), 3, "{text}");
    assert!(text.contains("CF-7"));
    let err = h
        .invoke("audit_export", json!({"path": csv, "format": "xml"}))
        .unwrap_err();
    assert_eq!(err["code"], "invalid");
    let err = h
        .invoke(
            "audit_export",
            json!({"path": "/nonexistent-dir/ledger.csv", "format": "csv"}),
        )
        .unwrap_err();
    assert_eq!(err["code"], "io");
    assert!(err["message"]
        .as_str()
        .unwrap()
        .contains("/nonexistent-dir/ledger.csv"));
}

#[test]
fn cancelling_stops_the_running_scans_only() {
    let state = AppState::new(PathBuf::from("/nonexistent/ledger"));
    let before = state.scan_token();
    state.cancel_scans();
    assert!(before.is_cancelled());
    assert!(!state.scan_token().is_cancelled());
}

#[test]
fn an_image_still_being_scanned_cannot_be_edited_or_exported() {
    let h = Harness::new();
    let id = h.open_astronaut();
    let img = h.state.image(id).unwrap();
    crate::state::lock(&img).scanning = true;

    let err = h
        .invoke(
            "edit_plan",
            json!({"id": id, "edit": {"op": "redact", "index": 0}}),
        )
        .unwrap_err();
    assert_eq!(err["code"], "scanning");
    let err = h.invoke("undo_edit", json!({"id": id})).unwrap_err();
    assert_eq!(err["code"], "scanning");
    let gate = h
        .invoke(
            "check_gate",
            json!({"id": id, "form": form(&STANFORD_ATTESTATIONS, "CF-1")}),
        )
        .unwrap();
    assert_eq!(unmet_ids(&gate), ["scanning"]);
    let out = h.dir.path().join("out");
    let err = h
        .invoke(
            "export",
            json!({"id": id, "outDir": out, "form": form(&STANFORD_ATTESTATIONS, "CF-1")}),
        )
        .unwrap_err();
    assert_eq!(err["code"], "scanning");
    assert!(!out.exists());
    // Previews work meanwhile (the faces are shown while the text is looked for).
    h.invoke("get_preview", json!({"id": id, "redacted": true}))
        .unwrap();

    crate::state::lock(&img).scanning = false;
    let gate = h
        .invoke(
            "check_gate",
            json!({"id": id, "form": form(&STANFORD_ATTESTATIONS, "CF-1")}),
        )
        .unwrap();
    assert_eq!(gate["allowed"], true);
}

#[test]
fn a_document_copy_is_refused_and_recorded_before_it_is_read_or_a_model_loaded() {
    let h = Harness::new();
    let out = h.dir.path().join("out");
    // Not even a PDF: the gate refuses the request before the file is opened.
    let doc = h.dir.path().join("letter.pdf");
    std::fs::write(&doc, b"not a PDF").unwrap();
    let err = h
        .invoke(
            "export_document",
            json!({"path": doc, "outDir": out, "form": form(&[], "")}),
        )
        .unwrap_err();
    assert_eq!(err["code"], "refused", "{err}");
    assert!(!out.exists());
    let rows = h.ledger_rows();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].entry.outcome, Outcome::Refused);
    assert!(rows[0].entry.models.is_empty(), "nothing was scanned");

    // A kept line needs its reason, before anything else happens.
    let err = h
        .invoke(
            "export_document",
            json!({"path": doc, "outDir": out, "form": form(&STANFORD_ATTESTATIONS, "CF-1"),
                   "keepText": [{"text": "Dr. Jane Roe", "reason": "  "}]}),
        )
        .unwrap_err();
    assert_eq!(err["code"], "invalid", "{err}");
    assert_eq!(h.ledger_rows().len(), 1);
}

/// Held by the tests that read messages in one language: the app's language is one per
/// process ([`crate::commands::locale::set_language`]).
fn language_lock() -> std::sync::MutexGuard<'static, ()> {
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    LOCK.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

#[test]
fn the_shell_s_catalogues_agree() {
    let en = include_str!("../locales/en/app.ftl");
    let fr = include_str!("../locales/fr/app.ftl");
    assert_eq!(
        clearframe_core::l10n::compare_catalogues(en, fr),
        Vec::<String>::new()
    );
}

#[test]
fn errors_and_refusals_follow_the_app_s_language_and_the_ledger_stays_english() {
    let _lock = language_lock();
    let h = Harness::new();
    assert_eq!(
        h.invoke("set_language", json!({"lang": "fr-CA"})).unwrap(),
        "fr"
    );
    let id = h.open_astronaut();
    let out = h.dir.path().join("out");
    let err = h
        .invoke(
            "export",
            json!({"id": id, "outDir": out, "form": form(&[], "")}),
        )
        .unwrap_err();
    let message = err["message"].as_str().unwrap().to_string();
    // Restore English before asserting, so a failure leaves the other tests in English.
    let relative = h
        .invoke(
            "export",
            json!({"id": id, "outDir": "out", "form": form(&STANFORD_ATTESTATIONS, "CF-1")}),
        )
        .unwrap_err();
    let missing = h.invoke("get_image", json!({"id": 999})).unwrap_err();
    assert_eq!(
        h.invoke("set_language", json!({"lang": "en"})).unwrap(),
        "en"
    );
    assert_eq!(err["code"], "refused");
    assert!(message.starts_with("exportation refusée"), "{message}");
    assert!(
        message.contains("Une référence du consentement est exigée"),
        "{message}"
    );
    assert!(
        (relative["message"].as_str().unwrap()).contains("doit être un chemin complet"),
        "{relative}"
    );
    assert!(
        (missing["message"].as_str().unwrap()).contains("aucune image ouverte"),
        "{missing}"
    );
    // What the ledger recorded is the same as in English.
    let rows = h.ledger_rows();
    let unmet: Vec<&str> = (rows[0].entry.unmet.iter())
        .map(|u| u.message.as_str())
        .collect();
    assert!(
        unmet
            .iter()
            .any(|m| m.starts_with("A consent reference is required")),
        "{unmet:?}"
    );
    // Back in English.
    let err = h
        .invoke(
            "export",
            json!({"id": id, "outDir": out, "form": form(&[], "")}),
        )
        .unwrap_err();
    assert!(
        err["message"]
            .as_str()
            .unwrap()
            .starts_with("export refused"),
        "{err}"
    );
}
