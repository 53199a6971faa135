# Sourced by the server benchmarks (load_test.sh, soak.sh, page_latency.sh), from the repository's root:
#   start_server PORT     builds the CLI, starts `digits serve` on 127.0.0.1:PORT with MNIST from DIGITS_DATA
#                         (or ../shared/data/mnist), waits until it is ready, and sets url, server (its pid) and
#                         work (a temporary folder, holding server.log); both go when the script exits.
#   require_tool CHECK PACKAGE   exits with one line naming the Debian package when CHECK (a command) fails.
require_tool() {
  eval "$1" >/dev/null 2>&1 || { echo "$(basename "$0"): needs $2 (apt-get install -y $2)" >&2; exit 2; }
}

start_server() {
  local port="$1"
  url="http://127.0.0.1:$port"
  export DIGITS_DATA="${DIGITS_DATA:-$(cd ../shared/data/mnist && pwd)}"
  work="$(mktemp -d)"
  server=""
  trap '[ -n "$server" ] && kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
  dotnet build src/Digits.Cli -c Release -v q -nologo >/dev/null
  dotnet src/Digits.Cli/bin/Release/net10.0/Digits.Cli.dll serve --urls "$url" >"$work/server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 120); do
    if curl -fs "$url/api/health" | grep -q '"ready"'; then return 0; fi
    sleep 1
  done
  echo "server did not become ready"; cat "$work/server.log"; exit 1
}
