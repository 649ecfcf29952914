#!/usr/bin/env python3
"""Helper for scripts/bench-deface.sh (not part of the test suite; needs deface's throw-away venv).

  score    Score a JSON-lines file (from `deface_detect.py --out-jsonl` or from
           `clearframe scan --json`) against WIDER labels with exactly the metric of
           crates/core/src/eval/mod.rs (parse_wider, score_image, covered_fraction): faces
           whose longer side is < --min-face px are don't-care; greedy one-to-one matching at
           IoU >= 0.5 (f32), best pairs first; unmatched detections mostly (>= 50 % of their
           area) on a don't-care face are not false positives; coverage = >= 80 % of a counted
           face's area inside the union of redact boxes (--ellipse: of the ellipses inscribed
           in them, what deface blurs by default).

Also the helpers scripts/deface_detect.py (deface's boxes) shares: `covering` (ClearFrame's
Rect::covering) and `list_images`.
"""
import argparse
import json
import math
import os
import sys

import numpy as np

IMAGE_EXTS = {".jpg", ".jpeg", ".png", ".bmp", ".tif", ".tiff", ".webp"}


# ---------------------------------------------------------------- Rect, as in detect/mod.rs
def covering(x0, y0, x1, y1, width, height):
    """Rect::covering in f32: smallest whole-pixel rect covering [x0,x1)x[y0,y1), clipped."""
    f = np.float32
    cx0 = int(min(max(math.floor(f(x0)), 0.0), width))
    cy0 = int(min(max(math.floor(f(y0)), 0.0), height))
    cx1 = int(min(max(math.ceil(f(x1)), 0.0), width))
    cy1 = int(min(max(math.ceil(f(y1)), 0.0), height))
    return (cx0, cy0, max(cx1 - cx0, 0), max(cy1 - cy0, 0))


def inter_area(a, b):
    w = max(min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0]), 0)
    h = max(min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1]), 0)
    return w * h


def iou32(a, b):
    i = float(inter_area(a, b))
    u = float(a[2] * a[3]) + float(b[2] * b[3]) - i
    return np.float32(0.0) if u <= 0.0 else np.float32(i / u)


# ---------------------------------------------------------------- eval/mod.rs
def parse_wider(path, min_side):
    out = []  # [(image, [(rect, care)])]
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            line = line.strip()
            if not line:
                continue
            if line.startswith("#"):
                out.append((line[1:].strip(), []))
                continue
            v = [np.float32(t) for t in line.split()[:4]]
            if len(v) != 4 or not out:
                raise SystemExit(f"{path}: line {n}: expected `# path` before `x y w h`")
            # Rust `f32.max(0.0) as u32`: truncation toward zero, saturating.
            r = tuple(int(max(float(t), 0.0)) if math.isfinite(t) else 0 for t in v)
            if r[2] > 0 and r[3] > 0:
                out[-1][1].append((r, max(r[2], r[3]) >= min_side))
    return out


def score_image(gt, dets, mask, origin=(0, 0)):
    """score_image() of eval/mod.rs; `mask` is the boolean redacted-pixel mask (the union of
    the redaction regions, or deface's ellipses), indexed [y - origin[1], x - origin[0]]."""
    c = dict(images=1, gt=sum(1 for _, care in gt if care), matched=0, covered=0,
             detections=0, true_positives=0)
    pairs = []
    for i, (g, _) in enumerate(gt):
        for j, d in enumerate(dets):
            v = iou32(g, d)
            if v >= np.float32(0.5):
                pairs.append((v, i, j))
    pairs.sort(key=lambda p: -p[0])  # stable, like Rust's sort_by (descending)
    gt_used = [False] * len(gt)
    det_used = [None] * len(dets)
    for _, i, j in pairs:
        if gt_used[i] or det_used[j] is not None:
            continue
        gt_used[i] = True
        det_used[j] = gt[i][1]
        if gt[i][1]:
            c["matched"] += 1
    for j, d in enumerate(dets):
        if det_used[j] is True:
            c["detections"] += 1
            c["true_positives"] += 1
        elif det_used[j] is None:
            on_dont_care = any(not care and inter_area(g, d) * 2 >= d[2] * d[3] for g, care in gt)
            if not on_dont_care:
                c["detections"] += 1
    for g, care in gt:
        if care and covered_fraction(g, mask, origin) >= 0.8:
            c["covered"] += 1
    return c


