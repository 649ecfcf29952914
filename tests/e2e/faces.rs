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
