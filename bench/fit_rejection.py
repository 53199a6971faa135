#!/usr/bin/python3
"""Fits the two "not a digit" scores of src/Digits/Classifiers/Novelty.cs (drawings, photos) and the digit
subspace they measure against, and writes them into Novelty.Fitted.cs and digit-subspace.bin.

- The subspace: the first 20 principal components of MNIST training digits in MNIST form (the drawings file's
  digits in the fitting half).
- Each score: logistic regression on the nine signs with their products up to the third degree (standardised),
  fitted on half of each kind (MNIST training digits against Fashion-MNIST training images, blank paper and, for
  drawings, letters and symbols in handwriting fonts), and checked on the other half. Misread digits are left
  out: no score needs to pass them. The threshold is the score that refuses 0.2% of the held-out MNIST digits for
  drawings, and 0.1% for photos (see REFUSED_DIGITS).

    dotnet run --project bench/Digits.Benchmarks -c Release -- rejection-features /tmp/drawings.tsv /tmp/photos.tsv
    /usr/bin/python3 bench/fit_rejection.py /tmp/drawings.tsv /tmp/photos.tsv [--write] [--only drawings]

Needs: apt-get install python3-sklearn.
"""
import argparse
import os

import numpy as np
from sklearn.decomposition import PCA
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import PolynomialFeatures, StandardScaler

# The share of held-out MNIST training digits each score refuses. A fifth of the 1% allowed for drawings, since new
# writers stand farther from the training digits than left-out ones do (fitted with letters, 0.5% refused 1.17% of
# the MNIST test digits, 0.2% refuses 0.74%). 0.1% for photos: digits photographed
# by new writers stand farther still from synthetic photos of MNIST digits (at 0.5%, 29 of the 1,711 UCI digits read
# right by bench/other_writers.py were refused; at 0.1%, 3).
REFUSED_DIGITS = {"drawings": 0.002, "photos": 0.001}
# Letters are fitted on for drawings only. In photos the line reader judges letters, and fitted on them the photos'
# score refused 26% of held-out letters while losing a real single-digit photo (67 of 70 read, 68 before).
FIT_ON_LETTERS = {"drawings"}
DEGREE = 3
DIRECTIONS = 20
HERE = os.path.dirname(os.path.abspath(__file__))
CLASSIFIERS = os.path.join(HERE, "..", "src", "Digits", "Classifiers")


def read(path):
    kinds, answers, rows, inputs = [], [], [], []
    for line in open(path):
        parts = line.rstrip("\n").split("\t")
        kinds.append(parts[0])
        answers.append(int(parts[1]))
        rows.append([float(v) for v in parts[2:-1]])
        inputs.append(np.frombuffer(bytes.fromhex(parts[-1]), dtype=np.uint8))
    rows = np.array(rows)
    whole = ~np.isnan(rows).any(axis=1)
    if not whole.all():
        print(f"{path}: {np.sum(~whole)} rows with a missing sign left out")
    return np.array(kinds)[whole], np.array(answers)[whole], rows[whole], (np.array(inputs, dtype=np.float32) / 255)[whole]


def residual(inputs, mean, directions):
    centred = inputs - mean
    along = centred @ directions.T
    return np.sqrt(np.maximum(0, (centred * centred).sum(1) - (along * along).sum(1)))


