package jmon.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jmon.api.Desired;
import jmon.api.EngineEvent;
import jmon.api.ProcessInfo;
import jmon.api.ProcessStatus;
import jmon.engine.hooks.HookConfig;
import jmon.engine.hooks.HookEvent;
import jmon.engine.hooks.HookEvents;
import jmon.engine.hooks.HookRule;
import org.junit.jupiter.api.Test;

/** Which status changes are which hook events, and the hooks list of config.json, key by key. */
class HookEventsTest {
    static EngineEvent.StatusChanged change(ProcessStatus from, ProcessStatus to, Integer code, String signal, String reason) {
        return new EngineEvent.StatusChanged(3, "shop", "api", from, to, reason, code, signal, 1000);
    }

    static ProcessInfo info(int pmId, String name, ProcessStatus s, Desired d, int unstable) {
        return new ProcessInfo(pmId, "shop", name, 0, s, d, 0, false, unstable, unstable, 0, 0, 1, null, "r", null, null, 0, 0, null);
    }

    static List<String> types(List<HookEvent> es) {
        List<String> out = new ArrayList<>();
        for (HookEvent e : es) out.add(e.type());
        return out;
    }

    @Test
    void directEventsComeFromOneStatusChange() {
        HookEvents k = new HookEvents("h");
        assertEquals(List.of("crash"), types(k.direct(change(ProcessStatus.ONLINE, ProcessStatus.WAITING_RESTART, 1, null, "exit 1"))));
        assertEquals(List.of("crash", "errored"), types(k.direct(change(ProcessStatus.ONLINE, ProcessStatus.ERRORED, 1, null, "x"))));
        assertEquals(List.of(), types(k.direct(change(ProcessStatus.ONLINE, ProcessStatus.EXITED, 0, null, "done"))),
                "a clean exit 0 of an app that is done is no crash");
        assertEquals(List.of("crash"), types(k.direct(change(ProcessStatus.ONLINE, ProcessStatus.EXITED, null, "SIGKILL", "killed"))));
        assertEquals(List.of(), types(k.direct(change(ProcessStatus.STOPPING, ProcessStatus.STOPPED, 130, "SIGINT", "stopped"))),
                "a requested stop is no crash");
        assertEquals(List.of("memory"), types(k.direct(change(ProcessStatus.ONLINE, ProcessStatus.STOPPING, null, null,
                "memory 153.2 MiB over max_memory_restart 100.0 MiB"))));
        HookEvent e = k.direct(change(ProcessStatus.ONLINE, ProcessStatus.WAITING_RESTART, 1, null, "exit 1")).get(0);
        Map<String, String> env = e.env();
        assertEquals("crash", env.get("JMON_EVENT_TYPE"));
        assertEquals("1", env.get("JMON_EVENT_EXIT_CODE"));
        assertEquals("[jmon] shop/api crashed, exit 1: exit 1 on h", e.text());
        assertEquals(e.text(), e.toJson().get("text"));
    }

    @Test
    void aCrashLoopAndAnIncidentFireOnceUntilTheyEnd() {
        HookEvents k = new HookEvents("h");
        var s = change(ProcessStatus.ONLINE, ProcessStatus.WAITING_RESTART, 1, null, "x");
        List<ProcessInfo> one = List.of(info(3, "api", ProcessStatus.WAITING_RESTART, Desired.RUN, 1),
                info(4, "web", ProcessStatus.ONLINE, Desired.RUN, 0));
        assertEquals(List.of(), types(k.fromState(s, one, 1)), "one restart in progress: nothing yet");
        List<ProcessInfo> looping = List.of(info(3, "api", ProcessStatus.WAITING_RESTART, Desired.RUN, 2),
                info(4, "web", ProcessStatus.ONLINE, Desired.RUN, 0));
        assertEquals(List.of("crash-loop"), types(k.fromState(s, looping, 2)));
        assertEquals(List.of(), types(k.fromState(s, looping, 3)), "once per loop");
        List<ProcessInfo> allDown = List.of(info(3, "api", ProcessStatus.ERRORED, Desired.RUN, 0),
                info(4, "web", ProcessStatus.EXITED, Desired.RUN, 0), info(5, "off", ProcessStatus.STOPPED, Desired.HALT, 0));
        List<HookEvent> got = k.fromState(s, allDown, 4);
        assertEquals(List.of("incident"), types(got), "the api is no longer looping (errored), every app meant to run is down");
        assertEquals(List.of("api", "web"), got.get(0).down());
        assertEquals(List.of(), types(k.fromState(s, allDown, 5)), "once per incident");
        k.fromState(s, one, 6); // web is back
        assertEquals(List.of("incident"), types(k.fromState(s, allDown, 7)), "a new incident after the recovery");
    }

    @Test
    void badHooksAreLeftOutNamingTheirIndexAndKey() {
        List<String> warnings = new ArrayList<>();
        List<HookRule> rules = HookConfig.parse(List.of(
                Map.of("on", List.of("crash", "errored"), "command", "echo hi"),
                Map.of("on", "crashed", "command", "true"),
                Map.of("on", "crash", "command", "true", "url", "http://x"),
                Map.of("on", "crash", "url", "ftp://x"),
                Map.of("on", "crash", "command", "true", "timeout_ms", 0L),
                Map.of("on", "incident", "url", "https://hooks.example/x", "repeat_ms", 300000L, "name", "chat"),
                Map.of("on", "crash", "command", "true", "colour", "red")), warnings::add);
        assertEquals(2, rules.size(), warnings.toString());
        assertEquals(List.of("/bin/sh", "-c", "echo hi"), rules.get(0).command());
        assertEquals("hook-0", rules.get(0).name());
        assertEquals(300000L, rules.get(1).repeatMs());
        assertEquals(5, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith("hooks[1]: on: unknown event 'crashed'"), warnings.get(0));
        assertTrue(warnings.get(1).startsWith("hooks[2]: exactly one of command and url"), warnings.get(1));
        assertTrue(warnings.get(2).startsWith("hooks[3]: url: http:// or https://"), warnings.get(2));
        assertTrue(warnings.get(3).startsWith("hooks[4]: timeout_ms"), warnings.get(3));
        assertTrue(warnings.get(4).startsWith("hooks[6]: unknown key 'colour'"), warnings.get(4));
    }
}
