#!/usr/bin/env bash
# `shenfu replay` against a minimal pure-Python replay, whole processes on the same stored
# decisions, one run:
#   benches/replay/compare.sh [decisions]   (default 200000; builds the release CLI if missing)
# The stored decisions are made the way the log keeps them: each project decided by the embedded
# rulebook (half for 2025, half for 2027), written as `shenfu decisions export` lines (input and
# report). They are replayed under fixtures/revisions/revised.toml (超 350 万元/亩 from 2027).
# Also replays them under the rulebook that decided them (nothing moves: the reading and
# comparing alone). Prints seconds (best of 3), decisions/s and the ratio to the Python script.
set -euo pipefail
n="${1:-200000}"
. "$(dirname "$0")/../common.sh"
for year in 2025 2027; do
  python3 - "$((n / 2))" "$year" > "$work/projects-$year.jsonl" <<'PY'
import sys
n, year = int(sys.argv[1]), int(sys.argv[2]); state = year
def rand(k):
    global state
    state = (state * 1103515245 + 12345) % 2147483648
    return state % k
for i in range(n):
    print('{"id":"P-%d-%d","industry":"智能制造","fixed_asset_investment":{"value":"%d","unit":"万元"},'
          '"land_area":{"value":"%d","unit":"亩"},"annual_tax":{"value":"%d","unit":"万元"}}'
          % (year, i, 5000 + rand(35000), 10 + rand(190), 200 + rand(5800)))
PY
  "$shenfu" assess "$work/projects-$year.jsonl" --year "$year" --format jsonl > "$work/reports-$year.jsonl" || [ $? -eq 1 ]
done
python3 - "$work" > "$work/stored.jsonl" <<'PY'
import sys
work = sys.argv[1]
for year in (2025, 2027):
    with open(f"{work}/projects-{year}.jsonl") as inputs, open(f"{work}/reports-{year}.jsonl") as reports:
        for i, (project, report) in enumerate(zip(inputs, reports)):
            print('{"seq":%d,"decision_id":"d-%d-%d","year":%d,"subject_id":"P-%d-%d","input":%s,"report":%s}'
                  % (i + 1, year, i, year, year, i, project.rstrip("\n"), report.rstrip("\n")))
PY
flips=$("$shenfu" --rulebook fixtures/revisions/revised.toml replay "$work/stored.jsonl" --format csv 2>/dev/null | tail -n +2 | cut -d, -f1 | sort -u | wc -l || true)
peer_flips=$(python3 benches/replay/peer.py "$work/stored.jsonl")
[ "$flips" = "$peer_flips" ] || { echo "shenfu found $flips changed decisions, the Python script $peer_flips" >&2; exit 1; }
jsonl=$(best "$shenfu" --rulebook fixtures/revisions/revised.toml replay "$work/stored.jsonl" --format jsonl)
csv=$(best "$shenfu" --rulebook fixtures/revisions/revised.toml replay "$work/stored.jsonl" --format csv)
same=$(best "$shenfu" --rulebook fixtures/revisions/original.toml replay "$work/stored.jsonl" --format jsonl)
peer=$(best python3 benches/replay/peer.py "$work/stored.jsonl")
python3 - "$n" "$flips" "$jsonl" "$csv" "$peer" "$same" <<'PY'
import sys
n, flips, jsonl, csv, peer, same = int(sys.argv[1]), int(sys.argv[2]), *map(float, sys.argv[3:])
print(f"stored decisions: {n} ({flips} change under the revision, both tools agree)")
print(f"shenfu replay, nothing moves : {same:7.3f} s  {n / same:>12,.0f} decisions/s  (under the rulebook that decided)")
print(f"shenfu replay --format jsonl : {jsonl:7.3f} s  {n / jsonl:>12,.0f} decisions/s  {peer / jsonl:5.2f}x the Python script")
print(f"shenfu replay --format csv   : {csv:7.3f} s  {n / csv:>12,.0f} decisions/s  {peer / csv:5.2f}x the Python script")
print(f"pure-Python replay script    : {peer:7.3f} s  {n / peer:>12,.0f} decisions/s")
PY
