package jmon.engine.supervise;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import jmon.engine.exec.MarkedProcess;

/**
 * After a daemon restart: what the journal says ran, against what /proc shows carrying this home's marker.
 * Pure: it only decides. For each known pm_id, the process to adopt as its leader (the recorded one while it
 * lives; else the session leader of the newest generation at least as new as the recorded one, the earliest
 * started of those, for a spawn the journal missed) and its members (every other marked process of that
 * pm_id); every marked process of a pm_id the daemon does not know, or deleted, is an orphan to terminate.
 */
public final class Reconciler {
    private Reconciler() {}

    /**
     * What the journal holds of one pm_id.
     *
     * @param pid        the recorded leader, 0 when none was recorded (not running, or its spawn not journaled)
     * @param generation the recorded generation (0 when unknown)
     * @param removed    deleted: nothing of it may live on
     */
    public record Known(int pmId, long pid, long startTicks, long generation, boolean removed) {
        /** What a state or journal record says of its pm_id. */
        public static Known of(jmon.engine.persist.ProcessRecord r, boolean removed) {
            return new Known(r.pmId(), r.pid(), r.startTicks(), r.generation(), removed);
        }
    }

    /**
     * The leader to adopt.
     *
     * @param generation the generation the pm_id has reached (the leader's when it was found by its marker)
     * @param byMarker   true when the journal did not name it (its spawn record was lost)
     */
    public record Leader(long pid, long startTicks, long generation, boolean byMarker) {}

    /**
     * @param leaders  pm_id → leader to adopt; a known, not removed pm_id without an entry has nothing alive
     * @param members  pm_id → its other marked processes (every known, not removed pm_id has a list, maybe empty)
     * @param orphans  marked processes of unknown or removed pm_ids: terminate them
     */
    public record Plan(Map<Integer, Leader> leaders, Map<Integer, List<MarkedProcess>> members,
                       List<MarkedProcess> orphans) {}

    /**
     * @param alive says whether a recorded (pid, startTicks) still runs; it is consulted only for a recorded leader
     *              missing from the scan (spawned by a daemon from before the marker, or unreadable)
     */
    public static Plan reconcile(Collection<Known> known, Collection<MarkedProcess> scan,
                                 BiPredicate<Long, Long> alive) {
        Map<Integer, Known> byId = new HashMap<>();
        for (Known k : known) byId.put(k.pmId(), k);
        Map<Integer, List<MarkedProcess>> marked = new LinkedHashMap<>();
        List<MarkedProcess> orphans = new ArrayList<>();
        for (MarkedProcess m : scan) {
            Known k = byId.get(m.pmId());
            if (k == null || k.removed()) orphans.add(m);
            else marked.computeIfAbsent(m.pmId(), x -> new ArrayList<>()).add(m);
        }
        Map<Integer, Leader> leaders = new LinkedHashMap<>();
        Map<Integer, List<MarkedProcess>> members = new LinkedHashMap<>();
        for (Known k : known) {
            if (k.removed()) continue;
            List<MarkedProcess> mine = marked.getOrDefault(k.pmId(), List.of());
            Leader leader = recordedLeader(k, mine, alive);
            if (leader == null) leader = leaderByMarker(k, mine);
            if (leader != null) leaders.put(k.pmId(), leader);
            List<MarkedProcess> rest = new ArrayList<>();
            for (MarkedProcess m : mine) {
                if (leader == null || m.pid() != leader.pid() || m.startTicks() != leader.startTicks()) rest.add(m);
            }
            members.put(k.pmId(), rest);
        }
        return new Plan(leaders, members, orphans);
    }

    private static Leader recordedLeader(Known k, List<MarkedProcess> mine, BiPredicate<Long, Long> alive) {
        if (k.pid() <= 0) return null;
        for (MarkedProcess m : mine) {
            if (m.pid() == k.pid() && m.startTicks() == k.startTicks()) {
                return new Leader(m.pid(), m.startTicks(), Math.max(k.generation(), m.generation()), false);
            }
        }
        return alive.test(k.pid(), k.startTicks()) ? new Leader(k.pid(), k.startTicks(), k.generation(), false) : null;
    }

    private static Leader leaderByMarker(Known k, List<MarkedProcess> mine) {
        return mine.stream()
                .filter(m -> m.isSessionLeader() && m.generation() >= k.generation())
                .max(Comparator.comparingLong(MarkedProcess::generation)
                        .thenComparing(Comparator.comparingLong(MarkedProcess::startTicks).reversed())
                        .thenComparing(Comparator.comparingLong(MarkedProcess::pid).reversed()))
                .map(m -> new Leader(m.pid(), m.startTicks(), m.generation(), true))
                .orElse(null);
    }
}
