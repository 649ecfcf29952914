//! Policy presets (data, in `policies/*.toml`) and the export gate.
//!
//! A [`Policy`] is one institution's social-media / clinical-photography policy turned into data:
//! the subjects a picture can show (`clinical`, `staff`, `event`), where it can go
//! (`personal-social-media`, `teaching-site`, `slides`, `institution-channel`,
//! `internal-teaching-file`), the attestations the user can tick, and one [`Rule`] per
//! (subject, destination) pair: forbidden, or allowed once its conditions are met. Every rule
//! and condition carries a [`Source`] (file, clause, verbatim quote) so the user sees *why*.
//!
//! The five built-in presets are compiled in ([`builtin_policies`]); institutions add their own
//! preset files in a folder ([`find_policy`], [`all_policies`]). [`evaluate`] is the gate: it
//! decides whether one export may go ahead and lists every unmet condition in the policy's own
//! words.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

use crate::hash::sha256_hex;
use serde::{Deserialize, Serialize};

use crate::finding::Kind;
use crate::l10n::{tr, Lang};

mod gate;
mod raw;
mod render;
#[cfg(test)]
mod tests;

pub use gate::{
    evaluate, evaluate_in, GateDecision, GateRequest, PlanSummary, PlannedFinding, UnmetCondition,
};
pub use render::markdown_table;

/// The subject ids every built-in preset defines (what a picture shows).
pub const SUBJECT_IDS: [&str; 3] = ["clinical", "staff", "event"];

/// The destination ids every built-in preset defines (where a picture goes).
pub const DESTINATION_IDS: [&str; 5] = [
    "personal-social-media",
    "teaching-site",
    "slides",
    "institution-channel",
    "internal-teaching-file",
];

/// The built-in presets: (origin name used in messages, file contents).
const BUILTIN: [(&str, &str); 5] = [
    (
        "policies/stanford-peds.toml",
        include_str!("../../../../policies/stanford-peds.toml"),
    ),
    (
        "policies/kp-gsja-gme.toml",
        include_str!("../../../../policies/kp-gsja-gme.toml"),
    ),
    (
        "policies/olive-view-ucla-im.toml",
        include_str!("../../../../policies/olive-view-ucla-im.toml"),
    ),
    (
        "policies/wsu-som-gme.toml",
        include_str!("../../../../policies/wsu-som-gme.toml"),
    ),
    (
        "policies/quebec-pgme.toml",
        include_str!("../../../../policies/quebec-pgme.toml"),
    ),
];

/// A policy preset could not be loaded, parsed or found.
/// `Display` is the English of [`PolicyError::message_in`].
#[derive(Debug, thiserror::Error)]
pub enum PolicyError {
    /// The preset text is not a valid preset: TOML syntax, an unknown field, an unknown id, a
    /// missing or duplicate rule… `Display` names the file and, when known, the line.
    Invalid {
        /// The file (or origin name) the text came from, e.g. `policies/foo.toml`.
        origin: String,
        /// 1-based line of the problem, when the parser could tell.
        line: Option<usize>,
        /// What is wrong.
        message: String,
    },
    /// A preset file or folder could not be read.
    Io {
        /// The file or folder concerned.
        path: PathBuf,
        /// The underlying I/O error.
        #[source]
        source: std::io::Error,
    },
    /// No preset has the requested id.
    NotFound {
        /// The id asked for.
        id: String,
        /// The ids that exist (built-in and from the given folders).
        available: Vec<String>,
    },
    /// Two presets share one id, so which one governs would be ambiguous.
    DuplicateId {
        /// The shared id.
        id: String,
        /// Where it was first defined.
        first: String,
        /// Where it was defined again.
        second: String,
    },
}

impl std::fmt::Display for PolicyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message_in(Lang::En))
    }
}

