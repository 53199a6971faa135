#!/usr/bin/python3
"""Writes synthetic photos of pages of handwritten numbers: MNIST *test* digits written in lines on textured
paper, then "photographed" (perspective, a shadow, blur, noise, JPEG) and turned by 0, 90, 180 or 270 degrees
with no EXIF orientation, as phone apps and scanners often save them. Each page's truth goes beside it in
PAGE.txt: one line per line of writing, numbers separated by spaces.

    /usr/bin/python3 bench/make_pages.py OUT_DIR [--pages 40] [--seed 1] [--size 1600] [--small]

--small writes digits 12-18 px tall instead of 40-90 px (tiny scans). Needs: apt-get install python3-opencv.
"""
import argparse
import os

import cv2
import numpy as np

import mnist_idx


def paper(rng, height, width):
    """Off-white paper with fibre noise, a brightness gradient and sometimes faint ruled lines."""
    base = rng.uniform(185, 240)
    page = np.full((height, width), base, np.float32)
    fibres = cv2.GaussianBlur(rng.normal(0, 6, (height, width)).astype(np.float32), (0, 0), 1.5)
    page += fibres
    gy, gx = np.mgrid[0:height, 0:width].astype(np.float32)
    angle = rng.uniform(0, 2 * np.pi)
    ramp = (np.cos(angle) * gx / width + np.sin(angle) * gy / height)
    page *= 1 - rng.uniform(0.05, 0.3) * (ramp - ramp.min()) / (np.ptp(ramp) + 1e-6)
    if rng.random() < 0.3:
        spacing = int(rng.uniform(0.06, 0.1) * height)
        for y in range(spacing, height, spacing):
            page[y : y + 2, :] -= rng.uniform(15, 35)
    return page


def write_digit(page, image, x, y, height, ink):
    """Writes one MNIST digit (white on black, 28x28) as dark ink whose strokes are `height` px tall."""
    scale = height / 20.0  # MNIST digits fill about 20 of the 28 rows
    size = max(4, int(round(28 * scale)))
    glyph = cv2.resize(image.astype(np.float32) / 255.0, (size, size), interpolation=cv2.INTER_CUBIC if scale > 1 else cv2.INTER_AREA)
    glyph = np.clip(glyph, 0, 1)
    top, left = int(y - size / 2), int(x - size / 2)
    h, w = page.shape
    t0, l0 = max(0, top), max(0, left)
    t1, l1 = min(h, top + size), min(w, left + size)
    if t1 <= t0 or l1 <= l0:
        return
    g = glyph[t0 - top : t1 - top, l0 - left : l1 - left]
    region = page[t0:t1, l0:l1]
    page[t0:t1, l0:l1] = region * (1 - g) + ink * g


def make_page(rng, images, labels, size, small):
    width, height = size, int(size * 1.41)  # A4 portrait
    page = paper(rng, height, width)
    ink = rng.uniform(10, 70)
    digit_h = rng.uniform(12, 18) if small else rng.uniform(0.025, 0.055) * height
    lines = []
    columns = 2 if rng.random() < 0.25 else 1
    margin = 0.08 * width
    y = 0.1 * height + rng.uniform(0, 0.05) * height
    slope = rng.uniform(-0.04, 0.04)
    while y < 0.85 * height and len(lines) < 12:
        numbers = []
        for c in range(columns):
            x = margin + c * (width - 2 * margin) / columns
            end = margin + (c + 1) * (width - 2 * margin) / columns - digit_h
            count = int(rng.integers(1, 4)) if columns > 1 else int(rng.integers(1, 4))
            for _ in range(count):
                length = int(rng.integers(1, 8))
                if x + length * digit_h * 0.85 > end:
                    break
                text = ""
                for _ in range(length):
                    i = int(rng.integers(len(images)))
                    write_digit(page, images[i], x + digit_h * 0.4, y + slope * x + rng.normal(0, digit_h * 0.04), digit_h, ink)
                    text += str(labels[i])
                    x += digit_h * rng.uniform(0.75, 0.95)
                numbers.append(text)
                x += digit_h * rng.uniform(1.6, 3.0)
        if numbers:
            lines.append(" ".join(numbers))
        y += digit_h * rng.uniform(1.9, 3.0)
    page = np.clip(page, 0, 255).astype(np.uint8)
    return page, lines


def photograph(rng, page, small):
    """Perspective, a soft shadow, blur, sensor noise and colour; tiny scans only get blur and noise."""
    h, w = page.shape
    if not small:
        d = 0.06 * min(h, w)
        src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
        dst = src + rng.uniform(-d, d, (4, 2)).astype(np.float32)
        dst -= dst.min(axis=0)
        out_w, out_h = int(dst[:, 0].max()), int(dst[:, 1].max())
        m = cv2.getPerspectiveTransform(src, dst)
        page = cv2.warpPerspective(page, m, (out_w, out_h), borderValue=int(rng.uniform(40, 120)))
        h, w = page.shape
        shadow = np.ones((h, w), np.float32)
        cx, cy = rng.uniform(0, w), rng.uniform(0, h)
        gy, gx = np.mgrid[0:h, 0:w].astype(np.float32)
        r = rng.uniform(0.3, 0.7) * max(h, w)
        shadow -= rng.uniform(0.1, 0.35) * np.exp(-((gx - cx) ** 2 + (gy - cy) ** 2) / (2 * r * r))
        page = page.astype(np.float32) * shadow
    page = cv2.GaussianBlur(page.astype(np.float32), (0, 0), rng.uniform(0.4, 1.2))
    page += rng.normal(0, rng.uniform(1, 5), page.shape)
    grey = np.clip(page, 0, 255).astype(np.uint8)
    tint = rng.uniform(0.85, 1.0, 3)
    colour = np.clip(np.stack([grey * tint[0], grey * tint[1], grey * tint[2]], axis=-1), 0, 255).astype(np.uint8)
    return colour


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out")
    parser.add_argument("--pages", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--size", type=int, default=1600, help="page width in pixels before the photo")
    parser.add_argument("--small", action="store_true", help="digits 12-18 px tall (tiny scans)")
    parser.add_argument("--data", help="MNIST folder (default: $DIGITS_DATA or ../shared/data/mnist)")
    args = parser.parse_args()
    folder = mnist_idx.data_dir(args.data)
    images = mnist_idx.read_idx(folder, mnist_idx.NAMES["test_images"])
    labels = mnist_idx.read_idx(folder, mnist_idx.NAMES["test_labels"])
    rng = np.random.default_rng(args.seed)
    os.makedirs(args.out, exist_ok=True)
    for p in range(args.pages):
        page, lines = make_page(rng, images, labels, args.size, args.small)
        photo = photograph(rng, page, args.small)
        turn = p % 4  # every orientation equally often
        photo = np.rot90(photo, k=-turn).copy()  # clockwise by 90 * turn degrees
        name = f"page{p:03d}_rot{turn * 90}"
        cv2.imwrite(os.path.join(args.out, name + ".jpg"), photo, [cv2.IMWRITE_JPEG_QUALITY, int(rng.uniform(75, 92))])
        with open(os.path.join(args.out, name + ".txt"), "w") as f:
            f.write("\n".join(lines) + "\n")
    print(f"wrote {args.pages} pages to {args.out}")


if __name__ == "__main__":
    main()
