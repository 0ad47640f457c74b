#!/usr/bin/env bash
# benches/cli/compare.sh with the last core taken BUSY ms in every PERIOD ms by a real-time busy
# loop, as a host or a neighbour takes a virtual CPU for a few milliseconds at a time:
#   benches/cli/contended.sh [projects] [busy_ms] [period_ms]      (default 200000 4 10)
# Needs two cores, and `chrt` and `taskset` (util-linux) with the right to use SCHED_FIFO (root).
set -euo pipefail
n="${1:-200000}"
busy="${2:-4}"
period="${3:-10}"
cores=$(nproc)
if [ "$cores" -lt 2 ]; then
  echo "contended.sh: needs two cores, this machine has $cores" >&2
  exit 2
fi
if ! python3 -c 'import sys; b, p = map(float, sys.argv[1:]); sys.exit(not 0 < b < p)' "$busy" "$period"; then
  echo "contended.sh: busy_ms ($busy) must be above 0 and below period_ms ($period)" >&2
  exit 2
fi
# The loop ends by itself when this script is gone (its parent changes), however it ended.
chrt -f 50 taskset -c "$((cores - 1))" python3 -c '
import os, sys, time
busy, period = float(sys.argv[1]) / 1000, float(sys.argv[2]) / 1000
parent = os.getppid()
while os.getppid() == parent:
    start = time.perf_counter()
    while time.perf_counter() - start < busy:
        pass
    time.sleep(period - busy)
' "$busy" "$period" &
hog=$!
trap 'kill "$hog" 2>/dev/null || true' EXIT
sleep 0.2
if ! kill -0 "$hog" 2>/dev/null; then
  echo "contended.sh: the busy loop did not start (it needs chrt and taskset from util-linux," \
    "python3, and the right to use SCHED_FIFO: root or CAP_SYS_NICE)" >&2
  exit 2
fi
echo "core $((cores - 1)) taken ${busy} ms in every ${period} ms"
"$(dirname "$0")/compare.sh" "$n"
