//! The export gate: may this picture go to this destination under this policy?

use std::fmt;

use serde::{Deserialize, Serialize};

use super::{Decision, Policy, Source};
use crate::finding::Kind;
use crate::l10n::{tr, Lang};

/// What the user is asking to export, and what they have recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GateRequest {
    /// Subject id (`clinical`, `staff`, `event`).
    pub subject: String,
    /// Destination id (e.g. `teaching-site`).
    pub destination: String,
    /// Attestation ids the user ticked.
    #[serde(default)]
    pub attestations: Vec<String>,
    /// Consent reference (form number, scan id, chart note), if any.
    #[serde(default)]
    pub consent_ref: Option<String>,
    /// Kinds the reviewer confirms having looked for in the whole picture themselves, for the
    /// rules that ask when the scan found none ([`super::RedactRequirement::confirm_if_none`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checked: Vec<Kind>,
    /// The redaction plan as the gate sees it (empty before any image is read).
    #[serde(default)]
    pub plan: PlanSummary,
}

/// The redaction plan reduced to what the gate needs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanSummary {
    /// Pictures scanned: 1 for a photo, a deck's pictures, a PDF's pages; 0 before any
    /// picture was read (a request checked before reading its files).
    #[serde(default)]
    pub pictures: usize,
    /// Every finding in the plan.
    #[serde(default)]
    pub findings: Vec<PlannedFinding>,
}

impl PlanSummary {
    /// Add another picture's plan (a deck's pictures, a PDF's pages, taken together).
    pub fn add(&mut self, other: PlanSummary) {
        self.pictures += other.pictures;
        self.findings.extend(other.findings);
    }
}

/// One finding of the plan: its kind, and whether the reviewer redacts or dismissed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedFinding {
    /// What was found.
    pub kind: Kind,
    /// The finding will be redacted.
    pub redacted: bool,
    /// Why the reviewer dismissed it (when not redacted).
    #[serde(default)]
    pub dismissed_reason: Option<String>,
}

impl PlannedFinding {
    /// Redacted, or dismissed with a non-blank reason (the reviewer decided, and it is recorded).
    pub fn is_handled(&self) -> bool {
        self.redacted
            || self
                .dismissed_reason
                .as_deref()
                .is_some_and(|r| !r.trim().is_empty())
    }
}

/// The gate's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct GateDecision {
    /// The export may go ahead (`unmet` is empty).
    pub allowed: bool,
    /// Every condition not met, in the policy's own words.
    pub unmet: Vec<UnmetCondition>,
}

/// One condition the request does not meet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct UnmetCondition {
    /// Stable id: `unknown-subject`, `unknown-destination`, `forbidden`, `attestation:<id>`,
    /// `consent-ref`, `redact:<kind>`, `redact:institution-names` or `checked:<kind>` (none was
    /// found: the reviewer must confirm having looked).
    pub id: String,
    /// What is wrong, in the policy's wording (for an attestation: its checkbox text).
    pub message: String,
    /// The clause behind the condition.
    pub source: Option<Source>,
}

impl fmt::Display for GateDecision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.allowed {
            return f.write_str("allowed");
        }
        f.write_str("refused:")?;
        for u in &self.unmet {
            write!(f, "\n  - [{}] {}", u.id, u.message)?;
        }
        Ok(())
    }
}

/// “file clause: “quote””, for messages.
fn cite(lang: Lang, source: &Source) -> String {
    tr(
        lang,
        "cite",
        &[
            ("file", (&source.file).into()),
            ("clause", (&source.clause).into()),
            ("quote", (&source.quote).into()),
        ],
    )
}

/// The condition shown when the scan found no `kind` in `pictures` pictures.
fn none_found_message(lang: Lang, kind: Kind, pictures: usize) -> String {
    let place = tr(lang, "none-found-place", &[("pictures", pictures.into())]);
    tr(
        lang,
        &format!("gate-none-found-{}", kind.as_str()),
        &[("place", place.as_str().into())],
    )
}

/// Decide whether `req` may be exported under `policy`, the conditions in English (what the
/// ledger records). See [`evaluate_in`].
pub fn evaluate(policy: &Policy, req: &GateRequest) -> GateDecision {
    evaluate_in(policy, req, Lang::En)
}

