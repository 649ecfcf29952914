//! The CLI in French: the system locale picks the language of what people read (reports,
//! refusals, errors, the HTML report); `--json` lines and the ledger are the same in every
//! language.

use std::time::Duration;

use crate::util::*;

const FR: &str = "fr_CA.UTF-8";
const EN: &str = "C.UTF-8";

fn run(locale: &str, args: &[&str]) -> std::process::Output {
    clearframe_in(locale, args, Duration::from_secs(600))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn a_scan_reads_in_french_and_its_json_is_the_same_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let photo = dir.path().join("astronaut.jpg");
    let astronaut = load_rgb(&fixture("astronaut.jpg"));
    std::fs::write(&photo, jpeg_with_everything(&astronaut)).unwrap();
    let fr = run(FR, &["scan", s(&photo)]);
    assert_eq!(fr.status.code(), Some(0), "{}", text(&fr.stderr));
    let out = text(&fr.stdout);
    assert!(out.contains("1 visage,"), "{out}");
    assert!(out.contains("métadonnées\u{a0}: EXIF, GPS"), "{out}");
    assert!(
        !out.contains("faces") && !out.contains("metadata:"),
        "{out}"
    );
    let en = text(&run(EN, &["scan", s(&photo)]).stdout);
    assert!(
        en.contains("1 face,") && en.contains("metadata: EXIF, GPS"),
        "{en}"
    );

    let json = |locale| run(locale, &["scan", s(&photo), "--json"]).stdout;
    assert_eq!(json(FR), json(EN), "--json does not depend on the language");
}

#[test]
fn a_refusal_is_explained_in_french_and_recorded_in_english() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("ledger.sqlite3");
    let target = dir.path().join("exports");
    let photo = fixture("astronaut.jpg");
    let args = [
        "redact",
        s(&photo),
        "--out",
        s(&target),
        "--policy",
        "quebec-pgme",
        "--destination",
        "slides",
        "--ledger",
        s(&ledger),
    ];
    let out = run(FR, &args);
    assert_eq!(out.status.code(), Some(3));
    let err = text(&out.stderr);
    assert!(
        err.contains("exportation refusée par la politique quebec-pgme"),
        "{err}"
    );
    // The policy's name and conditions in French, its quotes in its own (English) words.
    assert!(err.contains("source\u{a0}:"), "{err}");
    assert!(
        err.contains("Un consentement écrit clairement documenté"),
        "the preset's own French: {err}"
    );
    assert!(err.contains("«\u{a0}photographing a patient"), "{err}");
    assert!(!err.contains("export refused"), "{err}");
    assert!(!target.exists(), "nothing is written on refusal");

    // The ledger's row is the same whatever language the refusal was shown in.
    let list = run(EN, &["audit", "--ledger", s(&ledger), "list"]);
    let rows = text(&list.stdout);
    assert!(rows.contains("refused"), "{rows}");
    assert!(rows.contains("unmet "), "{rows}");
    let french_words = ["exigée", "caviardée", "confirmez"];
    assert!(
        !french_words.iter().any(|w| rows.contains(w)),
        "the ledger records English: {rows}"
    );
    // And `audit list` speaks French around it.
    let list = text(&run(FR, &["audit", "--ledger", s(&ledger), "list"]).stdout);
    assert!(list.contains("non remplie "), "{list}");
}

#[test]
fn errors_name_the_file_in_french() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("absent.jpg");
    let out = run(FR, &["scan", s(&missing)]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("absent.jpg"), "{err}");
    assert!(err.contains("introuvable"), "{err}");
    assert!(!err.contains("No such file"), "{err}");

    let bad = dir.path().join("truncated.jpg");
    let jpeg = std::fs::read(fixture("astronaut.jpg")).unwrap();
    std::fs::write(&bad, &jpeg[..jpeg.len() / 3]).unwrap();
    let err = text(&run(FR, &["scan", s(&bad)]).stderr);
    assert!(err.contains("truncated.jpg"), "{err}");
    assert!(err.contains("impossible de décoder l'image"), "{err}");

    let err = text(&run(FR, &["policies", "nowhere"]).stderr);
    assert!(
        err.contains("aucune politique n'a l'identifiant `nowhere`"),
        "{err}"
    );
}

#[test]
fn a_deck_s_report_and_its_html_read_in_french() {
    let dir = tempfile::tempdir().unwrap();
    let deck = dir.path().join("deck.pptx");
    std::fs::write(&deck, build_deck().0).unwrap();
    let out = run(FR, &["vet", s(&deck)]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let report = text(&out.stdout);
    for needle in [
        "2 diapositive(s)",
        "sur la ou les diapositives 1",
        "rognée sur la ou les diapositives 1",
        "date / date de naissance",
        "point(s) à vérifier avant de partager cette présentation",
    ] {
        assert!(report.contains(needle), "{needle} not in:\n{report}");
    }
    let html = dir.path().join("report.html");
    let out = run(FR, &["vet", s(&deck), "--html", s(&html)]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("<html lang=\"fr-CA\">"), "{page}");
    assert!(page.contains("Vérification des identifiants"), "{page}");
    assert!(page.contains("Points à vérifier ("), "{page}");
    assert!(!page.contains("Concerns ("), "{page}");
}

#[test]
fn a_preset_is_explained_in_french_with_its_quotes_as_written() {
    let out = run(FR, &["policies", "quebec-pgme"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let page = text(&out.stdout);
    for needle in [
        "Règles\u{a0}:",
        "clinical → slides: permis si",
        "- cochée patient-consent\u{a0}: Un consentement écrit clairement documenté",
        "“photographing a patient, for any purpose",
    ] {
        assert!(page.contains(needle), "{needle} not in:\n{page}");
    }
    let list = text(&run(FR, &["policies"]).stdout);
    assert!(
        list.contains("Résidence en pédiatrie de Stanford"),
        "{list}"
    );
    assert!(list.contains("`clearframe policies ID` explique"), "{list}");
}
