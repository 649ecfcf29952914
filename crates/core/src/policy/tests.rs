//! Tests of the presets (data) and the gate (code).

use std::path::{Path, PathBuf};

use super::*;

fn builtin(id: &str) -> Policy {
    builtin_policies()
        .into_iter()
        .find(|p| p.id == id)
        .unwrap_or_else(|| panic!("no builtin {id}"))
}

fn req(
    subject: &str,
    destination: &str,
    attestations: &[&str],
    consent_ref: Option<&str>,
) -> GateRequest {
    GateRequest {
        subject: subject.into(),
        destination: destination.into(),
        attestations: attestations.iter().map(|s| s.to_string()).collect(),
        checked: Vec::new(),
        consent_ref: consent_ref.map(str::to_string),
        plan: PlanSummary::default(),
    }
}

/// A clinical photo to Stanford's teaching site with both attestations and a consent reference
/// (what rule 2 asks for besides the plan).
fn stanford_teaching_site() -> GateRequest {
    req(
        "clinical",
        "teaching-site",
        &["patient-consent", "deidentification-reviewed"],
        Some("F-9"),
    )
}

fn finding(kind: Kind, redacted: bool, reason: Option<&str>) -> PlannedFinding {
    PlannedFinding {
        kind,
        redacted,
        dismissed_reason: reason.map(str::to_string),
    }
}

fn unmet_ids(d: &GateDecision) -> Vec<&str> {
    d.unmet.iter().map(|u| u.id.as_str()).collect()
}

fn builtin_text(id: &str) -> String {
    std::fs::read_to_string(repo_root().join(format!("policies/{id}.toml"))).unwrap()
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every source of a preset: rules, their conditions, and attestations.
fn all_sources(p: &Policy) -> Vec<(String, &Source)> {
    let mut out = Vec::new();
    for a in &p.attestations {
        out.push((format!("attestation {}", a.id), &a.source));
    }
    for r in &p.rules {
        let at = format!("rule {} → {}", r.subject, r.destination);
        out.push((at.clone(), &r.source));
        if let Some(c) = &r.consent_ref {
            out.push((format!("{at} consent_ref"), &c.source));
        }
        for red in &r.redact {
            out.push((format!("{at} redact"), &red.source));
        }
    }
    out
}

/// Whitespace collapsed, curly quotes made straight.
fn normalise(text: &str) -> String {
    let straight: String = text
        .chars()
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' => '\'',
            '\u{201C}' | '\u{201D}' => '"',
            c => c,
        })
        .collect();
    straight.split_whitespace().collect::<Vec<_>>().join(" ")
}

// ------------------------------------------------------------------------------ the data

#[test]
fn builtin_presets_parse_and_use_the_fixed_ids() {
    let policies = builtin_policies();
    let ids: Vec<&str> = policies.iter().map(|p| p.id.as_str()).collect();
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
    for p in &policies {
        assert_eq!(p.origin(), format!("policies/{}.toml", p.id));
        assert_eq!(p.source_file, format!("{}.txt", p.id));
        let subjects: Vec<&str> = p.subjects.iter().map(|c| c.id.as_str()).collect();
        let destinations: Vec<&str> = p.destinations.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(subjects, SUBJECT_IDS, "{}", p.id);
        assert_eq!(destinations, DESTINATION_IDS, "{}", p.id);
        assert_eq!(
            p.rules.len(),
            SUBJECT_IDS.len() * DESTINATION_IDS.len(),
            "{}",
            p.id
        );
        for s in SUBJECT_IDS {
            for d in DESTINATION_IDS {
                assert!(p.rule(s, d).is_some(), "{}: {s} → {d}", p.id);
            }
        }
        assert_eq!(p.sha256().len(), 64);
        assert!(!p.version.is_empty() && !p.name.is_empty() && !p.institution.is_empty());
        // Every allowed clinical export needs de-identification and a consent reference.
        for r in p
            .rules
            .iter()
            .filter(|r| r.subject == "clinical" && r.decision == Decision::Allowed)
        {
            assert!(r.requires_consent_ref(), "{}: {}", p.id, r.destination);
            assert!(
                r.attestations
                    .iter()
                    .any(|a| a == "deidentification-reviewed"),
                "{}",
                p.id
            );
            let kinds: Vec<Kind> = r.must_redact().iter().map(|(k, _)| *k).collect();
            assert_eq!(
                kinds,
                [Kind::Face, Kind::Crowd, Kind::Text, Kind::Barcode],
                "{}: {}",
                p.id,
                r.destination
            );
        }
    }
    let stanford = builtin("stanford-peds");
    assert!(stanford.attestation("patient-consent").is_some());
    assert!(stanford.attestation("deidentification-reviewed").is_some());
}

