package jmon.api;

/** What the engine tells its listeners (console, audit, timeline). Sealed: every consumer handles every kind. */
@com.fasterxml.jackson.annotation.JsonTypeInfo(use = com.fasterxml.jackson.annotation.JsonTypeInfo.Id.NAME, property = "type")
@com.fasterxml.jackson.annotation.JsonSubTypes({
        @com.fasterxml.jackson.annotation.JsonSubTypes.Type(value = EngineEvent.StatusChanged.class, name = "status"),
        @com.fasterxml.jackson.annotation.JsonSubTypes.Type(value = EngineEvent.ProcessAdded.class, name = "added"),
        @com.fasterxml.jackson.annotation.JsonSubTypes.Type(value = EngineEvent.ProcessRemoved.class, name = "removed")})
public sealed interface EngineEvent permits EngineEvent.StatusChanged, EngineEvent.ProcessAdded, EngineEvent.ProcessRemoved {
    long at();

    record StatusChanged(int pmId, String namespace, String name, ProcessStatus from, ProcessStatus to,
                         String reason, Integer exitCode, String signal, long at) implements EngineEvent {}

    record ProcessAdded(int pmId, String namespace, String name, long at) implements EngineEvent {}

    record ProcessRemoved(int pmId, String namespace, String name, long at) implements EngineEvent {}
}