impl PolicyError {
    /// The message in `lang`, naming the file or id it concerns.
    pub fn message_in(&self, lang: Lang) -> String {
        match self {
            PolicyError::Invalid {
                origin,
                line: None,
                message,
            } => tr(
                lang,
                "error-policy-invalid",
                &[("origin", origin.into()), ("detail", message.into())],
            ),
            PolicyError::Invalid {
                origin,
                line: Some(line),
                message,
            } => {
                let line = line.to_string();
                tr(
                    lang,
                    "error-policy-invalid-line",
                    &[
                        ("origin", origin.into()),
                        ("line", (&line).into()),
                        ("detail", message.into()),
                    ],
                )
            }
            PolicyError::Io { path, source } => {
                let path = path.display().to_string();
                let detail = crate::l10n::io_detail(lang, source);
                tr(
                    lang,
                    "error-io",
                    &[("path", (&path).into()), ("detail", (&detail).into())],
                )
            }
            PolicyError::NotFound { id, available } => {
                let available = available.join(", ");
                tr(
                    lang,
                    "error-policy-not-found",
                    &[("id", id.into()), ("available", (&available).into())],
                )
            }
            PolicyError::DuplicateId { id, first, second } => tr(
                lang,
                "error-policy-duplicate",
                &[
                    ("id", id.into()),
                    ("first", first.into()),
                    ("second", second.into()),
                ],
            ),
        }
    }

    /// The 1-based line number the error concerns, when known.
    pub fn line(&self) -> Option<usize> {
        match self {
            PolicyError::Invalid { line, .. } => *line,
            _ => None,
        }
    }
}

/// Where a rule, condition or attestation comes from in the source policy text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Source {
    /// The source policy file, e.g. `stanford-peds.txt`.
    pub file: String,
    /// The clause within it, e.g. `rule 2`.
    pub clause: String,
    /// Words quoted verbatim from the policy text.
    pub quote: String,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}, {}: “{}”", self.file, self.clause, self.quote)
    }
}

/// A subject or destination: a fixed id and the label shown to people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Choice {
    /// Stable id, e.g. `clinical` or `teaching-site`.
    pub id: String,
    /// Human label.
    pub label: String,
}

/// A statement the user must tick before an export the policy conditions on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Attestation {
    /// Stable id, e.g. `patient-consent`.
    pub id: String,
    /// The exact checkbox text.
    pub text: String,
    /// The clause the attestation comes from.
    pub source: Source,
    /// ClearFrame's reading, when the attestation is an interpretation of the policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Whether a (subject, destination) pair may be exported at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Decision {
    /// Allowed once the rule's conditions are met.
    Allowed,
    /// Never allowed.
    Forbidden,
}

impl Decision {
    /// `allowed` or `forbidden`.
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Allowed => "allowed",
            Decision::Forbidden => "forbidden",
        }
    }
}

impl fmt::Display for Decision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A consent reference (form number, scan id, chart note) must be recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ConsentRefRequirement {
    /// What to enter, as shown to the user.
    pub prompt: String,
    /// The clause requiring it.
    pub source: Source,
}

/// Findings that must be redacted (or dismissed by the reviewer with a written reason).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RedactRequirement {
    /// Kinds whose findings must be redacted (face, text, barcode).
    #[serde(default)]
    pub kinds: Vec<Kind>,
    /// Institution names and logo text must be removed: text findings must be redacted, or
    /// dismissed with a reason (e.g. "not an institution name", or the written permission).
    #[serde(default)]
    pub institution_names: bool,
    /// Kinds (of `kinds`) that, when the scan found none of them, the reviewer must confirm
    /// having looked for in the whole picture themselves (a detector misses faces in profile,
    /// small, or in a mirror, a screen or a photo): `GateRequest::checked` must list them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub confirm_if_none: Vec<Kind>,
    /// The clause requiring it.
    pub source: Source,
}

