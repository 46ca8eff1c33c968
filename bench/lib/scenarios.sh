# shellcheck shell=bash
# The scenarios of bench/run.sh. Sourced, not executed.
#
# A scenario is either
#   sc_<id> REP          one repetition for the current manager (MGR); run.sh interleaves the managers,
#                        alternating which goes first, with a fresh daemon each time; or
#   pair_<id> REP        one repetition that runs every manager at once (idle CPU is measured over the same
#                        window for all, so background load hits them alike).
# Values go through rec (lib/common.sh). Only the adapter functions are used (bench/README.md).

SLEEP_BIN="$(command -v sleep)"
IDLE_MATCH="sleep 100000"
CLK_TCK="$(getconf CLK_TCK)"

# fresh NAME [CONFIG]: a new state folder, the adapter's setup, the daemon started (nothing else running).
fresh() {
  STATE_DIR="$RUN_DIR/$MGR-$1"
  mkdir -p "$STATE_DIR"
  a setup "${2:-}" || return 1
  a start_daemon || { note "$1: the daemon did not start"; return 1; }
}
finish() { a teardown >/dev/null 2>&1; STATE_DIR=""; }

# start_idle COUNT: COUNT idle apps (`sleep 100000`) from one file, then waits until all are reported online.
start_idle() {
  bt spec "$STATE_DIR/idle$1.json" idle "$1" bench "$SLEEP_BIN" 100000
  a start_apps "$STATE_DIR/idle$1.json"
  local r; r=$(wait_states "$1" online $((60 + $1 / 5)))
  track_daemon_tree
  case "$r" in TIMEOUT*) note "apps did not come online: $r"; return 1;; esac
}

# ticks_to_pct TICKS MS: CPU ticks over a wall window -> % of one core
ticks_to_pct() { awk -v t="$1" -v ms="$2" -v hz="$CLK_TCK" 'BEGIN { printf "%.3f\n", t / hz / (ms / 1000) * 100 }'; }

# ------------------------------------------------------------------------------------ daemon memory
sc_rss() {
  local d pids
  fresh "rss-$1" || return 1
  sleep "$SETTLE_S"
  d=$(a daemon_pid)
  rec rss daemon_rss_no_apps MiB "$(kib_to_mib "$(bt rss "$d")")" "VmRSS of the daemon ${SETTLE_S}s after start, no app"
  start_idle "$NAPPS" || { finish; return 1; }
  sleep "$SETTLE_S"
  pids=$(a app_pids | tr '\n' ' ')
  rec rss daemon_rss MiB "$(kib_to_mib "$(bt rss "$d")")" "VmRSS of the daemon, $NAPPS idle apps online, ${SETTLE_S}s settle"
  # shellcheck disable=SC2086
  rec rss tree_rss_without_apps MiB "$(kib_to_mib "$(bt tree-rss "$d" $pids)")" "daemon + its helper processes, without the apps"
  rec rss daemon_threads count "$(bt threads "$d")" "threads of the daemon process, $NAPPS apps"
  finish
}

# ------------------------------------------------------------------------------------ CLI latency
sc_list() {
  local label cmd i peak u s
  fresh "list-$1" || return 1
  start_idle "$NAPPS" || { finish; return 1; }
  sleep 2
  while IFS=$'\t' read -r label cmd; do
    # shellcheck disable=SC2086
    for i in 1 2; do $cmd >/dev/null 2>&1; done
    for i in $(seq 1 "$LIST_RUNS"); do
      # shellcheck disable=SC2086
      rec list "${label}_wall_ms" ms "$(wall_ms $cmd)" "wall time of one \`$label\` (whole process), $NAPPS apps online; $LIST_RUNS runs per repetition after 2 warm-ups"
    done
    for i in 1 2 3; do
      # shellcheck disable=SC2086
      /usr/bin/time -f '%M %U %S' -o "$STATE_DIR/peak" $cmd >/dev/null 2>&1
      read -r peak u s < <(tail -1 "$STATE_DIR/peak")
      rec list "${label}_cli_cpu_ms" ms "$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.0f\n", (u + s) * 1000 }')" "user+sys CPU of the CLI process (GNU time %U+%S): what a busy machine turns into wall time; 3 runs per repetition"
      rec list "${label}_cli_peak_rss" MiB "$(kib_to_mib "$peak")" "max RSS of the CLI process (GNU time %M)"
    done
  done < <(a list_cmds)
  finish
}

