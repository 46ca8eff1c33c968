# shellcheck shell=bash
# Helpers for bench/run.sh: clocks, statistics, result files, /proc, pid bookkeeping. Sourced, not executed.
# Expects BENCH_DIR, RUN_DIR and OUT_DIR to be set by run.sh, and MGR (the manager being measured) while a
# scenario runs.

now_ms() { date +%s%3N; }
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
bt() { node "$BENCH_DIR/tools/bt.js" "$@"; }
ms_to_s() { awk -v m="$1" 'BEGIN { printf "%.3f\n", m / 1000 }'; }
kib_to_mib() { awk -v k="$1" 'BEGIN { printf "%.1f\n", k / 1024 }'; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

# a FUNC ARGS...: calls the current manager's adapter function ${MGR}_FUNC.
a() { local f="${MGR}_$1"; shift; "$f" "$@"; }
has() { declare -F "${MGR}_$1" >/dev/null; }

# Reads numbers (one a line) on stdin; prints "median min max n".
stats() {
  sort -g | awk '{ v[NR] = $1 }
    END {
      if (NR == 0) { print "NA NA NA 0"; exit }
      m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
      printf "%.6g %.6g %.6g %d\n", m, v[1], v[NR], NR
    }'
}

# rec SCENARIO METRIC UNIT VALUE [NOTE]: one measured value of the current manager.
# Values: $OUT_DIR/vals/<scenario>/<metric>/<manager>; metadata (first appearance order): $OUT_DIR/meta.tsv.
rec() {
  local sc="$1" metric="$2" unit="$3" v="$4" note="${5:-}"
  case "$v" in ''|*[!0-9.eE+-]*) log "  $MGR $sc/$metric: no value ($v)"; return 0;; esac
  mkdir -p "$OUT_DIR/vals/$sc/$metric"
  echo "$v" >> "$OUT_DIR/vals/$sc/$metric/$MGR"
  awk -F'\t' -v s="$sc" -v m="$metric" '$1 == s && $2 == m { f = 1 } END { exit !f }' "$OUT_DIR/meta.tsv" 2>/dev/null \
    || printf '%s\t%s\t%s\t%s\n' "$sc" "$metric" "$unit" "$note" >> "$OUT_DIR/meta.tsv"
  log "  $MGR $sc/$metric = $v $unit"
}

# note TEXT: an observation for the report (bench/.out/notes.txt); temp paths are rewritten as $RUN.
note() {
  local line="[$MGR] $*"
  line="${line//$RUN_DIR/\$RUN}"
  printf '%s\n' "$line" >> "$OUT_DIR/notes.txt"
  log "  note: $line"
}

# Pids (one a line) still alive among the given ones; a zombie counts as gone.
alive_pids() {
  local p s
  for p in "$@"; do
    [ -n "$p" ] && [ "$p" != 0 ] || continue
    s=$(cat "/proc/$p/stat" 2>/dev/null) || continue
    s=${s##*) }
    case "${s%% *}" in Z|X) ;; *) echo "$p";; esac
  done
  true
}

# Start time (clock ticks after boot) of a pid: a pid is signalled only while it is still the same process.
proc_start() {
  local s
  s=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  s=${s##*) }
  # shellcheck disable=SC2086
  set -- $s
  echo "${20}"
}
track_pids() {
  local p st
  for p in "$@"; do
    st=$(proc_start "$p") || continue
    printf '%s %s\n' "$p" "$st" >> "$RUN_DIR/tracked.pids"
  done
}
track_daemon_tree() {
  local d; d=$(a daemon_pid 2>/dev/null)
  [ -n "$d" ] || return 0
  # shellcheck disable=SC2046
  track_pids "$d" $(bt descendants "$d" | awk '{ print $1 }')
}
kill_tracked() {
  [ -s "$RUN_DIR/tracked.pids" ] || return 0
  local entry p st
  while read -r p st; do
    [ "$(proc_start "$p" 2>/dev/null)" = "$st" ] && kill -KILL "$p" 2>/dev/null
  done < <(sort -u "$RUN_DIR/tracked.pids")
  : > "$RUN_DIR/tracked.pids"
}

# Machine-wide CPU counters "busy total" (jiffies, all cores): the load the other users of the machine add.
cpu_snapshot() { awk '/^cpu / { t = 0; for (i = 2; i <= NF; i++) t += $i; print t - $5 - $6, t }' /proc/stat; }
cpu_busy_pct() { echo "$1 $2" | awk '{ d = $4 - $2; printf "%.0f", (d > 0 ? ($3 - $1) / d * 100 : 0) }'; }

# wait_states N STATE TIMEOUT_S: polls the manager's status until at least N apps are in STATE.
# Prints the epoch ms when reached, or "TIMEOUT <count>" (also when the count has not moved for
# BENCH_STALL_S=30 seconds: a daemon that stopped making progress, e.g. out of memory).
wait_states() {
  local n="$1" want="$2" end c last=-1 moved now
  end=$(( $(date +%s) + $3 )); moved=$(date +%s)
  while :; do
    c=$(a states 2>/dev/null | awk -F'\t' -v w="$want" '$2 == w' | wc -l)
    if [ "$c" -ge "$n" ]; then now_ms; return 0; fi
    now=$(date +%s)
    if [ "$c" != "$last" ]; then last=$c; moved=$now; fi
    if [ "$now" -ge "$end" ] || [ $((now - moved)) -ge "${BENCH_STALL_S:-30}" ]; then echo "TIMEOUT $c"; return 1; fi
    sleep 0.02
  done
}

# wall_ms CMD...: wall time of one run of a command, in ms (output discarded); "failed" when it exits non-zero
# (rec then records nothing).
wall_ms() {
  local t0 t1 rc
  t0=$(date +%s%N); "$@" >/dev/null 2>&1; rc=$?; t1=$(date +%s%N)
  [ "$rc" = 0 ] || { echo "failed(exit $rc)"; return 0; }
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f\n", (b - a) / 1e6 }'
}
