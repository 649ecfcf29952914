//! Detection quality on the corpus (WIDER FACE, ICDAR 2015) must not regress.

use crate::util::*;

/// Detection quality must not regress below what was measured when these floors were set
/// (faces: coverage by the face boxes 0.872, recall 0.801, precision 0.643, and with the
/// crowd regions coverage 0.990; text: coverage 0.952, recall 0.905, precision 0.704 with the
/// defaults). Raise the floors as detection improves.
#[test]
fn corpus_detection_quality_does_not_regress() {
    let Some(corpus) = corpus() else {
        eprintln!("skipped: ../shared/corpus not present");
        return;
    };
    let wider = corpus.join("faces/wider_face_val");
    // Floors (coverage by the face boxes alone, recall, precision) per face model, and of the
    // coverage with crowd regions. The quantized one (`--face-model int8`) scored 0.874 /
    // 0.790 / 0.630 and 0.975 with crowds when set (the crowd rule was tuned on the float
    // model's boxes: its parade is covered 0.912); the 8-bit-weight copy whose sums saturate
    // on AVX2 scored 0.841 / 0.748 / 0.617.
    for (model, floors, with_crowds) in [
        ("float", [0.86, 0.79, 0.61], 0.98),
        ("int8", [0.86, 0.78, 0.62], 0.97),
    ] {
        let faces = clearframe_json(&[
            "eval",
            "faces",
            s(&wider.join("label_subset.txt")),
            s(&wider.join("images")),
            "--face-model",
            model,
            "--by-folder",
            "--json",
        ]);
        let v = &faces[0];
        let coverage = v["coverage"].as_f64().unwrap();
        assert!(coverage >= with_crowds, "{model} coverage: {v}");
        for (metric, floor) in ["box_coverage", "recall", "precision"]
            .into_iter()
            .zip(floors)
        {
            assert!(
                v[metric].as_f64().unwrap() >= floor,
                "{model} {metric}: {v}"
            );
        }
        // Per WIDER event: the folders add up to the whole, and outside the two crowd
        // folders (a parade and demonstrations, 526 of the 767 faces, most of them 10-24 px)
        // the float model's boxes covered 237 of 241 faces and matched 233 when set; every
        // masked surgeon is covered. With the crowd regions the float model covers the parade
        // 0.973 and the demonstrations 0.995 (issue 23: ≥ 0.97 each).
        let folders = v["folders"].as_object().unwrap();
        let count = |f: &serde_json::Value, k: &str| f["counts"][k].as_u64().unwrap();
        let share = |f: &serde_json::Value, k: &str| f[k].as_f64().unwrap();
        if model == "float" {
            for crowd in ["0--Parade", "2--Demonstration"] {
                assert!(share(&folders[crowd], "coverage") >= 0.97, "{crowd}: {v}");
            }
        }
        let (mut gt, mut covered, mut matched) = (0, 0, 0);
        let (mut rest_gt, mut rest_covered, mut rest_matched) = (0, 0, 0);
        for (name, f) in folders {
            gt += count(f, "gt");
            covered += count(f, "covered");
            matched += count(f, "matched");
            if name != "0--Parade" && name != "2--Demonstration" {
                rest_gt += count(f, "gt");
                rest_covered += count(f, "covered_by_boxes");
                rest_matched += count(f, "matched");
            }
        }
        assert_eq!(folders.len(), 16, "{v}");
        assert_eq!(
            (gt, covered, matched),
            (count(v, "gt"), count(v, "covered"), count(v, "matched"))
        );
        assert_eq!(rest_gt, 241, "{v}");
        assert_eq!(
            count(&folders["30--Surgeons"], "covered"),
            7,
            "{model}: {v}"
        );
        if model == "float" {
            assert!(rest_covered >= 234 && rest_matched >= 228, "{v}");
        }
        // What redaction costs (issue 23's ceiling is 20 % of each photo on average): 13.8 %
        // of each image's area and 9.2 % of the pixels outside the labelled faces with the
        // crowd regions when set (8.4 % and 4.6 % without).
        let area = v["redacted_share"].as_f64().unwrap();
        let background = v["background_redacted_share"].as_f64().unwrap();
        assert!(area > 0.0 && area <= 0.20, "{model}: {v}");
        assert!(background < area, "{model}: {v}");
    }
    let icdar = corpus.join("text/icdar2015_mmocr");
    let text = clearframe_json(&[
        "eval",
        "text",
        s(&icdar.join("textdet_test.json")),
        s(&icdar),
        "--json",
    ]);
    let v = &text[0];
    // The finer pass over faint small text found 3 more words (0.810 / 0.762 before it).
    assert!(v["coverage"].as_f64().unwrap() >= 0.9, "{v}");
    // Lines that were read count as their words (the labels are words): 0.905 when set.
    assert!(v["recall"].as_f64().unwrap() >= 0.85, "{v}");
    assert!(v["precision"].as_f64().unwrap() >= 0.65, "{v}");
}
