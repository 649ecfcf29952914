use super::extent::bounds;
use super::luma::Luma;
use super::*;
use rxing::{MultiFormatWriter, Writer};

/// A code as a grey image, dark modules on white with a quiet zone of `quiet` modules, and
/// the box of its dark modules (the symbol) in that image.
pub(crate) struct Rendered {
    pub img: Vec<u8>,
    pub w: usize,
    pub h: usize,
    pub symbol: [f32; 4],
}

/// Render `text` as `format`, `module` pixels per module; a 1D code's bars are `bar_h`
/// pixels tall.
pub(crate) fn render(
    text: &str,
    format: BarcodeFormat,
    module: usize,
    bar_h: usize,
    quiet: usize,
) -> Rendered {
    let m = MultiFormatWriter
        .encode(text, &format, 0, 0)
        .unwrap_or_else(|e| panic!("encode {format:?} {text}: {e:?}"));
    let [l, t, mw, mh] = m.getEnclosingRectangle().expect("dark modules");
    let (mw, mh) = (mw as usize, mh as usize);
    let one_d = mh == 1;
    let sym_w = mw * module;
    let sym_h = if one_d { bar_h } else { mh * module };
    let q = quiet * module;
    let (w, h) = (sym_w + 2 * q, sym_h + 2 * q);
    let mut img = vec![255u8; w * h];
    for y in 0..sym_h {
        let my = if one_d { 0 } else { y / module };
        for x in 0..sym_w {
            if m.get(l + (x / module) as u32, t + my as u32) {
                img[(y + q) * w + x + q] = 0;
            }
        }
    }
    Rendered {
        img,
        w,
        h,
        symbol: [q as f32, q as f32, (q + sym_w) as f32, (q + sym_h) as f32],
    }
}

/// A `w`×`h` scene: a colour gradient with noise (deterministic).
pub(crate) fn background(w: u32, h: u32, seed: u32) -> RgbImage {
    let mut state = seed.wrapping_mul(2_654_435_761).wrapping_add(1);
    RgbImage::from_fn(w, h, |x, y| {
        state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        let n = ((state >> 24) % 41) as i32 - 20;
        let gx = (x * 120 / w.max(1)) as i32;
        let gy = (y * 80 / h.max(1)) as i32;
        let c = |base: i32| (base + n).clamp(0, 255) as u8;
        image::Rgb([c(90 + gx), c(110 + gy), c(70 + (gx + gy) / 2)])
    })
}

/// Paste `r` rotated by `degrees` (clockwise on screen) about its centre, centred at
/// (`cx`, `cy`); returns the axis-aligned box of the rotated symbol in the scene.
pub(crate) fn paste(
    scene: &mut RgbImage,
    r: &Rendered,
    degrees: f32,
    cx: f32,
    cy: f32,
) -> [f32; 4] {
    let (s, c) = degrees.to_radians().sin_cos();
    let (hw, hh) = (r.w as f32 / 2.0, r.h as f32 / 2.0);
    // Source (u, v) about the centre → scene: (cx + c·u − s·v, cy + s·u + c·v).
    let to_scene = |u: f32, v: f32| [cx + c * u - s * v, cy + s * u + c * v];
    let corners = [[-hw, -hh], [hw, -hh], [hw, hh], [-hw, hh]].map(|p| to_scene(p[0], p[1]));
    let (x0, y0, x1, y1) = bounds(&corners);
    let src = Luma {
        w: r.w,
        h: r.h,
        px: r.img.clone(),
    };
    for y in (y0.floor().max(0.0) as u32)..(y1.ceil() as u32).min(scene.height()) {
        for x in (x0.floor().max(0.0) as u32)..(x1.ceil() as u32).min(scene.width()) {
            let (dx, dy) = (x as f32 + 0.5 - cx, y as f32 + 0.5 - cy);
            let (u, v) = (c * dx + s * dy + hw, -s * dx + c * dy + hh);
            if u < 0.0 || v < 0.0 || u > r.w as f32 || v > r.h as f32 {
                continue;
            }
            let g = src.sample(u - 0.5, v - 0.5).round() as u8;
            scene.put_pixel(x, y, image::Rgb([g, g, g]));
        }
    }
    let [sx0, sy0, sx1, sy1] = r.symbol;
    let sym =
        [[sx0, sy0], [sx1, sy0], [sx1, sy1], [sx0, sy1]].map(|p| to_scene(p[0] - hw, p[1] - hh));
    let (a, b, c2, d) = bounds(&sym);
    [a, b, c2, d]
}

