#!/usr/bin/env python3
"""An experiment, not shipped: the DB text detector with integer convolutions.

    python3 scripts/quantize_db.py models/PP-OCRv6_det_small.onnx OUT.onnx FOLDER...

Needs `pip install onnxruntime==1.32.0 onnx==1.23.2 numpy pillow` (the runtime ClearFrame ships,
so the quantized operators are the ones it would run). FOLDER... are calibration pictures
(searched recursively for .jpg/.jpeg/.png). The copy measured in the README ("Speed") was made
from generated wristbands and badges drawn with another seed than the set the tests check, and
the shared corpus's photos with text outside ICDAR 2015 (which `clearframe eval text` scores);
two runs gave the same file byte for byte (sha256 3794ef11...):

    python3 scripts/make_idset.py /tmp/cal_idset --seed 7
    C=../shared/corpus
    python3 scripts/quantize_db.py models/PP-OCRv6_det_small.onnx \\
        /tmp/det-int8.onnx /tmp/cal_idset $C/text/mmocr_demo \\
        $C/text/documents $C/text/wildreceipt_mmocr $C/metadata/exif_camera \\
        $C/metadata/exif_org $C/faces/dlib_other $C/faces/face_recognition

It is not shipped because it misses text the float model covers (README, "Speed"); the script
stays so that the measurement can be repeated, and for the next attempt. To compare two copies
on pictures neither was calibrated on, scan them with each copy (for the other one: a build
whose `models/PP-OCRv6_det_small.onnx` is OUT.onnx and whose `models/MODELS.md` row pins its
sha256, as models are checked against it) and count the text regions one covers and the other
does not:

    python3 scripts/quantize_db.py --compare FLOAT_SCAN.jsonl OTHER_SCAN.jsonl

How (as `quantize_centerface.py`, whose helpers this reuses): opset 11 -> 13, then
onnxruntime's `quantize_static` in QDQ form, per-channel signed 7-bit weights (`reduce_range`:
no 16-bit saturation on AVX2 without VNNI) and unsigned 8-bit activations. Unlike CenterFace:
- Only convolutions are quantized (`op_types_to_quantize`); the additions, multiplications,
  resizes, layer normalisations and GELUs between them stay float. Quantizing every operator
  ran 1.9x faster but lost small text: on the 12 MP wristband/badge canvases
  (`scripts/idset_12mp.py`) 187 of 216 identifiers covered, against 196 for the float model.
- Activation ranges: symmetric min/max. Percentile ranges (99.99 / 99.999 / 99.9999 %) covered
  210 / 187 / 101 of those identifiers and found 16 / 18 / 16 of ICDAR 2015's 21 words
  (float: 19); asymmetric min/max 192 and 15.
Each input is the picture at the first pass's size (short side at least 736, long side at most
1920, sides multiples of 32) and, where the finer pass would run, two 640x640 crops at its scale.
The results (`clearframe eval text`, `idset_12mp.py --check`, held-out agreement): see the README.
"""

import random
import sys

import numpy as np
import onnxruntime.quantization.calibrate as calibrate
from onnxruntime.quantization import CalibrationMethod
from PIL import Image, ImageOps

from quantize_centerface import run

INPUT = "x"
CROPS = 2
CROP = 640


def tensor(img):
    """BGR, (x/255 - 0.5) / 0.5, NCHW float32: the DB model's input as the core builds it."""
    a = np.asarray(img, dtype=np.float32)[:, :, ::-1] / 127.5 - 1.0
    return np.ascontiguousarray(a.transpose(2, 0, 1)[None])


def first_pass(w, h):
    """The first pass's input size and scale (`text.rs`, `input_size`)."""
    r = 736 / min(w, h) if min(w, h) < 736 else 1.0
    if max(w, h) * r > 1920:
        r = 1920 / max(w, h)
    return max(32, round(w * r / 32) * 32), max(32, round(h * r / 32) * 32), r


def inputs(files):
    rnd = random.Random(1234)
    for f in files:
        img = ImageOps.exif_transpose(Image.open(f)).convert("RGB")
        w, h = img.size
        cw, ch, r = first_pass(w, h)
        yield tensor(img.resize((cw, ch), Image.BILINEAR))
        # The finer pass: up to twice the scale, at most the picture's own pixels (a small
        # picture: a long side of 1920), only when that gains 1.3x (`text.rs`, `fine_size`).
        r2 = min(2 * r, max(1920 / max(w, h), 1.0))
        if r2 < 1.3 * r:
            continue
        fw, fh = round(w * r2 / 32) * 32, round(h * r2 / 32) * 32
        fine = img.resize((fw, fh), Image.BILINEAR)
        for _ in range(CROPS):
            tw, th = min(CROP, fw), min(CROP, fh)
            x = rnd.randrange(0, fw - tw + 1) // 32 * 32
            y = rnd.randrange(0, fh - th + 1) // 32 * 32
            yield tensor(fine.crop((x, y, x + tw, y + th)))


def compare(first, second):
    """Text regions of one `clearframe scan --json` file not >= 80 % covered by the other's."""
    import json

    import numpy as np

    def load(path):
        scans = {}
        for line in open(path):
            r = json.loads(line)
            boxes = [f["redact_box"] for f in r["findings"] if f["kind"] == "text"]
            scans[r["path"]] = (r["width"], r["height"], boxes)
        return scans

    def uncovered(boxes, others, w, h):
        mask = np.zeros((h, w), bool)
        for x, y, bw, bh in others:
            mask[y : y + bh, x : x + bw] = True
        return sum(1 for x, y, bw, bh in boxes if bw * bh and mask[y : y + bh, x : x + bw].mean() < 0.8)

    a, b = load(first), load(second)
    n_a = sum(len(v[2]) for v in a.values())
    n_b = sum(len(b[p][2]) for p in a)
    lost = sum(uncovered(boxes, b[p][2], w, h) for p, (w, h, boxes) in a.items())
    added = sum(uncovered(b[p][2], boxes, w, h) for p, (w, h, boxes) in a.items())
    print(f"{len(a)} pictures: {n_a} text regions in the first scan, {n_b} in the second; "
          f"{lost} of the first's not >= 80 % covered by the second, {added} the other way")


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--compare":
        return compare(sys.argv[2], sys.argv[3])
    run(
        "quantize_db",
        inputs,
        calibrate.MinMaxCalibrater,
        INPUT,
        op_types_to_quantize=["Conv", "ConvTranspose"],
        calibrate_method=CalibrationMethod.MinMax,
        extra_options={"CalibTensorRangeSymmetric": True},
    )


if __name__ == "__main__":
    main()
