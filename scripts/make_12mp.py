#!/usr/bin/env python3
"""Make a folder of 12 MP photos for the speed benchmarks: the first N photos (default 100) of
the shared corpus's faces/ and text/ folders, in path order, scaled to 4032x3024 (3024x4032 when
upright; Pillow, Lanczos) and saved as JPEG quality 92, named 000.jpg, 001.jpg, ...

    /usr/bin/python3 scripts/make_12mp.py OUT [N] [CORPUS]

CORPUS defaults to ../shared/corpus beside the repository. The photos are not redistributed:
the folder is made where the benchmark runs, then timed with
`clearframe scan OUT` / `clearframe redact OUT ...` (README, "Speed").
"""
import glob
import os
import sys

from PIL import Image


def main():
    out = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    corpus = sys.argv[3] if len(sys.argv) > 3 else os.path.join(repo, "..", "shared", "corpus")
    files = sorted(
        f
        for d in ("faces", "text")
        for f in glob.glob(os.path.join(corpus, d, "**", "*"), recursive=True)
        if f.lower().endswith((".jpg", ".jpeg", ".png"))
    )
    os.makedirs(out, exist_ok=True)
    made = 0
    for f in files:
        if made == n:
            break
        try:
            im = Image.open(f).convert("RGB")
        except OSError:
            continue
        size = (4032, 3024) if im.width >= im.height else (3024, 4032)
        im.resize(size, Image.LANCZOS).save(os.path.join(out, f"{made:03d}.jpg"), quality=92)
        made += 1
    print(f"make_12mp: {made} photos in {out}")


if __name__ == "__main__":
    main()
