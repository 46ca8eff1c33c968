#!/bin/sh
# Log-throughput app: writes $1 numbered lines of exactly 100 bytes (8-digit number, space, 90 filler
# characters, newline) to stdout as fast as it can, then sleeps. Its start and end (epoch ms) go to the file $2.
n="${1:-1000000}"
marker="${2:-/dev/null}"
date +%s%3N > "$marker"
awk -v n="$n" 'BEGIN {
  pad = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-abcdefghijklmnopqrstuvwxyz0"
  for (i = 1; i <= n; i++) printf "%08d %s\n", i, pad
}'
date +%s%3N >> "$marker"
exec sleep 100000
