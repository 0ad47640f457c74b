#!/usr/bin/env bash
# Load on `shenfu serve` (release build) with oha (pinned, installed into .tools/): logged decisions
# per second and p50/p99 latency at 1, 16 and 64 connections, with the log on SQLite (fsync on
# every commit), on PostgreSQL (a throwaway cluster from scripts/with-postgres) and off, each log
# also signed (`--signing-key`: a checkpoint per group, a receipt per decision) — beside the
# in-process baseline of the same work (`shenfu assess --format jsonl`, one core).
# Client and server share this machine's cores; the table is printed as Markdown.
#
#   benches/service/load.sh            # DURATION=10s by default
set -euo pipefail
cd "$(dirname "$0")/../.."

duration=${DURATION:-10s}
work="$PWD/target/bench-service"
mkdir -p "$work"
cargo build -q --release -p shenfu-rules-cli
if ! .tools/bin/oha --version 2>/dev/null | grep -q '1.16.0'; then
  # --locked: a newer dependency of oha needs a newer compiler than this machine's.
  cargo install -q --locked oha --version 1.16.0 --root .tools
fi
body=fixtures/projects/cases/001-eligible_digital_economy/input.json

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# One server, three loads: prints a Markdown row per connection count.
load() {
  local label=$1
  shift
  local port
  port=$(free_port)
  target/release/shenfu serve --listen "127.0.0.1:$port" --max-in-flight 4096 "$@" \
    >"$work/serve-$label.log" 2>&1 &
  local pid=$!
  for _ in $(seq 200); do
    curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break
    sleep 0.05
  done
  for c in 1 16 64; do
    .tools/bin/oha -z "$duration" -c "$c" --no-tui --output-format json -m POST \
      -H 'content-type: application/json' -D "$body" "http://127.0.0.1:$port/v1/assess" \
      >"$work/oha-$label-$c.json"
    python3 - "$work/oha-$label-$c.json" "$label" "$c" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
codes = r.get("statusCodeDistribution", {})
ok = codes.get("200", 0)
total = sum(codes.values())
seconds = r["summary"]["total"]
lat = r["latencyPercentiles"]
print(f"| {sys.argv[2]} | {sys.argv[3]} | {ok / seconds:,.0f} | {lat['p50'] * 1000:.2f} ms | {lat['p99'] * 1000:.2f} ms | {ok}/{total} |")
PY
  done
  kill -TERM "$pid"
  wait "$pid" || true
}

echo "| log | connections | decisions/s | p50 | p99 | answered 200 |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
rm -f "$work"/log.key "$work"/log.key.pub
target/release/shenfu keys generate --name bench.example/decisions --out "$work/log.key" >/dev/null
if [ "${1:-}" = "--postgres-only" ]; then
  load postgres --database "$SHENFU_TEST_POSTGRES/postgres"
  load postgres-signed --database "$SHENFU_TEST_POSTGRES/postgres" --signing-key "$work/log.key"
  exit 0
fi
rm -f "$work"/log.db* "$work"/signed.db*
load sqlite --database "sqlite://$work/log.db"
load sqlite-signed --database "sqlite://$work/signed.db" --signing-key "$work/log.key"
load off --no-log
SHENFU_TEST_POSTGRES="" scripts/with-postgres "$0" --postgres-only | tail -n +3

# The same decisions in-process: parse, assess, canonical JSON, one core, no HTTP, no log.
python3 - "$body" "$work/same.jsonl" <<'PY'
import json, sys
line = json.dumps(json.load(open(sys.argv[1])), ensure_ascii=False)
open(sys.argv[2], "w").write((line + "\n") * 200000)
PY
start=$(date +%s.%N)
target/release/shenfu assess "$work/same.jsonl" --format jsonl --on-error report >/dev/null || true
end=$(date +%s.%N)
python3 -c "print(f'\nin-process baseline (shenfu assess --format jsonl, 200,000 projects, one core): {200000 / ($end - $start):,.0f} decisions/s')"
