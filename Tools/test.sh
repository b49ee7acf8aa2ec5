#!/usr/bin/env bash
# The whole test suite: installs what is missing, builds, runs every Swift test
# (which also drive the independent Python implementations), then the torture suite at
# its small scale (about a minute).
set -euo pipefail
cd "$(dirname "$0")/.."
bash Tools/install-deps.sh
export PATH="/opt/swift/usr/bin:$PATH"
export ALBO_PYTHON="$PWD/.venv/bin/python"   # the Python every test runs (Tools/install-deps.sh)

echo "==> building (debug, with tests)"
set +e
swift build --build-tests >.build-log.txt 2>&1
rc=$?
grep -E "(error|warning): " .build-log.txt | sort -u | head -50
if [ $rc -ne 0 ]; then tail -40 .build-log.txt; echo "build failed ($rc)"; exit $rc; fi

echo "==> what the compiler refuses (Tools/check-access.sh)"
bash Tools/check-access.sh

echo "==> testing"
# Swift Testing's per-test 'started' lines are noise; results and failures stay.
swift test --skip-build 2>&1 | grep -vE 'started\.$'
rc=${PIPESTATUS[0]}
if [ "$rc" -ne 0 ]; then echo "swift tests failed ($rc)"; exit "$rc"; fi

echo "==> torture suite, small scale (Tools/torture.sh --small)"
bash Tools/torture.sh --small --strict-flips
