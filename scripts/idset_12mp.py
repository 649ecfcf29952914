#!/usr/bin/env python3
"""12 MP pictures of many small wristbands and badges, with ground truth, to measure how
much small identifier text a full-size phone photo loses.

    scripts/idset_12mp.py OUT_DIR                       # draws the set (make_idset.py), then the grids
    clearframe scan --detect text,barcode --json OUT_DIR/*.jpg > scan.jsonl
    scripts/idset_12mp.py OUT_DIR --check scan.jsonl     # identifiers >= 95 % inside a redact_box

The 24 pictures of `make_idset.py` (1280x960 each, names and numbers 20-28 px tall) are laid
out, without overlap, on 4032x3024 canvases at 1x (3x3 a canvas), 0.75x (4x4) and 0.5x (6x6),
so the text is as small in the photo as it would be in a 12 MP shot of a band or badge from
about one to two metres. `OUT_DIR/grid_truth.json` lists each text identifier's ink polygon
in the canvas's pixels. Needs Pillow (and numpy for --check).
"""
import argparse
import json
import os
import subprocess
import sys

from PIL import Image, ImageDraw

W, H = 4032, 3024
LAYOUTS = [(1.0, 3), (0.75, 4), (0.5, 6)]  # (scale, columns)


def make(out, only_scale=None):
    src = os.path.join(out, "src")
    subprocess.run(
        [sys.executable, os.path.join(os.path.dirname(__file__), "make_idset.py"), src],
        check=True,
    )
    truth = json.load(open(os.path.join(src, "truth.json")))["images"]
    grids = []
    for scale, cols in LAYOUTS:
        if only_scale is not None and scale != only_scale:
            continue
        w, h = int(1280 * scale), int(960 * scale)
        per = cols * (H // h)
        for k in range(0, len(truth), per):
            canvas = Image.new("RGB", (W, H), (200, 200, 190))
            ids = []
            for j, e in enumerate(truth[k : k + per]):
                ox, oy = (j % cols) * w + (W - cols * w) // 2, (j // cols) * h
                pic = Image.open(os.path.join(src, e["file"])).convert("RGB")
                canvas.paste(pic.resize((w, h), Image.LANCZOS), (ox, oy))
                for i in e["identifiers"]:
                    if i["kind"] == "text":
                        poly = [[x * scale + ox, y * scale + oy] for x, y in i["polygon"]]
                        ids.append({"text": i["text"], "polygon": poly})
            name = f"grid_{scale}x_{k}.jpg"
            canvas.save(os.path.join(out, name), quality=92)
            grids.append({"file": name, "scale": scale, "identifiers": ids})
    json.dump({"grids": grids}, open(os.path.join(out, "grid_truth.json"), "w"), indent=1)
    print(f"{len(grids)} canvases in {out}")


def check(out, scan):
    import numpy as np

    truth = json.load(open(os.path.join(out, "grid_truth.json")))["grids"]
    found = {}
    for line in open(scan):
        o = json.loads(line)
        found[os.path.basename(o["path"])] = o.get("findings") or []
    by_scale = {}
    for g in truth:
        mask = Image.new("1", (W, H), 0)
        draw = ImageDraw.Draw(mask)
        for f in found.get(g["file"], []):
            if f["kind"] in ("text", "barcode"):
                x, y, w, h = f.get("redact_box") or f["box"]
                draw.rectangle([x, y, x + w - 1, y + h - 1], fill=1)
        m = np.array(mask)
        for i in g["identifiers"]:
            ink = Image.new("1", (W, H), 0)
            ImageDraw.Draw(ink).polygon([tuple(p) for p in i["polygon"]], fill=1)
            ink = np.array(ink)
            covered = (m & ink).sum() / max(1, ink.sum()) >= 0.95
            n = by_scale.setdefault(g["scale"], [0, 0])
            n[0] += 1
            n[1] += int(covered)
    total = [sum(v[0] for v in by_scale.values()), sum(v[1] for v in by_scale.values())]
    for s, (n, ok) in sorted(by_scale.items(), reverse=True):
        print(f"{s}x: {ok}/{n} text identifiers >= 95 % covered")
    print(f"all: {total[1]}/{total[0]}")


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out")
    ap.add_argument("--check", metavar="SCAN_JSONL")
    ap.add_argument("--only-scale", type=float, help="draw only the canvases at this scale")
    a = ap.parse_args()
    check(a.out, a.check) if a.check else make(a.out, a.only_scale)
