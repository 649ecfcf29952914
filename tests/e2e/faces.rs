//! Faces: the float and quantized face models, and a real face found and redacted.

use image::RgbImage;

use crate::util::*;

/// The quantized face model (`--face-model int8`) finds the faces the float model finds, with
/// boxes in the same places: the astronaut's head pasted at 30–190 px tall on one canvas.
#[test]
fn int8_face_model_finds_the_faces_the_float_model_finds() {
    let dir = tempfile::tempdir().unwrap();
    let a = load_rgb(&fixture("astronaut.jpg"));
    // The head with some context; the face is (182,58)-(270,178) in the photo.
    let (cx, cy, cw, ch) = (140, 20, 170, 200);
    let head = image::imageops::crop_imm(&a, cx, cy, cw, ch).to_image();
    let mut canvas = RgbImage::from_pixel(1280, 512, image::Rgb([118, 122, 128]));
    let mut truth = Vec::new();
    let mut x = 16;
    for height in [190u32, 120, 80, 56, 40, 30] {
        let s = f64::from(height) / f64::from(ch);
        let w = (f64::from(cw) * s).round() as u32;
        let small =
            image::imageops::resize(&head, w, height, image::imageops::FilterType::Triangle);
        image::imageops::replace(&mut canvas, &small, i64::from(x), 150);
        let f = |v: u32| (f64::from(v) * s).round() as u32;
        truth.push([x + f(182 - cx), 150 + f(58 - cy), f(88), f(120)]);
        x += w + 40;
    }
    let path = dir.path().join("heads.png");
    canvas.save(&path).unwrap();
    let faces = |model: &str| -> Vec<[u32; 4]> {
        let lines = clearframe_json(&[
            "scan",
            "--detect",
            "face",
            "--face-model",
            model,
            "--json",
            s(&path),
        ]);
        lines[0]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| rect(&f["box"]))
            .collect()
    };
    let (float, int8) = (faces("float"), faces("int8"));
    for (model, boxes) in [("float", &float), ("int8", &int8)] {
        assert_eq!(
            boxes.len(),
            truth.len(),
            "{model}: {boxes:?}, truth {truth:?}"
        );
        for t in &truth {
            assert!(
                boxes
                    .iter()
                    .any(|b| covered(*t, *b) >= 0.7 && covered(*b, *t) >= 0.4),
                "{model}: face {t:?} not found in {boxes:?}"
            );
        }
    }
    for b in &int8 {
        assert!(
            float
                .iter()
                .any(|f| covered(*b, *f) >= 0.7 && covered(*f, *b) >= 0.7),
            "int8 box {b:?} is not where a float box is: {float:?}"
        );
    }
}

