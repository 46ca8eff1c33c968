package jmon.engine.health;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import jmon.api.CustomMetric;
import jmon.api.HealthInfo;
import jmon.api.ProbeResult;

/** What jmon knows of one process's health; mutated on the engine thread only. */
public final class HealthState {
    public boolean ready;
    public final TreeSet<String> capabilities = new TreeSet<>();
    public String statusText;
    public final Map<String, CustomMetric> metrics = new LinkedHashMap<>();
    public Map<String, Object> health;
    public ProbeResult readiness;
    public ProbeResult liveness;
    public int readinessSuccesses;
    public int readinessFailures;
    public int livenessFailures;
    public long lastWatchdog;
    public long garbage;
    public List<String> waitingFor = List.of();
    /** Bumped at every spawn: probe results and timers of an earlier run are recognised and dropped. */
    public long generation;

    /** A new spawn: nothing it said before counts. */
    public void reset() {
        ready = false;
        capabilities.clear();
        readinessSuccesses = 0;
        readinessFailures = 0;
        livenessFailures = 0;
        lastWatchdog = 0;
        generation++;
    }

    public HealthInfo info(boolean readyNow) {
        return new HealthInfo(readyNow, new ArrayList<>(capabilities), statusText, Map.copyOf(metrics),
                health == null ? null : Map.copyOf(health), readiness, liveness, lastWatchdog, garbage,
                List.copyOf(waitingFor));
    }
}
