#!/usr/bin/env bash
# The demo: installs what is missing, builds, loads the five seed scenarios into a fresh
# store and shows what the ledger holds, what the projections answer, and how an auditor
# checks it all. Everything it writes goes to ./demo-data (recreated on each run).
set -euo pipefail
cd "$(dirname "$0")/.."
bash Tools/install-deps.sh
PY="${ALBO_PYTHON:-$PWD/.venv/bin/python}"   # the project's Python, with the pinned tools
export PATH="/opt/swift/usr/bin:$PATH"

echo "==> building"
swift build --product albo 2>&1 | grep -E "error|warning: |Compiling albo|Build complete" || true
ALBO="$(swift build --show-bin-path)/albo"
D=demo-data
rm -rf "$D" && mkdir -p "$D"
export ALBO_STORE="$D/store"
step() { printf '\n\033[1m== %s\033[0m\n$ %s\n' "$1" "${*:2}"; "${@:2}"; }

step "Generate the seed scenarios (deterministic)" "$PY" Tools/generate.py seeds --out "$D/seeds"
step "Create the store" "$ALBO" init --origin albo.example/demo
for f in "$D"/seeds/*.ndjson; do
  step "Append $(basename "$f")" "$ALBO" append "$f"
done
step "Appending the same file again is an idempotent no-op" "$ALBO" append "$D/seeds/002-trecate.ndjson"
printf '{"id":"not-a-uuid","type":"CaseOpened","recordedBy":"op-x","data":{"caseId":"TRE 1","openedOn":"2023-02-30"}}\n' > "$D/bad.ndjson"
step "A bad batch is refused whole, every violation named (exit 65)" bash -c "'$ALBO' append '$D/bad.ndjson' || echo \"exit \$?\""

CASE=$(head -1 "$D/seeds/002-trecate.ndjson" >/dev/null; grep -m1 '"CaseOpened"' "$D/seeds/002-trecate.ndjson" | "$PY" -c 'import json,sys; print(json.loads(sys.stdin.read())["data"]["caseId"])')
step "A Trecate case's history" "$ALBO" history "case:$CASE"
step "The stored record, exact RFC 8785 bytes" "$ALBO" show --sealed 0

  step "Trecate convention, Nov 2022 – Oct 2023 (534 / 207 / 327, 256 from CPI Novara)" \
    "$ALBO" query outcomes --protocol conv-trecate-2022 --from 2022-11-01 --to 2023-10-31
  step "Distretto Ceramico hires (13 positions, 8 on PN Inclusione)" \
    "$ALBO" query hires --employer "Unione dei Comuni del Distretto Ceramico"
  step "Crema desk in 2018 (over 1,000 persons)" "$ALBO" query desks --from 2018-01-01 --to 2018-12-31
  step "Livorno memoranda and their parties" "$ALBO" query protocols --party "Comune di Piombino"
  step "What the ledger held after the first two files (as-of)" "$ALBO" query protocols --as-of 10
  step "Projections and their digests" "$ALBO" projections

step "Create a signing key" "$ALBO" keygen --name albo.example/demo-key --out "$D/demo.key"
step "Sign a checkpoint of today's log" bash -c "'$ALBO' checkpoint --key '$D/demo.key' | tee '$D/checkpoint'"
step "Verify everything from the stored bytes, and that the log extends the checkpoint" \
  "$ALBO" verify --checkpoint "$D/checkpoint" --vkey "$D/demo.key.pub"
step "Inclusion proof of event 42" bash -c "'$ALBO' prove 42 --json | tee '$D/proof.json'"
step "…checked with generic tools (Python cryptography + an RFC 9162 verifier)" \
  "$PY" Tools/check_checkpoint.py "$D/checkpoint" "$D/demo.key.pub" "$D/proof.json"

  step "File Sesto San Giovanni's claim for the first semester of 2019 in the ledger (computed by the payment rules)" \
    bash -c "'$ALBO' claim --protocol sesto-sg-servizi-lavoro-2018 --from 2019-01-01 --to 2019-06-30 --claim-id sesto-2019-H1 --json | tee '$D/claim-2019-H1.json'"
  TOTAL=$("$PY" -c 'import json, sys; print(json.load(open(sys.argv[1]))["totalCents"])' "$D/claim-2019-H1.json")
  step "Record the payment received for it" "$ALBO" claim pay sesto-2019-H1 --paid-on "$(date -u +%F)" --amount "$TOTAL"
  step "Export the filed claim as a signed evidence bundle (the same totals after any later erasure or correction)" \
    "$ALBO" export payments --claim sesto-2019-H1 --out "$D/claim-2019-H1" --key "$D/demo.key"
  step "The claim's summary" cat "$D/claim-2019-H1/summary.json"
  step "Verify the bundle offline with Albo" "$ALBO" verify-bundle "$D/claim-2019-H1" --vkey "$D/demo.key.pub"
  step "…and with the standalone Python verifier" "$PY" Tools/verify_bundle.py "$D/claim-2019-H1" "$D/demo.key.pub"
  step "The council-ready semester report: Sesto San Giovanni, first semester of 2019" \
    "$ALBO" report semester --semester 2019-H1 --protocol sesto-sg-servizi-lavoro-2018 --out "$D/report-sesto-2019-H1" --key "$D/demo.key" \
    --office "Comune di Sesto San Giovanni – Servizi per il lavoro"
  printf 'Open %s/report-sesto-2019-H1/report.html in a browser (every number is in figures.json and figures.csv beside it).\n' "$(pwd)/$D"
step "An ESF+ scenario with participant data (Trecate and Cerano, 2023-2024)" "$PY" Tools/generate.py esf --out "$D/esf.ndjson"
step "Append it" "$ALBO" append "$D/esf.ndjson"
step "The ESF+ common indicators of 2023, per gender" \
  "$ALBO" report esf --from 2023-01-01 --to 2023-12-31 --out "$D/esf-2023" --key "$D/demo.key" --office "Comune di Trecate – Servizi per il lavoro"
step "…recomputed from the events alone by an independent Python replay" "$PY" Tools/esf_check.py "$D/esf.ndjson" "$D/esf-2023"
step "Ready for the programme's monitoring system" head -6 "$D/esf-2023/indicators.csv"

# Publication: static tiles anyone can serve, a witness that cosigns, an auditor over HTTP.
# wait_for FILE TEXT: polls (at most 30 s) until FILE contains TEXT.
wait_for() { for _ in $(seq 300); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done; cat "$1"; return 1; }
BACKGROUND=()
trap 'for p in "${BACKGROUND[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT
step "A log key named after the store's origin (witnesses know a log by its origin)" \
  "$ALBO" keygen --name albo.example/demo --out "$D/log.key"
step "Publish the log as C2SP tlog-tiles: checkpoint, hash tiles, entry bundles (sealed fields stay sealed)" \
  "$ALBO" publish --out "$D/site" --key "$D/log.key" --entries
step "A witness's cosigner key (type 0x04)" "$ALBO" keygen --witness --name witness.example/demo --out "$D/witness.key"
printf '\n$ albo witness serve --key %s --log %s --state %s --listen 127.0.0.1:0 &\n' "$D/witness.key" "$D/log.key.pub" "$D/witness-state"
"$ALBO" witness serve --key "$D/witness.key" --log "$D/log.key.pub" --state "$D/witness-state" --listen 127.0.0.1:0 >"$D/witness.out" 2>&1 &
BACKGROUND+=($!)
wait_for "$D/witness.out" "listening on"
cat "$D/witness.out"
WITNESS="http://127.0.0.1:$(sed -n 's/.*listening on 127.0.0.1:\([0-9]*\).*/\1/p' "$D/witness.out")"
step "Republish with a quorum of one: the checkpoint is replaced only once the witness cosigned it" \
  "$ALBO" publish --out "$D/site" --key "$D/log.key" --witness "$WITNESS=$D/witness.key.pub" --quorum 1
step "The cosigned checkpoint" cat "$D/site/checkpoint"
step "…the cosignature checked with Python cryptography" "$PY" Tools/cosignature_check.py "$D/site/checkpoint" "$D/witness.key.pub"
python3 -u -m http.server 0 --bind 127.0.0.1 --directory "$D/site" >"$D/http.out" 2>&1 &
BACKGROUND+=($!)
wait_for "$D/http.out" "Serving HTTP"
SITE="http://127.0.0.1:$(sed -n 's/.*port \([0-9]*\).*/\1/p' "$D/http.out" | head -1)"
step "An auditor reads it over HTTP: signature, witness quorum, every entry against the tiles" \
  "$ALBO" audit "$SITE" --vkey "$D/log.key.pub" --witness "$D/witness.key.pub" --quorum 1 --state "$D/audit.state" --entries
for p in "${BACKGROUND[@]}"; do kill "$p" 2>/dev/null || true; done
BACKGROUND=()

step "A hot backup" "$ALBO" backup "$D/backup"
printf '\nDemo done: store in %s, checkpoint in %s/checkpoint.\n' "$ALBO_STORE" "$D"
