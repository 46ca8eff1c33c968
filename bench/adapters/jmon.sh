# shellcheck shell=bash
# Adapter: jmon. Sourced by bench/run.sh; every function is jmon_<verb> (see bench/README.md, "Adapters").
# JMON_BIN: the launcher (default: the project's ./jmon). STATE_DIR: a fresh folder per repetition.

JMON_BIN="${JMON_BIN:-$(cd "$BENCH_DIR/.." && pwd)/jmon}"
jm() { "$JMON_BIN" "$@"; }

jmon_available() { [ -x "$JMON_BIN" ] || command -v "$JMON_BIN" >/dev/null 2>&1; }
jmon_version() { echo "jmon $(jm --version 2>/dev/null | tail -1) ($(java -version 2>&1 | head -1))"; }

# $1: optional config.json content (the logs scenario turns rotation off with a large max_size).
jmon_setup() {
  export JMON_HOME="$STATE_DIR/jmon"
  mkdir -p "$JMON_HOME"
  chmod 700 "$JMON_HOME"
  [ -n "${1:-}" ] && printf '%s\n' "$1" > "$JMON_HOME/config.json"
  true
}
jmon_start_daemon() {
  jm ping >/dev/null 2>&1 || return 1
  local i
  for i in $(seq 1 200); do
    [ -n "$(jmon_daemon_pid)" ] && kill -0 "$(jmon_daemon_pid)" 2>/dev/null && { track_pids "$(jmon_daemon_pid)"; return 0; }
    sleep 0.05
  done
  return 1
}
jmon_daemon_pid() { cat "$JMON_HOME/jmon.pid" 2>/dev/null; }
jmon_start_apps() { jm start "$1" >/dev/null 2>&1; }
# The commands the list scenario times (run without a shell).
jmon_list_cmds() { printf 'list\t%s list\n' "$JMON_BIN"; printf 'jlist\t%s jlist\n' "$JMON_BIN"; }
jmon_states() { jm jlist 2>/dev/null | bt states; }
jmon_app_pids() { jmon_states | awk -F'\t' '$3 > 0 { print $3 }'; }
jmon_stop_all() { jm stop all -n bench >/dev/null 2>&1; }
jmon_stop_app() { jm stop "$1" -n bench >/dev/null 2>&1; }
jmon_log_dir() { echo "$JMON_HOME/logs/bench"; }
jmon_log_prefix() { echo "$1-out.log"; }
jmon_teardown() {
  [ -n "${JMON_HOME:-}" ] || return 0
  local d i
  d=$(jmon_daemon_pid)
  if [ -n "$d" ] && kill -0 "$d" 2>/dev/null; then
    track_daemon_tree
    timeout 60 "$JMON_BIN" kill >/dev/null 2>&1
    for i in $(seq 1 300); do kill -0 "$d" 2>/dev/null || break; sleep 0.05; done
  fi
  kill_tracked
}
