//! A redacted copy of a PDF, end to end: `document::write_redacted_pdf` (every page drawn at
//! 200 dpi, its pictures and the whole page scanned for faces, text and barcodes, its text
//! layer judged, redacted, encoded as JPEG, the image-only PDF written, reopened and verified),
//! as the median over repeated runs.
//!
//! `cargo bench -p clearframe-core --bench pdf -- PHOTO... [--pages 40] [--repeat 3]` builds a
//! PDF of `--pages` pages in memory, shaped like a deck exported to PDF (720×540 pt), each page
//! titled with a made-up patient's name and record number, the given JPEG photos one per page
//! on the first pages; then times the copy. Models are loaded once, before timing. It prints
//! numbers and never fails on them.

use std::io::Cursor;
use std::path::Path;

mod common;

use clearframe_core::detect::{Detector, DetectorConfig};
use clearframe_core::document::{write_redacted_pdf, PdfRedactOptions};
use common::{timed, BenchArgs};
use lopdf::{dictionary, Document, Object, Stream};

/// The PDF: `pages` pages, `photos[i]` (JPEG) on page `i + 1`.
fn pdf(pages: usize, photos: &[Vec<u8>]) -> Vec<u8> {
    let mut doc = Document::with_version("1.7");
    let tree = doc.new_object_id();
    let font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let mut kids = Vec::new();
    for n in 1..=pages {
        let mut content = format!(
            "BT /F1 24 Tf 54 490 Td (Case {n}: Patient John Smith, MRN 4821-77{n:02}) Tj ET\n\
             BT /F1 18 Tf 54 460 Td (Day {n}: wound healing) Tj ET\n"
        );
        let mut xobjects = lopdf::Dictionary::new();
        if let Some(jpeg) = photos.get(n - 1) {
            let (w, h) = image::ImageReader::new(Cursor::new(jpeg))
                .with_guessed_format()
                .unwrap()
                .into_dimensions()
                .expect("a JPEG photo");
            let image = doc.add_object(Stream::new(
                dictionary! {
                    "Type" => "XObject", "Subtype" => "Image", "Width" => w as i64,
                    "Height" => h as i64, "ColorSpace" => "DeviceRGB", "BitsPerComponent" => 8,
                    "Filter" => "DCTDecode",
                },
                jpeg.clone(),
            ));
            xobjects.set("Im1", image);
            // 504 pt wide, the photo's aspect kept, under the title.
            let ph = 504.0 * h as f32 / w as f32;
            content.push_str(&format!(
                "q 504 0 0 {ph:.2} 108 {:.2} cm /Im1 Do Q\n",
                430.0 - ph
            ));
        }
        let contents = doc.add_object(Stream::new(dictionary! {}, content.into_bytes()));
        let page = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => tree,
            "MediaBox" => vec![0.into(), 0.into(), 720.into(), 540.into()],
            "Resources" => dictionary! { "Font" => dictionary! { "F1" => font }, "XObject" => xobjects },
            "Contents" => contents,
        });
        kids.push(Object::Reference(page));
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        tree,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => tree });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

fn main() {
    // As the CLI and the app do, so the figures are theirs (crate::memory).
    clearframe_core::memory::tune_allocator();
    let args = BenchArgs::from_env();
    let (pages, repeat) = (
        args.flag("--pages", 40).max(1),
        args.flag("--repeat", 3).max(1),
    );
    let photos: Vec<Vec<u8>> = (args.files().iter())
        .map(|f| std::fs::read(f).expect("photo"))
        .take(pages)
        .collect();
    assert!(
        !photos.is_empty(),
        "usage: pdf PHOTO.jpg... [--pages 40] [--repeat 3]"
    );
    let bytes = pdf(pages, &photos);
    let detector =
        Detector::load(DetectorConfig::default()).expect("models (run scripts/setup.sh)");
    let opts = PdfRedactOptions::default();
    let path = Path::new("bench.pdf");
    let (times, copy) = timed(repeat, || {
        write_redacted_pdf(&bytes, path, &detector, &opts).expect("copy")
    });
    let median = times[times.len() / 2];
    println!(
        "pdf: {pages} pages, {} photos, {:.1} MB; copy: {:.1} MB, {} lines covered, verified {}",
        photos.len(),
        bytes.len() as f64 / 1e6,
        copy.bytes.len() as f64 / 1e6,
        copy.text_redacted.len(),
        copy.verification.ok()
    );
    println!(
        "write_redacted_pdf: median {median:.2} s of {repeat} (min {:.2}, max {:.2}); {:.2} s per page",
        times[0],
        times[times.len() - 1],
        median / pages as f64
    );
}
