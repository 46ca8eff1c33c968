#!/usr/bin/env bash
# The fault-injection suite at full size: many trials of each scenario against real daemons and processes (kill -9
# during start of 50 apps, during restart storms and saves; SIGSTOP for 30 s; JMON_HOME on a full tmpfs; a real
# checkpoint damaged at 200 offsets). Prints the table docs/reliability.md shows; every figure must be 0.
#
#   bench/faults.sh                 # 10 trials each (about 10 minutes on 2 cores)
#   bench/faults.sh --trials 30     # more
#   bench/faults.sh --only start,storm
#
# CI runs the same suite bounded (2 trials, 3 s SIGSTOP) as FaultInjectionTest inside ./mvnw -B verify.
set -euo pipefail
cd "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")/.."

trials=10
only=""
while [[ $# -gt 0 ]]; do
    case $1 in
        --trials) trials=$2; shift 2 ;;
        --only) only=$2; shift 2 ;;
        -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done

./mvnw -B -q test -Dtest=FaultInjectionTest -Dsurefire.failIfNoSpecifiedTests=false \
    -Djmon.faults.trials="$trials" -Djmon.faults.full=true -Djmon.faults.only="$only" || status=$?
cat target/fault-table.md
exit "${status:-0}"
