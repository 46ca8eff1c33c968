#!/usr/bin/env bash
# Usage: bench/run.sh [--quick] [--reps N] [--apps N] [--no-pm2] [scenario...]
#
# Measures jmon and, when PM2 can be had, PM2 7 on the same work in the same run: the managers alternate
# repetition by repetition (which one goes first alternates too), every repetition starts a fresh daemon in a
# fresh temp home. Prints medians, min/max and the ratio jmon/PM2 of the medians.
#
#   scenarios : rss list start stop crash logs cpu stubborn   (default: all of these)
#               scale   (opt-in: daemon RSS, threads, CPU and `list` time at each count of BENCH_SCALE)
#   --quick   : small counts, one repetition: a smoke test of the harness, not a measurement
#   --reps N  : repetitions (default 3)          --apps N : idle apps (default 50)
#   --no-pm2  : jmon only (also when npm is missing or the install fails)
#
# Tunables (environment): BENCH_SETTLE_S=5 BENCH_LIST_RUNS=10 BENCH_LOG_LINES=1000000 BENCH_CPU_WINDOW_S=30
#   BENCH_CRASH_S=5 BENCH_SCALE="50 200 1000" BENCH_SCALE_CPU_S=20 BENCH_SCALE_LIST_RUNS=5
#   JMON_BIN (default: the project's ./jmon), PM2_BIN (default: bench/.anchors/node_modules/.bin/pm2),
#   BENCH_OUT (default: bench/.out).
# Results: the table on stdout, and bench/.out/ (results.tsv, results.md, header.txt, notes.txt, vals/).
set -u

BENCH_DIR="$(cd "$(dirname "$0")" && pwd)"
export BENCH_DIR
usage() { sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

QUICK=0; REPS=""; NAPPS=""; USE_PM2=1
DEFAULT_SCENARIOS="rss list start stop crash logs cpu stubborn"
KNOWN="$DEFAULT_SCENARIOS scale"
scenarios=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1;;
    --reps) REPS="${2:?}"; shift;;
    --reps=*) REPS="${1#*=}";;
    --apps) NAPPS="${2:?}"; shift;;
    --apps=*) NAPPS="${1#*=}";;
    --no-pm2) USE_PM2=0;;
    -h|--help) usage;;
    -*) echo "unknown option: $1" >&2; usage;;
    *) case " $KNOWN " in *" $1 "*) scenarios+=("$1");; *) echo "unknown scenario: $1 (known: $KNOWN)" >&2; exit 2;; esac;;
  esac
  shift
done
[ ${#scenarios[@]} -gt 0 ] || read -r -a scenarios <<< "$DEFAULT_SCENARIOS"
case "${REPS:-1}${NAPPS:-1}" in *[!0-9]*) echo "--reps and --apps take whole numbers" >&2; exit 2;; esac

if [ "$QUICK" = 1 ]; then
  REPS="${REPS:-1}"; NAPPS="${NAPPS:-5}"
  SETTLE_S="${BENCH_SETTLE_S:-1}"; LIST_RUNS="${BENCH_LIST_RUNS:-3}"; LOG_LINES="${BENCH_LOG_LINES:-100000}"
  CPU_WINDOW_S="${BENCH_CPU_WINDOW_S:-3}"; CRASH_S="${BENCH_CRASH_S:-2}"
  SCALE_COUNTS="${BENCH_SCALE:-5 10}"; SCALE_CPU_S="${BENCH_SCALE_CPU_S:-2}"; SCALE_LIST_RUNS="${BENCH_SCALE_LIST_RUNS:-2}"
else
  REPS="${REPS:-3}"; NAPPS="${NAPPS:-50}"
  SETTLE_S="${BENCH_SETTLE_S:-5}"; LIST_RUNS="${BENCH_LIST_RUNS:-10}"; LOG_LINES="${BENCH_LOG_LINES:-1000000}"
  CPU_WINDOW_S="${BENCH_CPU_WINDOW_S:-30}"; CRASH_S="${BENCH_CRASH_S:-5}"
  SCALE_COUNTS="${BENCH_SCALE:-50 200 1000}"; SCALE_CPU_S="${BENCH_SCALE_CPU_S:-20}"; SCALE_LIST_RUNS="${BENCH_SCALE_LIST_RUNS:-5}"
fi

for t in node awk date getconf; do
  command -v "$t" >/dev/null || { echo "bench: $t is needed" >&2; exit 2; }
done
[ -x /usr/bin/time ] || { echo "bench: GNU time (/usr/bin/time) is needed" >&2; exit 2; }
[ -d /proc/self ] || { echo "bench: Linux /proc is needed" >&2; exit 2; }

# shellcheck source=lib/common.sh
. "$BENCH_DIR/lib/common.sh"
# shellcheck source=adapters/jmon.sh
. "$BENCH_DIR/adapters/jmon.sh"
# shellcheck source=adapters/pm2.sh
. "$BENCH_DIR/adapters/pm2.sh"
# shellcheck source=lib/scenarios.sh
. "$BENCH_DIR/lib/scenarios.sh"

OUT_DIR="${BENCH_OUT:-$BENCH_DIR/.out}"
rm -rf "$OUT_DIR/vals"; mkdir -p "$OUT_DIR"; rm -f "$OUT_DIR"/{meta.tsv,results.tsv,results.md,header.txt}
: > "$OUT_DIR/notes.txt"
RUN_DIR="$(mktemp -d "${TMPDIR:-/tmp}/jmon-bench.XXXXXX")"
export RUN_DIR
STATE_DIR=""
MGR=bench
declare -A SAVED_STATE=()

# Processes of this run still alive at exit: those whose command line or environment names the temp folder.
# The harness's own processes (they inherit RUN_DIR in their environment) are left out.
run_dir_pids() {
  local f mine
  mine=" $$ $(bt descendants $$ | awk '{ print $1 }' | tr '\n' ' ') "
  for f in /proc/[0-9]*; do
    case "$mine" in *" ${f#/proc/} "*) continue;; esac
    grep -a -q -F "$RUN_DIR" "$f/cmdline" "$f/environ" 2>/dev/null && echo "${f#/proc/}"
  done
  true
}
cleanup() {
  trap - EXIT INT TERM
  local m left
  for m in "${MANAGERS[@]:-}"; do
    [ -n "$m" ] || continue
    for STATE_DIR in "$RUN_DIR"/"$m"-*; do
      [ -d "$STATE_DIR" ] || continue
      MGR=$m; a setup >/dev/null 2>&1; a teardown >/dev/null 2>&1
    done
  done
  kill_tracked
  # shellcheck disable=SC2046
  left=$(alive_pids $(run_dir_pids) | grep -v -x -e "$$" -e "$BASHPID" | tr '\n' ' ')
  if [ -n "${left// /}" ]; then
    echo "bench: processes of this run still alive at exit, killed by pid: $left" >&2
    for m in $left; do echo "  $m: $(tr '\0' ' ' < "/proc/$m/cmdline" 2>/dev/null | cut -c1-200)" >&2; done
    # shellcheck disable=SC2086
    track_pids $left; kill_tracked
  fi
  rm -rf "$RUN_DIR"
}
trap cleanup EXIT
trap 'echo "interrupted" >&2; exit 130' INT TERM

