package jmon.api;

import java.util.List;
import java.util.Map;

/**
 * What jmon knows of a process's health right now.
 *
 * @param capabilities  partial readiness: capabilities reported with READY=&lt;cap&gt; and not withdrawn
 * @param statusText    the last STATUS= line
 * @param health        the last HEALTH={...} object the process reported
 * @param lastWatchdog  epoch ms of the last WATCHDOG=1, 0 when none
 * @param notifyGarbage lines on the notify pipe that were not messages (counted, ignored)
 * @param waitingFor    dependencies not satisfied yet (a start that waits)
 */
public record HealthInfo(boolean ready, List<String> capabilities, String statusText, Map<String, CustomMetric> metrics,
                         Map<String, Object> health, ProbeResult readiness, ProbeResult liveness, long lastWatchdog,
                         long notifyGarbage, List<String> waitingFor) {}
