//! A document's pictures in the review canvas (the core API the app uses): a PDF page and a
//! deck picture are drawn as their copies draw them, with what the copies would cover; the
//! reviewer dismisses a finding with a reason and adds a region; the copy then covers exactly
//! what the reviewed plan says (the dismissal reaches the gate's plan), and a plan made on
//! other pixels is refused.

use clearframe_core::detect::{Detector, DetectorConfig, Kind, Rect};
use clearframe_core::document::{self, DocumentRedactOptions, ReviewedPicture};
use clearframe_core::redact::{Decision, Method, PlanDefaults, PlanEdit, RedactionPlan};

use crate::util::*;

fn mean_diff(a: &image::RgbImage, b: &image::RgbImage, r: Rect) -> f64 {
    region_diff(a, b, [r.x, r.y, r.w, r.h])
}

#[test]
fn a_reviewed_page_or_picture_is_covered_as_the_reviewer_left_it() {
    let detector = Detector::load(DetectorConfig::default()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("letter.pdf");
    std::fs::write(&pdf, crate::pdf_clean::build_pdf()).unwrap();
    let opts = DocumentRedactOptions::default();

    // The page as the copy draws it: the name line and the face are found.
    let page = document::picture_for_review(&pdf, "page 1", &detector, &opts).unwrap();
    let pixels = page.image.pixels.clone();
    let face = (page.findings.iter())
        .position(|f| f.kind == Kind::Face)
        .expect("the face is found");
    assert!(
        (page.findings.iter())
            .any(|f| f.kind == Kind::Text && f.category.is_some_and(|c| c.as_str() == "name")),
        "{:?}",
        page.findings
    );
    // Each thing is listed once: the face found in the picture and on the page, the name line
    // in the text layer and by the detector, are one finding each.
    for (i, a) in page.findings.iter().enumerate() {
        for b in &page.findings[i + 1..] {
            let overlap = a.rect.intersection_area(&b.rect) as f64;
            let smaller = a.rect.area().min(b.rect.area()) as f64;
            assert!(
                a.kind != b.kind || overlap < 0.5 * smaller,
                "twins: {a:?} {b:?}"
            );
        }
    }
    let mut plan = RedactionPlan::from_findings(
        &page.findings,
        pixels.width(),
        pixels.height(),
        &PlanDefaults::default(),
    );
    plan.edit(&PlanEdit::Dismiss {
        index: face,
        reason: "the patient consented to showing her face".into(),
    })
    .unwrap();
    let added = Rect::new(100, 1900, 400, 150);
    plan.edit(&PlanEdit::AddRegion {
        rect: added,
        method: Method::Fill,
    })
    .unwrap();
    let face_rect = plan.items[face].redact_rect;
    let mut with_review = opts.clone();
    with_review.pdf.reviewed = vec![ReviewedPicture {
        key: "page 1".into(),
        pixels_sha256: page.pixels_sha256.clone(),
        plan: plan.clone(),
    }];
    let bytes = std::fs::read(&pdf).unwrap();
    let copy = document::write_redacted_pdf(&bytes, &pdf, &detector, &with_review.pdf).unwrap();
    assert!(copy.verification.ok(), "{:?}", copy.verification.problems);
    assert!(copy.pages[0].reviewed);
    assert_eq!(
        copy.pages[0].regions_redacted,
        plan.items
            .iter()
            .filter(|i| i.decision == Decision::Redact)
            .count()
    );
    assert!(
        (copy.plan.findings.iter())
            .any(|f| f.kind == Kind::Face && !f.redacted && f.dismissed_reason.is_some()),
        "the gate sees the dismissal: {:?}",
        copy.plan.findings
    );
    assert!(copy.text_redacted.iter().any(|t| t.page == 1));
    // The copy's page: the face left as it was, the added region black.
    let written = dir.path().join("copy.pdf");
    std::fs::write(&written, &copy.bytes).unwrap();
    let out = document::picture_for_review(&written, "page 1", &detector, &opts)
        .unwrap()
        .image
        .pixels;
    assert_eq!(out.dimensions(), pixels.dimensions());
    assert!(mean_diff(&out, &pixels, face_rect) < 12.0, "the face stays");
    let filled = image::imageops::crop_imm(&*out, added.x, added.y, added.w, added.h).to_image();
    let mean = filled.pixels().map(|p| p.0[0] as f64).sum::<f64>() / filled.len() as f64 * 3.0;
    assert!(mean < 20.0, "the added region is filled: {mean}");

    // A line kept in the document view stays legible on a reviewed page too, with its reason.
    let name_line = (page.findings.iter())
        .find(|f| f.category.is_some_and(|c| c.as_str() == "name"))
        .and_then(|f| f.text.clone())
        .expect("the name line is given with its text");
    let mut keeping = with_review.clone();
    keeping.pdf.keep_text = vec![document::KeepText {
        text: name_line.clone(),
        reason: "a made-up name".into(),
    }];
    let kept = document::write_redacted_pdf(&bytes, &pdf, &detector, &keeping.pdf).unwrap();
    assert_eq!(kept.text_kept.len(), 1, "{:?}", kept.text_kept);
    assert_eq!(kept.text_kept[0].text, name_line);
    assert!(kept.pages[0].regions_redacted < copy.pages[0].regions_redacted);

    // A plan made on other pixels is refused, naming the page.
    let mut stale = with_review.clone();
    stale.pdf.reviewed[0].pixels_sha256 = "0".repeat(64);
    let e = document::write_redacted_pdf(&bytes, &pdf, &detector, &stale.pdf).unwrap_err();
    assert!(
        e.to_string().contains("page 1") && e.to_string().contains("review it again"),
        "{e}"
    );

    // A deck's picture, the same way: the face dismissed, so the picture comes out unchanged
    // where the face is.
    let deck = dir.path().join("deck.pptx");
    std::fs::write(&deck, build_deck().0).unwrap();
    let key = "ppt/media/image1.jpeg";
    let pic = document::picture_for_review(&deck, key, &detector, &opts).unwrap();
    let face = (pic.findings.iter())
        .position(|f| f.kind == Kind::Face)
        .expect("the face is found");
    let (w, h) = pic.image.pixels.dimensions();
    let mut plan = RedactionPlan::from_findings(&pic.findings, w, h, &PlanDefaults::default());
    plan.edit(&PlanEdit::Dismiss {
        index: face,
        reason: "the patient consented to showing her face".into(),
    })
    .unwrap();
    let mut with_review = opts.clone();
    with_review.deck.reviewed = vec![ReviewedPicture {
        key: key.into(),
        pixels_sha256: pic.pixels_sha256.clone(),
        plan,
    }];
    let bytes = std::fs::read(&deck).unwrap();
    let copy = document::write_redacted(&bytes, &deck, &detector, &with_review.deck).unwrap();
    let p = copy.pictures.iter().find(|p| p.name == key).unwrap();
    assert!(p.reviewed);
    let other = copy.pictures.iter().find(|p| p.name != key).unwrap();
    assert!(
        !other.reviewed,
        "pictures not reviewed are scanned as always"
    );
    assert!((copy.plan.findings.iter())
        .any(|f| f.kind == Kind::Face && !f.redacted && f.dismissed_reason.is_some()));
    // An unknown picture is a clear error.
    let e =
        document::picture_for_review(&deck, "ppt/media/nothing.png", &detector, &opts).unwrap_err();
    assert!(e.to_string().contains("no picture named"), "{e}");
}
