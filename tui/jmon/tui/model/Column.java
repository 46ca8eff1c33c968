package jmon.tui.model;

import java.util.Comparator;
import jmon.api.ProcessInfo;

/** The process table's columns, in display order; each can sort the rows. */
public enum Column {
    NAMESPACE("namespace", Comparator.comparing(ProcessInfo::namespace)),
    NAME("name", Comparator.comparing(ProcessInfo::name)),
    ID("id", Comparator.comparingInt(ProcessInfo::pmId)),
    STATUS("status", Comparator.comparing(p -> p.status().wire())),
    READY("ready", Comparator.comparing(ProcessInfo::ready)),
    PID("pid", Comparator.comparingLong(ProcessInfo::pid)),
    CPU("cpu", Comparator.comparingDouble(ProcessInfo::cpu)),
    MEM("mem", Comparator.comparingLong(ProcessInfo::memory)),
    RESTARTS("↺", Comparator.comparingInt(ProcessInfo::restarts)),
    UPTIME("uptime", Comparator.comparingLong(p -> p.status().isSignallable() && p.startedAt() > 0 ? -p.startedAt() : Long.MIN_VALUE)),
    PRIORITY("prio", Comparator.comparingInt(p -> p.spec() == null ? Integer.MAX_VALUE : p.spec().restoreOrder()));

    private final String header;
    private final Comparator<ProcessInfo> order;

    Column(String header, Comparator<ProcessInfo> order) {
        this.header = header;
        this.order = order;
    }

    public String header() { return header; }
    public Comparator<ProcessInfo> order() { return order; }
}
