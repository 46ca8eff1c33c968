#!/bin/sh
# An app that does not stop on the polite signals (TERM, INT, HUP, QUIT): only SIGKILL ends it. It keeps one
# long-lived child (`sleep 100000`, started while the signals are ignored, so it ignores them too): a manager
# that kills only the main pid leaves an orphan behind. With a file as $1, the app appends the epoch ns at which
# each polite signal reached it (the time the manager asked it to stop), and carries on.
stamp="${1:-/dev/null}"
trap '' TERM INT HUP QUIT
sleep 100000 &
trap 'date +%s%N >> "$stamp"' TERM INT HUP QUIT
while :; do wait; kill -0 $! 2>/dev/null || sleep 1; done