#[test]
fn sources_are_well_formed() {
    // Always runs (the source texts need not be present): quotes are real quotes, not paraphrases.
    for p in builtin_policies() {
        for (at, s) in all_sources(&p) {
            assert_eq!(s.file, p.source_file, "{}: {at}", p.id);
            assert!(!s.clause.trim().is_empty(), "{}: {at}", p.id);
            assert!(
                s.quote.chars().count() >= 10,
                "{}: {at}: quote too short",
                p.id
            );
            assert!(
                !s.quote.contains("...") && !s.quote.contains('…'),
                "{}: {at}: elided quote",
                p.id
            );
            assert_eq!(s.quote, s.quote.trim(), "{}: {at}", p.id);
        }
    }
}

#[test]
fn quotes_are_verbatim_from_the_source_texts() {
    let dir = repo_root().join("../shared/policies");
    if !dir.is_dir() {
        eprintln!(
            "skipping: source policy texts not found at {}",
            dir.display()
        );
        return;
    }
    let mut checked = 0;
    for p in builtin_policies() {
        let path = dir.join(&p.source_file);
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let text = normalise(&text);
        for (at, s) in all_sources(&p) {
            assert!(
                text.contains(&normalise(&s.quote)),
                "{}: {at}: quote is not verbatim from {}: “{}”",
                p.id,
                s.file,
                s.quote
            );
            checked += 1;
        }
    }
    assert!(checked > 100);
}

