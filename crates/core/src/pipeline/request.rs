//! Who exports, under which policy, to where: the request every export is checked against.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::audit::{AuditEntry, Ledger};
use crate::finding::Kind;
use crate::l10n::Lang;
use crate::policy::{self, GateDecision, GateRequest, PlanSummary, PlannedFinding, Policy};
use crate::redact::{Decision, RedactionPlan};
use crate::{Error, Result};

/// Who exports, under which policy, with which attestations, to where.
///
/// Built with [`ExportRequest::new`] and its setters, which clean what people type: ids and
/// texts are trimmed, blank ones count as absent, attestations are listed once each. The CLI
/// and the app build their requests this way, so the same form gives the same ledger row.
#[derive(Debug, Clone)]
pub struct ExportRequest<'a> {
    pub(super) policy: &'a Policy,
    pub(super) subject: String,
    pub(super) destination: String,
    pub(super) attestations: Vec<String>,
    pub(super) checked: Vec<Kind>,
    pub(super) consent_ref: Option<String>,
    pub(super) reviewer: Option<String>,
    pub(super) out_dir: PathBuf,
    pub(super) keep_names: bool,
    pub(super) models: BTreeMap<String, String>,
    pub(super) lang: Lang,
}

/// Trimmed, `None` when blank.
fn non_blank(s: Option<&str>) -> Option<String> {
    s.map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

impl<'a> ExportRequest<'a> {
    /// The subject a request has when none is given: a clinical photo, the strictest.
    pub const DEFAULT_SUBJECT: &'static str = "clinical";

    /// A request to export to `destination` under `policy` into `out_dir`: subject
    /// [`DEFAULT_SUBJECT`](Self::DEFAULT_SUBJECT), nothing attested, neutral output names.
    pub fn new(policy: &'a Policy, destination: &str, out_dir: impl Into<PathBuf>) -> Self {
        ExportRequest {
            policy,
            subject: Self::DEFAULT_SUBJECT.to_string(),
            destination: destination.trim().to_string(),
            attestations: Vec::new(),
            checked: Vec::new(),
            consent_ref: None,
            reviewer: None,
            out_dir: out_dir.into(),
            keep_names: false,
            models: BTreeMap::new(),
            lang: Lang::En,
        }
    }

    /// What the pictures show (`clinical`, `staff`, `event`); blank keeps the default.
    pub fn subject(mut self, subject: Option<&str>) -> Self {
        if let Some(s) = non_blank(subject) {
            self.subject = s;
        }
        self
    }

    /// The attestation ids the user ticked (blank ones ignored, each kept once).
    pub fn attest<S: AsRef<str>>(mut self, ids: impl IntoIterator<Item = S>) -> Self {
        for id in ids {
            if let Some(id) = non_blank(Some(id.as_ref())) {
                if !self.attestations.contains(&id) {
                    self.attestations.push(id);
                }
            }
        }
        self
    }

    /// The kinds the reviewer confirms having looked for in the whole picture themselves
    /// (asked by a policy when the scan found none: [`crate::policy::Rule::confirm_if_none`]).
    pub fn checked(mut self, kinds: impl IntoIterator<Item = Kind>) -> Self {
        for kind in kinds {
            if !self.checked.contains(&kind) {
                self.checked.push(kind);
            }
        }
        self
    }

    /// The consent reference (a form number, never a patient name); blank is none.
    pub fn consent_ref(mut self, consent_ref: Option<&str>) -> Self {
        self.consent_ref = non_blank(consent_ref);
        self
    }

    /// Who reviewed the de-identification (recorded in the ledger); blank is none.
    pub fn reviewer(mut self, reviewer: Option<&str>) -> Self {
        self.reviewer = non_blank(reviewer);
        self
    }

    /// Name outputs after their inputs (`<stem>.jpg`) instead of neutrally
    /// (`redacted-<hash>.jpg`). Off by default: input names often carry patient names.
    pub fn keep_names(mut self, keep: bool) -> Self {
        self.keep_names = keep;
        self
    }

    /// The sha256 of each model used, by file name (recorded in the ledger).
    pub fn models(mut self, models: BTreeMap<String, String>) -> Self {
        self.models = models;
        self
    }

    /// The language of a refusal's conditions ([`Error::Refused`]); English by default. The
    /// ledger records them in English whatever it is.
    pub fn lang(mut self, lang: Lang) -> Self {
        self.lang = lang;
        self
    }

    /// The policy preset.
    pub fn policy(&self) -> &'a Policy {
        self.policy
    }

    /// The output folder.
    pub fn out_dir(&self) -> &Path {
        &self.out_dir
    }
}

