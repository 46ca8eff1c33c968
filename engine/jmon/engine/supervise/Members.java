package jmon.engine.supervise;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jmon.api.Member;
import jmon.engine.exec.MarkedProcess;
import jmon.engine.exec.ProcFs;

/**
 * The members of one app, as {@code describe} shows them: its leader's descendants (in its process group, or
 * escaped from it) and every other live process carrying its marker (a double-forked daemon re-parented to the
 * daemon, a leftover found after a restart). Pure: the /proc table and the marked processes come in.
 */
public final class Members {
    private Members() {}

    /** @param leader the app's main pid, 0 when none runs (then only marked processes are members) */
    public static List<Member> of(long leader, int pmId, Map<Long, ProcFs.Stat> table, List<MarkedProcess> marked) {
        List<Member> out = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        if (leader > 0) {
            seen.add(leader);
            for (ProcFs.Stat st : ProcFs.descendants(table, leader)) {
                seen.add(st.pid());
                out.add(new Member(st.pid(), st.startTicks(), command(marked, st.pid()),
                        st.pgrp() == leader ? "group" : "escaped"));
            }
        }
        for (MarkedProcess m : marked) {
            if (m.pmId() != pmId || !seen.add(m.pid())) continue;
            out.add(new Member(m.pid(), m.startTicks(), m.command(), leader > 0 && m.pgrp() == leader ? "group" : "marked"));
        }
        return out;
    }

    private static String command(List<MarkedProcess> marked, long pid) {
        for (MarkedProcess m : marked) if (m.pid() == pid) return m.command();
        return jmon.engine.exec.MarkedProcesses.command(pid);
    }
}
