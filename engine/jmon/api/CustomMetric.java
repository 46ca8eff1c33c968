package jmon.api;

/** A figure a process reported itself ({@code METRIC name=value unit} on its notify pipe). */
public record CustomMetric(double value, String unit, long at) {}
