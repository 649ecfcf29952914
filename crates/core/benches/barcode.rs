//! Barcode search cost on a 12 MP (4000×3000) photo-sized image: `Detector::detect_barcodes`
//! on a scene without any code, and on one holding a Code 128 wristband barcode at 30° and a
//! QR code. Median and spread over several runs (barcodes need no model: nothing to load).
//!
//! `cargo bench -p clearframe-core --bench barcode -- [--runs N] [--size WxH]`

use std::time::Instant;

use clearframe_core::detect::{DetectKinds, Detector, DetectorConfig};
use image::{Rgb, RgbImage};
use rxing::{BarcodeFormat, MultiFormatWriter, Writer};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let runs: usize = value("--runs").and_then(|v| v.parse().ok()).unwrap_or(7);
    let (w, h) = value("--size")
        .and_then(|v| {
            let (a, b) = v.split_once('x')?;
            Some((a.parse().ok()?, b.parse().ok()?))
        })
        .unwrap_or((4000u32, 3000u32));

    let detector = Detector::load(DetectorConfig {
        kinds: DetectKinds {
            face: false,
            text: false,
            barcode: true,
        },
        ..DetectorConfig::default()
    })
    .expect("a barcode-only detector needs no model");

    let empty = scene(w, h);
    let mut with_codes = empty.clone();
    paste(
        &mut with_codes,
        "MRN 00123456",
        BarcodeFormat::CODE_128,
        3,
        30.0,
        w as f32 * 0.7,
        h as f32 * 0.7,
    );
    paste(
        &mut with_codes,
        "DOB 1984-03-07",
        BarcodeFormat::QR_CODE,
        9,
        12.0,
        w as f32 * 0.25,
        h as f32 * 0.25,
    );

    println!(
        "detect_barcodes on {w}x{h} ({:.1} MP), {runs} runs each",
        f64::from(w * h) / 1e6
    );
    for (name, img, expected) in [("no code", &empty, 0), ("code128 + qr", &with_codes, 2)] {
        let found = detector.detect_barcodes(img).expect("barcode search");
        assert_eq!(found.len(), expected, "{name}: {found:?}");
        let mut times: Vec<f64> = (0..runs)
            .map(|_| {
                let t = Instant::now();
                let f = detector.detect_barcodes(img).expect("barcode search");
                let ms = t.elapsed().as_secs_f64() * 1e3;
                assert_eq!(f.len(), expected);
                ms
            })
            .collect();
        times.sort_by(f64::total_cmp);
        println!(
            "  {name:<14} median {:>6.1} ms  min {:>6.1}  max {:>6.1}",
            times[times.len() / 2],
            times[0],
            times[times.len() - 1]
        );
    }
}

/// A photo-like background: gradients, noise, and some text-like and edge clutter.
fn scene(w: u32, h: u32) -> RgbImage {
    let mut state = 12345u32;
    RgbImage::from_fn(w, h, |x, y| {
        state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        let n = ((state >> 24) % 31) as i32 - 15;
        let g = ((x / 3 + y / 5) % 256) as i32 / 4;
        // A few blocks of fine checker texture (clutter for the bar search).
        let clutter = if (x / 500 + y / 400) % 3 == 0 && ((x / 4) + (y / 4)) % 2 == 0 {
            60
        } else {
            0
        };
        let c = |b: i32| (b + g + n - clutter).clamp(0, 255) as u8;
        Rgb([c(150), c(120), c(100)])
    })
}

/// Paste `text` as `format` at `module` px per module, rotated by `degrees` about (cx, cy).
fn paste(
    img: &mut RgbImage,
    text: &str,
    format: BarcodeFormat,
    module: u32,
    degrees: f32,
    cx: f32,
    cy: f32,
) {
    let m = MultiFormatWriter
        .encode(text, &format, 0, 0)
        .expect("encode");
    let (mw, mh) = (m.getWidth(), m.getHeight());
    let one_d = mh == 1;
    let quiet = 10 * module;
    let sw = mw * module + 2 * quiet;
    let sh = if one_d { 40 * module } else { mh * module } + 2 * quiet;
    let (s, c) = degrees.to_radians().sin_cos();
    let r = ((sw * sw + sh * sh) as f32).sqrt() / 2.0 + 2.0;
    for y in (cy - r).max(0.0) as u32..((cy + r) as u32).min(img.height()) {
        for x in (cx - r).max(0.0) as u32..((cx + r) as u32).min(img.width()) {
            let (dx, dy) = (x as f32 - cx, y as f32 - cy);
            let u = c * dx + s * dy + sw as f32 / 2.0;
            let v = -s * dx + c * dy + sh as f32 / 2.0;
            if u < 0.0 || v < 0.0 || u >= sw as f32 || v >= sh as f32 {
                continue;
            }
            let (u, v) = (u as u32, v as u32);
            let dark = u >= quiet
                && v >= quiet
                && u < sw - quiet
                && v < sh - quiet
                && m.get(
                    (u - quiet) / module,
                    if one_d { 0 } else { (v - quiet) / module },
                );
            let g = if dark { 20 } else { 235 };
            img.put_pixel(x, y, Rgb([g, g, g]));
        }
    }
}
