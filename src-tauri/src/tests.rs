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
        let dir = tempfile::tempdir().unwrap();
        let state = AppState::new(dir.path().join("ledger.sqlite3"));
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
        let path = fixture("astronaut.jpg");
        let image = image_io::decode_file(&path, &DecodeOptions::default()).unwrap();
        let finding = Finding {
            kind: Kind::Face,
            rect: Rect::new(170, 70, 90, 110),
            score: 0.9,
            quad: None,
            text: None,
        };
        let plan = RedactionPlan::from_findings(
            &[finding],
            image.width(),
            image.height(),
            &PlanDefaults::default(),
        );
        let report = ScanReport {
            path: path.clone(),
            width: image.width(),
            height: image.height(),
            orientation: image.orientation,
            plan,
            metadata: image.metadata.report.clone(),
        };
        self.state.insert(OpenImage {
            image,
            report,
            models: Default::default(),
            exports: Vec::new(),
        })
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
fn dismissing_a_face_needs_a_reason_and_the_gate_sees_the_decision() {
    let h = Harness::new();
    let id = h.open_astronaut();

    let err = h
        .invoke(
            "set_decision",
            json!({"id": id, "index": 0, "decision": "dismiss", "reason": "  "}),
        )
        .unwrap_err();
    assert_eq!(err["code"], "invalid");

    let err = h
        .invoke(
            "set_decision",
            json!({"id": id, "index": 7, "decision": "redact", "reason": null}),
        )
        .unwrap_err();
    assert_eq!(err["code"], "not_found");
    let err = h
        .invoke(
            "set_decision",
            json!({"id": 999, "index": 0, "decision": "redact", "reason": null}),
        )
        .unwrap_err();
    assert_eq!(err["code"], "not_found");

    let summary = h
        .invoke(
            "set_decision",
            json!({"id": id, "index": 0, "decision": "dismiss", "reason": "a poster, not a person"}),
        )
        .unwrap();
    assert_eq!(summary["findings"][0]["decision"], "dismiss");
    assert_eq!(summary["findings"][0]["reason"], "a poster, not a person");
    assert_eq!(summary["counts"]["face"], 1);
    // A face dismissed with a recorded reason is handled.
    let allowed = h
        .invoke(
            "check_gate",
            json!({"id": id, "form": form(&STANFORD_ATTESTATIONS, "CF-1")}),
        )
        .unwrap();
    assert_eq!(allowed["allowed"], true);

    let summary = h
        .invoke(
            "set_decision",
            json!({"id": id, "index": 0, "decision": "redact"}),
        )
        .unwrap();
    assert_eq!(summary["findings"][0]["decision"], "redact");
    assert_eq!(summary["findings"][0]["reason"], Value::Null);
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
