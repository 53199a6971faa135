#!/usr/bin/python3
"""Handwriting that is not digits, photographed, read through `digits predict` as users call it: what share is
refused or left out (nothing read), beside handwritten digits made the same way (what share reads right).

    /usr/bin/python3 bench/not_digits.py [--digits "dotnet src/Digits.Cli/bin/Release/net10.0/Digits.Cli.dll"]
        [--count 60] [--seed 1] [--keep DIR] [--digits-options "--lines FILE"]

Every image is made here, in hands the shipped line reader never saw (held out from its training):
- Rufscript (Debian's fonts-rufscript; the line reader learned letters from fonts-dkg-handwriting, fonts-breip
  and fonts-femkeklaver only), rendered by ImageMagick's `convert`;
- OpenCV's Hershey script faces (stroke fonts, drawn with pens of 2 to 5 pixels).
Each is a photo of a sheet: grey-to-cream paper with noise, a slight turn, blur and JPEG compression.
Kinds: single letters and symbols that no hand writes as a digit; words (names, subjects, labels as on forms);
a word beside a number (right answer: the number alone); digits alone and numbers (right answer: the digits).
Needs python3-opencv, python3-numpy, imagemagick and fonts-rufscript.
"""
import argparse
import json
import os
import random
import shlex
import subprocess
import sys
import tempfile

import cv2
import numpy as np

LETTERS = "ACEFHKLMNPRUVWXYacdefhkmnprtuvwxy?&@#%+*"
WORDS = ["Name", "Math", "Total", "Theory", "URDU", "marks", "Date", "Amount", "Roll", "Class", "English", "Paid",
         "Anna", "Peter", "Maria", "Chen", "Lucas", "Fatima", "yes", "Tel", "Ref", "Seat", "Week", "Kevin", "Hello"]
RUFSCRIPT = "/usr/share/fonts/truetype/rufscript/Rufscript010.ttf"
HERSHEY = [cv2.FONT_HERSHEY_SCRIPT_SIMPLEX, cv2.FONT_HERSHEY_SCRIPT_COMPLEX]


def render_rufscript(text, rng, path):
    size = rng.randint(60, 140)
    subprocess.run(["convert", "-background", "white", "-fill", "black", "-font", RUFSCRIPT, "-pointsize", str(size),
                    "-bordercolor", "white", "-border", str(rng.randint(20, 80)), "label:" + text, path], check=True)
    return cv2.imread(path, cv2.IMREAD_GRAYSCALE)


def render_hershey(text, rng):
    face = rng.choice(HERSHEY)
    scale = rng.uniform(1.5, 3.5)
    thickness = rng.randint(2, 5)
    (w, h), base = cv2.getTextSize(text, face, scale, thickness)
    pad = rng.randint(20, 80)
    image = np.full((h + base + 2 * pad, w + 2 * pad), 255, np.uint8)
    cv2.putText(image, text, (pad, pad + h), face, scale, 0, thickness, cv2.LINE_AA)
    return image


def photograph(image, rng):
    """The sheet as a phone sees it: paper tone, a slight turn, blur, noise, JPEG."""
    h, w = image.shape
    angle = rng.uniform(-6, 6)
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    image = cv2.warpAffine(image, m, (w, h), borderValue=255)
    paper = rng.uniform(170, 245)
    ink = rng.uniform(10, 90)
    tone = ink + (image.astype(np.float32) / 255.0) * (paper - ink)
    tone = cv2.GaussianBlur(tone, (0, 0), rng.uniform(0.3, 1.4))
    tone += np.random.default_rng(rng.randint(0, 1 << 30)).normal(0, rng.uniform(1, 7), tone.shape)
    bgr = cv2.cvtColor(np.clip(tone, 0, 255).astype(np.uint8), cv2.COLOR_GRAY2BGR)
    tint = np.array([rng.uniform(0.85, 1.0), rng.uniform(0.95, 1.0), 1.0])
    return np.clip(bgr * tint, 0, 255).astype(np.uint8)


def make(kind, index, rng, folder):
    if kind == "letters":
        text, want = rng.choice(LETTERS), ""
    elif kind == "words":
        text, want = rng.choice(WORDS), ""
    elif kind == "word beside a number":
        number = str(rng.randint(10, 99999))
        text, want = (rng.choice(WORDS) + "  " + number, number) if rng.random() < 0.5 else (number + "  " + rng.choice(WORDS), number)
    elif kind == "digits":
        text = want = str(rng.randint(0, 9))
    else:
        text = want = str(rng.randint(10, 999999))
    hand = "rufscript" if index % 2 == 0 else "hershey"
    path = os.path.join(folder, f"{kind.replace(' ', '-')}-{index:03d}-{hand}.jpg")
    raw = render_rufscript(text, rng, path + ".png") if hand == "rufscript" else render_hershey(text, rng)
    cv2.imwrite(path, photograph(raw, rng), [cv2.IMWRITE_JPEG_QUALITY, rng.randint(70, 95)])
    if os.path.exists(path + ".png"):
        os.remove(path + ".png")
    return path, text, want


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--digits", default="dotnet " + os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "src/Digits.Cli/bin/Release/net10.0/Digits.Cli.dll"))
    parser.add_argument("--digits-options", default="")
    parser.add_argument("--count", type=int, default=60, help="images of each kind")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", help="write the images here (default: a temporary folder)")
    parser.add_argument("--misses", action="store_true")
    args = parser.parse_args()
    if not os.path.exists(RUFSCRIPT):
        sys.exit(f"{RUFSCRIPT} is missing: apt-get install fonts-rufscript")
    rng = random.Random(args.seed)
    folder = args.keep or tempfile.mkdtemp(prefix="not-digits-")
    os.makedirs(folder, exist_ok=True)
    kinds = ["letters", "words", "word beside a number", "digits", "numbers"]
    made = {k: [make(k, i, rng, folder) for i in range(args.count)] for k in kinds}
    files = [m[0] for k in kinds for m in made[k]]
    out = subprocess.run(shlex.split(args.digits) + ["predict", "--json"] + shlex.split(args.digits_options) + files, capture_output=True, text=True)
    try:
        read = {os.path.basename(r["file"]): r for r in json.loads(out.stdout)}
    except json.JSONDecodeError:
        sys.exit(f"digits predict failed: {out.stderr[-2000:]}")
    print(f"{'kind':<22} {'images':>6}  result")
    for kind in kinds:
        right = 0
        for path, text, want in made[kind]:
            r = read.get(os.path.basename(path), {})
            got = "".join(ch for ch in r.get("text", "") if ch.isdigit())
            ok = got == want
            right += ok
            if args.misses and not ok:
                print(f"    miss {os.path.basename(path)}: wrote {text!r}, read {r.get('text', '')!r}")
        what = "refused or left out" if kind in ("letters", "words") else "read right (the digits alone)"
        print(f"{kind:<22} {len(made[kind]):>6}  {right}/{len(made[kind])} {what} ({100.0 * right / len(made[kind]):.1f}%)")
    if not args.keep:
        for f in files:
            os.remove(f)
        os.rmdir(folder)


if __name__ == "__main__":
    main()
