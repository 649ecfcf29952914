//! What a piece of text probably is — a name, a date of birth, a record number… — so the
//! reviewer sees at a glance why it matters. Rules, not a model: labels first ("MRN", "DOB",
//! "Name:"), then the shapes of emails, dates, phone numbers, addresses and ID numbers, then
//! institution words, then capitalised word pairs as names. The category never decides
//! whether text is redacted: all text is covered by default.

use std::sync::LazyLock;

use regex::Regex;

pub use crate::finding::TextCategory;

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("built-in pattern")
}

/// Labels that say what follows, checked at the start of the text (case-insensitive).
static LABELS: LazyLock<Vec<(Regex, TextCategory)>> = LazyLock::new(|| {
    let l = |p: &str, c| (re(&format!(r"(?i)^\W*(?:{p})(?:\b|[:#.])")), c);
    vec![
        l(
            r"dob|d\.o\.b|date\s+of\s+birth|birth\s*date|born|geb",
            TextCategory::Date,
        ),
        l(
            r"mrn|mr\s*#|mr\s*no|med(?:ical)?\s*rec(?:ord)?|patient\s*id|pt\s*id|id\s*(?:no|#)|acct|account|fin|csn|hin|nhs|ssn|ramq|record\s*(?:no|#)|chart\s*(?:no|#)",
            TextCategory::IdNumber,
        ),
        l(
            r"tel|phone|ph|fax|cell|mobile|pager|ext",
            TextCategory::Phone,
        ),
        l(r"e-?mail", TextCategory::Email),
        l(r"addr(?:ess)?|street", TextCategory::Address),
        l(
            r"name|patient|pt|dr|mr|mrs|ms|miss|attending|physician|nurse|rn|md|resident",
            TextCategory::Name,
        ),
    ]
});

static EMAIL: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)[a-z0-9._%+-]+\s?@\s?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}"));

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r"(?i)\b\d{1,2}\s?[/.-]\s?\d{1,2}\s?[/.-]\s?(?:\d{4}|\d{2})\b",
        r"|\b\d{4}\s?[/.-]\s?\d{1,2}\s?[/.-]\s?\d{1,2}\b",
        r"|\b\d{1,2}\s?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?\s?\d{2,4}\b",
        r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s?\d{1,2},?\s?\d{4}\b",
    ))
});

static PHONE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:\+?\d{1,3}[\s.-]?)?\(?\b\d{3}\)?[\s.-]?\d{3}[\s.-]\d{4}\b|\(\d{3}\)\s?\d{3}[\s.-]?\d{4}",
    )
});

static ADDRESS: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r"(?i)^\W*\d{1,6}[a-z]?\s+(?:[a-z0-9.'-]+\s+){0,4}",
        r"(?:st|street|ave|avenue|rd|road|blvd|boulevard|dr|drive|ln|lane|way|ct|court|pl|place|",
        r"pkwy|parkway|hwy|highway|terrace|ter|cres|crescent|rue|chemin|ch|suite|ste)\b",
        r"|\b(?:p\.?\s?o\.?\s+box)\b",
        r"|\b[A-Z]{2}\s+\d{5}(?:-\d{4})?\b",
        r"|\b[A-Z]\d[A-Z]\s?\d[A-Z]\d\b",
    ))
});

static INSTITUTION: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r"(?i)\b(?:hospital|hopital|hôpital|medical\s+center|medical\s+centre|health|healthcare|",
        r"clinic|clinique|clinics|university|universit[ée]|college|school\s+of\s+medicine|",
        r"faculty|institute|department|dept|centre|center|foundation|permanente|kaiser|",
        r"children'?s|pediatrics|paediatrics|residency|gme|pgme)\b",
    ))
});

