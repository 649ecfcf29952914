//! The consent form, the policy gate, and exporting an image through it into the ledger.

use std::collections::BTreeMap;
use std::path::PathBuf;

use clearframe_core::audit::Ledger;
use clearframe_core::pipeline::{self, ExportOutcome, ExportRequest};
use clearframe_core::policy::{self, GateDecision, UnmetCondition};
use clearframe_core::Kind;
use serde::Deserialize;
use tauri::State;

use super::{absolute, blocking, file_name, scanned};
use crate::error::{AppError, AppResult};
use crate::state::{lock, AppState};

/// What the consent panel submits: the policy, subject, destination, ticked attestations,
/// consent reference and reviewer.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ConsentForm {
    /// Policy preset id.
    pub policy: String,
    /// Subject id (`clinical`, `staff`, `event`).
    pub subject: String,
    /// Destination id.
    pub destination: String,
    /// Ticked attestation ids.
    #[serde(default)]
    pub attestations: Vec<String>,
    /// Consent reference (blank counts as none).
    #[serde(default)]
    pub consent_ref: Option<String>,
    /// Who reviewed the de-identification (blank counts as none).
    #[serde(default)]
    pub reviewer: Option<String>,
    /// Kinds the reviewer confirmed having looked for in the whole picture themselves (the
    /// "no face was found" check the policies ask for).
    #[serde(default)]
    pub checked: Vec<Kind>,
}

impl ConsentForm {
    pub(super) fn request<'a>(
        &self,
        policy: &'a policy::Policy,
        out_dir: PathBuf,
        models: BTreeMap<String, String>,
    ) -> ExportRequest<'a> {
        ExportRequest::new(policy, &self.destination, out_dir)
            .subject(Some(&self.subject))
            .attest(&self.attestations)
            .checked(self.checked.iter().copied())
            .consent_ref(self.consent_ref.as_deref())
            .reviewer(self.reviewer.as_deref())
            .models(models)
            .lang(super::locale::ui_lang())
    }
}

/// Ask the policy's gate whether this image may be exported with this form. With no `id`,
/// the form alone is checked (before any image is open). Refusals are not recorded here: only
/// an export attempt is. The conditions are written in `lang` (`en`, `fr`; English when
/// absent), the preset's own texts too where it carries them.
#[tauri::command]
pub fn check_gate(
    state: State<'_, AppState>,
    id: Option<u64>,
    form: ConsentForm,
    lang: Option<String>,
) -> AppResult<GateDecision> {
    let lang = crate::commands::locale::lang(lang.as_deref());
    let policy = state.policy(&form.policy)?.in_language(lang);
    let req = form.request(&policy, PathBuf::new(), BTreeMap::new());
    let gate = match id {
        Some(id) => {
            let img = state.image(id)?;
            let guard = lock(&img);
            if guard.scanning {
                return Ok(GateDecision {
                    allowed: false,
                    unmet: vec![UnmetCondition {
                        id: "scanning".into(),
                        message: clearframe_core::l10n::tr(lang, "gate-scanning", &[]),
                        source: None,
                    }],
                });
            }
            req.gate_request(Some(&guard.report.plan))
        }
        None => req.gate_request(None),
    };
    Ok(policy::evaluate_in(&policy, &gate, lang))
}

/// Export one image into `out_dir` (created if missing) through the gate, recording the export
/// (or the refusal) in the ledger. Returns the file written and its verification report.
#[tauri::command]
pub async fn export(
    state: State<'_, AppState>,
    id: u64,
    out_dir: String,
    form: ConsentForm,
) -> AppResult<ExportOutcome> {
    let state = state.inner().clone();
    let out_dir = absolute(&out_dir, "app-what-output-folder")?;
    blocking(move || export_image(&state, id, out_dir, &form)).await
}

/// See [`export`] (blocking).
pub fn export_image(
    state: &AppState,
    id: u64,
    out_dir: PathBuf,
    form: &ConsentForm,
) -> AppResult<ExportOutcome> {
    let policy = state.policy(&form.policy)?;
    let img = state.image(id)?;
    state.used(id);
    let mut guard = lock(&img);
    scanned(id, &guard)?;
    if let Some(o) = &guard.origin {
        let document = file_name(&o.path);
        return Err(AppError::invalid(super::locale::text(
            "app-document-picture",
            &[("key", (&o.key).into()), ("document", (&document).into())],
        )));
    }
    let req = form.request(&policy, out_dir, guard.models.clone());
    // The core gates, creates the folder only once the gate passes, and records a refusal.
    let mut ledger = Ledger::open(state.ledger_path())?;
    guard.decoded()?;
    let outcome = pipeline::export(&guard.image, &guard.report.plan, &req, &mut ledger)?;
    guard.exports.push(outcome.clone());
    Ok(outcome)
}