/// Fraction of `truth` covered by the hit's region.
pub(crate) fn coverage(h: &Hit, truth: [f32; 4]) -> f32 {
    let iw = (h.x1.min(truth[2]) - h.x0.max(truth[0])).max(0.0);
    let ih = (h.y1.min(truth[3]) - h.y0.max(truth[1])).max(0.0);
    let tw = (truth[2] - truth[0].max(0.0)).max(1e-3);
    let th = (truth[3] - truth[1].max(0.0)).max(1e-3);
    iw * ih / (tw * th)
}

fn run(scene: &RgbImage) -> Vec<Hit> {
    detect(scene, &BarcodeParams::default()).expect("no reader panic")
}

/// Assert exactly one hit of `format` reading `text`, covering ≥ 95 % of `truth` and not
/// absurdly larger; returns it.
fn expect_hit(hits: &[Hit], format: BarcodeFormat, text: &str, truth: [f32; 4], what: &str) {
    let found: Vec<&Hit> = hits
        .iter()
        .filter(|h| h.format == Some(format) && h.text.as_deref() == Some(text))
        .collect();
    assert_eq!(found.len(), 1, "{what}: hits {hits:?}");
    let h = found[0];
    let cov = coverage(h, truth);
    assert!(cov >= 0.95, "{what}: covers {cov:.3} of {truth:?}: {h:?}");
    let area = (h.x1 - h.x0) * (h.y1 - h.y0);
    let truth_area = (truth[2] - truth[0]) * (truth[3] - truth[1]);
    assert!(
        area <= 4.0 * truth_area + 2000.0,
        "{what}: region {area} px² for a {truth_area} px² symbol: {h:?}"
    );
}

#[test]
fn code128_mrn_is_read_and_covered_at_wristband_angles() {
    for (module, bar_h) in [(2, 50), (4, 90)] {
        let r = render("MRN 00123456", BarcodeFormat::CODE_128, module, bar_h, 10);
        for degrees in [0.0, 15.0, 30.0, 40.0, -25.0] {
            let mut scene = background(1400, 1000, module as u32);
            let truth = paste(&mut scene, &r, degrees, 620.0, 480.0);
            let what = format!("code128 module {module} at {degrees}°");
            expect_hit(
                &run(&scene),
                BarcodeFormat::CODE_128,
                "MRN 00123456",
                truth,
                &what,
            );
        }
    }
}

/// A rendered code with a dark smudge `modules` wide down its whole height at `at` (0..1
/// of its width): no reader decodes it any more.
fn smudged(mut r: Rendered, module: usize, at: f32, modules: usize) -> Rendered {
    let [x0, y0, x1, y1] = r.symbol.map(|v| v as usize);
    let xs = x0 + ((x1 - x0) as f32 * at) as usize;
    for y in y0..y1 {
        for x in xs..(xs + modules * module).min(x1) {
            r.img[y * r.w + x] = 40;
        }
    }
    r
}

#[test]
fn an_unreadable_barcode_is_covered_whole_at_any_angle() {
    for (module, bar_h) in [(2, 50), (4, 90)] {
        let r = render("MRN 00123456", BarcodeFormat::CODE_128, module, bar_h, 10);
        let r = smudged(r, module, 0.45, 4);
        for degrees in [0.0, 20.0, -35.0] {
            let mut scene = background(1400, 1000, 3 + module as u32);
            let truth = paste(&mut scene, &r, degrees, 640.0, 500.0);
            let what = format!("smudged code128 module {module} at {degrees}°");
            let hits = run(&scene);
            assert_eq!(hits.len(), 1, "{what}: {hits:?}");
            let h = &hits[0];
            assert_eq!((h.format, h.text.as_deref()), (None, None), "{what}: {h:?}");
            let cov = coverage(h, truth);
            assert!(cov >= 0.95, "{what}: covers {cov:.3} of {truth:?}: {h:?}");
            let area = (h.x1 - h.x0) * (h.y1 - h.y0);
            let truth_area = (truth[2] - truth[0]) * (truth[3] - truth[1]);
            assert!(
                area <= 4.0 * truth_area + 2000.0,
                "{what}: {area} px²: {h:?}"
            );
        }
    }
}