/// Words that make a capitalised pair unlikely to be a person's name (signage, labels).
const NOT_NAME_WORDS: &[&str] = &[
    "the",
    "and",
    "of",
    "for",
    "to",
    "in",
    "on",
    "with",
    "at",
    "by",
    "from",
    "no",
    "not",
    "yes",
    "room",
    "floor",
    "exit",
    "stop",
    "push",
    "pull",
    "open",
    "closed",
    "emergency",
    "only",
    "warning",
    "caution",
    "danger",
    "wash",
    "hands",
    "please",
    "do",
    "keep",
    "out",
    "enter",
    "entrance",
    "staff",
    "authorized",
    "personnel",
    "allergy",
    "allergies",
    "fall",
    "risk",
    "isolation",
    "precautions",
    "contact",
    "level",
    "unit",
    "ward",
    "bed",
    "left",
    "right",
    "total",
    "date",
    "time",
    "sex",
    "male",
    "female",
    "age",
    "blood",
    "type",
    "hr",
    "bp",
    "spo2",
    "rr",
    "temp",
    "nibp",
    "pulse",
    "lab",
    "test",
    "sample",
    "specimen",
    "new",
    "old",
    "welcome",
    "thank",
    "you",
    "sale",
    "street",
    "road",
    "avenue",
    "hospital",
    "university",
    "center",
    "centre",
    "clinic",
    "health",
    "medical",
    "department",
    "school",
    "of",
];

/// The category of `text` (as read by the recogniser, or from a document).
pub fn classify(text: &str) -> TextCategory {
    let t = text.trim();
    if t.is_empty() {
        return TextCategory::Other;
    }
    if EMAIL.is_match(t) {
        return TextCategory::Email;
    }
    for (label, cat) in LABELS.iter() {
        if label.is_match(t) {
            return *cat;
        }
    }
    if DATE.is_match(t) {
        return TextCategory::Date;
    }
    if PHONE.is_match(t) {
        return TextCategory::Phone;
    }
    if ADDRESS.is_match(t) {
        return TextCategory::Address;
    }
    if has_id_number(t) {
        return TextCategory::IdNumber;
    }
    if INSTITUTION.is_match(t) {
        return TextCategory::Institution;
    }
    if looks_like_name(t) {
        return TextCategory::Name;
    }
    TextCategory::Other
}

/// Lowercase given names, one per line (`given_names.txt`: the US Census Bureau's 1990
/// first-name lists, public domain; `#` lines are its header).
static GIVEN_NAMES: LazyLock<std::collections::HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("given_names.txt")
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
});

/// [`classify`] for document text (slides, notes, charts, titles), where title-case headings
/// ("Grand Rounds", "Differential Diagnosis") are common and must not read as names: a line
/// is a [`TextCategory::Name`] only when a label says so ("Patient:", "Dr.") or one of its
/// words is a known given name ("John Smith", "SMITH, JOHN A."). Every other category is
/// [`classify`]'s.
pub fn classify_document(text: &str) -> TextCategory {
    let category = classify(text);
    if category == TextCategory::Other && contains_full_name(text) {
        return TextCategory::Name;
    }
    if category != TextCategory::Name {
        return category;
    }
    let labelled =
        (LABELS.iter()).any(|(label, c)| *c == TextCategory::Name && label.is_match(text.trim()));
    let given = text
        .split(|c: char| !c.is_alphabetic() && c != '\'' && c != '-')
        .filter(|w| w.len() >= 2)
        .any(|w| GIVEN_NAMES.contains(w.to_lowercase().as_str()));
    if labelled || given {
        TextCategory::Name
    } else {
        TextCategory::Other
    }
}

/// Two capitalised words, one of them a known given name, anywhere in a longer line
/// ("Wound area, John Smith", "Is this John Smith's wound?", "Smith John wound.jpg").
fn contains_full_name(t: &str) -> bool {
    let words: Vec<&str> = t
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '(' | ')' | '/'))
        .filter(|w| !w.is_empty())
        .collect();
    let core = |w: &str| -> String {
        let w = w.trim_matches(|c: char| !c.is_alphabetic());
        let w = w
            .strip_suffix("'s")
            .or_else(|| w.strip_suffix("’s"))
            .unwrap_or(w);
        w.to_string()
    };
    let capitalised = |w: &str| {
        w.chars().next().is_some_and(char::is_uppercase)
            && w.chars()
                .all(|c| c.is_alphabetic() || c == '\'' || c == '-')
            && !NOT_NAME_WORDS.contains(&w.to_lowercase().as_str())
    };
    words.windows(2).any(|pair| {
        let (given, family) = (core(pair[0]), core(pair[1]));
        capitalised(&given)
            && capitalised(&family)
            && family.chars().count() >= 2
            && (GIVEN_NAMES.contains(given.to_lowercase().as_str())
                || GIVEN_NAMES.contains(family.to_lowercase().as_str()))
    })
}

