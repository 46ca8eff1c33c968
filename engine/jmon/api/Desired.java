package jmon.api;

/** What users asked for, kept apart from the observed status: restart decisions read this, never flags. */
public enum Desired { RUN, HALT }