#[test]
fn builtin_sha256_is_the_sha256_of_the_file_on_disk() {
    for p in builtin_policies() {
        let path = repo_root().join(p.origin());
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(p.sha256(), sha256_hex(&bytes));
        let loaded = Policy::load_file(&path).unwrap();
        assert_eq!(loaded.sha256(), p.sha256());
        assert_eq!(loaded.rules, p.rules);
    }
    // Known vector, to pin the hex encoding.
    assert_eq!(
        sha256_hex(b"abc"),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
}

// ------------------------------------------------------------------------------ the gate

#[test]
fn stanford_core_rule_teaching_site_needs_consent_deidentification_and_reference() {
    let p = builtin("stanford-peds");
    let full = ["patient-consent", "deidentification-reviewed"];

    let d = evaluate(
        &p,
        &req("clinical", "teaching-site", &full, Some("CF-2024-0113")),
    );
    assert!(d.allowed, "{d}");
    assert!(d.unmet.is_empty());

    let d = evaluate(&p, &req("clinical", "teaching-site", &[], None));
    assert!(!d.allowed);
    assert_eq!(
        unmet_ids(&d),
        [
            "attestation:patient-consent",
            "attestation:deidentification-reviewed",
            "consent-ref"
        ]
    );
    let consent = &d.unmet[0];
    assert_eq!(
        consent.message,
        p.attestation("patient-consent").unwrap().text
    );
    assert_eq!(consent.source.as_ref().unwrap().clause, "rule 2");
    assert_eq!(d.unmet[2].source.as_ref().unwrap().clause, "rule 2");

    let d = evaluate(
        &p,
        &req(
            "clinical",
            "teaching-site",
            &["patient-consent"],
            Some("CF-1"),
        ),
    );
    assert_eq!(unmet_ids(&d), ["attestation:deidentification-reviewed"]);

    // A blank consent reference is no reference.
    let d = evaluate(&p, &req("clinical", "teaching-site", &full, Some("   ")));
    assert!(!d.allowed);
    assert_eq!(unmet_ids(&d), ["consent-ref"]);
    assert!(d.unmet[0].message.contains("patient consent obtained"));

    // Personal social media: forbidden whatever is ticked, quoting rule 1.
    let d = evaluate(
        &p,
        &req("clinical", "personal-social-media", &full, Some("CF-1")),
    );
    assert!(!d.allowed);
    assert_eq!(unmet_ids(&d), ["forbidden"]);
    let source = d.unmet[0].source.as_ref().unwrap();
    assert_eq!(source.file, "stanford-peds.txt");
    assert_eq!(source.clause, "rule 1");
    assert!(source
        .quote
        .contains("may not be placed on personal social media sites"));
    assert!(d.unmet[0].message.contains("rule 1"));
    assert!(d.unmet[0]
        .message
        .contains("Protected Health Information, including photographs"));
}

/// One allowed and one refused evaluation per preset, the refusal quoting its clause.
#[test]
fn each_preset_allows_and_refuses_with_its_own_words() {
    struct Case {
        policy: &'static str,
        allowed: GateRequest,
        refused: GateRequest,
        unmet_id: &'static str,
        clause: &'static str,
        quote_part: &'static str,
    }
    let cases = [
        Case {
            policy: "stanford-peds",
            allowed: req(
                "clinical",
                "teaching-site",
                &["patient-consent", "deidentification-reviewed"],
                Some("F-7"),
            ),
            refused: req(
                "clinical",
                "personal-social-media",
                &["patient-consent", "deidentification-reviewed"],
                Some("F-7"),
            ),
            unmet_id: "forbidden",
            clause: "rule 1",
            quote_part: "may not be placed on personal social media sites",
        },
        Case {
            policy: "kp-gsja-gme",
            allowed: req(
                "staff",
                "personal-social-media",
                &["people-permission", "no-patient-information"],
                None,
            ),
            refused: req(
                "clinical",
                "personal-social-media",
                &["deidentification-reviewed"],
                Some("F-7"),
            ),
            unmet_id: "attestation:patient-consent",
            clause: "recommendation 3",
            quote_part: "Please obtain permission from individuals featured in photos",
        },
        Case {
            policy: "olive-view-ucla-im",
            allowed: req(
                "clinical",
                "slides",
                &[
                    "patient-consent",
                    "deidentification-reviewed",
                    "not-shared-online",
                ],
                Some("F-7"),
            ),
            refused: req(
                "clinical",
                "personal-social-media",
                &["patient-consent", "deidentification-reviewed"],
                Some("F-7"),
            ),
            unmet_id: "forbidden",
            clause: "guideline (b)",
            quote_part: "Refrain from using de-identified discussion of patients",
        },
        Case {
            policy: "wsu-som-gme",
            allowed: req(
                "clinical",
                "personal-social-media",
                &[
                    "patient-consent",
                    "deidentification-reviewed",
                    "no-medical-records",
                ],
                Some("F-7"),
            ),
            refused: req(
                "clinical",
                "institution-channel",
                &[
                    "patient-consent",
                    "deidentification-reviewed",
                    "no-medical-records",
                ],
                Some("F-7"),
            ),
            unmet_id: "attestation:marketing-permission",
            clause: "Professionalism, bullet 5",
            quote_part: "Office of Marketing and Publications",
        },
        Case {
            policy: "quebec-pgme",
            allowed: req(
                "staff",
                "personal-social-media",
                &["people-permission", "no-patient-information"],
                None,
            ),
            refused: req(
                "clinical",
                "teaching-site",
                &["patient-consent", "deidentification-reviewed"],
                Some("F-7"),
            ),
            unmet_id: "forbidden",
            clause: "section I, item 5",
            quote_part: "Never post photos of clinical encounters online.",
        },
    ];
    for c in cases {
        let p = builtin(c.policy);
        let d = evaluate(&p, &c.allowed);
        assert!(d.allowed, "{}: {d}", c.policy);
        let d = evaluate(&p, &c.refused);
        assert!(!d.allowed, "{}", c.policy);
        assert_eq!(unmet_ids(&d), [c.unmet_id], "{}", c.policy);
        let u = &d.unmet[0];
        let source = u.source.as_ref().expect("refusal cites its source");
        assert_eq!(source.file, p.source_file);
        assert_eq!(source.clause, c.clause, "{}", c.policy);
        assert!(
            source.quote.contains(c.quote_part),
            "{}: {}",
            c.policy,
            source.quote
        );
        if c.unmet_id == "forbidden" {
            assert!(
                u.message.contains(c.quote_part),
                "{}: {}",
                c.policy,
                u.message
            );
        } else {
            assert_eq!(
                u.message,
                p.attestation(&c.unmet_id["attestation:".len()..])
                    .unwrap()
                    .text
            );
        }
    }
}

#[test]
fn the_brief_s_forbidden_examples_hold() {
    let all = [
        "patient-consent",
        "deidentification-reviewed",
        "not-shared-online",
    ];
    let d = evaluate(
        &builtin("olive-view-ucla-im"),
        &req("clinical", "personal-social-media", &all, Some("F")),
    );
    assert_eq!(unmet_ids(&d), ["forbidden"]);
    for dest in [
        "personal-social-media",
        "teaching-site",
        "institution-channel",
    ] {
        let d = evaluate(
            &builtin("quebec-pgme"),
            &req("clinical", dest, &all, Some("F")),
        );
        assert_eq!(unmet_ids(&d), ["forbidden"], "quebec {dest}");
        assert_eq!(
            d.unmet[0].source.as_ref().unwrap().clause,
            "section I, item 5"
        );
    }
}

/// Every rule of every preset: forbidden is refused whatever is recorded; allowed passes with
/// exactly its attestations and a consent reference when asked, and fails without them.
#[test]
fn every_rule_is_enforced() {
    for p in builtin_policies() {
        for r in &p.rules {
            let atts: Vec<&str> = r.attestations.iter().map(String::as_str).collect();
            let everything: Vec<&str> = p.attestations.iter().map(|a| a.id.as_str()).collect();
            let at = format!("{}: {} → {}", p.id, r.subject, r.destination);
            match r.decision {
                Decision::Forbidden => {
                    let d = evaluate(&p, &req(&r.subject, &r.destination, &everything, Some("F")));
                    assert_eq!(unmet_ids(&d), ["forbidden"], "{at}");
                    assert_eq!(d.unmet[0].source.as_ref(), Some(&r.source), "{at}");
                }
                Decision::Allowed => {
                    let consent = r.requires_consent_ref().then_some("F-1");
                    let d = evaluate(&p, &req(&r.subject, &r.destination, &atts, consent));
                    assert!(d.allowed, "{at}: {d}");
                    let d = evaluate(&p, &req(&r.subject, &r.destination, &[], None));
                    let expected = r.attestations.len() + usize::from(r.requires_consent_ref());
                    assert_eq!(d.unmet.len(), expected, "{at}");
                    assert_eq!(d.allowed, expected == 0, "{at}");
                }
            }
        }
    }
}

#[test]
fn must_redact_face_not_redacted_and_not_dismissed_is_refused() {
    let p = builtin("stanford-peds");
    let mut r = stanford_teaching_site();
    r.plan.findings = vec![
        finding(Kind::Face, false, None),
        finding(Kind::Face, true, None),
    ];
    let d = evaluate(&p, &r);
    assert!(!d.allowed);
    assert_eq!(unmet_ids(&d), ["redact:face"]);
    assert!(
        d.unmet[0].message.starts_with("1 face finding is"),
        "{}",
        d.unmet[0].message
    );
    assert_eq!(
        d.unmet[0].source.as_ref().unwrap().quote,
        "once the data has been de-identified"
    );

    // A blank reason is no reason.
    r.plan.findings[0].dismissed_reason = Some("  ".into());
    assert_eq!(unmet_ids(&evaluate(&p, &r)), ["redact:face"]);

    // Several kinds: one unmet per kind, counted.
    r.plan.findings.push(finding(Kind::Barcode, false, None));
    r.plan.findings.push(finding(Kind::Face, false, None));
    let d = evaluate(&p, &r);
    assert_eq!(unmet_ids(&d), ["redact:face", "redact:barcode"]);
    assert!(d.unmet[0].message.starts_with("2 face findings are"));
}

#[test]
fn no_face_found_needs_the_reviewer_to_confirm_they_checked_the_picture() {
    // Every preset that requires faces redacted asks for the check, in its data.
    for p in builtin_policies() {
        for rule in &p.rules {
            let faces = rule.must_redact().iter().any(|(k, _)| *k == Kind::Face);
            let asks = rule.confirm_if_none().iter().any(|(k, _)| *k == Kind::Face);
            assert_eq!(
                faces, asks,
                "{} {} → {}",
                p.id, rule.subject, rule.destination
            );
        }
    }
    let p = builtin("stanford-peds");
    let mut r = stanford_teaching_site();
    // Before any picture is read, there is nothing to confirm.
    assert!(evaluate(&p, &r).allowed);
    // One photo, text but no face: refused until the reviewer confirms.
    r.plan.pictures = 1;
    r.plan.findings = vec![finding(Kind::Text, true, None)];
    let d = evaluate(&p, &r);
    assert_eq!(unmet_ids(&d), ["checked:face"]);
    assert!(
        d.unmet[0]
            .message
            .starts_with("No face was found: confirm you checked the whole picture yourself"),
        "{}",
        d.unmet[0].message
    );
    assert_eq!(
        d.unmet[0].source.as_ref().unwrap().quote,
        "once the data has been de-identified"
    );
    r.checked = vec![Kind::Face];
    assert!(evaluate(&p, &r).allowed);
    // A face found (even dismissed with a reason) needs no confirmation.
    r.checked.clear();
    r.plan
        .findings
        .push(finding(Kind::Face, false, Some("a drawing")));
    assert!(evaluate(&p, &r).allowed);
    // A deck's pictures together: the message counts them.
    r.plan = PlanSummary {
        pictures: 7,
        findings: Vec::new(),
    };
    let d = evaluate(&p, &r);
    assert!(
        d.unmet[0].message.contains("checked all 7 pictures"),
        "{}",
        d.unmet[0].message
    );
    // A rule that does not require faces redacted does not ask.
    let r = GateRequest {
        plan: PlanSummary {
            pictures: 1,
            findings: Vec::new(),
        },
        ..req("staff", "institution-channel", &["people-permission"], None)
    };
    let rule = p.rule("staff", "institution-channel").unwrap();
    assert!(rule.confirm_if_none().is_empty());
    assert!(!unmet_ids(&evaluate(&p, &r))
        .iter()
        .any(|u| u.starts_with("checked:")));
}

#[test]
fn dismissed_with_a_reason_is_allowed() {
    let p = builtin("stanford-peds");
    let mut r = stanford_teaching_site();
    r.plan.findings = vec![
        finding(
            Kind::Face,
            false,
            Some("a face on a poster in the background, not a person"),
        ),
        finding(Kind::Text, true, None),
        // Manual regions are never a must-redact kind.
        finding(Kind::Manual, false, None),
    ];
    let d = evaluate(&p, &r);
    assert!(d.allowed, "{d}");
}

#[test]
fn institution_names_need_text_redacted_or_explained() {
    let p = builtin("stanford-peds");
    let mut r = req(
        "staff",
        "personal-social-media",
        &["no-patient-information", "people-permission"],
        None,
    );
    // Faces of colleagues (with their permission) are fine here.
    r.plan.findings = vec![
        finding(Kind::Face, false, None),
        finding(Kind::Text, false, None),
    ];
    let d = evaluate(&p, &r);
    assert_eq!(unmet_ids(&d), ["redact:institution-names"]);
    assert_eq!(d.unmet[0].source.as_ref().unwrap().clause, "rule 4");
    r.plan.findings[1].dismissed_reason = Some("media relations written consent MR-2024-12".into());
    assert!(evaluate(&p, &r).allowed);
    // Slides are not social media: rule 4 does not apply.
    r.destination = "slides".into();
    r.plan.findings[1].dismissed_reason = None;
    assert!(evaluate(&p, &r).allowed);
}

#[test]
fn unknown_subject_or_destination_is_refused_listing_the_valid_ids() {
    let p = builtin("quebec-pgme");
    let d = evaluate(&p, &req("clinical", "tiktok", &[], None));
    assert!(!d.allowed);
    assert_eq!(unmet_ids(&d), ["unknown-destination"]);
    for id in DESTINATION_IDS {
        assert!(d.unmet[0].message.contains(id), "{}", d.unmet[0].message);
    }
    let d = evaluate(&p, &req("selfie", "moon", &[], None));
    assert_eq!(unmet_ids(&d), ["unknown-subject", "unknown-destination"]);
    assert!(d.unmet[0].message.contains("clinical, staff, event"));
}

#[test]
fn gate_types_round_trip_through_json() {
    let json = r#"{"subject":"clinical","destination":"teaching-site",
        "attestations":["patient-consent"],
        "plan":{"findings":[{"kind":"face","redacted":false,"dismissed_reason":null},
                            {"kind":"text","redacted":true}]}}"#;
    let r: GateRequest = serde_json::from_str(json).unwrap();
    assert_eq!(r.plan.findings[1].kind, Kind::Text);
    assert_eq!(r.consent_ref, None);
    let d = evaluate(&builtin("stanford-peds"), &r);
    let out = serde_json::to_string(&d).unwrap();
    let back: GateDecision = serde_json::from_str(&out).unwrap();
    assert_eq!(back, d);
    let v: serde_json::Value = serde_json::to_value(&d).unwrap();
    assert_eq!(v["allowed"], false);
    assert_eq!(v["unmet"][0]["id"], "attestation:deidentification-reviewed");
    assert_eq!(v["unmet"][0]["source"]["clause"], "rule 2");
    // The whole policy serialises too (for `--json` and the app).
    let v = serde_json::to_value(builtin("stanford-peds")).unwrap();
    assert_eq!(v["rules"][0]["decision"], "forbidden");
    assert_eq!(v["sha256"].as_str().unwrap().len(), 64);
    assert_eq!(v["rules"][1]["redact"][0]["kinds"][0], "face");
}

