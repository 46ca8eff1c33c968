package jmon.api;

/** What the engine tells its listeners (console, audit, timeline). Sealed: every consumer handles every kind. */
public sealed interface EngineEvent permits EngineEvent.StatusChanged, EngineEvent.ProcessAdded, EngineEvent.ProcessRemoved {
    long at();

    record StatusChanged(int pmId, String namespace, String name, ProcessStatus from, ProcessStatus to,
                         String reason, Integer exitCode, String signal, long at) implements EngineEvent {}

    record ProcessAdded(int pmId, String namespace, String name, long at) implements EngineEvent {}

    record ProcessRemoved(int pmId, String namespace, String name, long at) implements EngineEvent {}
}
