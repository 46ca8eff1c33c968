package jmon.engine.time;

/** Wall-clock milliseconds. A seam so state-machine tests can move time by hand. */
public interface Clock {
    long nowMs();

    Clock SYSTEM = System::currentTimeMillis;
}