// ------------------------------------------------------------------------------ loading

const STANFORD: &str = include_str!("../../../../policies/stanford-peds.toml");

/// The Stanford preset with the `n`th (0-based) occurrence of `from` replaced.
fn edited(from: &str, to: &str, n: usize) -> (String, usize) {
    let at = STANFORD
        .match_indices(from)
        .nth(n)
        .unwrap_or_else(|| panic!("{from} #{n}"))
        .0;
    let text = format!("{}{}{}", &STANFORD[..at], to, &STANFORD[at + from.len()..]);
    let line = STANFORD[..at].matches('\n').count() + 1;
    (text, line)
}

fn invalid(text: &str) -> (Option<usize>, String) {
    match Policy::from_toml_str(text, "policies/bad.toml") {
        Err(e @ PolicyError::Invalid { .. }) => (e.line(), e.to_string()),
        Err(e) => panic!("unexpected error {e}"),
        Ok(_) => panic!("malformed preset accepted"),
    }
}

#[test]
fn unknown_destination_is_an_error_with_its_line() {
    let (text, line) = edited("destination = \"slides\"", "destination = \"tiktok\"", 0);
    let (got, msg) = invalid(&text);
    assert_eq!(got, Some(line));
    assert!(
        msg.starts_with(&format!(
            "policies/bad.toml line {line}: unknown destination `tiktok`"
        )),
        "{msg}"
    );
    assert!(
        msg.contains("personal-social-media, teaching-site"),
        "{msg}"
    );
}