#[test]
fn real_face_is_found_and_redacted_beyond_detection() {
    let out_dir = tempfile::tempdir().unwrap();
    let input = fixture("astronaut.jpg");
    let before = sha256_file(&input);
    let scan = clearframe_json(&["scan", "--json", s(&input)]);
    let line = &scan[0];
    let faces: Vec<_> = line["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == "face")
        .collect();
    assert_eq!(faces.len(), 1, "{line}");
    let face = rect(&faces[0]["box"]);
    // Reference (Python onnxruntime, shared/reference): (182,58)-(270,178).
    assert!(covered([182, 58, 88, 120], face) > 0.8, "face box {face:?}");
    assert!(faces[0]["score"].as_f64().unwrap() > 0.8);
    let redact_box = rect(&faces[0]["redact_box"]);
    assert!(
        covered(face, redact_box) == 1.0 && redact_box[2] > face[2],
        "redact box grows the face box"
    );

    let mut args = vec!["redact", s(&input), "--out", s(out_dir.path()), "--json"];
    args.extend_from_slice(STANFORD_OK);
    let out = clearframe_json(&args);
    let l = &out[0];
    let output = std::path::PathBuf::from(l["output"].as_str().unwrap());
    // Neutral name by default: input names often carry patient names.
    let name = output.file_name().unwrap().to_str().unwrap();
    assert!(
        name.starts_with("redacted-") && name.ends_with(".jpg") && !name.contains("astronaut"),
        "{name}"
    );
    assert_eq!(l["verification"]["problems"].as_array().unwrap().len(), 0);
    assert_eq!(sha256_file(&input), before, "input must never change");
    // The blurred face is no longer a face to the detector.
    let rescan = clearframe(&["scan", "--json", "--detect", "face", s(&output)]);
    let faces_after = json_lines(&rescan)[0]["findings"]
        .as_array()
        .unwrap()
        .clone();
    assert!(
        faces_after
            .iter()
            .all(|f| covered(rect(&f["box"]), face) < 0.3),
        "face still detected after blur: {faces_after:?}"
    );
    // Detail is gone: the face region differs strongly from the input.
    let (a, b) = (load_rgb(&input), load_rgb(&output));
    assert!(region_diff(&a, &b, face) > 15.0);
    // With --keep-names the input's name is kept, and a second export never overwrites the first.
    args.push("--keep-names");
    let first = json_lines(&clearframe(&args))[0]["output"]
        .as_str()
        .unwrap()
        .to_string();
    let second = json_lines(&clearframe(&args))[0]["output"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(first.ends_with("/astronaut.jpg"), "{first}");
    assert!(second.ends_with("/astronaut-2.jpg"), "{second}");
    assert_eq!(
        sha256_file(std::path::Path::new(&first)),
        sha256_file(std::path::Path::new(&second))
    );
}

/// A generated crowd: the astronaut's face pasted 8–13 px wide (11–18 px tall), in six jittered
/// rows on a patterned ground, as in the back of an event photo. The face detector alone misses
/// some; every one is covered by a face box or the crowd region, and the redacted copy (its
/// ledger row counting the crowd as its own kind) has every one of them blurred.
#[test]
fn a_generated_crowd_is_covered_whole() {
    let dir = tempfile::tempdir().unwrap();
    let a = load_rgb(&fixture("astronaut.jpg"));
    let face = image::imageops::crop_imm(&a, 172, 40, 108, 150).to_image();
    let (w, h) = (1200u32, 800u32);
    let mut canvas = RgbImage::from_fn(w, h, |x, y| {
        let v = ((x * 7 + y * 3) % 40) as u8;
        image::Rgb([90 + v, 110 + (y * 60 / h) as u8, 80 + (x * 50 / w) as u8])
    });
    let mut seed = 7u32;
    let mut jitter = |n: u32| {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        (seed >> 16) % n.max(1)
    };
    let mut truth: Vec<[u32; 4]> = Vec::new();
    for row in 0..6u32 {
        let side = 8 + row; // 8..13 px wide
        let tall = side * 150 / 108;
        let small =
            image::imageops::resize(&face, side, tall, image::imageops::FilterType::Triangle);
        let y0 = 200 + row * 26;
        let mut x = 60 + jitter(10);
        while x < w - 60 {
            let y = y0 + jitter(7) - 3;
            image::imageops::replace(&mut canvas, &small, i64::from(x), i64::from(y));
            truth.push([x, y, side, tall]);
            x += side * 22 / 10 + jitter(5);
        }
    }
    let input = dir.path().join("crowd.png");
    canvas.save(&input).unwrap();

    let line = &clearframe_json(&["scan", "--json", "--detect", "face", s(&input)])[0];
    let findings = line["findings"].as_array().unwrap();
    let boxes: Vec<[u32; 4]> = (findings.iter())
        .filter(|f| f["kind"] == "face")
        .map(|f| rect(&f["redact_box"]))
        .collect();
    let crowds: Vec<Vec<[f64; 2]>> = (findings.iter())
        .filter(|f| f["kind"] == "crowd")
        .map(|f| polygon(&f["polygon"]))
        .collect();
    assert!(!crowds.is_empty(), "no crowd region: {line}");
    // The share of a face's pixels (by centre) under a face box or a crowd polygon.
    let share = |t: [u32; 4], with_crowd: bool| {
        let mut inside = 0;
        for y in t[1]..t[1] + t[3] {
            for x in t[0]..t[0] + t[2] {
                let (cx, cy) = (f64::from(x) + 0.5, f64::from(y) + 0.5);
                let in_box = boxes.iter().any(|b| covered([x, y, 1, 1], *b) == 1.0);
                let in_crowd = with_crowd && crowds.iter().any(|p| in_polygon(p, cx, cy));
                inside += usize::from(in_box || in_crowd);
            }
        }
        inside as f64 / f64::from(t[2] * t[3])
    };
    let by_boxes = truth.iter().filter(|t| share(**t, false) >= 0.8).count();
    let by_both = truth.iter().filter(|t| share(**t, true) >= 0.8).count();
    assert!(
        by_boxes < truth.len(),
        "every face found alone: the crowd is not needed here"
    );
    assert_eq!(
        by_both,
        truth.len(),
        "{} of {} pasted faces covered ({by_boxes} by face boxes alone)",
        by_both,
        truth.len()
    );

    let out_dir = dir.path().join("out");
    let ledger = dir.path().join("ledger.sqlite3");
    let out = redact_json(&input, &out_dir, &ledger);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let written = &json_lines(&out)[0];
    let output = load_rgb(std::path::Path::new(written["output"].as_str().unwrap()));
    for t in &truth {
        assert!(
            region_diff(&canvas, &output, *t) > 8.0,
            "pasted face {t:?} left as it was"
        );
    }
    let rows = ledger_rows(&ledger);
    let counts = &rows[0]["entry"]["findings"]["crowd"];
    assert_eq!(counts["found"], counts["redacted"], "{counts}");
    assert!(counts["found"].as_u64().unwrap() >= 1, "{counts}");
}

/// A face on an ID badge is covered over its whole photo, not only the detector's box: the
/// generated badges (`scripts/make_idset.py`, a portrait on each, turned 0–40° and in
/// perspective) each have ≥ 95 % of the photo's area under a face region (a face box grown
/// by the margin covered 0.29–0.50 of it), and the region is not much larger than the photo.
#[test]
fn badge_photos_are_covered_whole() {
    let dir = tempfile::tempdir().unwrap();
    let truth = generate_with_truth("make_idset.py", dir.path(), &[], "truth.json");
    let badges: Vec<&serde_json::Value> = (truth["images"].as_array().unwrap().iter())
        .filter(|i| i["kind"] == "badge")
        .collect();
    assert_eq!(badges.len(), 12);
    let files: Vec<String> = (badges.iter())
        .map(|b| s(&dir.path().join(b["file"].as_str().unwrap())).to_string())
        .collect();
    let mut args = vec!["scan", "--json", "--detect", "face"];
    args.extend(files.iter().map(String::as_str));
    let lines = clearframe_json(&args);
    let mut failed = Vec::new();
    for (badge, line) in badges.iter().zip(&lines) {
        let photo = polygon_pixels(&badge["photo"]);
        let faces: Vec<&serde_json::Value> = (line["findings"].as_array().unwrap().iter())
            .filter(|f| f["kind"] == "face")
            .collect();
        let regions: Vec<Vec<[f64; 2]>> = (faces.iter())
            .map(|f| match f.get("polygon") {
                Some(p) => polygon(p),
                None => {
                    let [x, y, w, h] = rect(&f["redact_box"]).map(f64::from);
                    vec![[x, y], [x + w, y], [x + w, y + h], [x, y + h]]
                }
            })
            .collect();
        let inside = |x: f64, y: f64| regions.iter().any(|p| in_polygon(p, x, y));
        let covered = (photo.iter())
            .filter(|&&(x, y)| inside(f64::from(x) + 0.5, f64::from(y) + 0.5))
            .count() as f64
            / photo.len() as f64;
        let area: f64 = regions
            .iter()
            .map(|p| polygon_pixels(&serde_json::json!(p)).len() as f64)
            .sum();
        let file = badge["file"].as_str().unwrap();
        eprintln!(
            "{file:22} photo covered {covered:.3}, region {:.2}× the photo",
            area / photo.len() as f64
        );
        if covered < 0.95 || area > 1.5 * photo.len() as f64 {
            failed.push(format!(
                "{file}: {covered:.3} covered, {area} px: {faces:?}"
            ));
        }
    }
    assert!(failed.is_empty(), "{failed:#?}");
}
