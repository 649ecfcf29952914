"""Draw ClearFrame's app icon (a viewfinder over a pixelated face) and write the sizes Tauri
uses. Run once after changing the design: python3 icons/make_icons.py (needs Pillow)."""
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

HERE = Path(__file__).resolve().parent
S = 1024


def draw() -> Image.Image:
    img = Image.new("RGBA", (S, S), (0, 0, 0, 0))
    # Background: rounded square with a vertical teal gradient.
    grad = Image.new("RGBA", (S, S))
    top, bottom = (23, 105, 120), (11, 58, 74)
    gd = ImageDraw.Draw(grad)
    for y in range(S):
        t = y / (S - 1)
        gd.line([(0, y), (S, y)], fill=tuple(int(a + (b - a) * t) for a, b in zip(top, bottom)) + (255,))
    mask = Image.new("L", (S, S), 0)
    ImageDraw.Draw(mask).rounded_rectangle([40, 40, S - 40, S - 40], radius=200, fill=255)
    img.paste(grad, (0, 0), mask)
    d = ImageDraw.Draw(img)
    # Pixelated face: a grid of soft blocks inside a circle.
    cx, cy, r, cell = S // 2, S // 2 + 10, 230, 64
    shades = [(236, 214, 190), (222, 196, 170), (246, 228, 208), (214, 186, 160)]
    for i, y in enumerate(range(cy - r, cy + r, cell)):
        for j, x in enumerate(range(cx - r, cx + r, cell)):
            mx, my = x + cell / 2, y + cell / 2
            if (mx - cx) ** 2 + (my - cy) ** 2 <= (r - 10) ** 2:
                d.rectangle([x + 3, y + 3, x + cell - 3, y + cell - 3], fill=shades[(i * 3 + j) % 4] + (255,))
    # Viewfinder corners.
    w, m, L = 44, 190, 170
    white = (255, 255, 255, 255)
    for sx, sy in [(m, m), (S - m, m), (m, S - m), (S - m, S - m)]:
        dx = 1 if sx == m else -1
        dy = 1 if sy == m else -1
        d.rounded_rectangle(sorted_box(sx, sy, sx + dx * L, sy + dy * w), radius=w // 2, fill=white)
        d.rounded_rectangle(sorted_box(sx, sy, sx + dx * w, sy + dy * L), radius=w // 2, fill=white)
    return img


def sorted_box(x0, y0, x1, y1):
    return [min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)]


def main() -> None:
    big = draw()
    for name, size in [("icon.png", 512), ("32x32.png", 32), ("128x128.png", 128), ("128x128@2x.png", 256)]:
        big.resize((size, size), Image.LANCZOS).save(HERE / name, optimize=True)


if __name__ == "__main__":
    main()