#[test]
fn malformed_presets_give_errors_with_lines() {
    // TOML syntax.
    let (text, line) = edited("decision = \"forbidden\"", "decision = forbidden\"", 0);
    assert_eq!(invalid(&text).0, Some(line));
    // Unknown decision value.
    let (text, line) = edited("decision = \"forbidden\"", "decision = \"banned\"", 0);
    let (got, msg) = invalid(&text);
    assert_eq!(got, Some(line), "{msg}");
    assert!(msg.contains("banned"), "{msg}");
    // Unknown attestation referenced by a rule.
    let (text, line) = edited("\"deidentification-reviewed\"]", "\"deidentified\"]", 0);
    let (got, msg) = invalid(&text);
    assert_eq!(got, Some(line));
    assert!(msg.contains("unknown attestation `deidentified`"), "{msg}");
    // Unknown subject.
    let (text, line) = edited("subject = \"staff\"", "subject = \"patients\"", 0);
    let (got, msg) = invalid(&text);
    assert_eq!(got, Some(line));
    assert!(
        msg.contains("unknown subject `patients` (defined: clinical, staff, event)"),
        "{msg}"
    );
    // Unknown field (a typo).
    let (text, line) = edited("attestations = [", "atestations = [", 0);
    let (got, msg) = invalid(&text);
    assert_eq!(got, Some(line), "{msg}");
    assert!(msg.contains("atestations"), "{msg}");
    // Unknown redaction kind.
    let (text, line) = edited("\"barcode\"]", "\"qr\"]", 0);
    assert_eq!(invalid(&text).0, Some(line));
    // Manual is not a must-redact kind.
    let (text, line) = edited("\"barcode\"]", "\"manual\"]", 0);
    let (got, msg) = invalid(&text);
    assert_eq!(got, Some(line));
    assert!(msg.contains("manual"), "{msg}");
    // A kind to confirm that the entry does not require.
    let (text, line) = edited(
        "confirm_if_none = [\"face\"]",
        "confirm_if_none = [\"barcode\", \"manual\"]",
        0,
    );
    let (text, _) = {
        // Make the entry require only faces, so `barcode` is the error.
        let at = text
            .find("kinds = [\"face\", \"crowd\", \"text\", \"barcode\"], confirm_if_none")
            .unwrap();
        let fixed = format!(
            "{}kinds = [\"face\"]{}",
            &text[..at],
            &text[at + "kinds = [\"face\", \"crowd\", \"text\", \"barcode\"]".len()..]
        );
        (fixed, ())
    };
    let (got, msg) = invalid(&text);
    assert_eq!(got, Some(line), "{msg}");
    assert!(
        msg.contains(
            "`confirm_if_none` lists `barcode`, which this entry's `kinds` does not require"
        ),
        "{msg}"
    );
    // Two rules for one pair (the second `slides` rule of `clinical` becomes a second
    // `teaching-site` rule), which also leaves a pair uncovered: the duplicate is reported.
    let (text, line) = edited(
        "destination = \"slides\"",
        "destination = \"teaching-site\"",
        0,
    );
    let (got, msg) = invalid(&text);
    assert_eq!(got, Some(line - 1), "{msg}");
    assert!(
        msg.contains("second rule for clinical → teaching-site"),
        "{msg}"
    );
    // A forbidden rule with conditions.
    let (text, _) = edited(
        "decision = \"forbidden\"\n",
        "decision = \"forbidden\"\nattestations = [\"patient-consent\"]\n",
        0,
    );
    let (got, msg) = invalid(&text);
    assert!(got.is_some());
    assert!(msg.contains("forbidden but lists conditions"), "{msg}");
    // An interpreted rule must say how.
    let (text, _) = edited("interpreted = true\nnote", "interpreted = true\n# note", 0);
    let (got, msg) = invalid(&text);
    assert!(got.is_some());
    assert!(msg.contains("is `interpreted` but has no `note`"), "{msg}");
    // Empty quote.
    let (text, line) = edited("quote = \"patient consent obtained\"", "quote = \"  \"", 0);
    let (got, msg) = invalid(&text);
    assert_eq!(got, Some(line));
    assert!(msg.contains("source quote is empty"), "{msg}");
}

