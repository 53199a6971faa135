#!/usr/bin/python3
"""Writes scikit-learn's bundled handwritten digits (UCI "optical recognition of handwritten digits", its
test set: 1,797 digits by 13 writers who are not MNIST's, 8x8 at 17 grey levels) as small black-on-white PNG
drawings (enlarged 8x, then thresholded),
named like the photos (`3_sk0042.png` is a 3), so the whole photo pipeline can be scored on writers the
models never saw. Used to choose pipeline settings without tuning to ../shared/photos.

    /usr/bin/python3 bench/other_writers.py /tmp/writers
    ./digits predict --json /tmp/writers/*.png > /tmp/writers.json
    /usr/bin/python3 bench/photo_score.py /tmp/writers.json | tail -3
"""
import os
import sys

import cv2
import numpy as np
from sklearn.datasets import load_digits

out = sys.argv[1] if len(sys.argv) > 1 else "/tmp/writers"
os.makedirs(out, exist_ok=True)
digits = load_digits()
for i, (image, label) in enumerate(zip(digits.images, digits.target)):
    ink = (image * (255 / 16)).astype(np.uint8)
    large = cv2.resize(ink, (64, 64), interpolation=cv2.INTER_CUBIC)
    page = np.full((96, 96), 255, np.uint8)
    page[16:80, 16:80] = np.where(large > 100, 0, 255)  # crisp strokes: the blur of 8x8 is not the writer's
    cv2.imwrite(os.path.join(out, f"{label}_sk{i:04d}.png"), page)
print(f"{len(digits.target)} drawings written to {out}")
