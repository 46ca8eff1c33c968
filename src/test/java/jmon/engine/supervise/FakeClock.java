package jmon.engine.supervise;

import jmon.engine.time.Clock;

/** A clock that moves only when told. */
final class FakeClock implements Clock {
    private long now;

    FakeClock(long start) { now = start; }

    @Override public long nowMs() { return now; }

    void set(long ms) {
        if (ms < now) throw new IllegalArgumentException("time goes forward only: " + now + " -> " + ms);
        now = ms;
    }

    void advance(long ms) { set(now + ms); }
}
