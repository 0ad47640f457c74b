"""`assess_many`'s cost per row, for comparing two builds of the wheel alternately.

The machine's speed moves by up to 2× within minutes, so a side-by-side ratio against a peer
(`bench.py`) is the figure to report; this script gives the steadier one for a change's effect:
the process's CPU time per row (every thread), best and median of twelve calls, beside the wall
rate. Run the builds alternately, e.g. with one wheel unpacked in /tmp/a and one in /tmp/b:

    for w in a b a b; do PYTHONPATH=/tmp/$w .venv/bin/python benches/python/rows.py all; done

Add ``taskset -c 1`` in front for one core (steadier still). ``columns`` is ``all`` (every
value, the default) or ``status``. The table is `bench.py`'s: a million rows of whole 万元 and 亩.
"""

import statistics
import sys
import time

import numpy as np
import pyarrow as pa
import shenfu_rules

N = 1_000_000
rng = np.random.default_rng(42)
area = rng.integers(10, 200, N)
investment = rng.integers(5_000, 40_000, N)
tax = rng.integers(200, 6_000, N)
boundary = rng.random(N) < 0.1
investment = np.where(boundary, area * 300, investment)
industries = np.array(["数字经济", "智能制造", "其他"])[rng.integers(0, 3, N)]
table = pa.table({"industry": industries, "fixed_asset_investment": investment,
                  "land_area": area, "annual_tax": tax})
units = {"fixed_asset_investment": "万元", "land_area": "亩", "annual_tax": "万元"}
columns = sys.argv[1] if len(sys.argv) > 1 else "all"

walls, cpus = [], []
for _ in range(12):
    wall, cpu = time.perf_counter(), time.process_time()
    out = shenfu_rules.assess_many(table, units=units, columns=columns)
    cpus.append(time.process_time() - cpu)
    walls.append(time.perf_counter() - wall)
    assert out.num_rows == N
    del out
# How many cores the calls had on average: a window where the machine gives the process one
# core's worth of time shows here, not in the CPU a row.
cores = sum(cpus) / sum(walls)
print(f"columns={columns}: {N / statistics.median(walls) / 1e6:.2f} M rows/s "
      f"(best {N / min(walls) / 1e6:.2f}); CPU {min(cpus) / N * 1e9:.0f} ns a row "
      f"(median {statistics.median(cpus) / N * 1e9:.0f}); {cores:.2f} cores busy")
