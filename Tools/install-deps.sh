#!/usr/bin/env bash
# Installs what a fresh Debian machine lacks, and nothing when all is present:
#   - from apt (one `apt-get update` first, only when something is missing): liblmdb-dev,
#     pkg-config, bsdutils (`script`, for the terminal test), gcc and libssl-dev (the
#     benchmark's reference programs), python3-venv, chromium (the report tests render
#     report.html headless), poppler-utils (pdftotext: the print test reads where each word
#     of the printed PDF lies), golang-go and golang-golang-x-mod-dev (Go's tlog reads the
#     published tiles), curl (raw requests to the witness);
#   - the pinned Python tools the tests check Albo against, into a virtual environment
#     inside the project, .venv/ (git-ignored). The system Python is never pip-installed
#     into, so Debian 12's "externally-managed-environment" refusal does not matter.
# Every Python run by the tests and Tools/ scripts is .venv/bin/python (or $ALBO_PYTHON).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
VENV="$ROOT/.venv"

# --- apt packages -------------------------------------------------------------------
missing=()
{ pkg-config --exists lmdb 2>/dev/null && [ -f /usr/include/lmdb.h ]; } || missing+=(liblmdb-dev)
command -v pkg-config >/dev/null || missing+=(pkg-config)
command -v script >/dev/null || missing+=(bsdutils)
command -v gcc >/dev/null || missing+=(gcc)
[ -f /usr/include/openssl/ssl.h ] || missing+=(libssl-dev)
command -v python3 >/dev/null || missing+=(python3)
command -v chromium >/dev/null || missing+=(chromium)
command -v pdftotext >/dev/null || missing+=(poppler-utils)
# Go's sumdb/tlog and note read the published tiles (offline: GO111MODULE=off, GOPATH=/usr/share/gocode);
# curl posts raw requests to the witness in its tests.
command -v go >/dev/null || missing+=(golang-go)
[ -d /usr/share/gocode/src/golang.org/x/mod/sumdb/tlog ] || missing+=(golang-golang-x-mod-dev)
command -v curl >/dev/null || missing+=(curl)
# venv needs ensurepip, which Debian ships separately in python3-venv.
if [ ! -x "$VENV/bin/python" ] && command -v python3 >/dev/null \
   && ! python3 -c 'import ensurepip, venv' 2>/dev/null; then
  missing+=(python3-venv)
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> installing ${missing[*]} (apt)"
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-deps: need root to apt-get install ${missing[*]}; run as root or install them yourself" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- the project's Python environment ------------------------------------------------
pinned_ok() {
  "$VENV/bin/python" - <<'PY' 2>/dev/null
import importlib.metadata as m, sys
want = {"rfc8785": "0.1.4", "jsonschema": "4.26.0", "cryptography": "48.0.0", "rekor-verifier": "4.0.0"}
sys.exit(0 if all(m.version(k) == v for k, v in want.items()) else 1)
PY
}

if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import sys' 2>/dev/null; then
  echo "==> creating the project's Python environment ($VENV)"
  rm -rf "$VENV"
  python3 -m venv "$VENV"
fi
if ! pinned_ok; then
  echo "==> installing pinned Python test tools into .venv (pip)"
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check -r Tools/requirements-test.txt
  # rekor-verifier pins cryptography<47 for its network client, which Albo never uses;
  # its RFC 9162 merkle_proof module needs only hashlib, so it goes in without dependencies.
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check --no-deps rekor-verifier==4.0.0
  pinned_ok || { echo "install-deps: the pinned Python tools are still missing from $VENV" >&2; exit 1; }
fi

export PATH="/opt/swift/usr/bin:$PATH"
command -v swift >/dev/null || { echo "swift not found (expected at /opt/swift/usr/bin)" >&2; exit 1; }
