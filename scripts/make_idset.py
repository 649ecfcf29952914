#!/usr/bin/env python3
"""Generate a deterministic set of synthetic patient wristbands and staff ID badges, photographed
at an angle, with ground truth for every identifier on them.

    python3 scripts/make_idset.py OUT_DIR [--seed N]

Writes OUT_DIR/<kind>_<angle>[_skew].png and OUT_DIR/truth.json. Needs Pillow and the DejaVu
fonts (Debian: python3-pil, fonts-dejavu-core). Nothing is downloaded; the same seed gives the
same pixels and the same truth.

Each picture holds one card, drawn flat, then rotated by its angle (0, ±10, ±20, ±30, ±40
degrees; positive is counter-clockwise on screen) and, for the `_skew` pictures, also seen in
perspective (one short side foreshortened), composited onto a larger photo-like canvas
(a skin-toned arm on a clinical sheet for wristbands, scrubs fabric for badges):

- wristband: patient name ("DOE, JANE" style), "MRN 00912244", "DOB 07/02/1988" and a
  Code 128 barcode of the MRN digits (drawn here from the Code 128 tables, code set C);
- badge: institution header, a portrait photo (the head and shoulders of
  `tests/fixtures/astronaut.jpg`, a public-domain NASA portrait, cropped a little differently
  on each badge; a drawn placeholder with `--no-face`), the person's name, role, an employee
  "ID 4821-7730" and a Code 128 barcode of the ID digits.

truth.json: {"seed", "images": [{"file", "kind", "angle", "skew", "width", "height",
"identifiers": [{"kind": "text" | "barcode", "text", "category", "polygon"}]}]}. `polygon` is the
identifier's ink (for text: the rendered string's bounding box; for a barcode: first bar to last
bar, full bar height) mapped through the same rotation/perspective as the pixels: four corners,
clockwise on the card from its top-left, in final-image pixels. `category` is what ClearFrame
should call it (`name`, `id_number`, `date`; barcodes: `id_number`); non-identifying text (the
institution, the role) is drawn but not listed. A badge also has `"photo"`: the polygon of its
portrait photo (the whole photo area, which must be covered, not only the face in it).
"""
import argparse
import json
import math
import os
import random

from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONTS = "/usr/share/fonts/truetype/dejavu/"
BOLD = FONTS + "DejaVuSans-Bold.ttf"
REGULAR = FONTS + "DejaVuSans.ttf"
CONDENSED = FONTS + "DejaVuSansCondensed-Bold.ttf"

ANGLES = [0, 10, -10, 20, -20, 30, -30, 40, -40]
SKEWED_ANGLES = [15, -25, 35]
CANVAS = (1280, 960)

FIRST = ["JANE", "JOHN", "MARIA", "AHMED", "LI", "OLGA", "SAMUEL", "PRIYA", "KWAME", "ELENA"]
LAST = ["DOE", "SMITH", "GARCIA", "NGUYEN", "OKAFOR", "MULLER", "HASSAN", "KOWALSKI", "TANAKA",
        "FERREIRA"]
ROLES = ["REGISTERED NURSE", "PHYSICIAN", "RADIOLOGY", "PHARMACY", "VOLUNTEER"]
HOSPITALS = ["GENERAL HOSPITAL", "ST. MARY MEDICAL", "CITY CHILDREN'S", "VALLEY HEALTH"]

# Code 128 symbol widths (bar, space, bar, ...), values 0..106 (106 = stop), as in ZXing.
CODE128 = (
    "212222 222122 222221 121223 121322 131222 122213 122312 132212 221213 221312 231212 112232 "
    "122132 122231 113222 123122 123221 223211 221132 221231 213212 223112 312131 311222 321122 "
    "321221 312212 322112 322211 212123 212321 232121 111323 131123 131321 112313 132113 132311 "
    "211313 231113 231311 112133 112331 132131 113123 113321 133121 313121 211331 231131 213113 "
    "213311 213131 311123 311321 331121 312113 312311 332111 314111 221411 431111 111224 111422 "
    "121124 121421 141122 141221 112214 112412 122114 122411 142112 142211 241211 221114 413111 "
    "241112 134111 111242 121142 121241 114212 124112 124211 411212 421112 421211 212141 214121 "
    "412121 111143 111341 131141 114113 114311 411113 411311 113141 114131 311141 411131 211412 "
    "211214 211232 2331112"
).split()


