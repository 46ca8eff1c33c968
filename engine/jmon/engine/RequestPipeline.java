package jmon.engine;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import jmon.api.ActionResult;
import jmon.api.Caller;
import jmon.api.ErrorCode;
import jmon.api.JmonException;
import jmon.api.ProcessInfo;
import jmon.engine.audit.AuditLog;

/**
 * The one way a request reaches the engine, whatever it came through (socket, HTTP, the daemon itself):
 * validate → authorize → admit (journaled before it acts) → freeze check and action on the engine thread, in one
 * task → finish (waiting, off the engine thread) → durable → audited with the real caller → answer. A read stops
 * after validation. Every operation is an {@link Operation}, so a new one gets these rules by construction.
 */
final class RequestPipeline {
    private final EngineLoop loop;
    private final Durability durability;
    private final Freezes freezes;
    private final AuditLog audit;
    private final jmon.engine.history.History history;

    RequestPipeline(EngineLoop loop, Durability durability, Freezes freezes, AuditLog audit,
                    jmon.engine.history.History history) {
        this.loop = loop;
        this.durability = durability;
        this.freezes = freezes;
        this.audit = audit;
        this.history = history;
    }

    <T> T run(Operation<T> o, Caller c) {
        o.validate();
        if (o instanceof Operation.Read<T> r) return r.answer();
        Operation.Change<T> ch = (Operation.Change<T>) o;
        String verb = ch.verb();
        try {
            if (c.readOnly()) {
                throw new JmonException(ErrorCode.REFUSED, verb + " changes something, and this caller is read-only");
            }
            durability.admitRequest(c, verb, ch.namespace(), ch.targets());
            ch.prepare();
            Operation.FreezeCheck check = ch.op().freezeChecked()
                    ? namespaces -> freezes.check(namespaces, c, verb)
                    : namespaces -> { };
            Operation.Begun<T> begun = loop.call(() -> ch.begin(check));
            T result = begun.finish();
            durability.awaitDurable();
            record(c, verb, ch, affected(result), "ok");
            return result;
        } catch (JmonException e) {
            record(c, verb, ch, List.of(), e.getMessage());
            throw e;
        } catch (IOException e) {
            record(c, verb, ch, List.of(), e.toString());
            throw new JmonException(ErrorCode.FAILED, e.getMessage());
        } catch (RuntimeException e) { // a defect: still on the record, then answered as an internal error
            record(c, verb, ch, List.of(), e.toString());
            throw e;
        }
    }

    /** The outcome in the audit log and the history, with the caller's context. */
    private void record(Caller c, String verb, Operation.Change<?> ch, List<String> affected, String outcome) {
        audit.append(c.user(), verb, ch.namespace(), ch.targets(), affected, outcome, c.context());
        history.request(c, verb, ch.namespace(), ch.targets(), outcome);
    }

    private static List<String> affected(Object result) {
        if (!(result instanceof ActionResult a)) return List.of();
        List<String> out = new ArrayList<>(a.processes().size());
        for (ProcessInfo p : a.processes()) out.add(p.qualifiedName());
        return out;
    }
}
