#!/usr/bin/env bash
# Evidence benchmark: a 1M-event log with ~10,000 placements of one outcome-paid protocol in
# the claimed semester; times `albo export payments` and both bundle verifiers.
# Usage: Tools/bench_evidence.sh [EVENTS] [PLACEMENTS]   (defaults 1000000 10000)
set -euo pipefail
EVENTS=${1:-1000000}
PLACEMENTS=${2:-10000}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/albo-bench-evidence.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export PATH=/opt/swift/usr/bin:$PATH
bash "$ROOT/Tools/install-deps.sh" >/dev/null
PY="${ALBO_PYTHON:-$ROOT/.venv/bin/python}"

swift build -c release --package-path "$ROOT" >/dev/null
ALBO="$(swift build -c release --package-path "$ROOT" --show-bin-path)/albo"

seconds() { local s=$(date +%s.%N); "$@" >"$WORK/last.out"; echo "$(date +%s.%N) - $s" | bc; }

"$PY" "$ROOT/Tools/bench_evidence_gen.py" --events "$EVENTS" --placements "$PLACEMENTS" --out "$WORK/gen"
"$ALBO" init --store "$WORK/store" --origin bench.example/sesto >/dev/null
t=0
for f in "$WORK"/gen/batch-*.ndjson; do
  t=$(echo "$t + $(seconds "$ALBO" append --store "$WORK/store" "$f")" | bc)
done
echo "append:           $EVENTS events in ${t}s"

ARGS=(--store "$WORK/store" --protocol sesto-bench-2018 --from 2019-01-01 --to 2019-06-30 --key "$WORK/gen/bench.key")
echo "export payments:  $(seconds "$ALBO" export payments "${ARGS[@]}" --out "$WORK/bundle")s — $(cat "$WORK/last.out")"
echo "bundle size:      $(du -sh "$WORK/bundle" | cut -f1) ($(wc -l <"$WORK/bundle/events.ndjson") events)"
echo "export (again):   $(seconds "$ALBO" export payments "${ARGS[@]}" --out "$WORK/bundle2")s; identical: $(diff -r "$WORK/bundle" "$WORK/bundle2" >/dev/null && echo yes || echo NO)"
echo "verify-bundle:    $(seconds "$ALBO" verify-bundle "$WORK/bundle" --vkey "$WORK/gen/bench.vkey")s — $(tail -1 "$WORK/last.out")"
echo "verify_bundle.py: $(seconds "$PY" "$ROOT/Tools/verify_bundle.py" "$WORK/bundle" "$WORK/gen/bench.vkey")s — $(tail -1 "$WORK/last.out")"
