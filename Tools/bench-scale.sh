#!/usr/bin/env bash
# A run at scale (20,000,000 events by default): what an office with years of history sees.
# Prints figures, asserts nothing. Each phase is timed as a whole process, with its peak
# anonymous memory (RssAnon: the heap, not the mapped data file) and peak resident set,
# sampled from /proc every 0.2 s; the store's size on disk follows the phases that grow it.
#
#   Tools/bench-scale.sh [EVENTS]
#     DIR=...      where the events, the store and the backup go (default bench-scale/)
#     ALBO=...     the albo binary (default: this checkout's release build)
#     BATCH=...    import in batches of this many events (each its own atomic `albo append`)
#                  instead of one batch of all of them
#     PHASES="..." a subset of: reference import verify rebuild replay query report erase backup
#                  (verify is `verify --log-only`; replay is the whole `verify`, which also
#                  replays the projections into scratch databases and compares digests)
#                  (default all, in that order; a later phase uses the store an earlier run made)
#
# The reference phase runs the C programs of Tools/bench on the same events, so that the
# import, verify and rebuild times also read as ratios (import ÷ rawlmdb, verify and
# rebuild ÷ rawscan), whatever the machine's speed that day.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
PY="${ALBO_PYTHON:-$PWD/.venv/bin/python}"
N=${1:-20000000}
DIR=${DIR:-bench-scale}
PHASES=${PHASES:-reference import verify rebuild replay query report erase backup}
mkdir -p "$DIR"
if [ -z "${ALBO:-}" ]; then
  swift build -c release --product albo >/dev/null
  ALBO="$(swift build -c release --show-bin-path)/albo"
fi
EVENTS="$DIR/events-$N.ndjson"
STORE="$DIR/store"
has() { case " $PHASES " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }

