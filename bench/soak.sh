#!/usr/bin/env bash
# Soak test of the web server on loopback only, bounded in time: mixed well-formed and hostile traffic.
#   bench/soak.sh [minutes, default 10]
# Needs: apt-get install -y python3-opencv; MNIST via DIGITS_DATA (or ../shared/data/mnist).
# Runs `digits serve` with its default limits, then bench/soak.py for MINUTES: drawings, photo uploads,
# oversize / truncated / non-image uploads, malformed and huge JSON, clients sending a byte a second, and bursts
# above capacity every 30 s. Prints requests by kind and status, p50/p99 per kind, the server's resident memory at
# start, middle and end, and the verdict against the targets (exit 1 when one is missed).
set -euo pipefail
cd "$(dirname "$0")/.."
minutes="${1:-10}"
. bench/serve.sh
require_tool "/usr/bin/python3 -c 'import cv2'" python3-opencv
start_server 5098
(cd bench && /usr/bin/python3 make_load_bodies.py "$work" >/dev/null)

echo "soak: $minutes min against $url on $(nproc) cores ($(lscpu | awk -F': *' '/Model name/ {print $2; exit}'))"
status=0
/usr/bin/python3 bench/soak.py "$url" "$server" "$((minutes * 60))" "$work" || status=$?
if ! kill -0 "$server" 2>/dev/null; then
  echo "the server died during the soak; the end of its log:"; tail -30 "$work/server.log"; exit 1
fi
if grep -q "Unhandled exception\|fail: " "$work/server.log"; then
  echo "the server logged errors:"; grep -A5 "Unhandled exception\|fail: " "$work/server.log" | head -40
fi
exit "$status"
