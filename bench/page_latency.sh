#!/usr/bin/env bash
# End-to-end time of one photo through the web API, on loopback only: `digits serve` is started, the photo is
# POSTed as the request body N times one after another (after 3 warm-up requests), and the median and quartiles
# of curl's total time (upload, decode, reading, JSON answer) are printed with the server's own "total".
#   bench/page_latency.sh PHOTO [N, default 20]
#   DOTNET_EnableAVX512=0 bench/page_latency.sh PHOTO    (the 256-bit paths; DOTNET_EnableAVX2=0 the 128-bit ones)
# A 12 MP page of 65 digits: /usr/bin/python3 bench/make_pages.py /tmp/big --pages 1 --size 2900 --seed 7
# Needs: curl; MNIST via DIGITS_DATA (or ../shared/data/mnist).
set -euo pipefail
cd "$(dirname "$0")/.."
photo="$(realpath "${1:?usage: bench/page_latency.sh PHOTO [N]}")"
count="${2:-20}"
[ -f "$photo" ] || { echo "page_latency: $photo: no such file" >&2; exit 2; }
. bench/serve.sh
start_server 5098

post() { curl -fs -o "$work/answer.json" -w '%{time_total}\n' -H 'Content-Type: application/octet-stream' --data-binary "@$photo" "$url/api/recognize"; }
for _ in 1 2 3; do post >/dev/null; done
: >"$work/times"
for _ in $(seq 1 "$count"); do
  post >>"$work/times"
  grep -o '"total": *[0-9.]*' "$work/answer.json" | head -1 | grep -o '[0-9.]*$' >>"$work/server"
done
/usr/bin/python3 - "$work/times" "$work/server" "$photo" <<'PY'
import statistics, sys
times = sorted(float(t) * 1000 for t in open(sys.argv[1]))
server = sorted(float(t) for t in open(sys.argv[2]))
q = statistics.quantiles(times, n=4)
print(f"{sys.argv[3]}: {len(times)} requests, end to end median {statistics.median(times):.0f} ms "
      f"(quartiles {q[0]:.0f}-{q[2]:.0f}), of which the server's reading {statistics.median(server):.0f} ms")
PY