#[test]
fn an_unreadable_qr_code_is_covered_whole() {
    for module in [4, 7] {
        let mut r = render(
            "DOB 1984-03-07 MRN 00123456",
            BarcodeFormat::QR_CODE,
            module,
            0,
            4,
        );
        // Grey over the data between the finder patterns: beyond error correction.
        let [x0, y0, x1, y1] = r.symbol.map(|v| v as usize);
        // (Clear of the finder patterns and their separators: 8 modules from the corners.)
        let m = 9 * module;
        for y in y0 + m..y1 - m {
            for x in x0..x1 {
                if (x / module + y / module) % 3 == 0 {
                    r.img[y * r.w + x] = 255 - r.img[y * r.w + x];
                }
            }
        }
        for degrees in [0.0, 25.0] {
            let mut scene = background(1200, 900, 11 + module as u32);
            let truth = paste(&mut scene, &r, degrees, 600.0, 420.0);
            let what = format!("damaged qr module {module} at {degrees}°");
            let hits = run(&scene);
            assert_eq!(hits.len(), 1, "{what}: {hits:?}");
            let h = &hits[0];
            assert_eq!((h.format, h.text.as_deref()), (None, None), "{what}: {h:?}");
            let cov = coverage(h, truth);
            assert!(cov >= 0.95, "{what}: covers {cov:.3} of {truth:?}: {h:?}");
        }
    }
}

#[test]
fn qr_dob_is_read_and_covered_at_any_angle() {
    for module in [4, 7] {
        let r = render("DOB 1984-03-07", BarcodeFormat::QR_CODE, module, 0, 4);
        for degrees in [0.0, 15.0, 30.0, 40.0] {
            let mut scene = background(1200, 900, 7 + module as u32);
            let truth = paste(&mut scene, &r, degrees, 700.0, 380.0);
            let what = format!("qr module {module} at {degrees}°");
            expect_hit(
                &run(&scene),
                BarcodeFormat::QR_CODE,
                "DOB 1984-03-07",
                truth,
                &what,
            );
        }
    }
}

#[test]
fn datamatrix_is_read_and_covered_at_any_angle() {
    for module in [5, 8] {
        let r = render("SPECIMEN 42-7781", BarcodeFormat::DATA_MATRIX, module, 0, 3);
        for degrees in [0.0, 15.0, 30.0, 40.0] {
            let mut scene = background(1000, 800, 3 + module as u32);
            let truth = paste(&mut scene, &r, degrees, 450.0, 420.0);
            let what = format!("datamatrix module {module} at {degrees}°");
            expect_hit(
                &run(&scene),
                BarcodeFormat::DATA_MATRIX,
                "SPECIMEN 42-7781",
                truth,
                &what,
            );
        }
    }
}

#[test]
fn several_codes_in_one_photo_are_all_found() {
    let mut scene = background(1600, 1200, 99);
    let code = render("MRN 00123456", BarcodeFormat::CODE_128, 3, 70, 10);
    let qr = render("DOB 1984-03-07", BarcodeFormat::QR_CODE, 5, 0, 4);
    let dm = render("SPECIMEN 42-7781", BarcodeFormat::DATA_MATRIX, 6, 0, 3);
    let t_code = paste(&mut scene, &code, 20.0, 500.0, 300.0);
    let t_qr = paste(&mut scene, &qr, -10.0, 1250.0, 350.0);
    let t_dm = paste(&mut scene, &dm, 35.0, 900.0, 900.0);
    let hits = run(&scene);
    assert_eq!(hits.len(), 3, "{hits:?}");
    expect_hit(
        &hits,
        BarcodeFormat::CODE_128,
        "MRN 00123456",
        t_code,
        "code128",
    );
    expect_hit(&hits, BarcodeFormat::QR_CODE, "DOB 1984-03-07", t_qr, "qr");
    expect_hit(
        &hits,
        BarcodeFormat::DATA_MATRIX,
        "SPECIMEN 42-7781",
        t_dm,
        "datamatrix",
    );
}

