//! EXIF orientation: all eight give upright pixels, boxes and outputs.

use image::{DynamicImage, RgbImage};

use crate::util::*;

/// The stored pixels that a viewer shows as `upright` under EXIF orientation `o`.
fn stored_for(o: u16, up: &RgbImage) -> RgbImage {
    let inverse = match o {
        6 => 8,
        8 => 6,
        x => x,
    };
    let mut d = DynamicImage::ImageRgb8(up.clone());
    d.apply_orientation(image::metadata::Orientation::from_exif(inverse as u8).unwrap());
    d.into_rgb8()
}

#[test]
fn all_eight_orientations_give_upright_boxes_and_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let up = upright();
    for o in 1..=8u16 {
        let stored = stored_for(o, &up);
        let bytes = jpeg_with_segments(
            &jpeg_bytes(&stored, 95),
            &[exif_orientation_segment(o)],
            b"",
        );
        std::fs::write(dir.path().join(format!("o{o}.jpg")), bytes).unwrap();
        // The core applies the orientation to the pixels.
        let dec = clearframe_core::image_io::decode_file(
            &dir.path().join(format!("o{o}.jpg")),
            &Default::default(),
        )
        .unwrap();
        assert_eq!(dec.orientation, o);
        assert_eq!(dec.pixels.dimensions(), (512, 384), "orientation {o}");
        let diff = region_diff(&dec.pixels, &up, [0, 0, 512, 384]);
        assert!(
            diff < 4.0,
            "orientation {o}: decoded pixels differ from upright by {diff:.1}"
        );
    }
    let lines = clearframe_json(&["scan", "--json", "--detect", "face", s(dir.path())]);
    assert_eq!(lines.len(), 8);
    let reference = {
        let l = &lines[0];
        assert_eq!(l["findings"].as_array().unwrap().len(), 1, "{l}");
        rect(&l["findings"][0]["box"])
    };
    for l in &lines {
        assert_eq!(
            (l["width"].as_u64(), l["height"].as_u64()),
            (Some(512), Some(384)),
            "{l}"
        );
        let faces = l["findings"].as_array().unwrap();
        assert_eq!(faces.len(), 1, "{l}");
        let b = rect(&faces[0]["box"]);
        assert!(
            covered(b, reference) > 0.8 && covered(reference, b) > 0.8,
            "{}: {b:?} vs {reference:?}",
            l["path"]
        );
    }
    // Redacted outputs are upright too, carry no orientation, and the face is blurred in place.
    let out_dir = tempfile::tempdir().unwrap();
    let out = redact_folder_json(dir.path(), out_dir.path());
    for l in out {
        let path = std::path::PathBuf::from(l["output"].as_str().unwrap());
        let img = load_rgb(&path);
        assert_eq!(img.dimensions(), (512, 384));
        assert_eq!(
            clearframe_core::image_io::exif_orientation(&std::fs::read(&path).unwrap()),
            1
        );
        let face = rect(&l["findings"][0]["box"]);
        assert!(
            region_diff(&img, &up, face) > 10.0,
            "{}: face not redacted",
            path.display()
        );
        // Far from the face the picture is unchanged (JPEG tolerance).
        assert!(
            region_diff(&img, &up, [0, 300, 120, 80]) < 6.0,
            "{}: background changed",
            path.display()
        );
    }
}
