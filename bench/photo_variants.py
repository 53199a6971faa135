#!/usr/bin/python3
"""Writes six harder versions of every real photo (a phone held at an angle, a thumbnail, a blurred and
heavily compressed JPEG, a shadow over one side, a faded pencil photo, a digit small on a large page), named
like the photos (`3_Krisut01_1_shadow.png` is a 3), so the whole pipeline can be scored on conditions the
originals lack without tuning to them:

    /usr/bin/python3 bench/photo_variants.py ../shared/photos /tmp/variants
    ./digits predict --json /tmp/variants/* > /tmp/variants.json
    /usr/bin/python3 bench/photo_variants.py --score /tmp/variants.json
"""
import collections
import glob
import json
import os
import sys

import cv2
import numpy as np


def variants(image):
    h, w = image.shape[:2]
    turn = cv2.getRotationMatrix2D((w / 2, h / 2), 12, 1)
    yield "rotated", ".png", cv2.warpAffine(image, turn, (w, h), borderMode=cv2.BORDER_REPLICATE)
    s = 80 / max(h, w)
    yield "small", ".png", cv2.resize(image, (max(1, int(w * s)), max(1, int(h * s))), interpolation=cv2.INTER_AREA)
    yield "blurjpeg", ".jpg", cv2.GaussianBlur(image, (0, 0), max(1.0, max(h, w) / 200))
    shade = np.linspace(0.45, 1.0, w)[None, :, None]
    yield "shadow", ".png", (image * shade).astype(np.uint8)
    yield "faded", ".png", (image.astype(np.float32) * 0.35 + 255 * 0.55).clip(0, 255).astype(np.uint8)
    paper = tuple(int(v) for v in np.median(np.concatenate([image[0], image[-1]]), axis=0))
    yield "margin", ".png", cv2.copyMakeBorder(image, h, h, w, w, cv2.BORDER_CONSTANT, value=paper)


def write(source, out):
    os.makedirs(out, exist_ok=True)
    files = sorted(glob.glob(os.path.join(source, "*.*"))) + sorted(glob.glob(os.path.join(source, "numbers", "*")))
    count = 0
    for f in files:
        image = cv2.imread(f, cv2.IMREAD_COLOR)
        if image is None:
            continue
        base = os.path.splitext(os.path.basename(f))[0]
        for name, ext, changed in variants(image):
            params = [cv2.IMWRITE_JPEG_QUALITY, 30] if ext == ".jpg" else []
            cv2.imwrite(os.path.join(out, f"{base}_{name}{ext}"), changed, params)
            count += 1
    print(f"{count} variants written to {out}")


def score(path):
    right = collections.defaultdict(lambda: [0, 0])
    for r in json.load(open(path)):
        name = os.path.splitext(os.path.basename(r["file"]))[0]
        kind, truth = name.split("_")[-1], name.split("_")[0]
        right[kind][0] += r["text"] == truth
        right[kind][1] += 1
        if r["text"] != truth:
            print(f"miss: {os.path.basename(r['file'])}: read {r['text']!r}")
    for kind, (good, total) in sorted(right.items()):
        print(f"{kind:>9}: {good}/{total} exactly right")
    print(f"all: {sum(v[0] for v in right.values())}/{sum(v[1] for v in right.values())}")


if __name__ == "__main__":
    if sys.argv[1] == "--score":
        score(sys.argv[2])
    else:
        write(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "/tmp/variants")
