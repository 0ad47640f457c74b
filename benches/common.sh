# Sourced by the comparison scripts under benches/ (after `set -euo pipefail`): moves to the
# repository root, builds the release CLI if it is missing (`$shenfu`), makes a scratch `$work`
# directory removed on exit, and defines `best CMD…` — the best of three wall-clock runs of CMD
# in seconds, its output discarded (exit 1 — "some project is not eligible", "some decision
# changed" — counts as a normal run).
cd "$(dirname "${BASH_SOURCE[0]}")/.."
shenfu=target/release/shenfu
[ -x "$shenfu" ] || cargo build -q --release -p shenfu-rules-cli
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
best() {
  local b=""
  for _ in 1 2 3; do
    local s e
    s=$(date +%s.%N); "$@" > /dev/null 2>&1 || [ $? -eq 1 ]; e=$(date +%s.%N)
    b=$(python3 -c "import sys; t=$e-$s; b='$b'; print(t if not b else min(t, float(b)))")
  done
  echo "$b"
}
