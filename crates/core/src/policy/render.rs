//! Human-readable renderings of presets: [`Policy::explain`] (for `clearframe policies`) and
//! [`markdown_table`] (for the README).

use std::fmt::Write as _;

use super::{Decision, Policy, Rule};

impl Rule {
    /// The rule's conditions in one line, e.g. `attest patient-consent, deidentification-reviewed;
    /// consent reference; redact face, text, barcode; if no face found, confirm checked`; `none` for an unconditional allowed rule
    /// and `—` for a forbidden one.
    pub fn conditions_summary(&self) -> String {
        if self.decision == Decision::Forbidden {
            return "—".to_string();
        }
        let mut parts = Vec::new();
        if !self.attestations.is_empty() {
            parts.push(format!("attest {}", self.attestations.join(", ")));
        }
        if self.consent_ref.is_some() {
            parts.push("consent reference".to_string());
        }
        let mut redact: Vec<String> = self
            .must_redact()
            .iter()
            .map(|(k, _)| k.to_string())
            .collect();
        if self.institution_names().is_some() {
            redact.push("institution names/logos".to_string());
        }
        if !redact.is_empty() {
            parts.push(format!("redact {}", redact.join(", ")));
        }
        let confirm: Vec<String> = (self.confirm_if_none().iter())
            .map(|(k, _)| k.to_string())
            .collect();
        if !confirm.is_empty() {
            parts.push(format!(
                "if no {} found, confirm checked",
                confirm.join(", ")
            ));
        }
        if parts.is_empty() {
            "none".to_string()
        } else {
            parts.join("; ")
        }
    }
}

impl Policy {
    /// A multi-line, human-readable description of the preset: what it is, where it comes from,
    /// its subjects, destinations and attestations, and every rule with its conditions and the
    /// clauses they come from.
    pub fn explain(&self) -> String {
        let mut s = String::new();
        // Writing to a String cannot fail.
        let _ = self.write_explanation(&mut s);
        s
    }

    fn write_explanation(&self, s: &mut String) -> std::fmt::Result {
        writeln!(s, "{} ({}, version {})", self.name, self.id, self.version)?;
        writeln!(s, "  Institution: {}", self.institution)?;
        writeln!(s, "  Source text: {}", self.source_file)?;
        writeln!(
            s,
            "  Preset file: {} (sha256 {})",
            self.origin(),
            self.sha256()
        )?;
        if let Some(summary) = &self.summary {
            writeln!(s, "  Summary: {summary}")?;
        }
        writeln!(s, "\nSubjects:")?;
        for c in &self.subjects {
            writeln!(s, "  {:<26} {}", c.id, c.label)?;
        }
        writeln!(s, "\nDestinations:")?;
        for c in &self.destinations {
            writeln!(s, "  {:<26} {}", c.id, c.label)?;
        }
        writeln!(s, "\nAttestations:")?;
        for a in &self.attestations {
            writeln!(s, "  {:<26} {}", a.id, a.text)?;
            writeln!(s, "  {:<26}   from {}", "", a.source)?;
            if let Some(note) = &a.note {
                writeln!(s, "  {:<26}   note: {note}", "")?;
            }
        }
        writeln!(s, "\nRules:")?;
        for r in &self.rules {
            let verdict = match r.decision {
                Decision::Forbidden => "FORBIDDEN",
                Decision::Allowed if r.conditions_summary() == "none" => "allowed",
                Decision::Allowed => "allowed when",
            };
            let reading = if r.interpreted {
                "  [ClearFrame's reading]"
            } else {
                ""
            };
            writeln!(s, "  {} → {}: {verdict}{reading}", r.subject, r.destination)?;
            for id in &r.attestations {
                let text = self.attestation(id).map_or("", |a| a.text.as_str());
                writeln!(s, "      - ticked {id}: {text}")?;
            }
            if let Some(c) = &r.consent_ref {
                writeln!(
                    s,
                    "      - consent reference recorded ({}: “{}”)",
                    c.source.clause, c.source.quote
                )?;
            }
            for red in &r.redact {
                let mut what: Vec<String> = red.kinds.iter().map(|k| k.to_string()).collect();
                if red.institution_names {
                    what.push("institution names/logos".to_string());
                }
                writeln!(
                    s,
                    "      - redacted (or dismissed with a reason): {} ({}: “{}”)",
                    what.join(", "),
                    red.source.clause,
                    red.source.quote
                )?;
                if !red.confirm_if_none.is_empty() {
                    let kinds: Vec<&str> = red.confirm_if_none.iter().map(|k| k.as_str()).collect();
                    writeln!(
                        s,
                        "      - when no {} was found: the reviewer confirms they checked the picture themselves",
                        kinds.join(", ")
                    )?;
                }
            }
            writeln!(s, "      why: {}", r.source)?;
            if let Some(note) = &r.note {
                writeln!(s, "      note: {note}")?;
            }
        }
        Ok(())
    }
}

/// Escape a Markdown table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// A Markdown table of every rule of every preset (preset, subject, destination, decision,
/// conditions, source clause), for the README. Rules that are ClearFrame's reading of a policy
/// silent on the pair (`interpreted`) are marked † and explained in a footnote.
pub fn markdown_table(policies: &[Policy]) -> String {
    let mut s =
        String::from("| Preset | Subject | Destination | Decision | Conditions | Source |\n");
    s.push_str("|---|---|---|---|---|---|\n");
    for p in policies {
        for r in &p.rules {
            let mut decision = match r.decision {
                Decision::Allowed => "allowed".to_string(),
                Decision::Forbidden => "**forbidden**".to_string(),
            };
            if r.interpreted {
                decision.push_str(" †");
            }
            s.push_str(&format!(
                "| `{}` | {} | {} | {} | {} | {} {} |\n",
                cell(&p.id),
                cell(&r.subject),
                cell(&r.destination),
                decision,
                cell(&r.conditions_summary()),
                cell(&r.source.file),
                cell(&r.source.clause),
            ));
        }
    }
    s.push_str(
        "\n† The policy does not address this pair directly; the rule is ClearFrame's conservative \
         reading of a more general clause (the preset's `note` says how).\n",
    );
    s
}
