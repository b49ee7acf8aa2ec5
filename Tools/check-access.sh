#!/usr/bin/env bash
# What the compiler keeps append-only: snippets type-checked against the built modules.
# Each `refused` snippet must fail to compile with the error named; the `allowed` ones must
# compile (so that a refusal is the access rule at work, not a broken set-up). Then two
# rules no snippet can show: only AlboLog (and the LMDB layer) imports LMDB, and no reading
# module imports AlboLog's Writing SPI. Needs `swift build` first; takes a few seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
MODULES="$(swift build --show-bin-path)/Modules"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
failures=0

typecheck() { swiftc -typecheck -I "$MODULES" -I Sources/CLMDB "$1" >"$WORK/out" 2>&1; }

# allowed NAME: the snippet on stdin compiles.
allowed() {
  cat >"$WORK/$1.swift"
  if typecheck "$WORK/$1.swift"; then echo "ok   allowed: $1"; else
    echo "FAIL allowed: $1 does not compile:"; grep -E "error:" "$WORK/out" | sort -u | head -5; failures=$((failures + 1)); fi
}

# refused NAME 'ERROR TEXT': the snippet on stdin fails to compile, with ERROR TEXT.
refused() {
  cat >"$WORK/$1.swift"
  if typecheck "$WORK/$1.swift"; then echo "FAIL refused: $1 compiles"; failures=$((failures + 1))
  elif grep -qF -- "$2" "$WORK/out"; then echo "ok   refused: $1"
  else echo "FAIL refused: $1 fails, but not with \"$2\":"; grep -E "error:" "$WORK/out" | sort -u | head -5; failures=$((failures + 1)); fi
}

allowed writer-through-spi <<'SWIFT'
@_spi(Writing) import AlboLog
func f(_ ledger: Ledger) throws {
    _ = try ledger.writer().append(BatchInput(bytes: []))
    _ = try ledger.writer().erase(subject: "s", reason: "r", recordedBy: "op")
    try ledger.projectionUpdater().write { _ in }
}
SWIFT

allowed reader-reads <<'SWIFT'
import AlboLog
func f(_ ledger: Ledger) throws {
    let reader: LogReader = ledger.reader
    _ = try reader.read { $0.size }
    _ = try reader.readProjections { $0.log.size }
    _ = try reader.verify()
}
SWIFT

refused reader-append "value of type 'LogReader' has no member 'append'" <<'SWIFT'
import AlboLog
func f(_ reader: LogReader) throws { _ = try reader.append(BatchInput(bytes: [])) }
SWIFT

refused reader-erase "value of type 'LogReader' has no member 'erase'" <<'SWIFT'
import AlboLog
func f(_ reader: LogReader) throws { _ = try reader.erase(subject: "s", reason: "r", recordedBy: "op") }
SWIFT

refused reader-projection-write "value of type 'LogReader' has no member 'writeProjections'" <<'SWIFT'
import AlboLog
func f(_ reader: LogReader) throws { try reader.writeProjections { _ in } }
SWIFT

refused ledger-append "'append' is inaccessible due to 'internal' protection level" <<'SWIFT'
import AlboLog
func f(_ ledger: Ledger) throws { _ = try ledger.append(BatchInput(bytes: [])) }
SWIFT

refused writer-without-spi "'writer' is inaccessible due to '@_spi' protection level" <<'SWIFT'
import AlboLog
func f(_ ledger: Ledger) throws { _ = try ledger.writer() }
SWIFT

refused updater-without-spi "'projectionUpdater' is inaccessible due to '@_spi' protection level" <<'SWIFT'
import AlboLog
func f(_ ledger: Ledger) throws { _ = try ledger.projectionUpdater() }
SWIFT

refused writer-type-without-spi "cannot find type 'LogWriter' in scope" <<'SWIFT'
import AlboLog
func f(_ writer: LogWriter) {}
SWIFT

refused writer-from-reader "is inaccessible due to 'internal' protection level" <<'SWIFT'
@_spi(Writing) import AlboLog
func f(_ reader: LogReader) -> LogWriter { LogWriter(reader.ledger) }
SWIFT

refused mapped-bytes "cannot find 'MappedBytes' in scope" <<'SWIFT'
import AlboLog
let bytes = MappedBytes([])
SWIFT

refused projection-raw-transaction "'txn' is inaccessible due to 'internal' protection level" <<'SWIFT'
import AlboLog
func f(_ txn: ProjectionTransaction) { _ = txn.txn }
SWIFT

# Only the LMDB layer and AlboLog import LMDB (tests of those two may, to damage a store).
lmdb=$(grep -rlE '^\s*(public |internal |@_implementationOnly )?import C?LMDB\b' Sources --include='*.swift' \
  | grep -vE '^Sources/(LMDB|AlboLog)/' || true)
if [ -n "$lmdb" ]; then echo "FAIL LMDB imported outside AlboLog: $lmdb"; failures=$((failures + 1)); else echo "ok   LMDB imported by AlboLog only"; fi

# No reading module may see the Writing SPI: only the command line and the tests do.
spi=$(grep -rl '@_spi(Writing)' Sources --include='*.swift' | grep -vE '^Sources/(AlboLog|albo|albo-bench)/' || true)
if [ -n "$spi" ]; then echo "FAIL Writing SPI imported by a reading module: $spi"; failures=$((failures + 1)); else echo "ok   Writing SPI outside AlboLog only in the command line"; fi

if [ "$failures" -ne 0 ]; then echo "check-access: $failures check(s) failed"; exit 1; fi
echo "check-access: all checks passed"
