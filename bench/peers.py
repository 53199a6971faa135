#!/usr/bin/python3
"""Times a peer library on the full MNIST test set (10,000 queries against 60,000 references, k=3, exact)
and prints one JSON line: {"peer", "version", "seconds", "accuracy"}; --out writes its predictions.

    /usr/bin/python3 bench/peers.py faiss|sklearn|opencv [--data DIR] [--out predictions.txt]

faiss:   IndexFlatL2 on float32 pixels / 255, majority vote of 3, ties to the nearest neighbour's digit.
sklearn: KNeighborsClassifier(n_neighbors=3) on float64 pixels / 255 (the notebook's model).
opencv:  cv2.ml.KNearest, findNearest(k=3) on float32 pixels / 255.
Needs Debian's python3-faiss, python3-sklearn, python3-opencv (+ libopenblas0-pthread). Used by `digits bench`.
"""
import argparse
import json
import sys
import time

import numpy as np

import mnist_idx


def vote_nearest(labels):
    out = np.empty(labels.shape[0], dtype=np.int64)
    for i, row in enumerate(labels):
        counts = np.bincount(row, minlength=10)
        best = counts.max()
        out[i] = next(l for l in row if counts[l] == best)
    return out


def run(peer, tx, ty, vx):
    if peer == "faiss":
        import faiss
        train = (tx.astype(np.float32) / 255.0)
        test = (vx.astype(np.float32) / 255.0)
        start = time.perf_counter()
        index = faiss.IndexFlatL2(train.shape[1])
        index.add(train)
        _, idx = index.search(test, 3)
        predicted = vote_nearest(ty[idx])
        return faiss.__version__, time.perf_counter() - start, predicted
    if peer == "sklearn":
        import sklearn
        from sklearn.neighbors import KNeighborsClassifier
        train = tx.astype(np.float64) / 255.0
        test = vx.astype(np.float64) / 255.0
        start = time.perf_counter()
        predicted = KNeighborsClassifier(n_neighbors=3).fit(train, ty).predict(test)
        return sklearn.__version__, time.perf_counter() - start, predicted
    if peer == "opencv":
        import cv2
        train = tx.astype(np.float32) / 255.0
        test = vx.astype(np.float32) / 255.0
        start = time.perf_counter()
        knn = cv2.ml.KNearest_create()
        knn.train(train, cv2.ml.ROW_SAMPLE, ty.astype(np.float32))
        _, result, _, _ = knn.findNearest(test, k=3)
        return cv2.__version__, time.perf_counter() - start, result.ravel().astype(np.int64)
    raise SystemExit(f"unknown peer {peer}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("peer", choices=["faiss", "sklearn", "opencv"])
    parser.add_argument("--data")
    parser.add_argument("--out")
    args = parser.parse_args()
    tx, ty, vx, vy = mnist_idx.load(mnist_idx.data_dir(args.data))
    version, seconds, predicted = run(args.peer, tx, ty, vx)
    if args.out:
        np.savetxt(args.out, predicted, fmt="%d")
    print(json.dumps({"peer": args.peer, "version": version, "seconds": round(seconds, 3),
                      "accuracy": float(np.mean(predicted == vy))}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
