#!/bin/sh
# Example batch-style analytics worker for the jmon demo (POSIX sh).
#
#   analytics.sh [NAME]       NAME defaults to $WORKER_NAME, then "analytics"
#
# Every BATCH_SECONDS (default 3) it "processes" a batch: a start line, a result line with made-up
# numbers, and now and then a warning on stderr (every 4th batch). Between batches it logs an idle line
# every second. CRASH_AFTER=S exits with code 3 after S seconds. SIGINT/SIGTERM exit 0 with a goodbye line.

name=${1:-${WORKER_NAME:-analytics}}
batch_seconds=${BATCH_SECONDS:-3}
case $batch_seconds in ''|*[!0-9]*|0) batch_seconds=3 ;; esac
crash_after=${CRASH_AFTER:-}
case $crash_after in ''|*[!0-9]*) crash_after= ;; esac

secs=0
batch=0
events=0
sleeper=
goodbye() {
    [ -n "$sleeper" ] && kill "$sleeper" 2>/dev/null
    echo "analytics $name: got $1 during batch $batch, flushed $events events, goodbye"
    exit 0
}
trap 'goodbye SIGINT' INT
trap 'goodbye SIGTERM' TERM

echo "analytics $name: started pid=$$ batch every ${batch_seconds}s${crash_after:+ (will crash after ${crash_after}s)}"
while :; do
    if [ $((secs % batch_seconds)) -eq 0 ]; then
        batch=$((batch + 1))
        count=$(( (batch * 37 + secs * 11) % 500 + 20 ))
        events=$((events + count))
        echo "analytics $name batch $batch: aggregating $count events"
        echo "analytics $name batch $batch: done, total $events events"
        if [ $((batch % 4)) -eq 0 ]; then
            echo "analytics $name batch $batch: warning: $((count % 7)) late events skipped (demo stderr line)" >&2
        fi
    else
        echo "analytics $name: idle, next batch in $((batch_seconds - secs % batch_seconds))s"
    fi
    sleep 1 &
    sleeper=$!
    wait "$sleeper"
    sleeper=
    secs=$((secs + 1))
    if [ -n "$crash_after" ] && [ "$secs" -ge "$crash_after" ]; then
        echo "analytics $name: simulated crash after ${crash_after}s (exit 3)" >&2
        exit 3
    fi
done
