#!/bin/sh
# An app that ignores the polite signals (TERM, INT, HUP, QUIT): only SIGKILL ends it. It keeps one long-lived
# child (`sleep 100000`, which inherits the ignored signals), so a manager that kills only the main pid
# leaves an orphan behind.
trap '' TERM INT HUP QUIT
sleep 100000 &
while :; do wait; sleep 1; done
