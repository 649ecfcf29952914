//! The policy presets, as the consent panel shows them.

use clearframe_core::policy::{Attestation, Choice, Rule};
use serde::Serialize;
use tauri::State;

use crate::error::AppResult;
use crate::state::{AppState, PolicySettings};

/// A policy preset as the consent panel shows it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PolicyView {
    /// Stable id, e.g. `stanford-peds`.
    pub id: String,
    /// Human name.
    pub name: String,
    /// The institution it belongs to.
    pub institution: String,
    /// One-paragraph summary, when the preset has one.
    pub summary: Option<String>,
    /// The source policy text it was built from.
    pub source_file: String,
    /// What a picture can show.
    pub subjects: Vec<Choice>,
    /// Where a picture can go.
    pub destinations: Vec<Choice>,
    /// Every attestation, with its exact checkbox text and source clause.
    pub attestations: Vec<Attestation>,
    /// One rule per (subject, destination): forbidden or allowed, its conditions and source.
    pub rules: Vec<Rule>,
}

/// The policy presets, with their subjects, destinations, attestations and rules, in the
/// front end's language (`en`, `fr`; English when absent or unknown) where the preset carries
/// that language's texts. Quotes, ids and sources stay as written.
#[tauri::command]
pub fn list_policies(state: State<'_, AppState>, lang: Option<String>) -> Vec<PolicyView> {
    let lang = crate::commands::locale::lang(lang.as_deref());
    state
        .policies()
        .iter()
        .map(|p| p.in_language(lang))
        .map(|p| PolicyView {
            id: p.id.clone(),
            name: p.name.clone(),
            institution: p.institution.clone(),
            summary: p.summary.clone(),
            source_file: p.source_file.clone(),
            subjects: p.subjects.clone(),
            destinations: p.destinations.clone(),
            attestations: p.attestations.clone(),
            rules: p.rules.clone(),
        })
        .collect()
}

/// The institution preset folders (the CLI's `--policy-dir`) and any problem loading them.
#[tauri::command]
pub fn policy_settings(state: State<'_, AppState>) -> PolicySettings {
    state.policy_settings()
}

/// Offer the presets in these folders beside the built-in ones, from now on and in later
/// sessions. Each preset is checked first: a malformed one (named with its line) or an id
/// defined twice is an error (`policy`) and nothing changes. Returns the new settings; the
/// consent panel then lists the presets again ([`list_policies`]).
#[tauri::command]
pub fn set_policy_dirs(
    state: State<'_, AppState>,
    dirs: Vec<std::path::PathBuf>,
) -> AppResult<PolicySettings> {
    state.set_policy_dirs(dirs)
}
