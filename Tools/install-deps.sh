#!/usr/bin/env bash
# Installs what a fresh machine lacks: the system LMDB library, Chromium (for the report
# tests) and the pinned Python tools the tests check Albo against. Safe to run again: it skips what is present.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! pkg-config --exists lmdb 2>/dev/null || [ ! -f /usr/include/lmdb.h ]; then
  echo "==> installing liblmdb-dev (apt)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq liblmdb-dev pkg-config >/dev/null
fi

# Debian's Chromium renders report.html headless in the report tests (console, charts, PDF).
if ! command -v chromium >/dev/null 2>&1; then
  echo "==> installing chromium (apt)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
fi

if ! python3 - <<'PY' 2>/dev/null
import importlib.metadata as m, sys
want = {"rfc8785": "0.1.4", "jsonschema": "4.26.0", "cryptography": "48.0.0", "rekor-verifier": "4.0.0"}
sys.exit(0 if all(m.version(k) == v for k, v in want.items()) else 1)
PY
then
  echo "==> installing pinned Python test tools (pip)"
  python3 -m pip install -q --disable-pip-version-check -r Tools/requirements-test.txt
  # rekor-verifier pins cryptography<47 for its network client, which Albo never uses;
  # its RFC 9162 merkle_proof module needs only hashlib, so it goes in without dependencies.
  python3 -m pip install -q --disable-pip-version-check --no-deps rekor-verifier==4.0.0
fi

export PATH="/opt/swift/usr/bin:$PATH"
command -v swift >/dev/null || { echo "swift not found (expected at /opt/swift/usr/bin)" >&2; exit 1; }
