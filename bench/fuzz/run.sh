#!/usr/bin/env bash
# Coverage-guided fuzzing of one reader of untrusted bytes with AFL++ and SharpFuzz.
#   bench/fuzz/run.sh TARGET MINUTES      (targets: image-header photo-decoder heic pdf tiff idx model network pixel-json profile)
# Needs: apt-get install afl++; dotnet tool restore (SharpFuzz.CommandLine, from dotnet-tools.json).
# Builds tests/Digits.Fuzz into /tmp/digits-fuzz/TARGET/build, instruments the product's assemblies there,
# fuzzes from tests/Digits.Fuzz/corpus/TARGET for MINUTES, then copies every crash and hang into
# tests/Digits.Fuzz/found/TARGET (each becomes a regression input the tests replay) and prints the totals.
# Each run appends a line to docs/fuzzing-runs.tsv: date, target, seconds, executions, paths, crashes, hangs.
set -euo pipefail
target=${1:?usage: bench/fuzz/run.sh TARGET MINUTES}
minutes=${2:?usage: bench/fuzz/run.sh TARGET MINUTES}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=/tmp/digits-fuzz/$target
corpus=$root/tests/Digits.Fuzz/corpus/$target
[ -d "$corpus" ] || { echo "no corpus for '$target' in $corpus" >&2; exit 2; }
command -v afl-fuzz >/dev/null || { echo "afl-fuzz not found: apt-get install afl++" >&2; exit 2; }

rm -rf "$work" && mkdir -p "$work"
dotnet build "$root/tests/Digits.Fuzz" -c Release -o "$work/build" -v quiet -nologo >/dev/null
(cd "$root" && dotnet tool restore >/dev/null)
for assembly in Digits Digits.Photos Digits.Profiles Digits.Web; do
  (cd "$root" && dotnet sharpfuzz "$work/build/$assembly.dll" >/dev/null)
done

export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1
export OPENCV_LOG_LEVEL=SILENT DOTNET_TieredPGO=0
# -t 1000: an input that runs over 1 s is a hang. -m none: the .NET runtime reserves far more address space than
# it uses; the harness itself fails any input under 1 MB that allocates over 200 MB.
afl-fuzz -i "$corpus" -o "$work/out" -t 1000 -m none -V $((minutes * 60)) -- dotnet "$work/build/Digits.Fuzz.dll" "$target" >"$work/afl.log" 2>&1 || {
  echo "afl-fuzz failed; the end of its log:" >&2; tail -20 "$work/afl.log" >&2; exit 1; }

stats=$work/out/default/fuzzer_stats
value() { awk -F' *: *' -v k="$1" '$1 == k { print $2 }' "$stats"; }
found=$root/tests/Digits.Fuzz/found/$target
mkdir -p "$found"
kept=0
for file in "$work"/out/default/crashes/id:* "$work"/out/default/hangs/id:*; do
  [ -e "$file" ] || continue
  kind=$(basename "$(dirname "$file")")
  cp "$file" "$found/$kind-$(sha256sum "$file" | cut -c1-12)"
  kept=$((kept + 1))
done
rmdir "$found" 2>/dev/null || true
printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%F)" "$target" "$(value run_time)" "$(value execs_done)" \
  "$(value corpus_count)" "$(value saved_crashes)" "$(value saved_hangs)" >>"$root/docs/fuzzing-runs.tsv"
echo "$target: $(value execs_done) executions in $(value run_time) s, $(value corpus_count) paths, $(value saved_crashes) crashes, $(value saved_hangs) hangs ($kept inputs copied to tests/Digits.Fuzz/found/$target)"
