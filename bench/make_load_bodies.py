#!/usr/bin/python3
"""Writes the request bodies for bench/load_test.sh into a folder:
pixels.json (one MNIST test digit as 784 values), photo.multipart (a 1-megapixel JPEG photo of a
digit written on paper, rendered from an MNIST test digit, wrapped as multipart/form-data field "image") and its
photo.jpg; for bench/soak.sh also drawings.jsonl (500 MNIST test digits, one {"pixels": [...]} per line) and
huge-header.png (a small PNG whose header claims 100,000 x 100,000 pixels)."""
import json
import os
import struct
import sys
import zlib

import cv2
import numpy as np

import mnist_idx

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
_, _, test_x, _ = mnist_idx.load(mnist_idx.data_dir())
digit = test_x[0].reshape(28, 28)
with open(os.path.join(out, "pixels.json"), "w") as f:
    json.dump({"pixels": [int(v) for v in digit.reshape(-1)]}, f)

# 1000 x 1000 paper with a light gradient, the digit drawn as dark ink about 400 px tall.
rng = np.random.default_rng(7)
paper = np.linspace(235, 205, 1000, dtype=np.float32)[None, :].repeat(1000, axis=0)
ink = cv2.resize(digit.astype(np.float32), (400, 400), interpolation=cv2.INTER_CUBIC)
paper[300:700, 300:700] -= ink * 0.7
paper += rng.normal(0, 3, paper.shape).astype(np.float32)
photo = cv2.cvtColor(np.clip(paper, 0, 255).astype(np.uint8), cv2.COLOR_GRAY2BGR)
ok, jpeg = cv2.imencode(".jpg", photo, [cv2.IMWRITE_JPEG_QUALITY, 90])
boundary = "digitsloadtestboundary"
body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"image\"; filename=\"photo.jpg\"\r\n"
        "Content-Type: image/jpeg\r\n\r\n").encode() + jpeg.tobytes() + f"\r\n--{boundary}--\r\n".encode()
with open(os.path.join(out, "photo.multipart"), "wb") as f:
    f.write(body)
with open(os.path.join(out, "photo.jpg"), "wb") as f:
    f.write(jpeg.tobytes())
print(f"multipart/form-data; boundary={boundary}")

with open(os.path.join(out, "drawings.jsonl"), "w") as f:
    for image in test_x[:500]:
        f.write(json.dumps({"pixels": [int(v) for v in image.reshape(-1)]}) + "\n")


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


header = chunk(b"IHDR", struct.pack(">IIBBBBB", 100_000, 100_000, 8, 0, 0, 0, 0))
with open(os.path.join(out, "huge-header.png"), "wb") as f:
    f.write(b"\x89PNG\r\n\x1a\n" + header + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b""))
