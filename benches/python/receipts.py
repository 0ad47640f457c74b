"""Receipt verifications per second in Python (``shenfu_rules.verify_receipt``), on the shared
fixtures of ``fixtures/receipts/`` (a receipt for row 5 of an 8-row log: a 3-hash inclusion
proof), side by side in one run:

* a receipt alone (signature, checkpoint, leaf index, inclusion);
* the service's whole answer (+ the answer's id and time, the report's SHA-256);
* the answer and the application as JSON text (+ the decision recomputed under its rulebook);
* the same with the answer and the application as parsed JSON (``dict``: written back with
  ``json.dumps`` first);
* the floor of the Python call: the extension's own function, without the typed wrapper.

Each verification's result is checked (``verified``) so nothing is optimised away. Run after
``scripts/setup-python``: ``.venv/bin/python benches/python/receipts.py [seconds per row]``.
"""

import json
import sys
import time
from pathlib import Path

import shenfu_rules
from shenfu_rules import _shenfu_rules as native

SECONDS = float(sys.argv[1]) if len(sys.argv) > 1 else 2.0
RECEIPTS = Path(__file__).resolve().parents[2] / "fixtures" / "receipts"


def read(name: str) -> str:
    return (RECEIPTS / name).read_text(encoding="utf-8")


receipt, answer, key, input_text = (read("receipt.json"), read("answer.json"),
                                    read("public.key"), read("input.json"))
answer_dict, input_dict = json.loads(answer), json.loads(input_text)
embedded = [shenfu_rules.Rulebook.default()._handle]


def per_second(label, call):
    """Calls per second: the best of three runs of about SECONDS / 3 each."""
    assert call(), label
    n = 1
    while True:  # calibrate: a batch of about 50 ms
        start = time.perf_counter()
        for _ in range(n):
            call()
        if time.perf_counter() - start > 0.05:
            break
        n *= 2
    best = 0.0
    for _ in range(3):
        done, start = 0, time.perf_counter()
        while time.perf_counter() - start < SECONDS / 3:
            for _ in range(n):
                if not call():
                    raise AssertionError(label)
            done += n
        best = max(best, done / (time.perf_counter() - start))
    return label, best


rows = [
    per_second("receipt alone: signature + checkpoint + inclusion",
               lambda: shenfu_rules.verify_receipt(receipt, key).verified),
    per_second("whole answer: + its id and time, the report's SHA-256",
               lambda: shenfu_rules.verify_receipt(answer, key).verified),
    per_second("answer + application (text): + the decision recomputed",
               lambda: shenfu_rules.verify_receipt(answer, key, input_text).verified),
    per_second("answer + application (dict, json.dumps first)",
               lambda: shenfu_rules.verify_receipt(answer_dict, key, input_dict).verified),
    per_second("floor: the extension's function, receipt alone (no wrapper)",
               lambda: native.verify_receipt(receipt, key, None, embedded).verified),
]

print(f"shenfu_rules {shenfu_rules.__version__}, Python {sys.version.split()[0]}, "
      f"best of 3 × {SECONDS / 3:.2f} s")
print()
print("| what is verified | µs per receipt | receipts/s |")
print("| --- | ---: | ---: |")
for label, rate in rows:
    print(f"| {label} | {1e6 / rate:.1f} | {rate:,.0f} |")
