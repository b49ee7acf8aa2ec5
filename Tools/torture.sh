#!/usr/bin/env bash
# The torture suite (issue 9): kill -9 during append/rebuild/backup, concurrent writers and
# timed readers, random byte flips in store copies, and a mutation fuzzer over valid events,
# all against the real `albo`. Prints a summary table; exits 1 on a crash, a lost or split
# batch, a bad backup, or a store changed by a failed append (see Tools/torture.py).
#   Tools/torture.sh            full scale: 60 kills, 200 flips, 5,000 fuzzed inputs
#   Tools/torture.sh --small    CI scale, about a minute
#   --strict-flips              also fail when a flipped byte crashes a command
#   --seed S, --keep, --json FILE, --phases kills,writers,flips,fuzz
# ALBO_BIN picks the binary (default: the debug build, built when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${ALBO_PYTHON:-$PWD/.venv/bin/python}"
[ -x "$PY" ] || { echo "torture: $PY missing; run bash Tools/install-deps.sh" >&2; exit 1; }
export PATH="/opt/swift/usr/bin:$PATH"
if [ -z "${ALBO_BIN:-}" ]; then
  ALBO_BIN="$(swift build --show-bin-path)/albo"
  [ -x "$ALBO_BIN" ] || swift build --product albo >/dev/null
fi
exec "$PY" Tools/torture.py --albo "$ALBO_BIN" --python "$PY" "$@"
