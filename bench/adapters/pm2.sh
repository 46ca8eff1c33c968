# shellcheck shell=bash
# Adapter: PM2 (the anchor). Sourced by bench/run.sh; every function is pm2_<verb>.
# PM2_BIN: the pm2 binary (default: bench/.anchors/node_modules/.bin/pm2, installed by run.sh when missing).
# PM2 runs with its own PM2_HOME in the repetition's temp folder, its version check off
# (PM2_DISABLE_VERSION_CHECK=1 and a pre-created $PM2_HOME/touch), so nothing leaves the machine.

PM2_BIN="${PM2_BIN:-$BENCH_DIR/.anchors/node_modules/.bin/pm2}"
pm2c() { "$PM2_BIN" "$@"; }

pm2_available() { [ -x "$PM2_BIN" ]; }
# From package.json: `pm2 -v` would spawn a daemon.
pm2_version() {
  local pkg
  pkg="$(dirname "$(dirname "$(readlink -f "$PM2_BIN")")")/package.json"
  echo "pm2 $(node -p 'require(process.argv[1]).version' "$pkg") (node $(node -v))"
}
pm2_setup() {
  export PM2_HOME="$STATE_DIR/pm2"
  mkdir -p "$PM2_HOME"
  : > "$PM2_HOME/touch"
  export PM2_DISABLE_VERSION_CHECK=1
  unset PM2_DISCRETE_MODE
}
pm2_start_daemon() {
  pm2c ping >/dev/null 2>&1 || return 1
  local i
  for i in $(seq 1 200); do
    [ -s "$PM2_HOME/pm2.pid" ] && kill -0 "$(pm2_daemon_pid)" 2>/dev/null && { track_pids "$(pm2_daemon_pid)"; return 0; }
    sleep 0.05
  done
  return 1
}
pm2_daemon_pid() { cat "$PM2_HOME/pm2.pid" 2>/dev/null; }
# The spec is PM2's ecosystem format; 'interpreter: none' makes PM2 exec the script instead of guessing.
pm2_start_apps() {
  local eco="$STATE_DIR/pm2-$(basename "$1")"
  node -e '
    const fs = require("fs");
    const s = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
    for (const a of s.apps) if (a.interpreter === undefined) a.interpreter = "none";
    fs.writeFileSync(process.argv[2], JSON.stringify(s, null, 2));
  ' "$1" "$eco"
  pm2c start "$eco" >/dev/null 2>&1
}
pm2_list_cmds() { printf 'list\t%s list\n' "$PM2_BIN"; printf 'jlist\t%s jlist\n' "$PM2_BIN"; }
pm2_states() { pm2c jlist 2>/dev/null | bt states; }
pm2_app_pids() { pm2_states | awk -F'\t' '$3 > 0 { print $3 }'; }
pm2_stop_all() { pm2c stop all >/dev/null 2>&1; }
pm2_stop_app() { pm2c stop "$1" >/dev/null 2>&1; }
pm2_log_dir() { echo "$PM2_HOME/logs"; }
pm2_log_prefix() { echo "$1-out.log"; }
pm2_teardown() {
  [ -n "${PM2_HOME:-}" ] || return 0
  local d i
  d=$(pm2_daemon_pid)
  if [ -n "$d" ] && kill -0 "$d" 2>/dev/null; then
    track_daemon_tree
    timeout 60 "$PM2_BIN" kill >/dev/null 2>&1
    for i in $(seq 1 300); do kill -0 "$d" 2>/dev/null || break; sleep 0.05; done
  fi
  kill_tracked
}
