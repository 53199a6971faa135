#!/usr/bin/python3
"""Writes tiny scans of single handwritten digits, each in its own small PNG named like the photos
(`3_t0042.png` is a 3), for `digits eval --test DIR`. The digits are MNIST's, cropped to their ink and written
small, as low-resolution form scans and thumbnails hold them:

  grey     12-18 px tall, grey, with 2-6 px of paper round them, a little blur and noise;
  bilevel  12-16 px tall, thresholded to black and white, with 0-2 px of paper (form scanners at 1 bit);
  frame16  fitted into a 16x16 frame (the longest side 16 px), grey, touching its edges, as 16x16 data sets
           of scanned digits store them.

    /usr/bin/python3 bench/tiny_scans.py OUT_DIR [--kind grey|bilevel|frame16] [--count 600] [--seed 1] [--split test|train]
    ./digits eval --test OUT_DIR

Develop on --split train (digits the models were trained on, so only the pipeline's losses show) and report
on --split test. Needs: apt-get install python3-opencv.
"""
import argparse
import os

import cv2
import numpy as np

import mnist_idx


def ink_box(image):
    rows = np.flatnonzero(image.max(axis=1) > 40)
    cols = np.flatnonzero(image.max(axis=0) > 40)
    return image[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]


def shrink(ink, height, width):
    return cv2.resize(ink.astype(np.float32) / 255.0, (max(1, width), max(1, height)), interpolation=cv2.INTER_AREA)


def scan(rng, image, kind):
    ink = ink_box(image)
    h, w = ink.shape
    if kind == "frame16":
        scale = 16.0 / max(h, w)
        glyph = shrink(ink, round(h * scale), round(w * scale))
        frame = np.zeros((16, 16), np.float32)
        top, left = (16 - glyph.shape[0]) // 2, (16 - glyph.shape[1]) // 2
        frame[top : top + glyph.shape[0], left : left + glyph.shape[1]] = glyph
        paper, dark = rng.uniform(200, 250), rng.uniform(0, 60)
        return np.clip(paper - (paper - dark) * frame + rng.normal(0, 3, frame.shape), 0, 255).astype(np.uint8)
    tall = rng.uniform(12, 18) if kind == "grey" else rng.uniform(12, 16)
    scale = tall / h
    glyph = shrink(ink, round(tall), max(1, round(w * scale)))
    margin = int(rng.integers(2, 7)) if kind == "grey" else int(rng.integers(0, 3))
    canvas = np.zeros((glyph.shape[0] + 2 * margin, glyph.shape[1] + 2 * margin), np.float32)
    canvas[margin : margin + glyph.shape[0], margin : margin + glyph.shape[1]] = glyph
    if kind == "bilevel":
        return np.where(canvas > rng.uniform(0.35, 0.6), 0, 255).astype(np.uint8)
    canvas = cv2.GaussianBlur(canvas, (0, 0), rng.uniform(0.3, 0.7))
    paper, dark = rng.uniform(190, 245), rng.uniform(10, 80)
    return np.clip(paper - (paper - dark) * canvas + rng.normal(0, 4, canvas.shape), 0, 255).astype(np.uint8)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out")
    parser.add_argument("--kind", choices=["grey", "bilevel", "frame16"], default="bilevel")
    parser.add_argument("--count", type=int, default=600)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--split", choices=["test", "train"], default="test")
    parser.add_argument("--data", help="folder of the MNIST IDX files (default: $DIGITS_DATA or ../shared/data/mnist)")
    args = parser.parse_args()

    train_x, train_y, test_x, test_y = mnist_idx.load(mnist_idx.data_dir(args.data))
    images, labels = (test_x, test_y) if args.split == "test" else (train_x, train_y)
    rng = np.random.default_rng(args.seed)
    os.makedirs(args.out, exist_ok=True)
    for n, i in enumerate(rng.choice(len(labels), size=args.count, replace=False)):
        cv2.imwrite(os.path.join(args.out, f"{labels[i]}_t{n:04d}.png"), scan(rng, images[i].reshape(28, 28), args.kind))
    print(f"{args.count} {args.kind} scans of MNIST {args.split} digits written to {args.out}")


if __name__ == "__main__":
    main()