/// A token with at least five digits (separators and letters allowed), e.g. `4821-7730`,
/// `A12345678`.
fn has_id_number(t: &str) -> bool {
    t.split(|c: char| c.is_whitespace() || c == ':' || c == ',')
        .any(|tok| tok.chars().filter(char::is_ascii_digit).count() >= 5)
}

/// Two to four capitalised alphabetic words (`John Smith`, `SMITH, JOHN A.`), none of them
/// a signage word.
fn looks_like_name(t: &str) -> bool {
    let words: Vec<&str> = t
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    if !(2..=4).contains(&words.len()) {
        return false;
    }
    words.iter().all(|w| {
        let core = w.trim_matches(|c: char| c == '.' || c == '\'' || c == '-');
        let mut chars = core.chars();
        let first_upper = chars.next().is_some_and(char::is_uppercase);
        first_upper
            && core
                .chars()
                .all(|c| c.is_alphabetic() || c == '\'' || c == '-' || c == '.')
            && !NOT_NAME_WORDS.contains(&core.to_lowercase().as_str())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use TextCategory::*;

    #[test]
    fn document_names_need_a_label_or_a_given_name() {
        for (text, want) in [
            ("John Smith", Name),
            ("SMITH, JOHN A.", Name),
            ("Patient: Roe", Name),
            ("Dr. Okonkwo", Name),
            ("Grand Rounds", Other),
            ("Office Theme", Other),
            ("Differential Diagnosis", Other),
            ("Wound Healing", Other),
            ("Wound area, John Smith", Name),
            ("Is this John Smith's wound?", Name),
            ("Referred by Dr. Jane Roe", Name),
            ("Follow-up: John Smith", Name),
            ("Smith John wound.jpg", Name),
            ("Day 14: chart and timeline", Other),
            ("Learning objectives for the session", Other),
            ("MRN 4821-7730", IdNumber),
            ("DOB 03/14/1962", Date),
        ] {
            assert_eq!(classify_document(text), want, "{text}");
        }
        // The photo classifier is unchanged: any capitalised pair is a name there.
        assert_eq!(classify("Grand Rounds"), Name);
    }

    #[test]
    fn wristband_and_badge_lines() {
        let cases = [
            ("JOHN SMITH", Name),
            ("Smith, John A.", Name),
            ("Name: Maria Lopez", Name),
            ("Patient: DOE, JANE", Name),
            ("Dr. Ana Ruiz", Name),
            ("MRN 4821-7730", IdNumber),
            ("MRN: 00123456", IdNumber),
            ("Patient ID 99812", IdNumber),
            ("A12345678", IdNumber),
            ("DOB 03/14/1962", Date),
            ("DOB: 1984-03-07", Date),
            ("03/14/1962", Date),
            ("14 Mar 1962", Date),
            ("March 14, 1962", Date),
            ("(650) 723-4000", Phone),
            ("Tel 650-723-4000", Phone),
            ("+1 650.723.4000", Phone),
            ("jane.doe@stanford.edu", Email),
            ("300 Pasteur Drive", Address),
            ("Stanford, CA 94305", Address),
            ("Lucile Packard Children's Hospital", Institution),
            ("Kaiser Permanente", Institution),
            ("Department of Pediatrics", Institution),
            ("EXIT", Other),
            ("Wash Your Hands", Other),
            ("HR 72", Other),
            ("", Other),
        ];
        for (text, want) in cases {
            assert_eq!(classify(text), want, "{text:?}");
        }
    }

    #[test]
    fn ids_are_stable_and_labelled() {
        for c in TextCategory::ALL {
            let json = serde_json::to_string(&c).unwrap();
            assert_eq!(json, format!("\"{}\"", c.as_str()));
            assert!(!c.label_in(crate::l10n::Lang::En).is_empty());
        }
        assert!(IdNumber.is_identifier() && !Other.is_identifier());
    }
}