impl ExportRequest<'_> {
    /// The gate's input for a given plan.
    pub fn gate_request(&self, plan: Option<&RedactionPlan>) -> GateRequest {
        self.gate_request_for(plan.map(plan_summary).unwrap_or_default())
    }

    /// The ledger row of an export of `input_sha256` as `output_sha256` whose findings are
    /// `plan`: the gate's request, the reviewer and the models.
    pub fn audit_entry(
        &self,
        plan: PlanSummary,
        input_sha256: &str,
        output_sha256: &str,
    ) -> AuditEntry {
        let mut entry = AuditEntry::exported(self.policy, &self.gate_request_for(plan));
        entry.reviewer = self.reviewer.clone();
        entry.input_sha256 = Some(input_sha256.to_string());
        entry.output_sha256 = Some(output_sha256.to_string());
        entry.models = self.models.clone();
        entry
    }

    /// The gate's input for a plan already reduced to what the gate sees (a deck's pictures'
    /// plans together).
    pub fn gate_request_for(&self, plan: PlanSummary) -> GateRequest {
        GateRequest {
            subject: self.subject.clone(),
            destination: self.destination.clone(),
            attestations: self.attestations.clone(),
            checked: self.checked.clone(),
            consent_ref: self.consent_ref.clone(),
            plan,
        }
    }

    /// Evaluate the gate; `Err(Error::Refused)` names each unmet condition.
    pub fn check_gate(&self, plan: Option<&RedactionPlan>) -> Result<GateDecision> {
        let decision = self.decide_in_language(&self.gate_request(plan));
        if decision.allowed {
            Ok(decision)
        } else {
            Err(Error::Refused(Box::new(decision)))
        }
    }

    /// Check the gate and, when it refuses, record the refusal in the ledger before returning
    /// `Err(Error::Refused)`. `input_sha256` is the file concerned, when one was read.
    pub fn gate_or_record_refusal(
        &self,
        plan: Option<&RedactionPlan>,
        input_sha256: Option<&str>,
        ledger: &mut Ledger,
    ) -> Result<GateDecision> {
        self.gate_summary_or_record_refusal(plan.map(plan_summary), input_sha256, ledger)
    }

    /// [`gate_or_record_refusal`](Self::gate_or_record_refusal) for a plan already reduced to
    /// what the gate sees (`None` before anything was read).
    pub fn gate_summary_or_record_refusal(
        &self,
        plan: Option<PlanSummary>,
        input_sha256: Option<&str>,
        ledger: &mut Ledger,
    ) -> Result<GateDecision> {
        let scanned = plan.is_some();
        let gate = self.gate_request_for(plan.unwrap_or_default());
        let decision = policy::evaluate(self.policy, &gate);
        if decision.allowed {
            return Ok(decision);
        }
        let mut entry = AuditEntry::refused(self.policy, &gate, &decision);
        entry.reviewer = self.reviewer.clone();
        entry.input_sha256 = input_sha256.map(str::to_string);
        if scanned {
            entry.models = self.models.clone();
        }
        ledger.append(&entry)?;
        if self.lang != Lang::En {
            return Err(Error::Refused(Box::new(self.decide_in_language(&gate))));
        }
        Err(Error::Refused(Box::new(decision)))
    }

    /// The gate's decision in the request's language: ClearFrame's conditions and the
    /// preset's own translations of its texts (its quotes stay as they are).
    fn decide_in_language(&self, gate: &GateRequest) -> GateDecision {
        match self.lang {
            Lang::En => policy::evaluate(self.policy, gate),
            lang => policy::evaluate_in(&self.policy.in_language(lang), gate, lang),
        }
    }
}

/// The plan as the gate sees it: each finding, whether it is redacted (its whole detected box
/// covered), and any dismissal reason.
pub fn plan_summary(plan: &RedactionPlan) -> PlanSummary {
    PlanSummary {
        pictures: 1,
        findings: plan
            .items
            .iter()
            .map(|i| PlannedFinding {
                kind: i.finding.kind,
                // A detection whose region was moved or shrunk off it is not redacted.
                redacted: i.decision == Decision::Redact && i.covers_finding(),
                dismissed_reason: match &i.decision {
                    Decision::Dismiss { reason } => Some(reason.clone()),
                    Decision::Redact => None,
                },
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builder_cleans_what_people_type() {
        let policies = crate::policy::builtin_policies();
        let policy = &policies[0];
        let req = ExportRequest::new(policy, " teaching-site ", "/tmp/out")
            .subject(Some("  "))
            .attest([
                " patient-consent",
                "",
                "patient-consent ",
                "deidentification-reviewed",
            ])
            .checked([Kind::Face, Kind::Face])
            .consent_ref(Some("  C-1 "))
            .reviewer(Some("   "));
        let gate = req.gate_request(None);
        assert_eq!(gate.subject, ExportRequest::DEFAULT_SUBJECT);
        assert_eq!(gate.destination, "teaching-site");
        assert_eq!(
            gate.attestations,
            ["patient-consent", "deidentification-reviewed"]
        );
        assert_eq!(gate.checked, [Kind::Face]);
        assert_eq!(gate.consent_ref.as_deref(), Some("C-1"));
        assert_eq!(req.reviewer, None);
        assert_eq!(
            req.subject(Some(" event ")).gate_request(None).subject,
            "event"
        );
    }

    #[test]
    fn the_gate_counts_a_detection_moved_off_its_box_as_not_redacted() {
        use crate::finding::{Finding, Kind, Rect};
        use crate::redact::{PlanDefaults, PlanEdit};
        let face = Finding::new(Kind::Face, Rect::new(20, 20, 30, 30), 0.9);
        let mut plan = RedactionPlan::from_findings(&[face], 200, 200, &PlanDefaults::default());
        assert!(plan_summary(&plan).findings[0].redacted);
        plan.edit(&PlanEdit::SetRegion {
            index: 0,
            rect: Rect::new(100, 100, 40, 40),
        })
        .unwrap();
        let summary = plan_summary(&plan);
        assert!(!summary.findings[0].redacted);
        assert!(!summary.findings[0].is_handled());
    }
}