# run LABEL CMD...: runs CMD, prints one line: label, wall seconds, events/s (for a phase
# over the whole log: set WHOLE=1), peak RssAnon and RSS (MiB). Wall seconds in WALL.
run() {
  local label=$1; shift
  local t0 t1 pid anon=0 rss=0 a r f
  f="$DIR/$(printf '%s' "$label" | tr -c 'A-Za-z0-9' '_')"
  t0=$(date +%s.%N)
  "$@" >"$f.out" 2>"$f.err" &
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    a=$(awk '/^RssAnon:/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
    r=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
    [ -n "$a" ] && [ "$a" -gt "$anon" ] && anon=$a
    [ -n "$r" ] && [ "$r" -gt "$rss" ] && rss=$r
    sleep 0.2
  done
  local rc=0
  wait "$pid" || rc=$?
  t1=$(date +%s.%N)
  WALL=$(awk "BEGIN{printf \"%.1f\", $t1 - $t0}")
  local rate=""
  [ -n "${WHOLE:-}" ] && rate="$(awk "BEGIN{printf \"%.0f\", $N / $WALL}") ev/s"
  printf '%-44s %9s s  %14s  RssAnon %5d MiB  RSS %6d MiB  exit %d\n' "$label" "$WALL" "$rate" \
    $((anon / 1024)) $((rss / 1024)) "$rc"
  ANON=$((anon / 1024)) RSS=$((rss / 1024))
  [ "$rc" -eq 0 ] || { echo "  $label failed:"; tail -5 "$f.err"; }
}
size() { du -sh --apparent-size "$1" | cut -f1; }
ratio_line() { printf '    %s: %.3f× %s\n' "$1" "$(awk "BEGIN{print $2 / $3}")" "$4"; }

echo "==> $N events in $DIR, albo at $ALBO"
echo "    machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; load average $(cut -d' ' -f1-3 /proc/loadavg)"
if [ ! -f "$EVENTS" ]; then
  "$PY" Tools/generate.py synthetic --events "$N" --seed 3 --out "$EVENTS" >/dev/null
fi
echo "    events file: $(size "$EVENTS")"

REF="$DIR/reference.txt"
if has reference; then
  cc -O2 -Wno-deprecated-declarations -o "$DIR/rawlmdb" Tools/bench/rawlmdb.c -llmdb -lcrypto
  cc -O2 -Wno-deprecated-declarations -o "$DIR/rawscan" Tools/bench/rawscan.c -llmdb -lcrypto
  rm -rf "$DIR/raw" && mkdir -p "$DIR/raw"
  read -r _ RS <<<"$("$DIR/rawlmdb" "$EVENTS" "$DIR/raw")"
  read -r _ SS _ <<<"$("$DIR/rawscan" "$DIR/raw")"
  echo "$RS $SS" >"$REF"
  printf '%-44s %9s s   rawscan %s s\n' "rawlmdb (reference)" "$RS" "$SS"
  rm -rf "$DIR/raw"
fi
read -r RS SS 2>/dev/null <"$REF" || { RS=""; SS=""; }

if has import; then
  rm -rf "$STORE"
  if [ -n "${BATCH:-}" ] && [ "$BATCH" -lt "$N" ]; then
    rm -rf "$DIR/batches" && mkdir -p "$DIR/batches"
    split -l "$BATCH" -d -a 4 --additional-suffix=.ndjson "$EVENTS" "$DIR/batches/b"
    total=0 peak_anon=0 peak_rss=0 i=0 k=$(ls "$DIR/batches" | wc -l)
    for f in "$DIR/batches"/b*.ndjson; do
      i=$((i + 1))
      run "import batch $i/$k" "$ALBO" append --store "$STORE" "$f"
      total=$(awk "BEGIN{print $total + $WALL}")
      [ "$ANON" -gt "$peak_anon" ] && peak_anon=$ANON
      [ "$RSS" -gt "$peak_rss" ] && peak_rss=$RSS
    done
    rm -rf "$DIR/batches"
    WALL=$total
    printf '%-44s %9s s  %14s  RssAnon %5d MiB  RSS %6d MiB (peaks)\n' "import ($k batches of $BATCH)" "$WALL" \
      "$(awk "BEGIN{printf \"%.0f\", $N / $WALL}") ev/s" "$peak_anon" "$peak_rss"
  else
    WHOLE=1 run import "$ALBO" append --store "$STORE" "$EVENTS"
  fi
  [ -n "$RS" ] && ratio_line "import ÷ rawlmdb" "$RS" "$WALL" "(rawlmdb stores all of them in one transaction)"
  echo "    store on disk: $(du -sh "$STORE" | cut -f1) ($(ls -l "$STORE" | awk 'NR>1 {printf "%s %s; ", $9, $5}'))"
fi
if has verify; then
  WHOLE=1 run "verify --log-only" "$ALBO" verify --log-only --store "$STORE"
  [ -n "$SS" ] && ratio_line "verify --log-only ÷ rawscan" "$SS" "$WALL" ""
fi
if has rebuild; then
  WHOLE=1 run rebuild "$ALBO" rebuild --store "$STORE"
  [ -n "$SS" ] && ratio_line "rebuild ÷ rawscan" "$SS" "$WALL" ""
  echo "    store on disk: $(du -sh "$STORE" | cut -f1)"
fi
if has replay; then
  WHOLE=1 run "verify (log and projection replay)" "$ALBO" verify --store "$STORE"
  [ -n "$SS" ] && ratio_line "verify ÷ rawscan" "$SS" "$WALL" ""
fi
if has query; then
  CASE=$(grep -m1 -o '"caseId":"[^"]*"' "$EVENTS" | cut -d'"' -f4)
  PROTO=$(grep -m1 -o '"protocolId":"[^"]*"' "$EVENTS" | cut -d'"' -f4)
  run "query case" "$ALBO" query case "$CASE" --store "$STORE"
  run "query outcomes (one protocol, 5 years)" "$ALBO" query outcomes --protocol "$PROTO" --from 2020-01-01 --to 2024-12-31 --store "$STORE"
  run "query desks --as-of N/2" "$ALBO" query desks --as-of $((N / 2)) --store "$STORE"
  run "prove N/3" "$ALBO" prove $((N / 3)) --store "$STORE"
fi
if has report; then
  rm -rf "$DIR/report"
  run "report semester 2022-H1" "$ALBO" report semester --store "$STORE" --semester 2022-H1 --out "$DIR/report"
  [ -n "$SS" ] && ratio_line "report ÷ rawscan" "$WALL" "$SS" "(target ≤ 2)"
fi
if has erase; then
  PERSON=$(grep -m1 -o '"person":"[^"]*"' "$EVENTS" | cut -d'"' -f4)
  run "erase one person" "$ALBO" erase --store "$STORE" --person "$PERSON" --reason benchmark --override-retention
fi
if has backup; then
  rm -rf "$DIR/backup"
  run backup "$ALBO" backup --store "$STORE" "$DIR/backup"
  echo "    backup on disk: $(du -sh "$DIR/backup" | cut -f1)"
  rm -rf "$DIR/backup"
fi
echo "    load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