/// The rule for one (subject, destination) pair.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Rule {
    /// Subject id.
    pub subject: String,
    /// Destination id.
    pub destination: String,
    /// Allowed (with conditions) or forbidden.
    pub decision: Decision,
    /// The clause the rule comes from.
    pub source: Source,
    /// The policy does not address this pair directly: the rule is ClearFrame's conservative
    /// reading of a more general clause, explained in `note`.
    #[serde(default)]
    pub interpreted: bool,
    /// Explanation shown to the user (always present when `interpreted`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Attestation ids that must all be ticked (allowed rules only).
    #[serde(default)]
    pub attestations: Vec<String>,
    /// A consent reference is required when present (allowed rules only).
    #[serde(default)]
    pub consent_ref: Option<ConsentRefRequirement>,
    /// What must be redacted (allowed rules only).
    #[serde(default)]
    pub redact: Vec<RedactRequirement>,
}

impl Rule {
    /// Whether a consent reference is required.
    pub fn requires_consent_ref(&self) -> bool {
        self.consent_ref.is_some()
    }

    /// The kinds whose findings must be redacted, in the order the rule lists them, without
    /// duplicates, each with the requirement's source. Institution names are not included
    /// (see [`Rule::institution_names`]).
    pub fn must_redact(&self) -> Vec<(Kind, &Source)> {
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for r in &self.redact {
            for &k in &r.kinds {
                if seen.insert(k) {
                    out.push((k, &r.source));
                }
            }
        }
        out
    }

    /// The kinds the reviewer must confirm having checked the picture for when the scan found
    /// none of them, in the order the rule lists them, without duplicates, each with the
    /// requirement's source.
    pub fn confirm_if_none(&self) -> Vec<(Kind, &Source)> {
        let mut out: Vec<(Kind, &Source)> = Vec::new();
        for r in &self.redact {
            for &k in &r.confirm_if_none {
                if !out.iter().any(|(seen, _)| *seen == k) {
                    out.push((k, &r.source));
                }
            }
        }
        out
    }

    /// The source of the institution-names requirement, if the rule has one.
    pub fn institution_names(&self) -> Option<&Source> {
        self.redact
            .iter()
            .find(|r| r.institution_names)
            .map(|r| &r.source)
    }
}

/// A preset's own texts in another language (only French today), each in place of the
/// English one it translates.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct PolicyTranslation {
    pub name: Option<String>,
    pub summary: Option<String>,
    /// Subject id → label.
    pub subjects: HashMap<String, String>,
    /// Destination id → label.
    pub destinations: HashMap<String, String>,
    /// Attestation id → (text, note).
    pub attestations: HashMap<String, (Option<String>, Option<String>)>,
    /// (subject, destination) → (note, consent prompt).
    pub rules: HashMap<(String, String), (Option<String>, Option<String>)>,
}

/// A validated policy preset.
///
/// Built only by [`Policy::from_toml_str`] / [`Policy::load_file`] (or [`builtin_policies`]), so
/// every rule refers to a defined subject, destination and attestation, and every
/// (subject, destination) pair has exactly one rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Policy {
    /// Stable id, e.g. `stanford-peds`.
    pub id: String,
    /// Human name of the policy.
    pub name: String,
    /// The institution it belongs to.
    pub institution: String,
    /// The source policy text it was built from, e.g. `stanford-peds.txt`.
    pub source_file: String,
    /// The preset's version.
    pub version: String,
    /// One-paragraph summary.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// What a picture can show.
    pub subjects: Vec<Choice>,
    /// Where a picture can go.
    pub destinations: Vec<Choice>,
    /// Statements the user may be asked to tick.
    pub attestations: Vec<Attestation>,
    /// One rule per (subject, destination) pair.
    pub rules: Vec<Rule>,
    /// The preset's own French texts (see [`Policy::in_language`]).
    #[serde(skip)]
    fr: PolicyTranslation,
    /// Where the preset was loaded from (e.g. `policies/stanford-peds.toml` or a path).
    origin: String,
    /// Hex sha256 of the preset file's bytes.
    sha256: String,
}