/// Decide whether `req` may be exported under `policy`, the unmet conditions written in
/// `lang` (pass the policy [`Policy::in_language`] too, for its own texts). Refused when the
/// subject or destination is unknown, the pair is forbidden, or any condition of the pair's
/// rule is unmet; each unmet condition is listed (one per missing attestation, one per
/// must-redact kind). Ticked attestations the rule does not ask for are ignored; a finding of a
/// must-redact kind is handled when it is redacted or dismissed with a non-blank reason.
pub fn evaluate_in(policy: &Policy, req: &GateRequest, lang: Lang) -> GateDecision {
    let mut unmet = Vec::new();
    if policy.subject(&req.subject).is_none() {
        let valid: Vec<&str> = policy.subjects.iter().map(|s| s.id.as_str()).collect();
        unmet.push(UnmetCondition {
            id: "unknown-subject".into(),
            message: tr(
                lang,
                "gate-unknown-subject",
                &[
                    ("subject", (&req.subject).into()),
                    ("policy", (&policy.id).into()),
                    ("valid", valid.join(", ").as_str().into()),
                ],
            ),
            source: None,
        });
    }
    if policy.destination(&req.destination).is_none() {
        let valid: Vec<&str> = policy.destinations.iter().map(|d| d.id.as_str()).collect();
        unmet.push(UnmetCondition {
            id: "unknown-destination".into(),
            message: tr(
                lang,
                "gate-unknown-destination",
                &[
                    ("destination", (&req.destination).into()),
                    ("policy", (&policy.id).into()),
                    ("valid", valid.join(", ").as_str().into()),
                ],
            ),
            source: None,
        });
    }
    if !unmet.is_empty() {
        return GateDecision {
            allowed: false,
            unmet,
        };
    }

    let Some(rule) = policy.rule(&req.subject, &req.destination) else {
        // Unreachable for a validated policy (every pair has a rule); refuse rather than allow.
        unmet.push(UnmetCondition {
            id: "forbidden".into(),
            message: tr(
                lang,
                "gate-no-rule",
                &[
                    ("policy", (&policy.id).into()),
                    ("subject", (&req.subject).into()),
                    ("destination", (&req.destination).into()),
                ],
            ),
            source: None,
        });
        return GateDecision {
            allowed: false,
            unmet,
        };
    };

    if rule.decision == Decision::Forbidden {
        let mut message = tr(
            lang,
            "gate-forbidden",
            &[
                ("subject", (&rule.subject).into()),
                ("destination", (&rule.destination).into()),
                ("cite", cite(lang, &rule.source).as_str().into()),
            ],
        );
        if let Some(note) = &rule.note {
            message.push_str(&format!(" ({note})"));
        }
        unmet.push(UnmetCondition {
            id: "forbidden".into(),
            message,
            source: Some(rule.source.clone()),
        });
        return GateDecision {
            allowed: false,
            unmet,
        };
    }

    for id in &rule.attestations {
        if req.attestations.iter().any(|a| a == id) {
            continue;
        }
        let att = policy.attestation(id);
        unmet.push(UnmetCondition {
            id: format!("attestation:{id}"),
            message: att.map_or_else(|| id.clone(), |a| a.text.clone()),
            source: att.map(|a| a.source.clone()),
        });
    }

    if let Some(c) = &rule.consent_ref {
        if req
            .consent_ref
            .as_deref()
            .is_none_or(|r| r.trim().is_empty())
        {
            unmet.push(UnmetCondition {
                id: "consent-ref".into(),
                message: tr(
                    lang,
                    "gate-consent-ref",
                    &[
                        ("prompt", (&c.prompt).into()),
                        ("cite", cite(lang, &c.source).as_str().into()),
                    ],
                ),
                source: Some(c.source.clone()),
            });
        }
    }

    let must = rule.must_redact();
    for (kind, source) in &must {
        let n = req
            .plan
            .findings
            .iter()
            .filter(|f| f.kind == *kind && !f.is_handled())
            .count();
        if n > 0 {
            let noun = tr(lang, &format!("kind-{}", kind.as_str()), &[]);
            unmet.push(UnmetCondition {
                id: format!("redact:{kind}"),
                message: tr(
                    lang,
                    "gate-redact",
                    &[
                        ("n", n.into()),
                        ("kind", noun.as_str().into()),
                        ("cite", cite(lang, source).as_str().into()),
                    ],
                ),
                source: Some((*source).clone()),
            });
        }
    }
    if req.plan.pictures > 0 {
        for (kind, source) in rule.confirm_if_none() {
            let found = req.plan.findings.iter().any(|f| f.kind == kind);
            if !found && !req.checked.contains(&kind) {
                unmet.push(UnmetCondition {
                    id: format!("checked:{kind}"),
                    message: none_found_message(lang, kind, req.plan.pictures),
                    source: Some(source.clone()),
                });
            }
        }
    }
    if let Some(source) = rule.institution_names() {
        if !must.iter().any(|(k, _)| *k == Kind::Text) {
            let n = req
                .plan
                .findings
                .iter()
                .filter(|f| f.kind == Kind::Text && !f.is_handled())
                .count();
            if n > 0 {
                unmet.push(UnmetCondition {
                    id: "redact:institution-names".into(),
                    message: tr(
                        lang,
                        "gate-institution-names",
                        &[
                            ("n", n.into()),
                            ("cite", cite(lang, source).as_str().into()),
                        ],
                    ),
                    source: Some(source.clone()),
                });
            }
        }
    }

    GateDecision {
        allowed: unmet.is_empty(),
        unmet,
    }
}
