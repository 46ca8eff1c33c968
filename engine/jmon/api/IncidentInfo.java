package jmon.api;

import java.util.List;

/**
 * One incident folder of the daemon ({@code $JMON_HOME/incidents/<id>/}): its files, and its summary
 * ({@code incident.json} as written by the wizard; null when it has none yet).
 */
public record IncidentInfo(String id, List<String> files, String summaryJson) {}
