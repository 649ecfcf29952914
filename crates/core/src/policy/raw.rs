//! The preset file format as written (with source spans for line numbers), and its validation
//! into a [`Policy`].

use std::collections::HashMap;
use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

use super::{
    Attestation, Choice, ConsentRefRequirement, Decision, Policy, PolicyError, PolicyTranslation,
    RedactRequirement, Rule, Source,
};
use crate::finding::Kind;

/// The prompt shown for a consent reference when the preset gives none.
pub(super) const DEFAULT_CONSENT_PROMPT: &str =
    "the consent form number, scan id or chart note where the consent is recorded (never the patient's name)";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPolicy {
    id: Spanned<String>,
    name: Spanned<String>,
    institution: Spanned<String>,
    source_file: Spanned<String>,
    version: Spanned<String>,
    #[serde(default)]
    summary: Option<String>,
    /// French texts of the preset (`fr.name`, `fr.summary`).
    #[serde(default)]
    fr: Option<RawFrPolicy>,
    subjects: Vec<RawChoice>,
    destinations: Vec<RawChoice>,
    #[serde(default)]
    attestations: Vec<RawAttestation>,
    rules: Vec<Spanned<RawRule>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChoice {
    id: Spanned<String>,
    label: Spanned<String>,
    #[serde(default)]
    fr: Option<RawFrChoice>,
}

// Translations a preset carries itself (`fr.label = "…"` beside `label`): what ClearFrame's
// users read in French. Source quotes are never translated (they are the policy's words).

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFrPolicy {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    summary: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFrChoice {
    label: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFrAttestation {
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFrRule {
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    prompt: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    #[serde(default)]
    file: Option<String>,
    clause: Spanned<String>,
    quote: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAttestation {
    id: Spanned<String>,
    text: Spanned<String>,
    source: RawSource,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    fr: Option<RawFrAttestation>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    subject: Spanned<String>,
    destination: Spanned<String>,
    decision: Decision,
    source: RawSource,
    #[serde(default)]
    interpreted: bool,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    attestations: Vec<Spanned<String>>,
    #[serde(default)]
    consent_ref: Option<Spanned<RawConsentRef>>,
    #[serde(default)]
    redact: Vec<Spanned<RawRedact>>,
    #[serde(default)]
    fr: Option<RawFrRule>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConsentRef {
    #[serde(default)]
    prompt: Option<String>,
    source: RawSource,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRedact {
    #[serde(default)]
    kinds: Vec<Spanned<Kind>>,
    #[serde(default)]
    institution_names: bool,
    #[serde(default)]
    confirm_if_none: Vec<Spanned<Kind>>,
    source: RawSource,
}

/// Builds errors that name the origin and the line of a span.
struct Ctx<'a> {
    text: &'a str,
    origin: &'a str,
}

impl Ctx<'_> {
    fn line_of(&self, span: &Range<usize>) -> usize {
        let end = span.start.min(self.text.len());
        self.text.as_bytes()[..end]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1
    }

    fn err(&self, span: Option<Range<usize>>, message: impl Into<String>) -> PolicyError {
        PolicyError::Invalid {
            origin: self.origin.to_string(),
            line: span.map(|s| self.line_of(&s)),
            message: message.into(),
        }
    }

    fn non_blank(&self, value: &Spanned<String>, what: &str) -> Result<String, PolicyError> {
        if value.get_ref().trim().is_empty() {
            Err(self.err(Some(value.span()), format!("{what} is empty")))
        } else {
            Ok(value.get_ref().trim().to_string())
        }
    }

    fn id(&self, value: &Spanned<String>, what: &str) -> Result<String, PolicyError> {
        let id = value.get_ref();
        let ok = !id.is_empty()
            && id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !id.starts_with('-')
            && !id.ends_with('-');
        if ok {
            Ok(id.clone())
        } else {
            Err(self.err(
                Some(value.span()),
                format!(
                    "{what} `{id}` is not a valid id (lowercase letters, digits and inner hyphens)"
                ),
            ))
        }
    }

    fn source(&self, raw: &RawSource, default_file: &str) -> Result<Source, PolicyError> {
        Ok(Source {
            file: raw
                .file
                .clone()
                .filter(|f| !f.trim().is_empty())
                .unwrap_or_else(|| default_file.to_string()),
            clause: self.non_blank(&raw.clause, "source clause")?,
            quote: self.non_blank(&raw.quote, "source quote")?,
        })
    }

    fn choices(&self, raw: &[RawChoice], what: &str) -> Result<Vec<Choice>, PolicyError> {
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut out = Vec::new();
        for c in raw {
            let id = self.id(&c.id, what)?;
            if let Some(first) = seen.insert(id.clone(), self.line_of(&c.id.span())) {
                return Err(self.err(
                    Some(c.id.span()),
                    format!("{what} `{id}` is defined twice (first at line {first})"),
                ));
            }
            out.push(Choice {
                id,
                label: self
                    .non_blank(&c.label, &format!("label of {what} `{}`", c.id.get_ref()))?,
            });
        }
        if out.is_empty() {
            return Err(self.err(None, format!("no {what}s are defined")));
        }
        Ok(out)
    }
}

/// Parse and validate a preset (origin and sha256 are filled in by the caller).
pub(super) fn parse(text: &str, origin: &str) -> Result<Policy, PolicyError> {
    let cx = Ctx { text, origin };
    let raw: RawPolicy =
        toml::from_str(text).map_err(|e| cx.err(e.span(), e.message().trim().to_string()))?;
    let id = cx.id(&raw.id, "policy id")?;
    let name = cx.non_blank(&raw.name, "name")?;
    let institution = cx.non_blank(&raw.institution, "institution")?;
    let source_file = cx.non_blank(&raw.source_file, "source_file")?;
    let version = cx.non_blank(&raw.version, "version")?;

    let subjects = cx.choices(&raw.subjects, "subject")?;
    let destinations = cx.choices(&raw.destinations, "destination")?;
    // A translation, trimmed; a blank one counts as none.
    let text = |s: Option<&str>| {
        Some(s?.trim())
            .filter(|t| !t.is_empty())
            .map(str::to_string)
    };
    let mut fr = PolicyTranslation {
        name: raw.fr.as_ref().and_then(|f| text(f.name.as_deref())),
        summary: raw.fr.as_ref().and_then(|f| text(f.summary.as_deref())),
        ..PolicyTranslation::default()
    };
    for (list, into) in [
        (&raw.subjects, &mut fr.subjects),
        (&raw.destinations, &mut fr.destinations),
    ] {
        for c in list {
            if let Some(label) = c.fr.as_ref().and_then(|f| text(Some(&f.label))) {
                into.insert(c.id.get_ref().clone(), label);
            }
        }
    }

    let mut attestations: Vec<Attestation> = Vec::new();
    for a in &raw.attestations {
        let id = cx.id(&a.id, "attestation")?;
        if attestations.iter().any(|x| x.id == id) {
            return Err(cx.err(
                Some(a.id.span()),
                format!("attestation `{id}` is defined twice"),
            ));
        }
        attestations.push(Attestation {
            text: cx.non_blank(&a.text, &format!("text of attestation `{id}`"))?,
            source: cx.source(&a.source, &source_file)?,
            note: a.note.clone().filter(|n| !n.trim().is_empty()),
            id: id.clone(),
        });
        if let Some(f) = &a.fr {
            fr.attestations
                .insert(id, (text(f.text.as_deref()), text(f.note.as_deref())));
        }
    }

    let list = |ids: Vec<&str>| ids.join(", ");
    let mut rules: Vec<Rule> = Vec::new();
    let mut pair_lines: HashMap<(String, String), usize> = HashMap::new();
    for spanned in &raw.rules {
        let r = spanned.get_ref();
        let subject = r.subject.get_ref();
        if !subjects.iter().any(|s| &s.id == subject) {
            return Err(cx.err(
                Some(r.subject.span()),
                format!(
                    "unknown subject `{subject}` (defined: {})",
                    list(subjects.iter().map(|s| s.id.as_str()).collect())
                ),
            ));
        }
        let destination = r.destination.get_ref();
        if !destinations.iter().any(|d| &d.id == destination) {
            return Err(cx.err(
                Some(r.destination.span()),
                format!(
                    "unknown destination `{destination}` (defined: {})",
                    list(destinations.iter().map(|d| d.id.as_str()).collect())
                ),
            ));
        }
        let line = cx.line_of(&r.subject.span());
        if let Some(first) = pair_lines.insert((subject.clone(), destination.clone()), line) {
            return Err(cx.err(
                Some(r.subject.span()),
                format!("second rule for {subject} → {destination} (the first is at line {first})"),
            ));
        }
        let has_conditions =
            !r.attestations.is_empty() || r.consent_ref.is_some() || !r.redact.is_empty();
        if r.decision == Decision::Forbidden && has_conditions {
            return Err(cx.err(
                Some(spanned.span()),
                format!("rule {subject} → {destination} is forbidden but lists conditions (attestations, consent_ref or redact)"),
            ));
        }

        let note = r.note.clone().filter(|n| !n.trim().is_empty());
        if r.interpreted && note.is_none() {
            return Err(cx.err(
                Some(spanned.span()),
                format!(
                    "rule {subject} → {destination} is `interpreted` but has no `note` saying how"
                ),
            ));
        }

        let mut rule_attestations = Vec::new();
        for a in &r.attestations {
            let id = a.get_ref();
            if !attestations.iter().any(|x| &x.id == id) {
                return Err(cx.err(
                    Some(a.span()),
                    format!(
                        "unknown attestation `{id}` (defined: {})",
                        list(attestations.iter().map(|x| x.id.as_str()).collect())
                    ),
                ));
            }
            if rule_attestations.contains(id) {
                return Err(cx.err(
                    Some(a.span()),
                    format!("attestation `{id}` is listed twice"),
                ));
            }
            rule_attestations.push(id.clone());
        }

        let consent_ref = match &r.consent_ref {
            None => None,
            Some(c) => Some(ConsentRefRequirement {
                prompt: c
                    .get_ref()
                    .prompt
                    .clone()
                    .filter(|p| !p.trim().is_empty())
                    .unwrap_or_else(|| DEFAULT_CONSENT_PROMPT.to_string()),
                source: cx.source(&c.get_ref().source, &source_file)?,
            }),
        };

        let mut redact = Vec::new();
        for red in &r.redact {
            let rr = red.get_ref();
            if rr.kinds.is_empty() && !rr.institution_names {
                return Err(cx.err(
                    Some(red.span()),
                    "redact entry needs `kinds` or `institution_names = true`",
                ));
            }
            let mut kinds = Vec::new();
            for k in &rr.kinds {
                if *k.get_ref() == Kind::Manual {
                    return Err(cx.err(
                        Some(k.span()),
                        "`manual` cannot be required: manual regions are drawn by the reviewer (use face, text or barcode)",
                    ));
                }
                if !kinds.contains(k.get_ref()) {
                    kinds.push(*k.get_ref());
                }
            }
            let mut confirm_if_none = Vec::new();
            for k in &rr.confirm_if_none {
                if !kinds.contains(k.get_ref()) {
                    return Err(cx.err(
                        Some(k.span()),
                        format!(
                            "`confirm_if_none` lists `{}`, which this entry's `kinds` does not require",
                            k.get_ref().as_str()
                        ),
                    ));
                }
                if !confirm_if_none.contains(k.get_ref()) {
                    confirm_if_none.push(*k.get_ref());
                }
            }
            redact.push(RedactRequirement {
                kinds,
                institution_names: rr.institution_names,
                confirm_if_none,
                source: cx.source(&rr.source, &source_file)?,
            });
        }

        if let Some(f) = &r.fr {
            fr.rules.insert(
                (subject.clone(), destination.clone()),
                (text(f.note.as_deref()), text(f.prompt.as_deref())),
            );
        }
        rules.push(Rule {
            subject: subject.clone(),
            destination: destination.clone(),
            decision: r.decision,
            source: cx.source(&r.source, &source_file)?,
            interpreted: r.interpreted,
            note,
            attestations: rule_attestations,
            consent_ref,
            redact,
        });
    }

    let missing: Vec<String> = subjects
        .iter()
        .flat_map(|s| destinations.iter().map(move |d| (s, d)))
        .filter(|(s, d)| !pair_lines.contains_key(&(s.id.clone(), d.id.clone())))
        .map(|(s, d)| format!("{} → {}", s.id, d.id))
        .collect();
    if !missing.is_empty() {
        return Err(cx.err(
            None,
            format!(
                "every subject × destination pair needs a rule; missing: {}",
                missing.join(", ")
            ),
        ));
    }

    Ok(Policy {
        id,
        name,
        institution,
        source_file,
        version,
        summary: raw.summary.filter(|s| !s.trim().is_empty()),
        subjects,
        destinations,
        attestations,
        rules,
        fr,
        origin: String::new(),
        sha256: String::new(),
    })
}
