#!/usr/bin/env bash
# Benchmark: prints figures, asserts nothing. Release build.
#   Tools/bench.sh [EVENTS]        (default 1,000,000; set BIG=10000000 to add the 10M proof run)
# Measures: one-batch append of EVENTS events (events/s, peak RSS), 100 batches of 1,000,
# full `albo verify` throughput, and in-process proof latency; the tree's share of append
# time comes from comparing with `perf` profiles (see the closing notes).
set -euo pipefail
cd "$(dirname "$0")/.."
bash Tools/install-deps.sh >/dev/null
PY="${ALBO_PYTHON:-$PWD/.venv/bin/python}"
export PATH="/opt/swift/usr/bin:$PATH"
N=${1:-1000000}
OUT=${BENCH_DIR:-bench-out}
mkdir -p "$OUT"
echo "==> release build"
swift build -c release --product albo >/dev/null
swift build -c release --product albo-bench >/dev/null
BIN=$(swift build -c release --show-bin-path)
ALBO="$BIN/albo"

timed() { # label, command...: prints wall seconds and peak RSS
  local label=$1; shift
  local t0=$(date +%s.%N)
  /usr/bin/time -f "%M" -o "$OUT/rss" "$@" >"$OUT/last.out"
  local t1=$(date +%s.%N)
  WALL=$(awk "BEGIN{print $t1 - $t0}")
  RSS=$(cat "$OUT/rss")
  printf '%-44s %8.2f s   peak RSS %6d MiB\n' "$label" "$WALL" $((RSS / 1024))
}

echo "==> generating $N synthetic events"
[ -f "$OUT/events-$N.ndjson" ] || "$PY" Tools/generate.py synthetic --events "$N" --out "$OUT/events-$N.ndjson"
[ -f "$OUT/batches-100.0099" ] || "$PY" Tools/generate.py synthetic --events 100000 --batches 100 --seed 7 --out "$OUT/batches-100"

rm -rf "$OUT/store"
timed "append $N events, one batch" "$ALBO" append --store "$OUT/store" "$OUT/events-$N.ndjson"
printf '%-44s %8.0f events/s\n' "  throughput" "$(awk "BEGIN{print $N / $WALL}")"

rm -rf "$OUT/store-b"
t0=$(date +%s.%N); maxrss=0
for f in "$OUT"/batches-100.*; do
  /usr/bin/time -f "%M" -o "$OUT/rss" "$ALBO" append --store "$OUT/store-b" "$f" >/dev/null
  r=$(cat "$OUT/rss"); [ "$r" -gt "$maxrss" ] && maxrss=$r
done
t1=$(date +%s.%N); W=$(awk "BEGIN{print $t1 - $t0}")
printf '%-44s %8.2f s   peak RSS %6d MiB\n' "append 100 batches of 1,000 (100 processes)" "$W" $((maxrss / 1024))
printf '%-44s %8.0f events/s\n' "  throughput" "$(awk "BEGIN{print 100000 / $W}")"

timed "verify $N events" "$ALBO" verify --store "$OUT/store"
printf '%-44s %8.0f events/s\n' "  throughput" "$(awk "BEGIN{print $N / $WALL}")"
du -sh "$OUT/store" | awk '{print "store size on disk: " $1}'

echo "==> proof latency at $N events (in process)"
"$BIN/albo-bench" proofs "$OUT/store" 20000

if [ -n "${BIG:-}" ]; then
  echo "==> proof latency at $BIG events"
  [ -f "$OUT/events-$BIG.ndjson" ] || "$PY" Tools/generate.py synthetic --events "$BIG" --seed 3 --out "$OUT/events-$BIG.ndjson"
  rm -rf "$OUT/store-big"
  timed "append $BIG events, one batch" "$ALBO" append --store "$OUT/store-big" "$OUT/events-$BIG.ndjson"
  "$BIN/albo-bench" proofs "$OUT/store-big" 20000
fi
