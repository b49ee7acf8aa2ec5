#!/usr/bin/env bash
# Projection benchmark: rebuild throughput, as-of and single-case query latency.
# Usage: Tools/bench_projections.sh [EVENTS=1000000] [WORKDIR=/tmp/albo-bench-projections]
# Uses the release build (built if missing). Prints one line per figure.
set -euo pipefail
EVENTS=${1:-1000000}
WORK=${2:-/tmp/albo-bench-projections}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
bash "$ROOT/Tools/install-deps.sh" >/dev/null
PY="${ALBO_PYTHON:-$ROOT/.venv/bin/python}"
ALBO="$ROOT/.build/release/albo"
[ -x "$ALBO" ] || (cd "$ROOT" && swift build -c release --product albo >/dev/null)
mkdir -p "$WORK"
STORE="$WORK/store"
DATA="$WORK/synthetic-$EVENTS.ndjson"
[ -f "$DATA" ] || "$PY" "$ROOT/Tools/generate.py" synthetic --events "$EVENTS" --out "$DATA" >/dev/null
if [ ! -f "$STORE/data.mdb" ]; then
  "$ALBO" append --store "$STORE" "$DATA" >/dev/null
fi

# Seconds taken by a command (stdout discarded), best of 3.
timed() {
  "$PY" - "$@" <<'PY'
import subprocess, sys, time
best = None
for _ in range(3):
    t = time.perf_counter()
    subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)
    d = time.perf_counter() - t
    best = d if best is None or d < best else best
print(f"{best:.3f}")
PY
}

S=(--store "$STORE")
"$ALBO" rebuild "${S[@]}" --json | "$PY" -c '
import json, sys
r = json.load(sys.stdin)
ms, n = max(r["milliseconds"], 1), r["events"]
print(f"rebuild (all projections): {n} events in {ms/1000:.2f} s = {n*1000//ms} events/s")'
SIZE=$("$ALBO" projections "${S[@]}" --json | "$PY" -c 'import json,sys; print(json.load(sys.stdin)[0]["seq"])')
HALF=$((SIZE / 2))
P=$("$ALBO" query protocols "${S[@]}" --json | "$PY" -c 'import json,sys; print(json.load(sys.stdin)[0]["protocolId"])')
C=$("$ALBO" query cases "${S[@]}" --protocol "$P" --status closed --json | "$PY" -c 'import json,sys; print(json.load(sys.stdin)[0]["caseId"])')
TS=$("$ALBO" show "${S[@]}" "$HALF" | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["recordedAt"])')
echo "tree size: $SIZE; protocol $P; case $C"
echo "query case (head):              $(timed "$ALBO" query case "$C" "${S[@]}" --json) s"
echo "query case --as-of $HALF:       $(timed "$ALBO" query case "$C" "${S[@]}" --json --as-of "$HALF") s"
echo "query outcomes (head):          $(timed "$ALBO" query outcomes "${S[@]}" --protocol "$P" --from 2000-01-01 --to 2099-12-31 --json) s"
echo "query outcomes --as-of $HALF:   $(timed "$ALBO" query outcomes "${S[@]}" --protocol "$P" --from 2000-01-01 --to 2099-12-31 --json --as-of "$HALF") s"
echo "query outcomes --as-of $TS: $(timed "$ALBO" query outcomes "${S[@]}" --protocol "$P" --from 2000-01-01 --to 2099-12-31 --json --as-of "$TS") s"
echo "query desks --as-of $HALF:      $(timed "$ALBO" query desks "${S[@]}" --json --as-of "$HALF") s"
echo "query hires --as-of $HALF:      $(timed "$ALBO" query hires "${S[@]}" --json --as-of "$HALF") s"
