#!/usr/bin/python3
"""Fits the "not a digit" score of src/Digits/Classifiers/Novelty.cs and writes its constants into that file.

Logistic regression on the seven signs with their quadratic terms (standardised), fitted on half of each kind
(MNIST training digits against Fashion-MNIST training images and blank crops), and checked on the other half.
The threshold is the score that refuses 0.5% of the held-out MNIST digits: half the 1% allowed, since new writers
stand farther from the training digits than left-out training digits do.

    dotnet run --project bench/Digits.Benchmarks -c Release -- rejection-features /tmp/rejection.tsv
    /usr/bin/python3 bench/fit_rejection.py /tmp/rejection.tsv [--write]

Needs: apt-get install python3-sklearn.
"""
import argparse
import os
import re

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import PolynomialFeatures, StandardScaler

REFUSED_DIGITS = 0.005
DEGREE = 3


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("features")
    parser.add_argument("--write", action="store_true", help="write the constants into Novelty.cs")
    args = parser.parse_args()
    kinds, answers, rows = [], [], []
    for line in open(args.features):
        parts = line.rstrip("\n").split("\t")
        kinds.append(parts[0])
        answers.append(int(parts[1]))
        rows.append([float(v) for v in parts[2:]])
    kinds, answers, x = np.array(kinds), np.array(answers), np.array(rows)
    # The typical nearest distance per digit answered, from the MNIST rows; the last sign is rebuilt with it.
    typical = [float(np.median(x[(kinds == "mnist") & (answers == d), 5] * 30)) for d in range(10)]
    x[:, 6] = x[:, 5] * 30 / np.array(typical)[answers]
    rng = np.random.default_rng(1)
    fit = rng.random(len(x)) < 0.5
    y = (kinds != "mnist").astype(int)
    poly = PolynomialFeatures(DEGREE, include_bias=False)
    scaler = StandardScaler()
    terms = scaler.fit_transform(poly.fit_transform(x[fit]))
    model = LogisticRegression(C=1.0, max_iter=10000).fit(terms, y[fit])

    def score(rows):
        return model.decision_function(scaler.transform(poly.transform(rows)))

    held = ~fit
    digits = score(x[held & (kinds == "mnist")])
    threshold = float(np.quantile(digits, 1 - REFUSED_DIGITS))
    for kind in ("mnist", "fashion", "blank"):
        s = score(x[held & (kinds == kind)])
        print(f"held out {kind:<8} refused {np.mean(s > threshold):.2%} of {len(s)}")
    print(f"threshold {threshold:.4f}")

    if args.write:
        path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "Digits", "Classifiers", "Novelty.cs")
        text = open(path).read()
        fmt = lambda values: ", ".join(f"{v:.6g}" for v in values)
        text = re.sub(r"public const double Threshold = [^;]*;", f"public const double Threshold = {threshold:.6g};", text)
        text = re.sub(r"TypicalDistance = \[[^\]]*\];", "TypicalDistance = [" + ", ".join(f"{t:.1f}" for t in typical) + "];", text)
        text = re.sub(r"private const double Intercept = [^;]*;", f"private const double Intercept = {model.intercept_[0]:.6g};", text)
        text = re.sub(r"private static readonly double\[\] Means = [^;]*;", f"private static readonly double[] Means = [{fmt(scaler.mean_)}];", text)
        text = re.sub(r"private static readonly double\[\] Scales = [^;]*;", f"private static readonly double[] Scales = [{fmt(scaler.scale_)}];", text)
        text = re.sub(r"private static readonly double\[\] Coefficients = [^;]*;", f"private static readonly double[] Coefficients = [{fmt(model.coef_[0])}];", text)
        open(path, "w").write(text)
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