def fit(name, kinds, answers, x, halves):
    """Fits one score; returns its constants and prints how it does on the held-out half."""
    typical = [float(np.median(x[(kinds == "mnist") & (answers == d), 6])) for d in range(10)]
    x = x.copy()
    x[:, 6] = x[:, 6] / np.array(typical)[answers]
    y = (kinds != "mnist").astype(int)
    halves = halves & (kinds != "misread") & ((kinds != "letters") | (name in FIT_ON_LETTERS))
    poly = PolynomialFeatures(DEGREE, include_bias=False)
    scaler = StandardScaler()
    terms = scaler.fit_transform(poly.fit_transform(x[halves]))
    model = LogisticRegression(C=1.0, max_iter=20000).fit(terms, y[halves])
    score = model.decision_function(scaler.transform(poly.transform(x)))
    held = ~halves
    threshold = float(np.quantile(score[held & (kinds == "mnist")], 1 - REFUSED_DIGITS[name]))
    for kind in ("mnist", "misread", "fashion", "blank", "letters"):
        s = score[held & (kinds == kind)]
        print(f"{name}: held out {kind:<8} refused {np.mean(s > threshold):.2%} of {len(s)}")
    print(f"{name}: threshold {threshold:.4f}")
    return threshold, typical, model.intercept_[0], scaler.mean_, scaler.scale_, model.coef_[0]


def table(name, threshold, typical, intercept, means, scales, coefficients):
    fmt = lambda values, digits=6: ", ".join(f"{v:.{digits}g}" for v in values)
    return (f"    /// <summary>Gets the score for {name}.</summary>\n"
            f"    public static Novelty For{name.capitalize()} {{ get; }} = new(\n"
            f"        threshold: {threshold:.6g},\n"
            f"        typicalDistance: [{fmt(typical, 3)}],\n"
            f"        intercept: {intercept:.6g},\n"
            f"        means: [{fmt(means)}],\n"
            f"        scales: [{fmt(scales)}],\n"
            f"        coefficients: [{fmt(coefficients)}]);\n")


def replace(path, content, mode):
    temporary = path + ".tmp"
    with open(temporary, mode) as f:
        f.write(content)
    os.replace(temporary, path)
    print(f"wrote {path}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("drawings")
    parser.add_argument("photos")
    parser.add_argument("--write", action="store_true", help="write the constants into Novelty.Fitted.cs and digit-subspace.bin")
    parser.add_argument("--only", choices=["drawings", "photos"], help="fit this score alone, against the subspace already in digit-subspace.bin, and keep the other score as it is")
    args = parser.parse_args()
    rng = np.random.default_rng(1)
    sets = {}
    for name, path in (("drawings", args.drawings), ("photos", args.photos)):
        kinds, answers, x, inputs = read(path)
        sets[name] = (kinds, answers, x, inputs, rng.random(len(x)) < 0.5)

    subspace = os.path.join(CLASSIFIERS, "digit-subspace.bin")
    fitted = os.path.join(CLASSIFIERS, "Novelty.Fitted.cs")
    if args.only:
        stored = np.fromfile(subspace, dtype="<f4").reshape(DIRECTIONS + 1, -1)
        mean, directions = stored[0], stored[1:]
    else:
        kinds, _, _, inputs, halves = sets["drawings"]
        pca = PCA(DIRECTIONS).fit(inputs[halves & (kinds == "mnist")])
        mean, directions = pca.mean_.astype(np.float32), pca.components_.astype(np.float32)
    marker = "    /// <summary>Gets the score for "
    kept = {block.split(".", 1)[0]: marker + block for block in open(fitted).read().split(marker)[1:]} if args.only else {}
    tables = []
    for name, (kinds, answers, x, inputs, halves) in sets.items():
        if args.only and name != args.only:
            tables.append(kept[name].rstrip().removesuffix("}").rstrip() + "\n")
            continue
        x[:, 7] = residual(inputs, mean, directions)
        tables.append(table(name, *fit(name, kinds, answers, x, halves)))

    if args.write:
        if not args.only:
            replace(subspace, np.concatenate([mean[None, :], directions]).astype("<f4").tobytes(), "wb")
        header = ("// <auto-generated>\n// Written by bench/fit_rejection.py from signs of training data only; do not edit by hand.\n// </auto-generated>\n"
                  "namespace Digits.Classifiers;\n\n/// <summary>The fitted scores.</summary>\npublic sealed partial class Novelty\n{\n")
        replace(fitted, header + "\n".join(tables) + "}\n", "w")


if __name__ == "__main__":
    main()