# ------------------------------------------------------------------------------------ start N apps
sc_start() {
  local d wp t0 tret ton sp
  fresh "start-$1" || return 1
  sleep 1
  bt spec "$STATE_DIR/idle$NAPPS.json" idle "$NAPPS" bench "$SLEEP_BIN" 100000
  d=$(a daemon_pid)
  bt wait-procs "$d" "$NAPPS" 120000 "$IDLE_MATCH" > "$STATE_DIR/spawned" &
  wp=$!
  t0=$(now_ms)
  a start_apps "$STATE_DIR/idle$NAPPS.json"
  tret=$(now_ms)
  ton=$(wait_states "$NAPPS" online 120)
  wait "$wp"
  sp=$(cut -d' ' -f1 "$STATE_DIR/spawned")
  track_daemon_tree
  case "$ton $sp" in *TIMEOUT*) note "start rep $1: timeout (online: $ton, spawned: $sp)"; finish; return 0;; esac
  rec start cmd_return_s s "$(ms_to_s $((tret - t0)))" "\`start\` of one file with $NAPPS apps, until the command returned"
  rec start all_spawned_s s "$(ms_to_s $((sp - t0)))" "until $NAPPS app processes exist under the daemon (/proc, 5 ms poll)"
  rec start all_online_s s "$(ms_to_s $((ton - t0)))" "until the manager's jlist reports $NAPPS online (polled back to back)"
  finish
}

# ------------------------------------------------------------------------------------ stop N apps
sc_stop() {
  local pids t0 tret g trep
  fresh "stop-$1" || return 1
  start_idle "$NAPPS" || { finish; return 1; }
  sleep 1
  pids=$(a app_pids | tr '\n' ' ')
  t0=$(now_ms)
  a stop_all
  tret=$(now_ms)
  # shellcheck disable=SC2086
  g=$(bt wait-gone 60000 $pids)
  trep=$(wait_states "$NAPPS" stopped 60)
  case "$g $trep" in *TIMEOUT*) note "stop rep $1: timeout (gone: $g, reported: $trep)"; finish; return 0;; esac
  rec stop cmd_return_s s "$(ms_to_s $((tret - t0)))" "\`stop all\` ($NAPPS idle apps), until the command returned"
  rec stop all_gone_s s "$(ms_to_s $(( ${g%% *} - t0 )))" "until every app pid is gone (/proc, 5 ms poll)"
  rec stop all_reported_stopped_s s "$(ms_to_s $((trep - t0)))" "until the manager's jlist reports all stopped"
  finish
}

# ------------------------------------------------------------------------------------ crash loop
sc_crash() {
  local f i n
  fresh "crash-$1" || return 1
  f="$STATE_DIR/stamps.txt"
  bt spec "$STATE_DIR/crash.json" crash 1 bench "$BENCH_DIR/apps/crash.sh" "$f" \
    --set restart_delay=0 --set min_uptime=0 --set max_restarts=1000000
  a start_apps "$STATE_DIR/crash.json"
  for i in $(seq 1 200); do [ -s "$f" ] && break; sleep 0.02; done
  sleep "$CRASH_S"
  a stop_app crash
  sleep 0.3
  track_daemon_tree
  # median of this repetition's gaps: exit stamp -> next start stamp, and start -> next start
  awk '$1 == "E" { e = $2 } $1 == "S" && e { print ($2 - e) / 1e6 }' "$f" | stats > "$STATE_DIR/g1"
  awk '$1 == "S" { if (s) print ($2 - s) / 1e6; s = $2 }' "$f" | stats > "$STATE_DIR/g2"
  n=$(grep -c '^S' "$f")
  rec crash gap_exit_to_start_ms ms "$(cut -d' ' -f1 "$STATE_DIR/g1")" "restart_delay 0, min_uptime 0: the app's last stamp before exit 1 -> next start's first stamp (median of $(cut -d' ' -f4 "$STATE_DIR/g1") gaps per repetition)"
  rec crash gap_start_to_start_ms ms "$(cut -d' ' -f1 "$STATE_DIR/g2")" "same, start -> next start (what the issue's anchor figure measured)"
  rec crash starts_per_s count "$(awk -v n="$n" -v s="$CRASH_S" 'BEGIN { printf "%.0f\n", n / s }')" "starts per second of the crash loop"
  finish
}

# ------------------------------------------------------------------------------------ log throughput
# check_log EXPECTED FILE...: lines that are missing, duplicated, out of order or malformed (0 = all intact)
check_log() {
  local n="$1"; shift
  cat "$@" | awk -v n="$n" '
    { v = substr($0, 1, 8) + 0
      if (length($0) != 99) bad++
      if (v in seen) dup++; else { seen[v] = 1; u++ }
      if (v < m) ooo++; if (v > m) m = v }
    END { print (n - u) + dup + ooo + bad }'
}

