//! What one ledger row records: the [`AuditEntry`] and the types it holds (outcome,
//! attestations, finding counts, dismissals, unmet conditions, document counts).

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::error::{AuditError, Result};
use super::time::{self, now_rfc3339};
use crate::finding::Kind;
use crate::policy::{GateDecision, GateRequest, PlanSummary, Policy, Source};

/// Whether the export happened or the gate refused it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Outcome {
    /// The file was written.
    Exported,
    /// The policy gate refused; nothing was written.
    Refused,
}

impl Outcome {
    /// `exported` or `refused`.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Exported => "exported",
            Outcome::Refused => "refused",
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Outcome {
    type Err = AuditError;
    fn from_str(s: &str) -> Result<Self> {
        match s {
            "exported" => Ok(Outcome::Exported),
            "refused" => Ok(Outcome::Refused),
            _ => Err(AuditError::InvalidEntry(format!(
                "outcome `{s}` is neither `exported` nor `refused`"
            ))),
        }
    }
}

/// One ticked attestation, as the reviewer saw it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AttestationRecord {
    /// The attestation id, e.g. `patient-consent`.
    pub id: String,
    /// The exact checkbox text shown (empty when the policy does not define the id).
    pub text: String,
    /// The policy clause it comes from (`None` when the policy does not define the id).
    pub source: Option<Source>,
}

/// Findings of one kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct KindCounts {
    /// Findings of this kind in the plan.
    pub found: u32,
    /// Of those, redacted.
    pub redacted: u32,
    /// Of those, dismissed by the reviewer (each listed in [`AuditEntry::dismissals`]).
    pub dismissed: u32,
}

/// Finding counts by kind, keyed by the kind's id (`{"face": {...}, "text": {...}, ...}`).
///
/// A map, not a field per kind, so that a kind added later leaves every row written before it
/// readable (and so verifiable): a kind a row does not list counts zero. New rows list every
/// kind of [`Kind::ALL`] in that order, zeros included, which for the four kinds of 2026-12 is
/// byte for byte the JSON the earlier struct wrote (a test reads a ledger written by it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FindingCounts(BTreeMap<Kind, KindCounts>);

impl Default for FindingCounts {
    fn default() -> Self {
        FindingCounts(
            Kind::ALL
                .iter()
                .map(|&k| (k, KindCounts::default()))
                .collect(),
        )
    }
}

impl FindingCounts {
    /// The counts for one kind (zero when the row does not list it).
    pub fn get(&self, kind: Kind) -> KindCounts {
        self.0.get(&kind).copied().unwrap_or_default()
    }

    /// Each kind the row lists, with its counts, in [`Kind`]'s order.
    pub fn iter(&self) -> impl Iterator<Item = (Kind, KindCounts)> + '_ {
        self.0.iter().map(|(k, c)| (*k, *c))
    }

    fn get_mut(&mut self, kind: Kind) -> &mut KindCounts {
        self.0.entry(kind).or_default()
    }
}

/// A finding the reviewer chose not to redact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Dismissal {
    /// What the finding was.
    pub kind: Kind,
    /// The reviewer's reason (`None` if none was given).
    pub reason: Option<String>,
}

/// A condition of the policy a refused export did not meet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct UnmetRecord {
    /// The condition id, e.g. `consent-ref` or `attestation:patient-consent`.
    pub id: String,
    /// The message shown, in the policy's words.
    pub message: String,
}