#[test]
fn every_pair_must_be_covered() {
    // Drop the last rule (event → internal-teaching-file).
    let at = STANFORD.rfind("[[rules]]").unwrap();
    let (got, msg) = invalid(&STANFORD[..at]);
    assert_eq!(got, None);
    assert_eq!(msg, "policies/bad.toml: every subject × destination pair needs a rule; missing: event → internal-teaching-file");
}

#[test]
fn find_policy_searches_builtin_and_institution_folders() {
    assert_eq!(find_policy("wsu-som-gme", &[]).unwrap().id, "wsu-som-gme");
    match find_policy("nope", &[]) {
        Err(e @ PolicyError::NotFound { .. }) => {
            let msg = e.to_string();
            assert!(
                msg.contains("`nope`") && msg.contains("stanford-peds, kp-gsja-gme"),
                "{msg}"
            );
        }
        other => panic!("{other:?}"),
    }

    let dir = tempfile::tempdir().unwrap();
    let custom = STANFORD.replacen("id = \"stanford-peds\"", "id = \"acme-derm\"", 1);
    std::fs::write(dir.path().join("acme-derm.toml"), &custom).unwrap();
    std::fs::write(dir.path().join("README.md"), "not a preset").unwrap();
    let dirs = [dir.path().to_path_buf()];
    let p = find_policy("acme-derm", &dirs).unwrap();
    assert_eq!(
        p.origin(),
        dir.path().join("acme-derm.toml").display().to_string()
    );
    assert_eq!(p.sha256(), sha256_hex(custom.as_bytes()));
    assert_ne!(p.sha256(), builtin("stanford-peds").sha256());
    assert_eq!(all_policies(&dirs).unwrap().len(), 6);

    // A malformed institution preset: the error names the file and the line.
    let (bad, line) = edited("destination = \"slides\"", "destination = \"tiktok\"", 0);
    let bad = bad.replacen("id = \"stanford-peds\"", "id = \"broken\"", 1);
    std::fs::write(dir.path().join("broken.toml"), bad).unwrap();
    let err = find_policy("acme-derm", &dirs).unwrap_err();
    let path = dir.path().join("broken.toml");
    assert_eq!(err.line(), Some(line));
    assert!(
        err.to_string().starts_with(&format!(
            "{} line {line}: unknown destination",
            path.display()
        )),
        "{err}"
    );
    std::fs::remove_file(&path).unwrap();

    // An id shared with a built-in preset is ambiguous.
    std::fs::write(dir.path().join("stanford-copy.toml"), STANFORD).unwrap();
    assert!(matches!(
        find_policy("acme-derm", &dirs),
        Err(PolicyError::DuplicateId { .. })
    ));

    // A folder that does not exist is an error naming it.
    let missing = dir.path().join("missing");
    let err = find_policy("acme-derm", std::slice::from_ref(&missing)).unwrap_err();
    assert!(matches!(err, PolicyError::Io { .. }));
    assert!(err.to_string().contains(&missing.display().to_string()));
}

