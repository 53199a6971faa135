#!/usr/bin/python3
"""Scores `digits predict --json` output against the true digits in the file names
(the number before the first '_'): prints per-digit and overall accuracy, and the misses.

    dotnet run --project src/Digits.Cli -c Release -- predict --json ../shared/photos/*.* ../shared/photos/numbers/* > out.json
    /usr/bin/python3 bench/photo_score.py out.json
"""
import collections
import json
import os
import sys

results = json.load(open(sys.argv[1]))
per_digit = collections.defaultdict(lambda: [0, 0])
numbers = [0, 0]
for r in results:
    truth = os.path.basename(r["file"]).split("_")[0]
    if not truth.isdigit():
        continue
    good = r["text"] == truth
    if len(truth) == 1:
        per_digit[truth][0] += good
        per_digit[truth][1] += 1
    else:
        numbers[0] += good
        numbers[1] += 1
    if not good:
        print(f"miss: {os.path.basename(r['file'])}: read {r['text']!r} {r.get('error') or ''}")
single = [sum(v[0] for v in per_digit.values()), sum(v[1] for v in per_digit.values())]
print("digit  " + "  ".join(f"{d:>5}" for d in sorted(per_digit)))
print("right  " + "  ".join(f"{per_digit[d][0]:>2}/{per_digit[d][1]:<2}" for d in sorted(per_digit)))
print(f"single digits: {single[0]}/{single[1]} = {single[0] / max(1, single[1]):.1%}")
print(f"numbers: {numbers[0]}/{numbers[1]} exactly right")
