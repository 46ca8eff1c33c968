package jmon.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jmon.engine.supervise.ManagedProcess;

/**
 * Every managed process by pm_id, and the next pm_id to give (engine thread only). Identity is (namespace, name):
 * the lookups here are the one place that matches it.
 */
final class ProcessTable {
    private final Map<Integer, ManagedProcess> processes = new LinkedHashMap<>();
    private int nextPmId;
    /** Something changed since the end of the last engine task: journal it, rebuild the sampler's view. */
    private boolean dirty;

    ManagedProcess get(int pmId) { return processes.get(pmId); }

    boolean contains(int pmId) { return processes.containsKey(pmId); }

    void put(ManagedProcess p) {
        processes.put(p.pmId(), p);
        dirty = true;
    }

    void remove(ManagedProcess p) {
        processes.remove(p.pmId());
        dirty = true;
    }

    int size() { return processes.size(); }

    Iterable<ManagedProcess> values() { return processes.values(); }

    /** A copy, safe to change the table while going through it. */
    List<ManagedProcess> all() { return new ArrayList<>(processes.values()); }

    /** The instances of one app, by instance id. */
    List<ManagedProcess> app(String namespace, String name) {
        List<ManagedProcess> out = new ArrayList<>();
        for (ManagedProcess p : processes.values()) {
            if (p.namespace().equals(namespace) && p.name().equals(name)) out.add(p);
        }
        out.sort(Comparator.comparingInt(ManagedProcess::instanceId));
        return out;
    }

    boolean hasApp(String namespace, String name) {
        for (ManagedProcess p : processes.values()) {
            if (p.namespace().equals(namespace) && p.name().equals(name)) return true;
        }
        return false;
    }

    int nextPmId() { return nextPmId; }

    int takePmId() { return nextPmId++; }

    /** Gives back pm_ids taken by a batch that was refused. */
    void resetNextPmId(int to) { nextPmId = to; }

    /** Never below what recovery knew, nor below a recovered process's own id. */
    void atLeast(int pmId) { nextPmId = Math.max(nextPmId, pmId); }

    void markDirty() { dirty = true; }

    /** True once after each change. */
    boolean takeDirty() {
        boolean d = dirty;
        dirty = false;
        return d;
    }
}