/// What one ledger row records. The fields are serialised, in this order, as the row's
/// canonical JSON (see the [module documentation](super)).
///
/// Build one with [`AuditEntry::exported`] or [`AuditEntry::refused`], then fill what only the
/// caller knows: [`reviewer`](Self::reviewer), the hashes, [`models`](Self::models) and, only
/// with `--keep-names`, [`output_name`](Self::output_name).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AuditEntry {
    /// UTC time in canonical RFC 3339 form (`2025-01-02T03:04:05.678Z`, see [`now_rfc3339`]).
    pub time: String,
    /// Exported or refused.
    pub outcome: Outcome,
    /// Who reviewed and exported (a user name or staff id; never a patient name).
    pub reviewer: Option<String>,
    /// The policy preset id.
    pub policy_id: String,
    /// Lowercase hex sha256 of the preset file ([`Policy::sha256`]).
    pub policy_sha256: String,
    /// Subject id (`clinical`, `staff`, `event`).
    pub subject: String,
    /// Destination id (e.g. `teaching-site`).
    pub destination: String,
    /// Each ticked attestation with its exact text and source clause.
    pub attestations: Vec<AttestationRecord>,
    /// Consent reference (a form number; never a patient name).
    pub consent_ref: Option<String>,
    /// Kinds the reviewer confirmed having looked for in the whole picture themselves, where
    /// the scan found none (the policies' "no face was found" check). Absent when empty, so
    /// rows written before the field existed read and re-serialise unchanged.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checked: Vec<Kind>,
    /// Lowercase hex sha256 of the input file; `None` only for a refusal decided before any
    /// input was read.
    pub input_sha256: Option<String>,
    /// Lowercase hex sha256 of the output file; required for an export, always `None` for a
    /// refusal.
    pub output_sha256: Option<String>,
    /// The output file's bare name, **only** when the user asked to keep names
    /// (`--keep-names`); `None` by default because names often identify patients.
    pub output_name: Option<String>,
    /// Finding counts by kind.
    pub findings: FindingCounts,
    /// Each dismissed finding with the reviewer's reason.
    pub dismissals: Vec<Dismissal>,
    /// For a refusal, every unmet condition (empty for an export).
    pub unmet: Vec<UnmetRecord>,
    /// sha256 of each model used, by file name (`Detector::model_sha256`).
    pub models: BTreeMap<String, String>,
    /// ClearFrame's version.
    pub app_version: String,
    /// For a document (a slide deck), what the copy changed besides its pictures, as counts;
    /// absent for a photo, and in rows written before it existed (which still verify: the
    /// hash is over the stored JSON).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<DocumentCounts>,
}

/// What a redacted document copy changed besides redacting its pictures (never the text: these
/// are counts).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DocumentCounts {
    /// Pieces of identifier-like text replaced by a neutral mark.
    pub text_replaced: u64,
    /// Parts left out (hidden slides, notes, comments, embedded objects, media…).
    pub parts_removed: u64,
    /// Shapes left out (hidden, or wholly off their slide).
    pub shapes_removed: u64,
    /// Pictures replaced by a placeholder because nothing here can draw them.
    pub placeholders: u64,
}

impl AuditEntry {
    /// An export record for `req` under `policy`, timestamped now: policy id and hash, subject,
    /// destination, attestations (with the policy's text and clause), consent reference and
    /// finding counts from `req.plan`. The caller then sets `reviewer`, `input_sha256`,
    /// `output_sha256`, `models` and, only with `--keep-names`, `output_name`.
    pub fn exported(policy: &Policy, req: &GateRequest) -> AuditEntry {
        AuditEntry::from_request(Outcome::Exported, policy, req)
    }

    /// A refusal record for `req` under `policy`, timestamped now, with every unmet condition of
    /// `decision`. The caller then sets `reviewer`, `input_sha256` (if the input was read) and
    /// `models` (if any were used).
    pub fn refused(policy: &Policy, req: &GateRequest, decision: &GateDecision) -> AuditEntry {
        let mut e = AuditEntry::from_request(Outcome::Refused, policy, req);
        e.unmet = decision
            .unmet
            .iter()
            .map(|u| UnmetRecord {
                id: u.id.clone(),
                message: u.message.clone(),
            })
            .collect();
        e
    }

