#!/usr/bin/env python3
"""Make models/centerface-int8.onnx: CenterFace with 8-bit weights and activations.

    python3 scripts/quantize_centerface.py models/centerface.onnx OUT.onnx FOLDER...

Needs `pip install onnxruntime==1.32.0 onnx==1.23.2 numpy pillow` (the runtime ClearFrame ships,
so the quantized operators are the ones it runs). FOLDER... are calibration photos (searched
recursively for .jpg/.jpeg/.png); the shipped file was made from the shared corpus's face photos
outside the WIDER subset that `clearframe eval faces` scores:

    C=../shared/corpus/faces
    python3 scripts/quantize_centerface.py models/centerface.onnx models/centerface-int8.onnx \\
        $C/dlib_voc $C/dlib_other $C/face_recognition $C/insightface $C/libfacedetection \\
        $C/retinaface_serengil $C/ultralytics

Those photos are not redistributed: only the activation ranges measured on them are in the
file. The same inputs give the same file byte for byte (fixed crops, deterministic histograms).

How: the model (opset 9) is converted to opset 13, which per-channel DequantizeLinear needs;
onnxruntime's `quantize_static` then writes QDQ pairs with per-channel signed weights and
unsigned 8-bit activations (ONNX Runtime fuses them into integer convolutions at load).
- Weights use 7 bits (`reduce_range`). On x86 CPUs without VNNI (AVX2 only), ONNX Runtime
  multiplies u8 activations by s8 weights with VPMADDUBSW, whose pairwise sums saturate at
  16 bits: with full 8-bit weights, CenterFace lost 5 points of recall on the WIDER subset on
  such a machine (0.748 vs 0.801), and the results depended on the CPU. With 7-bit weights no
  sum can saturate, so every CPU computes the same integers.
- Activation ranges: symmetric, the 99.999th percentile of each tensor's absolute values (the
  histograms onnxruntime collects are of absolute values, so an asymmetric percentile range
  would clip every negative activation to about 0), over each photo at the coarse pass's size
  (long side brought into 1024..1920, sides multiples of 32, as `DetectorConfig::face_passes`)
  and three 512x512 crops of it at twice that scale (the finer pass's input).
- Histograms are collected one input at a time: all calibration inputs' intermediate outputs
  at once need more than 24 GiB.
Measured with `clearframe eval faces` on the WIDER subset: see models/MODELS.md.
"""

import glob
import os
import random
import sys
import tempfile

import numpy as np
import onnx
import onnx.version_converter
from onnxruntime.quantization import (
    CalibrationDataReader,
    CalibrationMethod,
    QuantFormat,
    QuantType,
    quantize_static,
)
import onnxruntime.quantization.calibrate as calibrate
from onnxruntime.quantization.shape_inference import quant_pre_process
from PIL import Image, ImageOps

PERCENTILE = 99.999
CROPS = 3
CROP = 512


def photos(folders):
    exts = (".jpg", ".jpeg", ".png")
    return sorted(
        f
        for d in folders
        for f in glob.glob(os.path.join(d, "**", "*"), recursive=True)
        if f.lower().endswith(exts)
    )


def tensor(img):
    """RGB 0-255, NCHW float32: CenterFace's input as the core builds it."""
    a = np.asarray(img, dtype=np.float32).transpose(2, 0, 1)[None]
    return np.ascontiguousarray(a)


def inputs(files):
    rnd = random.Random(1234)
    for f in files:
        img = ImageOps.exif_transpose(Image.open(f)).convert("RGB")
        w, h = img.size
        long = max(w, h)
        s = min(1920 / long, 1.0)
        if long * s < 1024:
            s = min(1024 / long, 2.0)
        cw, ch = max(32, round(w * s / 32) * 32), max(32, round(h * s / 32) * 32)
        yield tensor(img.resize((cw, ch), Image.BILINEAR))
        fine = img.resize((cw * 2, ch * 2), Image.BILINEAR)
        for _ in range(CROPS):
            tw, th = min(CROP, cw * 2), min(CROP, ch * 2)
            x = rnd.randrange(0, cw * 2 - tw + 1) // 32 * 32
            y = rnd.randrange(0, ch * 2 - th + 1) // 32 * 32
            yield tensor(fine.crop((x, y, x + tw, y + th)))


class Reader(CalibrationDataReader):
    """Hands the calibrator `items`, each as the model input `name`."""

    def __init__(self, items, name="input.1"):
        self.items = iter(items)
        self.name = name

    def get_next(self):
        a = next(self.items, None)
        return None if a is None else {self.name: a}


def collect_one_at_a_time(calibrater, name):
    """A calibrater keeps every input's intermediate outputs until the reader is done; its
    histograms or ranges merge across calls, so hand it one input (model input `name`) per
    call."""
    collect = calibrater.collect_data

    def one_by_one(self, reader):
        while (item := reader.get_next()) is not None:
            collect(self, Reader([item[name]], name))

    calibrater.collect_data = one_by_one


def quantize(src, dst, reader, **options):
    """opset 11 -> 13, onnxruntime's pre-processing, then `quantize_static` in QDQ form with
    per-channel signed 7-bit weights and unsigned 8-bit activations; `options` (calibration
    method, operators...) go to `quantize_static` as well."""
    with tempfile.TemporaryDirectory() as tmp:
        m13 = os.path.join(tmp, "opset13.onnx")
        pre = os.path.join(tmp, "pre.onnx")
        onnx.save(onnx.version_converter.convert_version(onnx.load(src), 13), m13)
        quant_pre_process(m13, pre, skip_symbolic_shape=True, skip_optimization=True)
        quantize_static(
            pre,
            dst,
            reader,
            quant_format=QuantFormat.QDQ,
            per_channel=True,
            reduce_range=True,
            activation_type=QuantType.QUInt8,
            weight_type=QuantType.QInt8,
            **options,
        )


def run(tool, inputs, calibrater, name, **options):
    """The command line both quantization scripts share: `MODEL OUT FOLDER...` quantizes MODEL
    into OUT, calibrated (by `calibrater`, one input at a time) on `inputs(files)` fed as model
    input `name`, where files are the pictures found in FOLDER...; `options` as for
    [`quantize`]."""
    if len(sys.argv) < 4:
        sys.exit(sys.modules["__main__"].__doc__)
    src, dst, folders = sys.argv[1], sys.argv[2], sys.argv[3:]
    files = photos(folders)
    if not files:
        sys.exit(f"{tool}: no calibration pictures")
    print(f"{tool}: {len(files)} calibration pictures", file=sys.stderr)
    collect_one_at_a_time(calibrater, name)
    quantize(src, dst, Reader(inputs(files), name), **options)
    print(f"{tool}: wrote {dst}", file=sys.stderr)


def main():
    run(
        "quantize_centerface",
        inputs,
        calibrate.HistogramCalibrater,
        "input.1",
        calibrate_method=CalibrationMethod.Percentile,
        extra_options={"CalibPercentile": PERCENTILE, "CalibTensorRangeSymmetric": True},
    )


if __name__ == "__main__":
    main()
