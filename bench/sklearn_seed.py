#!/usr/bin/python3
"""Seed parity: scikit-learn's KNeighborsClassifier(n_neighbors=3) on MNIST, exactly as the notebook ran it
(pixels flattened and scaled to 0..1), compared prediction by prediction with Digits.

    /usr/bin/python3 bench/sklearn_seed.py [--data DIR] [--ours predictions.txt] [--out sklearn.txt]

--ours takes the file written by `digits eval --preset seed --predictions FILE`. Prints accuracy, time,
and the number of test images on which the two disagree (the target is 0), and exits 1 if any do.
Needs Debian's python3-sklearn (apt-get install -y python3-sklearn libopenblas0-pthread).
"""
import argparse
import sys
import time

import numpy as np
import sklearn
from sklearn.neighbors import KNeighborsClassifier

import mnist_idx


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", help="folder with the four MNIST files")
    parser.add_argument("--ours", help="Digits predictions, one digit per line")
    parser.add_argument("--out", help="write scikit-learn's predictions here, one per line")
    args = parser.parse_args()

    tx, ty, vx, vy = mnist_idx.load(mnist_idx.data_dir(args.data))
    train = tx.astype(np.float64) / 255.0
    test = vx.astype(np.float64) / 255.0
    start = time.perf_counter()
    model = KNeighborsClassifier(n_neighbors=3).fit(train, ty)
    predicted = model.predict(test)
    seconds = time.perf_counter() - start
    accuracy = float(np.mean(predicted == vy))
    print(f"scikit-learn {sklearn.__version__} KNeighborsClassifier(n_neighbors=3): accuracy {accuracy:.4%}, {seconds:.1f} s")
    if args.out:
        np.savetxt(args.out, predicted, fmt="%d")
    if args.ours:
        ours = np.loadtxt(args.ours, dtype=np.int64)
        if ours.shape != predicted.shape:
            print(f"{args.ours}: expected {predicted.shape[0]} predictions, found {ours.shape[0]}")
            return 1
        differ = np.flatnonzero(ours != predicted)
        print(f"disagreements with Digits: {differ.size} of {predicted.size}")
        for i in differ[:20]:
            print(f"  test image {i}: scikit-learn {predicted[i]}, Digits {ours[i]}, true {vy[i]}")
        return 1 if differ.size else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
