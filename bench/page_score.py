#!/usr/bin/python3
"""Reads the pages that bench/make_pages.py wrote with `digits predict --json` and, in the same run, with
Tesseract 5 (digits whitelist), and scores both against each page's truth (PAGE.txt beside PAGE.jpg):

- numbers read exactly: each true number counts when the line matched to its line holds it (in order);
- lines right: the page has the true number of lines, each with the true number of numbers;
- time per page, median.

    /usr/bin/python3 bench/make_pages.py /tmp/pages
    /usr/bin/python3 bench/page_score.py /tmp/pages [--digits "dotnet src/Digits.Cli/bin/Release/net10.0/Digits.Cli.dll"] [--no-tesseract]

Needs: apt-get install python3-opencv tesseract-ocr.
"""
import argparse
import glob
import json
import os
import shlex
import statistics
import subprocess
import time


def numbers_right(truth_lines, read_lines):
    """True numbers found in the read line matched to their line (same index after aligning by count)."""
    right = 0
    for i, truth in enumerate(truth_lines):
        read = read_lines[i].split() if i < len(read_lines) else []
        # Longest common subsequence of numbers, so one missed number does not shift the rest.
        t = truth.split()
        table = [[0] * (len(read) + 1) for _ in range(len(t) + 1)]
        for a in range(len(t)):
            for b in range(len(read)):
                table[a + 1][b + 1] = table[a][b] + 1 if t[a] == read[b] else max(table[a][b + 1], table[a + 1][b])
        right += table[len(t)][len(read)]
    return right


def structure_right(truth_lines, read_lines):
    return len(truth_lines) == len(read_lines) and all(len(t.split()) == len(r.split()) for t, r in zip(truth_lines, read_lines))


def score(name, pages, reads, seconds):
    total = sum(len(line.split()) for truth in pages.values() for line in truth)
    right = sum(numbers_right(pages[p], reads.get(p, [])) for p in pages)
    lines = sum(structure_right(pages[p], reads.get(p, [])) for p in pages)
    by_turn = {}
    for p in pages:
        turn = p.rsplit("_rot", 1)[-1] if "_rot" in p else "0"
        got = by_turn.setdefault(turn, [0, 0])
        got[0] += numbers_right(pages[p], reads.get(p, []))
        got[1] += sum(len(line.split()) for line in pages[p])
    turns = ", ".join(f"{t} deg {g[0] / g[1]:.0%}" for t, g in sorted(by_turn.items(), key=lambda kv: int(kv[0])))
    print(f"{name:<10} numbers read exactly {right}/{total} ({right / total:.1%}); line structure right on {lines}/{len(pages)} pages; "
          f"median {statistics.median(seconds) * 1000:.0f} ms per page (whole process); by orientation: {turns}")
    return right / total


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder")
    parser.add_argument("--digits", default="dotnet src/Digits.Cli/bin/Release/net10.0/Digits.Cli.dll")
    parser.add_argument("--no-tesseract", action="store_true")
    parser.add_argument("--show", type=int, default=3, help="print this many misread pages")
    args = parser.parse_args()
    photos = sorted(glob.glob(os.path.join(args.folder, "*.jpg")) + glob.glob(os.path.join(args.folder, "*.png")))
    pages = {}
    for photo in photos:
        truth = os.path.splitext(photo)[0] + ".txt"
        if os.path.exists(truth):
            pages[os.path.splitext(os.path.basename(photo))[0]] = [l.strip() for l in open(truth) if l.strip()]

    # Ours: one process for all pages (the model loads once), timed per page from its own JSON.
    started = time.perf_counter()
    out = subprocess.run(shlex.split(args.digits) + ["predict", "--json", *photos], capture_output=True, text=True)
    wall = time.perf_counter() - started
    results = json.loads(out.stdout)
    ours = {os.path.splitext(os.path.basename(r["file"]))[0]: [l for l in r["text"].split("\n") if l] for r in results}
    ms = [r.get("timings", {}).get("total", wall * 1000 / len(photos)) / 1000 for r in results]
    shown = 0
    for p in pages:
        if numbers_right(pages[p], ours.get(p, [])) < sum(len(l.split()) for l in pages[p]) and shown < args.show:
            print(f"  {p}: truth {' / '.join(pages[p])}\n  {' ' * len(p)}  read  {' / '.join(ours.get(p, []))}")
            shown += 1
    print(f"(digits: {wall:.1f} s for {len(photos)} pages in one process, model loading included)")
    score("digits", pages, ours, ms)

    if not args.no_tesseract:
        theirs, seconds = {}, []
        for photo in photos:
            started = time.perf_counter()
            text = subprocess.run(["tesseract", photo, "stdout", "--psm", "6", "-c", "tessedit_char_whitelist=0123456789 "],
                                  capture_output=True, text=True).stdout
            seconds.append(time.perf_counter() - started)
            theirs[os.path.splitext(os.path.basename(photo))[0]] = [" ".join(l.split()) for l in text.split("\n") if l.strip()]
        score("tesseract", pages, theirs, seconds)


if __name__ == "__main__":
    main()