def covered_fraction(g, mask, origin):
    x, y, w, h = g
    if w == 0 or h == 0:
        return 1.0
    ox, oy = origin
    sub = mask[max(y - oy, 0):max(y + h - oy, 0), max(x - ox, 0):max(x + w - ox, 0)]
    return float(sub.sum()) / float(w * h)


def rect_mask(regions, width, height, gt):
    """Boolean mask of the union of `regions`, big enough for every GT box (labels may reach
    past the image; those pixels are never covered, as in covered_fraction)."""
    W = max([width] + [g[0] + g[2] for g, _ in gt])
    H = max([height] + [g[1] + g[3] for g, _ in gt])
    m = np.zeros((H, W), dtype=bool)
    for (x, y, w, h) in regions:
        m[y:y + h, x:x + w] = True
    return m


def ellipse_mask(regions, width, height, gt):
    """deface's default mask: the ellipse skimage.draw.ellipse inscribes in each box."""
    import skimage.draw
    m = rect_mask([], width, height, gt)
    for (x, y, w, h) in regions:
        if w <= 0 or h <= 0:
            continue
        ey, ex = skimage.draw.ellipse(h // 2, w // 2, h // 2, w // 2, shape=(h, w))
        m[ey + y, ex + x] = True
    return m


def cmd_score(a):
    truth = parse_wider(a.labels, a.min_face)
    root = os.path.realpath(a.images)
    by_rel = {}
    with open(a.jsonl, encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if not line:
                continue
            v = json.loads(line)
            rel = os.path.relpath(os.path.realpath(v["path"]), root)
            by_rel[rel] = v
    total = dict(images=0, gt=0, matched=0, covered=0, detections=0, true_positives=0)
    missing = 0
    for image, gt in truth:
        v = by_rel.get(os.path.normpath(image))
        if v is None or v.get("error"):
            missing += 1
            dets, regions, wh = [], [], (0, 0)
        else:
            faces = [f for f in v["findings"] if f["kind"] == "face"]
            dets = [tuple(f["box"]) for f in faces]
            regions = [tuple(f["redact_box"]) for f in faces]
            wh = (v["width"], v["height"])
        make = ellipse_mask if a.ellipse else rect_mask
        c = score_image(gt, dets, make(regions, wh[0], wh[1], gt))
        for k in total:
            total[k] += c[k]
    ratio = lambda x, y: 1.0 if y == 0 else x / y
    res = dict(counts=total, recall=ratio(total["matched"], total["gt"]),
               coverage=ratio(total["covered"], total["gt"]),
               precision=ratio(total["true_positives"], total["detections"]),
               missing_images=missing, mask="ellipse" if a.ellipse else "rect")
    print(json.dumps(res))
    if missing:
        print(f"warning: {missing} labelled images had no result in {a.jsonl}", file=sys.stderr)


# ---------------------------------------------------------------- inputs (deface_detect.py)
def list_images(paths):
    out = []
    for p in paths:
        if os.path.isdir(p):
            for d, dirs, files in os.walk(p):
                dirs.sort()
                out += [os.path.join(d, f) for f in sorted(files)
                        if os.path.splitext(f)[1].lower() in IMAGE_EXTS]
        else:
            out.append(p)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("score", help="score a scan-style JSONL against WIDER labels")
    s.add_argument("jsonl")
    s.add_argument("labels")
    s.add_argument("images", help="folder the label paths are relative to")
    s.add_argument("--min-face", type=int, default=10)
    s.add_argument("--ellipse", action="store_true",
                   help="coverage by the ellipse inscribed in each redact_box (deface's default)")
    a = ap.parse_args()
    cmd_score(a)


if __name__ == "__main__":
    main()