sc_logs() {
  local bytes dir pid res tb t0 tm d c0 c1 i files
  bytes=$((LOG_LINES * 100))
  # the same program straight to a file, right before the manager's run (paired)
  dir="$RUN_DIR/$MGR-direct-$1"; mkdir -p "$dir"
  "$BENCH_DIR/apps/logspam.sh" "$LOG_LINES" "$dir/marker" > "$dir/out.log" 2>/dev/null &
  pid=$!
  track_pids "$pid"
  res=$(bt wait-size "$bytes" 120000 10000 "$dir" out.log)
  t0=$(head -1 "$dir/marker")
  kill -TERM "$pid" 2>/dev/null
  case "$res" in [0-9]*) tb=$(( ${res%% *} - t0 ));; *) note "logs rep $1: direct write: $res"; return 1;; esac
  rm -rf "$dir"

  fresh "logs-$1" '{"logs": {"max_size": "1G"}}' || return 1
  bt spec "$STATE_DIR/logspam.json" logspam 1 bench "$BENCH_DIR/apps/logspam.sh" "$LOG_LINES" "$STATE_DIR/marker"
  d=$(a daemon_pid)
  c0=$(bt cpu-ticks "$d")
  a start_apps "$STATE_DIR/logspam.json"
  res=$(bt wait-size "$bytes" 150000 10000 "$(a log_dir)" "$(a log_prefix logspam)")
  c1=$(bt cpu-ticks "$d")
  t0=$(head -1 "$STATE_DIR/marker" 2>/dev/null)
  track_daemon_tree
  case "$res" in [0-9]*) tm=$(( ${res%% *} - t0 ));; *) note "logs rep $1: the log never held all lines: $res bytes"; finish; return 0;; esac
  sleep 0.5
  mapfile -t files < <(ls -1 "$(a log_dir)/$(a log_prefix logspam)"* 2>/dev/null)
  rec logs direct_file_s s "$(ms_to_s "$tb")" "$LOG_LINES lines of 100 B, the same program with stdout straight to a file (run just before)"
  rec logs log_complete_s s "$(ms_to_s "$tm")" "app start -> the manager's stdout log holds all $((bytes / 1000000)) MB (10 ms poll)"
  rec logs vs_direct_x ratio "$(awk -v a="$tm" -v b="$tb" 'BEGIN { printf "%.2f\n", a / b }')" "log_complete / direct_file of the same repetition"
  rec logs daemon_cpu_s s "$(awk -v a="$c0" -v b="$c1" -v t="$CLK_TCK" 'BEGIN { printf "%.2f\n", (b - a) / t }')" "daemon utime+stime spent during the burst"
  rec logs bad_lines count "$(check_log "$LOG_LINES" "${files[@]}")" "lines missing, duplicated, out of order or cut (${#files[@]} file(s))"
  finish
}

# ------------------------------------------------------------------------------------ stubborn app
sc_stubborn() {
  local pid kids t0 bg g g2 left sig res
  fresh "stubborn-$1" || return 1
  bt spec "$STATE_DIR/stubborn.json" stubborn 1 bench "$BENCH_DIR/apps/stubborn.sh" "$STATE_DIR/signalled" --set kill_timeout=1600
  a start_apps "$STATE_DIR/stubborn.json"
  wait_states 1 online 30 >/dev/null
  sleep 1
  pid=$(a app_pids | head -1)
  kids=$(bt descendants "$pid" | awk '{ print $1 }' | tr '\n' ' ')
  track_daemon_tree
  t0=$(now_ms)
  a stop_app stubborn &
  bg=$!
  # shellcheck disable=SC2086
  res=$(bt wait-tree-gone 60000 3000 "$pid" $kids)
  # shellcheck disable=SC2086
  left=$(alive_pids $kids | wc -l)
  wait "$bg"
  case "$res" in TIMEOUT*) note "stubborn rep $1: app not gone within 60 s"; finish; return 0;; esac
  g=${res%% *}; g2=${res#* }
  sig=$(head -1 "$STATE_DIR/signalled" 2>/dev/null)
  rec stubborn main_gone_s s "$(ms_to_s $(( ${g%% *} - t0 )))" "app ignoring TERM+INT+HUP+QUIT with one child, kill_timeout 1600 ms: \`stop\` (CLI start included) -> app pid gone"
  case "$g2" in [0-9]*)
    rec stubborn all_gone_s s "$(ms_to_s $(( ${g2%% *} - t0 )))" "\`stop\` -> app and its child both gone"
    if [ -n "$sig" ]; then
      rec stubborn signal_to_all_gone_ms ms "$(awk -v g="${g2%% *}" -v s="$sig" 'BEGIN { printf "%.0f\n", g - s / 1e6 }')" "first polite signal received by the app -> app and child gone (kill_timeout 1600 ms + the daemon's overshoot; target <= 1650)"
    else
      note "stubborn rep $1: the app never saw a polite signal"
    fi;;
  esac
  rec stubborn children_left count "$left" "children of the app still alive 3 s after the app pid was gone"
  finish
}