# ---- the managers --------------------------------------------------------------------------------------
MANAGERS=()
jmon_available || { echo "bench: jmon launcher not found at $JMON_BIN (set JMON_BIN)" >&2; exit 2; }
# Builds the jar and the CDS archive when needed, so that no measurement pays for it.
jm --version >/dev/null 2>&1 || { echo "bench: '$JMON_BIN --version' failed" >&2; exit 2; }
MANAGERS+=(jmon)
if [ "$USE_PM2" = 1 ]; then
  if ! pm2_available && [ "$PM2_BIN" = "$BENCH_DIR/.anchors/node_modules/.bin/pm2" ]; then
    if command -v npm >/dev/null; then
      log "installing pm2@7 into bench/.anchors (once; git-ignored)"
      mkdir -p "$BENCH_DIR/.anchors"
      printf '*\n' > "$BENCH_DIR/.anchors/.gitignore"
      timeout 300 npm install --prefix "$BENCH_DIR/.anchors" --no-audit --no-fund --loglevel=error pm2@7 >&2 \
        || log "npm install pm2@7 failed: measuring jmon only"
    else
      log "npm not found: measuring jmon only"
    fi
  fi
  if pm2_available; then MANAGERS+=(pm2); else log "PM2 not available: measuring jmon only"; fi
fi

VERSIONS=""
for MGR in "${MANAGERS[@]}"; do VERSIONS="$VERSIONS${VERSIONS:+; }$(a version)"; done
MGR=bench
{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "machine: nproc=$(nproc), memory $(free -m | awk '/^Mem:/ { print $2 }') MiB, kernel $(uname -r)"
  echo "versions: $VERSIONS"
  echo "settings: reps=$REPS apps=$NAPPS quick=$QUICK settle=${SETTLE_S}s list_runs=$LIST_RUNS log_lines=$LOG_LINES cpu_window=${CPU_WINDOW_S}s crash_window=${CRASH_S}s scale=[$SCALE_COUNTS]"
  echo "scenarios: ${scenarios[*]}"
} > "$OUT_DIR/header.txt"
sed 's/^/# /' "$OUT_DIR/header.txt"

# ---- the run ---------------------------------------------------------------------------------------------
for sc in "${scenarios[@]}"; do
  log "scenario $sc: loadavg $(loadavg)"
  c0=$(cpu_snapshot); t0=$(date +%s)
  for r in $(seq 1 "$REPS"); do
    if declare -F "pair_$sc" >/dev/null; then
      "pair_$sc" "$r" || log "scenario $sc rep $r failed"
    else
      order=("${MANAGERS[@]}")
      # alternate who goes first
      if [ $((r % 2)) = 0 ] && [ ${#order[@]} = 2 ]; then order=("${order[1]}" "${order[0]}"); fi
      for MGR in "${order[@]}"; do
        "sc_$sc" "$r" || { log "scenario $sc rep $r failed for $MGR"; [ -n "$STATE_DIR" ] && finish; }
      done
    fi
    kill_tracked
  done
  MGR=bench
  note "$sc: took $(( $(date +%s) - t0 )) s; loadavg at end $(loadavg); machine CPU busy during it (every process): $(cpu_busy_pct "$c0" "$(cpu_snapshot)")% of $(nproc) cores"
done

# ---- the table ---------------------------------------------------------------------------------------------
echo
bash "$BENCH_DIR/table.sh" "$OUT_DIR"
echo "notes (bench/.out/notes.txt):"
sed 's/^/  /' "$OUT_DIR/notes.txt"
# one result line per scenario that produced numbers (the smoke test looks for these)
for sc in "${scenarios[@]}"; do
  if [ -d "$OUT_DIR/vals/$sc" ]; then echo "result: $sc ok ($(ls "$OUT_DIR/vals/$sc" | wc -l) metrics)"; else echo "result: $sc FAILED (no value)"; fi
done
failed=0
for sc in "${scenarios[@]}"; do [ -d "$OUT_DIR/vals/$sc" ] || failed=1; done
exit "$failed"
