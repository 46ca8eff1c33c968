package jmon.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import jmon.api.ActionResult;
import jmon.api.Caller;
import jmon.api.ErrorCode;
import jmon.api.FreezeInfo;
import jmon.api.JmonException;
import jmon.engine.audit.AuditLog;
import jmon.engine.persist.Aside;
import jmon.engine.persist.AtomicFile;
import jmon.engine.time.Clock;
import jmon.rpc.Json;

/**
 * Frozen namespaces ({@code freezes.json}): "no change until the incident is resolved". Checked, frozen and
 * lifted only on the engine thread, so a freeze landing between a request's check and its action cannot exist.
 */
final class Freezes {
    private final Path file;
    private final Clock clock;
    private final AuditLog audit;
    /** Read by other threads (ping, list of freezes); written on the engine thread. */
    private final Map<String, FreezeInfo> byNamespace = new ConcurrentHashMap<>();

    Freezes(Path file, Clock clock, AuditLog audit, Consumer<String> warn) {
        this.file = file;
        this.clock = clock;
        this.audit = audit;
        try {
            if (Files.exists(file)) {
                for (FreezeInfo f : Json.<List<FreezeInfo>>read(file, Json.listOf(FreezeInfo.class))) byNamespace.put(f.namespace(), f);
            }
        } catch (IOException | RuntimeException e) {
            // supervising matters more than a damaged lock file: say loudly that no freeze holds now
            byNamespace.clear();
            Path aside = Aside.move(file);
            if (aside == null) aside = file;
            warn.accept("freezes.json is damaged (" + e.getMessage() + "): kept as " + aside.getFileName()
                    + "; NO namespace is frozen now: freeze again if an incident is on");
        }
    }

    /**
     * Refuses a change to a frozen namespace unless the caller holds its token or overrides (the override is
     * audited). On the engine thread, in the same task as the change.
     */
    void check(Collection<String> namespaces, Caller c, String verb) {
        for (String ns : new TreeSet<>(namespaces)) {
            FreezeInfo f = byNamespace.get(ns);
            if (f == null || (c.freezeToken() != null && c.freezeToken().equals(f.token()))) continue;
            if (c.overrideFreeze()) {
                audit.append(c.user(), verb, ns, List.of(), List.of(), "freeze overridden (frozen by " + f.user() + ": " + f.reason() + ")");
                continue;
            }
            throw new JmonException(ErrorCode.FROZEN, "namespace " + ns + " is frozen by " + f.user() + " since "
                    + java.time.Instant.ofEpochMilli(f.at()) + ": " + f.reason() + "; 'jmon unfreeze -n " + ns
                    + "' lifts it, --force overrides (audited)");
        }
    }

    /** True when ns is frozen and token is its freeze's token. */
    boolean holds(String ns, String token) {
        FreezeInfo f = byNamespace.get(ns);
        return f != null && token != null && token.equals(f.token());
    }

    /** On the engine thread. */
    FreezeInfo freeze(String ns, String reason, Caller c) {
        FreezeInfo old = byNamespace.get(ns);
        if (old != null) {
            throw new JmonException(ErrorCode.REFUSED, "namespace " + ns + " is already frozen by " + old.user()
                    + ": " + old.reason());
        }
        FreezeInfo f = new FreezeInfo(ns, reason == null || reason.isBlank() ? "incident" : reason, c.user(),
                clock.nowMs(), java.util.UUID.randomUUID().toString());
        byNamespace.put(ns, f);
        try {
            write();
        } catch (JmonException e) {
            byNamespace.remove(ns); // not on disk: not frozen
            throw e;
        }
        return f;
    }

    /** On the engine thread. */
    ActionResult unfreeze(String ns) {
        FreezeInfo f = byNamespace.get(ns);
        if (f == null) throw new JmonException(ErrorCode.NOT_FOUND, "namespace " + ns + " is not frozen");
        byNamespace.remove(ns);
        try {
            write();
        } catch (JmonException e) {
            byNamespace.put(ns, f); // still frozen on disk
            throw e;
        }
        return new ActionResult(List.of(), List.of("unfroze " + ns + " (frozen by " + f.user() + ": " + f.reason() + ")"));
    }

    /** Every freeze, tokens left out. */
    List<FreezeInfo> list() {
        return byNamespace.values().stream().map(FreezeInfo::publicView)
                .sorted(Comparator.comparing(FreezeInfo::namespace)).toList();
    }

    private void write() {
        try {
            AtomicFile.write(file, Json.bytes(byNamespace.values()));
        } catch (IOException e) {
            throw new JmonException(ErrorCode.FAILED, "writing " + file + ": " + e.getMessage());
        }
    }
}