def code128_modules(text):
    """The modules (True = bar) of `text` as Code 128: code set C for an even number of digits
    (two digits a symbol, what label printers use for numbers), else code set B; start,
    symbols, checksum and stop."""
    if text.isdigit() and len(text) % 2 == 0:
        values = [105] + [int(text[i:i + 2]) for i in range(0, len(text), 2)]
    else:
        values = [104] + [ord(c) - 32 for c in text]
        assert all(0 <= v < 95 for v in values[1:]), text
    check = (values[0] + sum(i * v for i, v in enumerate(values) if i)) % 103
    modules = []
    for v in values + [check, 106]:
        for i, w in enumerate(CODE128[v]):
            modules += [i % 2 == 0] * int(w)
    return modules


def draw_code128(d, text, x, y, module, height):
    """Draw a Code 128 at (x, y); returns its bars' box [x0, y0, x1, y1]."""
    mods = code128_modules(text)
    for i, bar in enumerate(mods):
        if bar:
            d.rectangle([x + i * module, y, x + (i + 1) * module - 1, y + height - 1], fill=(15, 15, 15))
    return [x, y, x + len(mods) * module, y + height]


def text_at(d, xy, s, font, fill=(12, 12, 12)):
    """Draw `s` with its top-left at `xy`; returns the ink box [x0, y0, x1, y1]."""
    d.text(xy, s, font=font, fill=fill)
    return list(d.textbbox(xy, s, font=font))


def wristband(rng):
    """A white patient band, flat: (RGBA card, identifiers in card pixels)."""
    w, h = 940, 150
    card = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    d = ImageDraw.Draw(card)
    d.rounded_rectangle([0, 0, w - 1, h - 1], radius=28, fill=(248, 248, 246, 255))
    d.rectangle([0, 0, 36, h - 1], fill=(120, 170, 220, 255))  # the clasp end
    size = rng.randint(27, 31)
    bold, reg = ImageFont.truetype(BOLD, size), ImageFont.truetype(REGULAR, size - 3)
    name = f"{rng.choice(LAST)}, {rng.choice(FIRST)}"
    mrn = f"{rng.randint(0, 99999999):08d}"
    dob = f"{rng.randint(1, 12):02d}/{rng.randint(1, 28):02d}/{rng.randint(1930, 2022)}"
    ids = []
    x = 60
    ids.append(("text", name, "name", text_at(d, (x, 16), name, bold)))
    ids.append(("text", f"MRN {mrn}", "id_number", text_at(d, (x, 62), f"MRN {mrn}", reg)))
    mrn_box = ids[-1][3]
    ids.append(("text", f"DOB {dob}", "date",
                text_at(d, (mrn_box[2] + 30, 62), f"DOB {dob}", reg)))
    text_at(d, (x, 104), rng.choice(["F", "M"]) + "   ALLERGIES: NKDA", reg, fill=(150, 20, 20))
    bars = draw_code128(d, mrn, 630, 22, 3, 100)
    ids.append(("barcode", mrn, "id_number", bars))
    return card, ids, None


FACE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures",
                    "astronaut.jpg")


def portrait(rng, size):
    """The head and shoulders of the fixture portrait, cropped with some jitter, at `size`."""
    src = Image.open(FACE).convert("RGB")
    # Her face is at about (175..275, 54..180) of the 512 px picture.
    w = rng.uniform(190, 230)
    h = w * size[1] / size[0]
    cx, top = 225 + rng.uniform(-12, 12), rng.uniform(0, 25)
    box = (cx - w / 2, top, cx + w / 2, top + h)
    return src.resize(size, Image.Resampling.LANCZOS, box=box).convert("RGBA")


