#!/bin/sh
# Example background worker for the jmon demo (POSIX sh).
#
#   worker.sh [NAME]          NAME defaults to $WORKER_NAME, then "worker"
#
# Prints "worker NAME tick N" on stdout every second and a line on stderr every 10 ticks.
# CRASH_AFTER=S  exit with code 3 after S seconds (to watch jmon restart it, or mark it errored).
# SIGINT/SIGTERM print a goodbye line and exit 0.

name=${1:-${WORKER_NAME:-worker}}
crash_after=${CRASH_AFTER:-}
case $crash_after in
    '') ;;
    *[!0-9]*) echo "worker $name: ignoring CRASH_AFTER='$crash_after' (not a number of seconds)" >&2; crash_after= ;;
esac

n=0
sleeper=
goodbye() {
    [ -n "$sleeper" ] && kill "$sleeper" 2>/dev/null
    echo "worker $name: got $1 after $n ticks, goodbye"
    exit 0
}
trap 'goodbye SIGINT' INT
trap 'goodbye SIGTERM' TERM

echo "worker $name: started pid=$$${crash_after:+ (will crash after ${crash_after}s)}"
while :; do
    n=$((n + 1))
    echo "worker $name tick $n"
    if [ $((n % 10)) -eq 0 ]; then
        echo "worker $name: warning: queue lag at tick $n (demo stderr line)" >&2
    fi
    # sleep in the background and wait, so a signal interrupts the wait at once
    sleep 1 &
    sleeper=$!
    wait "$sleeper"
    sleeper=
    if [ -n "$crash_after" ] && [ "$n" -ge "$crash_after" ]; then
        echo "worker $name: simulated crash after ${crash_after}s (exit 3)" >&2
        exit 3
    fi
done
