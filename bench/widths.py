#!/usr/bin/python3
"""Runs the speed benchmarks at every vector width on this one machine and writes one Markdown table.

    /usr/bin/python3 bench/widths.py [--out bench/widths.md] [--load-seconds 10] [--skip-load]

The .NET runtime turns instruction sets off per process: DOTNET_EnableAVX512=0 gives the 256-bit (AVX2)
paths, DOTNET_EnableAVX2=0 the 128-bit paths (the NEON width of ARM64). (.NET 10 ignores the older
DOTNET_EnableAVX512F; both are set.) For each width it runs, in one go:
  - `digits bench --peers faiss`: exact k=3 search of the 10,000 test images against FAISS IndexFlatL2
    in the same run, single-image latency of the KNN and of the default model;
  - `digits eval --preset seed` as a whole process (start, load and verify MNIST, fit, search);
  - `digits eval --skip-ablation`: the default model over the whole test set, and peak memory;
  - bench/load_test.sh: pixel requests and 1 MP photo uploads to `digits serve` (wrk).
Needs: python3-faiss, wrk, python3-opencv (apt-get), MNIST via DIGITS_DATA or ../shared/data/mnist.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CLI = os.path.join(ROOT, "src", "Digits.Cli", "bin", "Release", "net10.0", "Digits.Cli")
WIDTHS = [
    ("512-bit (AVX-512)", {}),
    ("256-bit (AVX2)", {"DOTNET_EnableAVX512": "0", "DOTNET_EnableAVX512F": "0"}),
    ("128-bit (SSE4, as NEON)", {"DOTNET_EnableAVX2": "0"}),
]


def run(args, env, timeout=900):
    started = time.perf_counter()
    result = subprocess.run(["/usr/bin/time", "-f", "%M"] + args, env=env, capture_output=True, text=True, timeout=timeout, cwd=ROOT)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed ({result.returncode}): {result.stderr[-2000:]}")
    peak_kb = int(result.stderr.strip().splitlines()[-1])
    return result.stdout, result.stderr, seconds, peak_kb / 1024


def has_avx512():
    with open("/proc/cpuinfo") as f:
        return " avx512bw " in f.read()


def fact(text, name):
    m = re.search(re.escape(name) + r": ([^\n]+)", text)
    return m.group(1).strip() if m else "?"


def measure(label, extra, load_seconds, skip_load):
    env = dict(os.environ, **extra)
    row = {"width": label}
    with tempfile.TemporaryDirectory() as work:
        md = os.path.join(work, "bench.md")
        run([CLI, "bench", "--peers", "faiss", "--out", md], env)
        text = open(md).read()
        ours = re.search(r"\| Digits \(exact, [^|]+\| ([0-9.]+) \|", text)
        faiss = re.search(r"\| FAISS IndexFlatL2[^|]*\| ([0-9.]+) \|[^|]*\|[^|]*\| ([0-9,]+) / ([0-9,]+) \|", text)
        row["search"] = float(ours.group(1))
        row["faiss"] = float(faiss.group(1)) if faiss else None
        row["same"] = f"{faiss.group(2)} / {faiss.group(3)}" if faiss else "-"
        row["knn_latency"] = fact(text, "single image, model loaded (1,000 test images)")
        row["default_latency"] = fact(text, "single image, default model (1,000 test images)")
        row["paths"] = fact(text, "vector paths")

    _, _, seconds, peak = run([CLI, "eval", "--preset", "seed", "--json"], env)
    row["seed_process"] = seconds
    row["seed_peak"] = peak
    out, _, seconds, peak = run([CLI, "eval", "--skip-ablation", "--json"], env)
    result = json.loads(out)
    row["default_seconds"] = result["seconds"]
    row["default_accuracy"] = result["accuracy"]
    row["default_errors"] = result["errors"]
    row["default_peak"] = peak
    if not skip_load:
        out = subprocess.run(["bash", "bench/load_test.sh", str(load_seconds)], env=env, capture_output=True, text=True, timeout=900, cwd=ROOT)
        lines = [l for l in out.stdout.splitlines() if l.startswith("| pixels") or l.startswith("| photo")]
        peak = re.search(r"server peak memory: ([0-9]+) MB", out.stdout)
        row["serve_peak"] = peak.group(1) if peak else "-"
        for line in lines:
            cells = [c.strip() for c in line.strip("|").split("|")]
            key = "pixels" if cells[0].startswith("pixels") else "photos"
            row[key] = f"{cells[2]} req/s, p50 {cells[3]}, p99 {cells[4]}, errors {cells[5]}"
    return row


def table(rows):
    def ratio(a, b):
        return f"{a / b:.1f}x" if a and b else "-"

    lines = ["| measured in one run per width | " + " | ".join(r["width"] for r in rows) + " | target |",
             "| --- | " + " | ".join("---" for _ in rows) + " | --- |"]

    def line(name, cells, target=""):
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {target} |")

    line("exact k=3 search, 10,000 x 60,000 (s, median of 3)", [f"{r['search']:.2f}" for r in rows])
    line("FAISS IndexFlatL2, same search, same run (s)", [f"{r['faiss']:.2f}" if r["faiss"] else "-" for r in rows])
    line("FAISS time / ours", [ratio(r["faiss"], r["search"]) for r in rows], ">= 10x")
    line("same predictions as FAISS", [r["same"] for r in rows])
    line("`digits eval --preset seed`, whole process (s)", [f"{r['seed_process']:.2f}" for r in rows])
    line("FAISS search alone / that process", [ratio(r["faiss"], r["seed_process"]) for r in rows], ">= 3x")
    line("default model, whole test set (s)", [f"{r['default_seconds']:.2f}" for r in rows])
    line("that / FAISS search", [f"{r['default_seconds'] / r['faiss']:.2f}x" if r["faiss"] else "-" for r in rows], "<= 1.5x")
    line("default model accuracy", [f"{100 * r['default_accuracy']:.2f}% ({r['default_errors']} errors)" for r in rows], ">= 99.51%")
    line("one image, default model", [r["default_latency"] for r in rows], "p50 < 3 ms")
    line("one image, KNN k=3", [r["knn_latency"] for r in rows])
    line("pixel requests, 8 connections", [r.get("pixels", "-") for r in rows], ">= 500 req/s, p99 < 50 ms")
    line("1 MP photo uploads, 4 connections", [r.get("photos", "-") for r in rows], ">= 30/s")
    line("peak memory, `digits eval` default model (MB)", [f"{r['default_peak']:.0f}" for r in rows], "< 400")
    line("peak memory, `digits serve` under the load test (MB)", [r.get("serve_peak", "-") for r in rows], "< 400")
    line("vector paths taken", [r["paths"] for r in rows])
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", help="also write the table to this file")
    parser.add_argument("--load-seconds", type=int, default=10)
    parser.add_argument("--skip-load", action="store_true", help="leave out the load test")
    args = parser.parse_args()
    if "DIGITS_DATA" not in os.environ and os.path.isdir(os.path.join(ROOT, "..", "shared", "data", "mnist")):
        os.environ["DIGITS_DATA"] = os.path.abspath(os.path.join(ROOT, "..", "shared", "data", "mnist"))
    subprocess.run(["dotnet", "build", "src/Digits.Cli", "-c", "Release", "-v", "q", "-nologo"], cwd=ROOT, check=True, capture_output=True)
    rows = []
    for label, extra in WIDTHS:
        if label.startswith("512") and not has_avx512():
            print(f"{label}: this CPU has no AVX-512; skipped", file=sys.stderr)
            continue
        print(f"{label}: running...", file=sys.stderr)
        rows.append(measure(label, extra, args.load_seconds, args.skip_load))
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    text = f"Machine: {cpu}, {os.cpu_count()} cores; {time.strftime('%Y-%m-%d')}.\n\n" + table(rows)
    print(text)
    if args.out:
        with open(args.out, "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()