#[test]
fn a_large_photo_is_searched_downscaled_and_mapped_back() {
    // 12 MP: the search image is about half size; the 1D crop comes from full resolution.
    let mut scene = background(4000, 3000, 5);
    let code = render("MRN 00123456", BarcodeFormat::CODE_128, 3, 120, 10);
    let qr = render("DOB 1984-03-07", BarcodeFormat::QR_CODE, 9, 0, 4);
    let t_code = paste(&mut scene, &code, 30.0, 2900.0, 2200.0);
    let t_qr = paste(&mut scene, &qr, 12.0, 900.0, 700.0);
    let hits = run(&scene);
    assert_eq!(hits.len(), 2, "{hits:?}");
    expect_hit(
        &hits,
        BarcodeFormat::CODE_128,
        "MRN 00123456",
        t_code,
        "code128 12 MP",
    );
    expect_hit(
        &hits,
        BarcodeFormat::QR_CODE,
        "DOB 1984-03-07",
        t_qr,
        "qr 12 MP",
    );
}

#[test]
fn other_formats_are_read() {
    // (format, contents, what is read back, module, angles). rxing's Aztec reader only
    // reads upright symbols (a few degrees of tilt already defeat it).
    let tilted: &[f32] = &[0.0, 30.0, -20.0];
    let cases: [(BarcodeFormat, &str, &str, usize, &[f32]); 9] = [
        (BarcodeFormat::CODE_39, "MRN123456", "MRN123456", 3, tilted),
        (BarcodeFormat::CODE_93, "MRN123456", "MRN123456", 3, tilted),
        (
            BarcodeFormat::EAN_13,
            "5901234123457",
            "5901234123457",
            3,
            tilted,
        ),
        (BarcodeFormat::EAN_8, "96385074", "96385074", 3, tilted),
        (
            BarcodeFormat::UPC_A,
            "036000291452",
            "036000291452",
            3,
            tilted,
        ),
        (BarcodeFormat::ITF, "00123456", "00123456", 3, tilted),
        (BarcodeFormat::CODABAR, "A123456A", "123456", 3, tilted),
        (
            BarcodeFormat::PDF_417,
            "DOB 1984-03-07",
            "DOB 1984-03-07",
            3,
            tilted,
        ),
        (
            BarcodeFormat::AZTEC,
            "DOB 1984-03-07",
            "DOB 1984-03-07",
            6,
            &[0.0, 90.0],
        ),
    ];
    let mut failed = Vec::new();
    for (format, contents, read, module, angles) in cases {
        let bar_h = 80;
        let r = render(contents, format, module, bar_h, 10);
        for &degrees in angles {
            let mut scene = background(1200, 900, 1);
            let truth = paste(&mut scene, &r, degrees, 600.0, 450.0);
            let hits = run(&scene);
            let ok = hits.iter().any(|h| {
                h.format == Some(format)
                    && h.text.as_deref() == Some(read)
                    && coverage(h, truth) >= 0.95
            });
            if !ok {
                failed.push(format!("{format:?} at {degrees}°: {hits:?}"));
            }
        }
    }
    assert!(failed.is_empty(), "not read: {failed:#?}");
}

#[test]
fn nothing_is_found_in_noise_gradients_and_stripes() {
    assert!(run(&background(1500, 1100, 3)).is_empty());
    // Regular stripes are coherent edges (a bar candidate) but decode as nothing.
    let stripes = RgbImage::from_fn(800, 600, |x, _| {
        let v = if (x / 6) % 2 == 0 { 30 } else { 220 };
        image::Rgb([v, v, v])
    });
    assert!(run(&stripes).is_empty());
    assert!(run(&RgbImage::new(5, 5)).is_empty());
    assert!(run(&RgbImage::new(1, 4000)).is_empty());
}

#[test]
fn format_names_are_stable() {
    assert_eq!(format_name(BarcodeFormat::CODE_128), "code128");
    assert_eq!(format_name(BarcodeFormat::QR_CODE), "qr");
    assert_eq!(format_name(BarcodeFormat::DATA_MATRIX), "datamatrix");
    assert_eq!(format_name(BarcodeFormat::RSS_14), "other");
}
