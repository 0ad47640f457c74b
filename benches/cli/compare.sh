#!/usr/bin/env bash
# The CLI against a minimal pure-Python Decimal script, whole processes on the same file, one run:
#   benches/cli/compare.sh [projects]        (default 200000; needs `cargo build --release -p shenfu-rules-cli`)
# Prints seconds (best of 3) and the ratios the issue's aims are stated in.
set -euo pipefail
n="${1:-200000}"
. "$(dirname "$0")/../common.sh"
python3 - "$n" > "$work/projects.jsonl" <<'PY'
import sys
n = int(sys.argv[1]); state = 42
def rand(k):
    global state
    state = (state * 1103515245 + 12345) % 2147483648
    return state % k
for i in range(n):
    print('{"id":"P-%d","industry":"智能制造","fixed_asset_investment":{"value":"%d","unit":"万元"},'
          '"land_area":{"value":"%d","unit":"亩"},"annual_tax":{"value":"%d","unit":"万元"}}'
          % (i, 5000 + rand(35000), 10 + rand(190), 200 + rand(5800)))
PY
jsonl=$(best "$shenfu" assess "$work/projects.jsonl" --format jsonl)
csv=$(best "$shenfu" assess "$work/projects.jsonl" --format csv)
peer=$(best python3 benches/cli/peer.py "$work/projects.jsonl")
python3 - "$n" "$jsonl" "$csv" "$peer" <<'PY'
import sys
n, jsonl, csv, peer = int(sys.argv[1]), *map(float, sys.argv[2:])
print(f"projects: {n}")
print(f"shenfu assess --format jsonl : {jsonl:7.3f} s  {n / jsonl:>12,.0f} projects/s  {peer / jsonl:5.2f}x the Python script")
print(f"shenfu assess --format csv   : {csv:7.3f} s  {n / csv:>12,.0f} projects/s  {peer / csv:5.2f}x the Python script")
print(f"pure-Python Decimal script   : {peer:7.3f} s  {n / peer:>12,.0f} projects/s")
PY