    fn from_request(outcome: Outcome, policy: &Policy, req: &GateRequest) -> AuditEntry {
        let (findings, dismissals) = summarize_plan(&req.plan);
        AuditEntry {
            time: now_rfc3339(),
            outcome,
            reviewer: None,
            policy_id: policy.id.clone(),
            policy_sha256: policy.sha256().to_string(),
            subject: req.subject.clone(),
            destination: req.destination.clone(),
            attestations: req
                .attestations
                .iter()
                .map(|id| match policy.attestation(id) {
                    Some(a) => AttestationRecord {
                        id: id.clone(),
                        text: a.text.clone(),
                        source: Some(a.source.clone()),
                    },
                    None => AttestationRecord {
                        id: id.clone(),
                        text: String::new(),
                        source: None,
                    },
                })
                .collect(),
            consent_ref: req.consent_ref.clone(),
            checked: req.checked.clone(),
            input_sha256: None,
            output_sha256: None,
            output_name: None,
            findings,
            dismissals,
            unmet: Vec::new(),
            models: BTreeMap::new(),
            app_version: env!("CARGO_PKG_VERSION").to_string(),
            document: None,
        }
    }

    /// The canonical JSON the row stores and hashes: compact, fields in declaration order.
    pub fn canonical_json(&self) -> String {
        // Serialising these plain structs (strings, integers, a BTreeMap) cannot fail.
        serde_json::to_string(self).expect("an AuditEntry always serialises")
    }

    /// Check the entry before it is written: canonical time, hashes as 64 lowercase hex digits,
    /// an output hash exactly when exported, unmet conditions exactly when refused, and a bare
    /// output file name.
    pub fn validate(&self) -> Result<()> {
        let bad = |m: String| Err(AuditError::InvalidEntry(m));
        if !time::is_canonical(&self.time) {
            return bad(format!(
                "time `{}` is not canonical RFC 3339 UTC like 2025-01-02T03:04:05.678Z",
                self.time
            ));
        }
        let mut hashes: Vec<(&str, &str)> = vec![("policy_sha256", &self.policy_sha256)];
        hashes.extend(self.input_sha256.as_deref().map(|h| ("input_sha256", h)));
        hashes.extend(self.output_sha256.as_deref().map(|h| ("output_sha256", h)));
        hashes.extend(self.models.iter().map(|(f, h)| (f.as_str(), h.as_str())));
        for (what, h) in hashes {
            if !is_sha256_hex(h) {
                return bad(format!(
                    "{what}: `{h}` is not a sha256 (64 lowercase hex digits)"
                ));
            }
        }
        for (what, v) in [
            ("policy_id", &self.policy_id),
            ("subject", &self.subject),
            ("destination", &self.destination),
            ("app_version", &self.app_version),
        ] {
            if v.trim().is_empty() {
                return bad(format!("{what} is empty"));
            }
        }
        match self.outcome {
            Outcome::Exported => {
                if self.output_sha256.is_none() {
                    return bad("an export must record the output's sha256".into());
                }
                if !self.unmet.is_empty() {
                    return bad("an export cannot have unmet conditions".into());
                }
            }
            Outcome::Refused => {
                if self.output_sha256.is_some() || self.output_name.is_some() {
                    return bad("a refusal has no output (no output hash or name)".into());
                }
                if self.unmet.is_empty() {
                    return bad("a refusal must list the unmet conditions".into());
                }
            }
        }
        if let Some(name) = &self.output_name {
            if name.is_empty() || name == "." || name == ".." || name.contains(['/', '\\', '\0']) {
                return bad(format!(
                    "output_name `{name}` must be a bare file name, not a path"
                ));
            }
        }
        Ok(())
    }
}

/// Finding counts by kind and the dismissals of a plan (as the gate sees it).
pub fn summarize_plan(plan: &PlanSummary) -> (FindingCounts, Vec<Dismissal>) {
    let mut counts = FindingCounts::default();
    let mut dismissals = Vec::new();
    for f in &plan.findings {
        let c = counts.get_mut(f.kind);
        c.found += 1;
        if f.redacted {
            c.redacted += 1;
        } else {
            c.dismissed += 1;
            dismissals.push(Dismissal {
                kind: f.kind,
                reason: f.dismissed_reason.clone(),
            });
        }
    }
    (counts, dismissals)
}

fn is_sha256_hex(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}