impl Policy {
    /// Parse and validate a preset. `origin` names the text in error messages (usually the file
    /// path); errors carry the line when it is known.
    pub fn from_toml_str(text: &str, origin: &str) -> Result<Policy, PolicyError> {
        let mut policy = raw::parse(text, origin)?;
        policy.origin = origin.to_string();
        policy.sha256 = sha256_hex(text.as_bytes());
        Ok(policy)
    }

    /// Read, parse and validate a preset file.
    pub fn load_file(path: &Path) -> Result<Policy, PolicyError> {
        let bytes = std::fs::read(path).map_err(|source| PolicyError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let origin = path.display().to_string();
        let text = String::from_utf8(bytes).map_err(|e| PolicyError::Invalid {
            origin: origin.clone(),
            line: None,
            message: format!("not UTF-8 text ({e})"),
        })?;
        Policy::from_toml_str(&text, &origin)
    }

    /// Hex sha256 of the preset file's bytes (recorded in the audit ledger).
    pub fn sha256(&self) -> &str {
        &self.sha256
    }

    /// Where the preset was loaded from.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The preset as people read it in `lang`: its name, summary, subject and destination
    /// labels, attestation texts, notes and consent prompts in that language where the preset
    /// carries them (`fr.label = "…"` beside `label`), ClearFrame's own defaults translated,
    /// everything else (ids, sources and their verbatim quotes) unchanged. English is the
    /// preset as written.
    pub fn in_language(&self, lang: Lang) -> Policy {
        let mut p = self.clone();
        if lang == Lang::En {
            return p;
        }
        let t = &self.fr;
        if let Some(name) = &t.name {
            p.name = name.clone();
        }
        if t.summary.is_some() {
            p.summary = t.summary.clone();
        }
        for (choices, labels) in [
            (&mut p.subjects, &t.subjects),
            (&mut p.destinations, &t.destinations),
        ] {
            for c in choices.iter_mut() {
                if let Some(label) = labels.get(&c.id) {
                    c.label = label.clone();
                }
            }
        }
        for a in &mut p.attestations {
            if let Some((text, note)) = t.attestations.get(&a.id) {
                if let Some(text) = text {
                    a.text = text.clone();
                }
                if note.is_some() {
                    a.note = note.clone();
                }
            }
        }
        for r in &mut p.rules {
            let (note, prompt) = t
                .rules
                .get(&(r.subject.clone(), r.destination.clone()))
                .cloned()
                .unwrap_or_default();
            if note.is_some() {
                r.note = note;
            }
            if let Some(c) = &mut r.consent_ref {
                if let Some(prompt) = prompt {
                    c.prompt = prompt;
                } else if c.prompt == raw::DEFAULT_CONSENT_PROMPT {
                    c.prompt = tr(lang, "consent-prompt-default", &[]);
                }
            }
        }
        p
    }

    /// The texts of the preset people would read in English because it has no translation for
    /// `lang` (e.g. `attestation patient-consent`); empty when it is fully translated.
    pub fn untranslated(&self, lang: Lang) -> Vec<String> {
        if lang == Lang::En {
            return Vec::new();
        }
        let t = &self.fr;
        let mut out = Vec::new();
        if t.name.is_none() {
            out.push("name".to_string());
        }
        if self.summary.is_some() && t.summary.is_none() {
            out.push("summary".to_string());
        }
        for (what, choices, labels) in [
            ("subject", &self.subjects, &t.subjects),
            ("destination", &self.destinations, &t.destinations),
        ] {
            out.extend(
                (choices.iter())
                    .filter(|c| !labels.contains_key(&c.id))
                    .map(|c| format!("{what} {}", c.id)),
            );
        }
        for a in &self.attestations {
            let (text, note) = t.attestations.get(&a.id).cloned().unwrap_or_default();
            if text.is_none() {
                out.push(format!("attestation {}", a.id));
            }
            if a.note.is_some() && note.is_none() {
                out.push(format!("note of attestation {}", a.id));
            }
        }
        for r in &self.rules {
            let (note, prompt) = (t.rules.get(&(r.subject.clone(), r.destination.clone())))
                .cloned()
                .unwrap_or_default();
            if r.note.is_some() && note.is_none() {
                out.push(format!("note of rule {} → {}", r.subject, r.destination));
            }
            if let Some(c) = &r.consent_ref {
                if prompt.is_none() && c.prompt != raw::DEFAULT_CONSENT_PROMPT {
                    out.push(format!(
                        "consent prompt of rule {} → {}",
                        r.subject, r.destination
                    ));
                }
            }
        }
        out
    }

    /// The subject with this id.
    pub fn subject(&self, id: &str) -> Option<&Choice> {
        self.subjects.iter().find(|s| s.id == id)
    }

    /// The destination with this id.
    pub fn destination(&self, id: &str) -> Option<&Choice> {
        self.destinations.iter().find(|d| d.id == id)
    }

    /// The attestation with this id.
    pub fn attestation(&self, id: &str) -> Option<&Attestation> {
        self.attestations.iter().find(|a| a.id == id)
    }

    /// The rule for a (subject, destination) pair.
    pub fn rule(&self, subject: &str, destination: &str) -> Option<&Rule> {
        self.rules
            .iter()
            .find(|r| r.subject == subject && r.destination == destination)
    }
}

/// The five built-in presets, compiled into the binary from `policies/*.toml`.
///
/// # Panics
/// Never in a tested build: the presets are validated by this module's tests.
pub fn builtin_policies() -> Vec<Policy> {
    BUILTIN
        .iter()
        .map(|(origin, text)| {
            Policy::from_toml_str(text, origin)
                .unwrap_or_else(|e| panic!("built-in policy preset is invalid: {e}"))
        })
        .collect()
}

/// Every preset: the built-in ones, then the `*.toml` files in each of `extra_dirs` (not
/// recursive, in name order). Any unreadable or malformed file is an error naming it (and its
/// line), as is a folder that cannot be read or an id defined twice.
pub fn all_policies(extra_dirs: &[PathBuf]) -> Result<Vec<Policy>, PolicyError> {
    let mut policies = builtin_policies();
    for dir in extra_dirs {
        let entries = std::fs::read_dir(dir).map_err(|source| PolicyError::Io {
            path: dir.clone(),
            source,
        })?;
        let mut files = BTreeSet::new();
        for entry in entries {
            let entry = entry.map_err(|source| PolicyError::Io {
                path: dir.clone(),
                source,
            })?;
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "toml") && path.is_file() {
                files.insert(path);
            }
        }
        for path in files {
            let policy = Policy::load_file(&path)?;
            if let Some(first) = policies.iter().find(|p| p.id == policy.id) {
                return Err(PolicyError::DuplicateId {
                    id: policy.id.clone(),
                    first: first.origin.clone(),
                    second: policy.origin.clone(),
                });
            }
            policies.push(policy);
        }
    }
    Ok(policies)
}

/// The preset with this id, among the built-in ones and the `*.toml` files in `extra_dirs`
/// (see [`all_policies`] for the errors).
pub fn find_policy(id: &str, extra_dirs: &[PathBuf]) -> Result<Policy, PolicyError> {
    let policies = all_policies(extra_dirs)?;
    policy_in(&policies, id).cloned()
}

/// The preset with this id among `policies` (already loaded); `PolicyError::NotFound` lists
/// the ids there are.
pub fn policy_in<'a>(policies: &'a [Policy], id: &str) -> Result<&'a Policy, PolicyError> {
    policies
        .iter()
        .find(|p| p.id == id)
        .ok_or_else(|| PolicyError::NotFound {
            id: id.to_string(),
            available: policies.iter().map(|p| p.id.clone()).collect(),
        })
}