#[test]
fn load_file_names_the_file() {
    let err = Policy::load_file(Path::new("/nonexistent/p.toml")).unwrap_err();
    assert!(
        err.to_string().starts_with("/nonexistent/p.toml: "),
        "{err}"
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.toml");
    std::fs::write(&path, [0xff, 0xfe, 0x00]).unwrap();
    assert!(Policy::load_file(&path)
        .unwrap_err()
        .to_string()
        .contains("not UTF-8"));
}

#[test]
fn policy_error_converts_into_the_core_error() {
    let e: crate::Error = PolicyError::Invalid {
        origin: "p.toml".into(),
        line: Some(3),
        message: "bad".into(),
    }
    .into();
    assert_eq!(e.to_string(), "p.toml line 3: bad");
}

// ------------------------------------------------------------------------------ rendering

#[test]
fn explain_describes_rules_with_their_sources() {
    let text = builtin("stanford-peds").explain();
    assert!(text.starts_with("Stanford Pediatrics Residency"));
    assert!(text.contains("clinical → personal-social-media: FORBIDDEN"));
    assert!(text.contains("clinical → teaching-site: allowed when"));
    assert!(text.contains("- ticked patient-consent: Written consent"));
    assert!(text.contains("stanford-peds.txt, rule 1: “Protected Health Information"));
    assert!(text.contains("sha256 "));
    // In French: ClearFrame's words and the preset's own French, the quotes verbatim.
    let fr = builtin("stanford-peds").explain_in(Lang::Fr);
    assert!(
        fr.contains("clinical → personal-social-media: INTERDIT"),
        "{fr}"
    );
    assert!(fr.contains("clinical → teaching-site: permis si"), "{fr}");
    assert!(fr.contains("- cochée patient-consent\u{a0}: "), "{fr}");
    assert!(
        fr.contains("stanford-peds.txt, rule 1: “Protected Health Information"),
        "{fr}"
    );
    assert!(!fr.contains("- ticked ") && !fr.contains("Rules:"), "{fr}");
}

#[test]
fn markdown_table_lists_every_rule() {
    let policies = builtin_policies();
    let table = markdown_table(&policies);
    let rows = table.lines().filter(|l| l.starts_with("| `")).count();
    assert_eq!(rows, 5 * 15);
    assert!(table.contains(
        "| `stanford-peds` | clinical | teaching-site | allowed | attest patient-consent, deidentification-reviewed; \
         consent reference; redact face, crowd, text, barcode; if no face found, confirm checked | stanford-peds.txt rule 2 |"
    ));
    assert!(table.contains("| `stanford-peds` | clinical | personal-social-media | **forbidden** | — | stanford-peds.txt rule 1 |"));
}

#[test]
fn the_quebec_preset_reads_in_french_with_its_quotes_verbatim() {
    let en = builtin("quebec-pgme");
    assert_eq!(
        en.untranslated(Lang::Fr),
        Vec::<String>::new(),
        "untranslated texts"
    );
    assert!(en.untranslated(Lang::En).is_empty());
    let fr = en.in_language(Lang::Fr);
    assert!(fr.name.starts_with("Lignes directrices"), "{}", fr.name);
    assert!(fr
        .subject("clinical")
        .unwrap()
        .label
        .starts_with("Photo clinique"));
    assert!(fr
        .attestation("patient-consent")
        .unwrap()
        .text
        .starts_with("Un consentement écrit"));
    // Ids, decisions and every source (with its verbatim quote) are the preset's own.
    assert_eq!(fr.id, en.id);
    assert_eq!(fr.sha256(), en.sha256());
    let sources = |p: &Policy| {
        all_sources(p)
            .into_iter()
            .map(|(w, s)| (w, s.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(sources(&fr), sources(&en));
    for (a, b) in fr.rules.iter().zip(&en.rules) {
        assert_eq!(
            (&a.subject, &a.destination, a.decision),
            (&b.subject, &b.destination, b.decision)
        );
        assert_eq!(a.note.is_some(), b.note.is_some());
        if let (Some(fr_note), Some(en_note)) = (&a.note, &b.note) {
            assert_ne!(
                fr_note, en_note,
                "{} → {} not translated",
                a.subject, a.destination
            );
        }
    }
    assert_eq!(en.in_language(Lang::En), en);
}

#[test]
fn every_builtin_preset_reads_in_french() {
    for p in builtin_policies() {
        assert_eq!(p.untranslated(Lang::Fr), Vec::<String>::new(), "{}", p.id);
    }
}

#[test]
fn the_gate_speaks_french_and_the_ledger_keeps_english() {
    let policy = builtin("quebec-pgme");
    let mut r = req("clinical", "slides", &[], None);
    r.plan = PlanSummary {
        pictures: 1,
        findings: vec![
            finding(Kind::Face, false, None),
            finding(Kind::Face, false, None),
        ],
    };
    let en = evaluate(&policy, &r);
    let fr = evaluate_in(&policy.in_language(Lang::Fr), &r, Lang::Fr);
    assert_eq!(unmet_ids(&en), unmet_ids(&fr));
    let msg =
        |d: &GateDecision, id: &str| d.unmet.iter().find(|u| u.id == id).unwrap().message.clone();
    assert!(
        msg(&en, "redact:face").starts_with("2 face findings are neither redacted"),
        "{}",
        msg(&en, "redact:face")
    );
    let redact = msg(&fr, "redact:face");
    assert!(
        redact.starts_with("2 détections de type visage ne sont ni caviardées"),
        "{redact}"
    );
    // The policy's quote stays in English, in French quotation marks.
    assert!(
        redact.contains("«\u{a0}Do not discuss clinical encounters online."),
        "{redact}"
    );
    assert!(msg(&fr, "attestation:patient-consent").starts_with("Un consentement écrit"));
    assert!(msg(&fr, "consent-ref").starts_with("Une référence du consentement est exigée"));
    assert!(msg(&en, "consent-ref")
        .starts_with("A consent reference is required: the consent form number"));
    // A preset with no French consent prompt gets ClearFrame's own default in French.
    let stanford = builtin("stanford-peds").in_language(Lang::Fr);
    let prompts: Vec<&str> = stanford
        .rules
        .iter()
        .filter_map(|r| r.consent_ref.as_ref())
        .map(|c| c.prompt.as_str())
        .collect();
    assert!(!prompts.is_empty());
}

#[test]
fn a_translation_of_an_unknown_field_is_refused_with_its_line() {
    let text = builtin_text("stanford-peds").replacen(
        "[[subjects]]\nid = \"clinical\"",
        "[[subjects]]\nid = \"clinical\"\nfr.title = \"Photo\"",
        1,
    );
    let err = Policy::from_toml_str(&text, "x.toml")
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("x.toml line") && err.contains("title"),
        "{err}"
    );
}
