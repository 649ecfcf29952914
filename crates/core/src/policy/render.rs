//! Human-readable renderings of presets: [`Policy::explain`] (for `clearframe policies`) and
//! [`markdown_table`] (for the README).

use std::fmt::Write as _;

use super::{Decision, Policy, Rule};
use crate::l10n::{tr, Args, Lang};

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
        self.explain_in(Lang::En)
    }

    /// [`explain`](Self::explain) in `lang`: ClearFrame's words and the preset's own
    /// translations ([`Policy::in_language`]); ids and the policy's quotes as they are.
    pub fn explain_in(&self, lang: Lang) -> String {
        let mut s = String::new();
        // Writing to a String cannot fail.
        let _ = self.in_language(lang).write_explanation(&mut s, lang);
        s
    }

    fn write_explanation(&self, s: &mut String, lang: Lang) -> std::fmt::Result {
        let t = |id: &str, args: &Args<'_>| tr(lang, id, args);
        let (version, sha, origin) = (self.version.to_string(), self.sha256(), self.origin());
        let title = t(
            "explain-title",
            &[
                ("name", (&self.name).into()),
                ("id", (&self.id).into()),
                ("version", (&version).into()),
            ],
        );
        writeln!(s, "{title}")?;
        let institution = (&self.institution).into();
        writeln!(
            s,
            "  {}",
            t("explain-institution", &[("institution", institution)])
        )?;
        let source = (&self.source_file).into();
        writeln!(s, "  {}", t("explain-source", &[("file", source)]))?;
        let file = [("file", origin.into()), ("sha", sha.into())];
        writeln!(s, "  {}", t("explain-preset-file", &file))?;
        if let Some(summary) = &self.summary {
            writeln!(
                s,
                "  {}",
                t("explain-summary", &[("summary", summary.into())])
            )?;
        }
        writeln!(s, "\n{}", t("explain-subjects", &[]))?;
        for c in &self.subjects {
            writeln!(s, "  {:<26} {}", c.id, c.label)?;
        }
        writeln!(s, "\n{}", t("explain-destinations", &[]))?;
        for c in &self.destinations {
            writeln!(s, "  {:<26} {}", c.id, c.label)?;
        }
        writeln!(s, "\n{}", t("explain-attestations", &[]))?;
        for a in &self.attestations {
            writeln!(s, "  {:<26} {}", a.id, a.text)?;
            let source = a.source.to_string();
            let from = t("explain-from", &[("source", (&source).into())]);
            writeln!(s, "  {:<26}   {from}", "")?;
            if let Some(note) = &a.note {
                let note = t("explain-note", &[("note", note.into())]);
                writeln!(s, "  {:<26}   {note}", "")?;
            }
        }
        writeln!(s, "\n{}", t("explain-rules", &[]))?;
        let kinds = |kinds: &[crate::finding::Kind]| -> Vec<String> {
            (kinds.iter())
                .map(|k| crate::l10n::kind_noun(lang, k.as_str()))
                .collect()
        };
        for r in &self.rules {
            let verdict = match r.decision {
                Decision::Forbidden => t("explain-forbidden", &[]),
                Decision::Allowed if r.conditions_summary() == "none" => t("explain-allowed", &[]),
                Decision::Allowed => t("explain-allowed-when", &[]),
            };
            let reading = if r.interpreted {
                format!("  {}", t("explain-reading", &[]))
            } else {
                String::new()
            };
            writeln!(s, "  {} → {}: {verdict}{reading}", r.subject, r.destination)?;
            for id in &r.attestations {
                let text = self.attestation(id).map_or("", |a| a.text.as_str());
                let line = t(
                    "explain-ticked",
                    &[("id", id.into()), ("text", text.into())],
                );
                writeln!(s, "      - {line}")?;
            }
            if let Some(c) = &r.consent_ref {
                let line = t(
                    "explain-consent",
                    &[
                        ("clause", (&c.source.clause).into()),
                        ("quote", (&c.source.quote).into()),
                    ],
                );
                writeln!(s, "      - {line}")?;
            }
            for red in &r.redact {
                let mut what = kinds(&red.kinds);
                if red.institution_names {
                    what.push(t("explain-institution-names", &[]));
                }
                let what = what.join(", ");
                let line = t(
                    "explain-redact",
                    &[
                        ("what", (&what).into()),
                        ("clause", (&red.source.clause).into()),
                        ("quote", (&red.source.quote).into()),
                    ],
                );
                writeln!(s, "      - {line}")?;
                if !red.confirm_if_none.is_empty() {
                    let none = kinds(&red.confirm_if_none).join(", ");
                    let line = t("explain-confirm", &[("kinds", (&none).into())]);
                    writeln!(s, "      - {line}")?;
                }
            }
            let why = r.source.to_string();
            writeln!(
                s,
                "      {}",
                t("explain-why", &[("source", (&why).into())])
            )?;
            if let Some(note) = &r.note {
                writeln!(s, "      {}", t("explain-note", &[("note", note.into())]))?;
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
