"""Reads the MNIST IDX files (raw or gzipped) for the peer scripts in bench/, with numpy only."""
import gzip
import os
import struct

import numpy as np

NAMES = {
    "train_images": "train-images-idx3-ubyte",
    "train_labels": "train-labels-idx1-ubyte",
    "test_images": "t10k-images-idx3-ubyte",
    "test_labels": "t10k-labels-idx1-ubyte",
}


def data_dir(explicit=None):
    """The folder from --data, else $DIGITS_DATA, else ../shared/data/mnist beside the repository."""
    if explicit:
        return explicit
    if os.environ.get("DIGITS_DATA"):
        return os.environ["DIGITS_DATA"]
    here = os.path.dirname(os.path.abspath(__file__))
    return os.path.normpath(os.path.join(here, "..", "..", "shared", "data", "mnist"))


def read_idx(folder, name):
    path = os.path.join(folder, name)
    if not os.path.exists(path):
        path += ".gz"
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        content = f.read()
    zero, kind, dims = struct.unpack(">HBB", content[:4])
    if zero != 0 or kind != 0x08:
        raise SystemExit(f"{path}: not an unsigned-byte IDX file")
    shape = struct.unpack(">" + "I" * dims, content[4 : 4 + 4 * dims])
    return np.frombuffer(content, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load(folder):
    """Returns (train_x, train_y, test_x, test_y); images flattened to 784 uint8 values."""
    tx = read_idx(folder, NAMES["train_images"]).reshape(-1, 784)
    ty = read_idx(folder, NAMES["train_labels"])
    vx = read_idx(folder, NAMES["test_images"]).reshape(-1, 784)
    vy = read_idx(folder, NAMES["test_labels"])
    return tx, ty, vx, vy