def badge(rng, face=True):
    """A portrait staff ID badge, flat: (RGBA card, identifiers in card pixels, the photo's
    box)."""
    w, h = 420, 620
    card = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    d = ImageDraw.Draw(card)
    d.rounded_rectangle([0, 0, w - 1, h - 1], radius=22, fill=(240, 243, 247, 255))
    d.rounded_rectangle([0, 0, w - 1, 90], radius=22, fill=(25, 75, 145, 255))
    d.rectangle([0, 60, w - 1, 90], fill=(25, 75, 145, 255))
    d.ellipse([w / 2 - 15, 18, w / 2 + 15, 30], fill=(255, 255, 255, 255))  # slot
    head = ImageFont.truetype(BOLD, 26)
    hosp = rng.choice(HOSPITALS)
    tw = d.textlength(hosp, font=head)
    d.text(((w - tw) / 2, 44), hosp, font=head, fill=(255, 255, 255))
    photo = [130, 110, 290, 300]
    if face:
        card.paste(portrait(rng, (photo[2] - photo[0], photo[3] - photo[1])), tuple(photo[:2]))
    else:  # A face-like placeholder.
        d.rectangle([130, 110, 290, 300], fill=(170, 185, 200, 255))
        d.ellipse([168, 140, 252, 250], fill=(222, 184, 150, 255))
        d.pieslice([140, 240, 280, 360], 180, 360, fill=(60, 90, 130, 255))
        d.rectangle([130, 300, 290, 310], fill=(240, 243, 247, 255))
    size = rng.randint(34, 38)
    bold = ImageFont.truetype(CONDENSED, size)
    first, last = rng.choice(FIRST), rng.choice(LAST)
    ids = []
    for i, part in enumerate([first, last]):
        tw = d.textlength(part, font=bold)
        ids.append(("text", part, "name", text_at(d, ((w - tw) / 2, 322 + i * (size + 8)), part, bold)))
    role = ImageFont.truetype(REGULAR, 22)
    r = rng.choice(ROLES)
    tw = d.textlength(r, font=role)
    d.text(((w - tw) / 2, 420), r, font=role, fill=(25, 75, 145))
    num = f"{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}"
    idf = ImageFont.truetype(BOLD, 28)
    s = f"ID {num}"
    tw = d.textlength(s, font=idf)
    ids.append(("text", s, "id_number", text_at(d, ((w - tw) / 2, 462), s, idf)))
    digits = num.replace("-", "")
    mods = len(code128_modules(digits))
    ids.append(("barcode", digits, "id_number",
                draw_code128(d, digits, (w - mods * 3) // 2, 516, 3, 70)))
    return card, ids, photo


def solve(a, b):
    """Solve the linear system a x = b (Gaussian elimination with partial pivoting)."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        for r in range(n):
            if r != c:
                f = m[r][c] / m[c][c]
                m[r] = [x - f * y for x, y in zip(m[r], m[c])]
    return [m[i][n] / m[i][i] for i in range(n)]


def homography(src, dst):
    """The 8 coefficients of the projective map taking the 4 points `src` to `dst`."""
    a, b = [], []
    for (x, y), (u, v) in zip(src, dst):
        a.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        b.append(u)
        a.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        b.append(v)
    return solve(a, b)


def apply_h(hm, p):
    x, y = p
    den = hm[6] * x + hm[7] * y + 1.0
    return [(hm[0] * x + hm[1] * y + hm[2]) / den, (hm[3] * x + hm[4] * y + hm[5]) / den]


def noise_layer(rng, size, amplitude):
    """Smooth blotches plus fine grain, deterministic (no PIL random effects)."""
    w, h = size
    coarse = Image.frombytes("L", (w // 64 + 2, h // 64 + 2), rng.randbytes((w // 64 + 2) * (h // 64 + 2)))
    coarse = coarse.resize((w, h), Image.Resampling.BICUBIC)
    fine = Image.frombytes("L", (w, h), rng.randbytes(w * h))
    mix = Image.blend(coarse, fine, 0.35)
    return mix.point(lambda v: 128 + (v - 128) * amplitude // 128)


def background(rng, kind, size):
    w, h = size
    if kind == "wristband":
        img = Image.new("RGB", size, (196, 214, 222))  # clinical sheet
        d = ImageDraw.Draw(img)
        for x in range(-h, w, 90):  # woven stripes
            d.line([(x, 0), (x + h, h)], fill=(186, 205, 214), width=18)
        tone = rng.choice([(224, 180, 150), (198, 144, 110), (141, 96, 70), (236, 200, 175)])
        a = math.radians(rng.uniform(-20, 20) + 90)  # the forearm, across the band
        cx, cy = w / 2 + rng.uniform(-80, 80), h / 2
        dx, dy = math.cos(a) * 1200, math.sin(a) * 1200
        nx, ny = -math.sin(a) * 230, math.cos(a) * 230
        d.polygon([(cx - dx - nx, cy - dy - ny), (cx + dx - nx, cy + dy - ny),
                   (cx + dx + nx, cy + dy + ny), (cx - dx + nx, cy - dy + ny)], fill=tone)
    else:
        img = Image.new("RGB", size, rng.choice([(70, 110, 150), (60, 130, 120), (110, 90, 140)]))
    n = noise_layer(rng, size, 22)
    grain = Image.merge("RGB", [n, n, n])
    return Image.blend(img, Image.blend(img, grain, 1.0), 0.12).filter(ImageFilter.GaussianBlur(1.2))


def render(rng, kind, angle, skew, face=True):
    card, ids, photo = wristband(rng) if kind == "wristband" else badge(rng, face)
    w, h = card.size
    canvas = background(rng, kind, CANVAS).convert("RGBA")
    # Card corners on the canvas: foreshortened (skew), rotated, centred with some jitter.
    corners = [(0, 0), (w, 0), (w, h), (0, h)]
    local = [(x - w / 2, y - h / 2) for x, y in corners]
    if skew:
        # The right short side farther from the camera: shorter, and pulled in.
        k = rng.uniform(0.72, 0.82)
        local = [(x * (0.5 * (1 + k) if x > 0 else 1.0), y * (k if x > 0 else 1.0))
                 for x, y in local]
    t = math.radians(angle)
    c, s = math.cos(t), math.sin(t)
    ox = CANVAS[0] / 2 + rng.uniform(-60, 60)
    oy = CANVAS[1] / 2 + rng.uniform(-40, 40)
    # Counter-clockwise on screen (y down): x' = x cos + y sin, y' = -x sin + y cos.
    dst = [(ox + x * c + y * s, oy - x * s + y * c) for x, y in local]
    forward = homography(corners, dst)
    inverse = homography(dst, corners)
    warped = card.transform(CANVAS, Image.Transform.PERSPECTIVE, inverse,
                            resample=Image.Resampling.BICUBIC, fillcolor=(0, 0, 0, 0))
    # A soft shadow under the card.
    shadow = Image.new("RGBA", CANVAS, (0, 0, 0, 0))
    alpha = warped.getchannel("A").filter(ImageFilter.GaussianBlur(6))
    shadow.putalpha(alpha.point(lambda v: v * 90 // 255))
    canvas = Image.alpha_composite(canvas, shadow.transform(CANVAS, Image.Transform.AFFINE,
                                                            (1, 0, -4, 0, 1, -6)))
    canvas = Image.alpha_composite(canvas, warped).convert("RGB")
    # Camera: slight defocus.
    canvas = canvas.filter(ImageFilter.GaussianBlur(0.6))
    identifiers = []
    for what, text, category, (x0, y0, x1, y1) in ids:
        poly = [apply_h(forward, p) for p in [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]]
        identifiers.append({"kind": what, "text": text, "category": category,
                            "polygon": [[round(v, 2) for v in p] for p in poly]})
    if photo:
        x0, y0, x1, y1 = photo
        photo = [[round(v, 2) for v in apply_h(forward, p)]
                 for p in [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]]
    return canvas, identifiers, photo


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", help="folder to write the pictures and truth.json into")
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--no-face", action="store_true",
                    help="badges show a drawn placeholder instead of a portrait photo")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    images = []
    plan = [(k, a, False) for k in ("wristband", "badge") for a in ANGLES]
    plan += [(k, a, True) for k in ("wristband", "badge") for a in SKEWED_ANGLES]
    for i, (kind, angle, skew) in enumerate(plan):
        rng = random.Random(args.seed * 1000 + i)
        img, ids, photo = render(rng, kind, angle, skew, face=not args.no_face)
        name = f"{kind}_{angle:+d}{'_skew' if skew else ''}.png"
        img.save(os.path.join(args.out, name))
        entry = {"file": name, "kind": kind, "angle": angle, "skew": skew,
                 "width": img.width, "height": img.height, "identifiers": ids}
        if photo:
            entry["photo"] = photo
        images.append(entry)
    with open(os.path.join(args.out, "truth.json"), "w") as f:
        json.dump({"seed": args.seed, "images": images}, f)
        f.write("\n")


if __name__ == "__main__":
    main()
