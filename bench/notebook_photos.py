#!/usr/bin/python3
"""The notebook's real-photo pipeline, for comparison with `digits predict`: read the photo in grey, invert it,
resize it to 28x28, scale to 0..1 and ask scikit-learn's KNeighborsClassifier(n_neighbors=3) fitted on the
60,000 MNIST training images. Writes the same JSON shape as `digits predict --json` (one digit per photo), so
bench/photo_score.py scores both.

    /usr/bin/python3 bench/notebook_photos.py ../shared/photos/*.* ../shared/photos/numbers/* > notebook.json
    /usr/bin/python3 bench/photo_score.py notebook.json
Needs: apt-get install -y python3-sklearn python3-opencv libopenblas0-pthread
"""
import json
import sys

import cv2
import numpy as np
from sklearn.neighbors import KNeighborsClassifier

import mnist_idx

train_x, train_y, _, _ = mnist_idx.load(mnist_idx.data_dir())
model = KNeighborsClassifier(n_neighbors=3).fit(train_x.reshape(len(train_x), -1) / 255.0, train_y)
out = []
for path in sys.argv[1:]:
    if path.endswith(".md"):
        continue
    grey = cv2.imread(path, cv2.IMREAD_GRAYSCALE)
    if grey is None:
        out.append({"file": path, "text": "", "digits": [], "error": "could not be read"})
        continue
    x = cv2.resize(255 - grey, (28, 28)).reshape(1, -1) / 255.0
    probabilities = model.predict_proba(x)[0]
    digit = int(model.predict(x)[0])
    out.append({"file": path, "text": str(digit), "digits": [{"digit": digit, "confidence": float(probabilities.max())}], "error": None})
print(json.dumps(out, indent=1))
