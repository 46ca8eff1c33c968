package jmon.api;

/**
 * A failed step waiting for retry, skip or abort. Anyone watching the job may answer; unanswered by
 * {@code deadline}, the plan's {@code onUnanswered} applies.
 */
public record RestoreQuestion(long id, String step, String problem, long askedAt, long deadline, String fallback) {}
