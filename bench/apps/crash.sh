#!/bin/sh
# Crash-loop app for the restart-gap scenario. Appends "S <epoch ns>" when it starts and "E <epoch ns>" just
# before it exits with code 1, to the file given as $1. The gap exit -> next start is the manager's restart
# latency plus this shell's own start (the same for every manager).
f="$1"
echo "S $(date +%s%N)" >> "$f"
echo "E $(date +%s%N)" >> "$f"
exit 1
