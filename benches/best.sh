# Sourced by the comparison scripts under benches/: `best CMD…` prints the best of three
# wall-clock runs of CMD in seconds, its output discarded (exit 1 — "some project is not
# eligible", "some decision changed" — counts as a normal run).
best() {
  local b=""
  for _ in 1 2 3; do
    local s e
    s=$(date +%s.%N); "$@" > /dev/null 2>&1 || [ $? -eq 1 ]; e=$(date +%s.%N)
    b=$(python3 -c "import sys; t=$e-$s; b='$b'; print(t if not b else min(t, float(b)))")
  done
  echo "$b"
}