# ------------------------------------------------------------------------------------ idle CPU (paired)
# Every manager runs NAPPS idle apps at the same time; their daemons' CPU is read over the same window.
pair_cpu() {
  local m ms t0 t1 w
  declare -A c0 c1 pid
  for m in "${MANAGERS[@]}"; do
    MGR=$m
    fresh "cpu-$1" && start_idle "$NAPPS" || { finish; continue; }
    pid[$m]=$(a daemon_pid)
    SAVED_STATE[$m]=$STATE_DIR
  done
  sleep "$SETTLE_S"
  for m in "${!pid[@]}"; do c0[$m]=$(bt cpu-ticks "${pid[$m]}"); done
  t0=$(now_ms)
  sleep "$CPU_WINDOW_S"
  for m in "${!pid[@]}"; do c1[$m]=$(bt cpu-ticks "${pid[$m]}"); done
  t1=$(now_ms)
  ms=$((t1 - t0))
  for m in "${!pid[@]}"; do
    MGR=$m
    w=$(( ${c1[$m]} - ${c0[$m]} ))
    rec cpu daemon_cpu_pct "% of 1 core" "$(ticks_to_pct "$w" "$ms")" "daemon utime+stime over a ${CPU_WINDOW_S}s window, $NAPPS idle apps, default monitoring on; all managers measured over the same window"
    rec cpu daemon_ticks ticks "$w" "clock ticks (1 tick = $((1000 / CLK_TCK)) ms of CPU) in that window"
  done
  for m in "${!pid[@]}"; do MGR=$m; STATE_DIR=${SAVED_STATE[$m]}; a setup >/dev/null 2>&1; finish; done
}

# ------------------------------------------------------------------------------------ scaling (paired)
# For each count in SCALE_COUNTS: every manager runs that many idle apps at once; daemon RSS, threads, CPU over
# one window (the same for all), and `list` wall time (alternating managers).
pair_scale() {
  local n m ms t0 t1 w i ok
  for n in $SCALE_COUNTS; do
    declare -A c0=() c1=() pid=()
    for m in "${MANAGERS[@]}"; do
      MGR=$m
      ok=1
      fresh "scale$n-$1" || ok=0
      # a manager that cannot bring all n online is still measured as it stands (how many made it, its memory)
      if [ "$ok" = 1 ]; then start_idle "$n" || note "scale $n: not all online"; fi
      if [ "$ok" = 1 ] && kill -0 "$(a daemon_pid)" 2>/dev/null; then
        pid[$m]=$(a daemon_pid); SAVED_STATE[$m]=$STATE_DIR
        rec scale "online_${n}" count "$(a states 2>/dev/null | awk -F'\t' '$2 == "online"' | wc -l)" "apps reported online out of $n (jlist)"
        rec scale "running_${n}" count "$(bt descendants "${pid[$m]}" | grep -c "$IDLE_MATCH")" "app processes running under the daemon out of $n (/proc)"
      else
        finish
      fi
    done
    sleep "$SETTLE_S"
    for m in "${!pid[@]}"; do c0[$m]=$(bt cpu-ticks "${pid[$m]}"); done
    t0=$(now_ms)
    sleep "$SCALE_CPU_S"
    for m in "${!pid[@]}"; do c1[$m]=$(bt cpu-ticks "${pid[$m]}"); done
    t1=$(now_ms)
    ms=$((t1 - t0))
    for m in "${!pid[@]}"; do
      MGR=$m; STATE_DIR=${SAVED_STATE[$m]}; a setup >/dev/null 2>&1
      w=$(( ${c1[$m]} - ${c0[$m]} ))
      rec scale "rss_${n}_MiB" MiB "$(kib_to_mib "$(bt rss "${pid[$m]}")")" "daemon VmRSS with $n idle apps"
      rec scale "threads_${n}" count "$(bt threads "${pid[$m]}")" "daemon threads with $n idle apps"
      rec scale "cpu_${n}_pct" "% of 1 core" "$(ticks_to_pct "$w" "$ms")" "daemon CPU over ${SCALE_CPU_S}s with $n idle apps"
    done
    for i in $(seq 1 "$SCALE_LIST_RUNS"); do
      for m in "${!pid[@]}"; do
        MGR=$m; STATE_DIR=${SAVED_STATE[$m]}; a setup >/dev/null 2>&1
        rec scale "list_${n}_ms" ms "$(wall_ms $(a list_cmds | head -1 | cut -f2))" "\`list\` wall time with $n apps"
      done
    done
    for m in "${!pid[@]}"; do MGR=$m; STATE_DIR=${SAVED_STATE[$m]}; a setup >/dev/null 2>&1; finish; done
    unset c0 c1 pid
  done
}
