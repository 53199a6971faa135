#!/usr/bin/env bash
# Load test of the web API on loopback only, bounded in time: wrk against `digits serve`.
#   bench/load_test.sh [seconds per run, default 15]
# Needs: apt-get install -y wrk python3-opencv; MNIST via DIGITS_DATA (or ../shared/data/mnist).
# Prints requests/s, p50 and p99 latency and errors for pixel requests and for 1-megapixel photo uploads,
# then the server's peak memory (VmHWM, the largest resident set it reached).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-15}"
. bench/serve.sh
require_tool "command -v wrk" wrk
require_tool "/usr/bin/python3 -c 'import cv2'" python3-opencv
start_server 5099
multipart_type="$(cd bench && /usr/bin/python3 make_load_bodies.py "$work")"

run() { # name, body file, content type, path, connections
  local name="$1" file="$2" type="$3" path="$4" connections="$5"
  # warm-up, then the measured run
  BODY_FILE="$file" CONTENT_TYPE="$type" wrk -t1 -c2 -d2s -s bench/wrk_post.lua "$url$path" >/dev/null
  BODY_FILE="$file" CONTENT_TYPE="$type" wrk -t1 -c"$connections" -d"${seconds}s" --latency -s bench/wrk_post.lua "$url$path" >"$work/$name.txt"
  local rps p50 p99 errors
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/$name.txt")
  p50=$(awk '$1=="50%" {print $2}' "$work/$name.txt")
  p99=$(awk '$1=="99%" {print $2}' "$work/$name.txt")
  errors=$(awk '/Non-2xx/ {n+=$NF} /Socket errors/ {gsub(",", ""); n+=$4+$6+$8+$10} END {print n+0}' "$work/$name.txt")
  if [ -n "${LOAD_TEST_VERBOSE:-}" ]; then grep -E "Non-2xx|Socket errors" "$work/$name.txt" >&2 || true; fi
  printf '| %s | %s | %s | %s | %s | %s |\n' "$name" "$connections" "$rps" "$p50" "$p99" "$errors"
}

echo "| request | connections | requests/s | p50 | p99 | errors |"
echo "| --- | --- | --- | --- | --- | --- |"
run "pixels (784 values)" "$work/pixels.json" "application/json" /api/recognize/pixels 8
if curl -fs -o /dev/null -w '%{http_code}' -F "image=@$work/photo.jpg" "$url/api/recognize" | grep -q 200; then
  run "photo upload (1 MP JPEG)" "$work/photo.multipart" "$multipart_type" /api/recognize 4
else
  echo "| photo upload (1 MP JPEG) | - | - | - | - | endpoint not available |"
fi
peak_kb=$(awk '/^VmHWM/ {print $2}' "/proc/$server/status" 2>/dev/null || echo 0)
echo "server peak memory: $((peak_kb / 1024)) MB"
