package jmon.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text format 0.0.4, as much of it as jmon emits. Every line is
 * {@code # HELP name text}, {@code # TYPE name type}, blank, or {@code name{label="value",...} number}; any
 * other line, a bad name, a bad escape, a sample before its family's HELP and TYPE, a family split in two
 * groups, a second HELP or TYPE, or a duplicate series is an error naming the line.
 */
final class PromText {
    record Sample(String name, Map<String, String> labels, double value) {
        String label(String k) { return labels.get(k); }
    }

    record Family(String name, String help, String type) {}

    final Map<String, Family> families = new LinkedHashMap<>();
    final List<Sample> samples = new ArrayList<>();

    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?|[+-]?Inf|NaN");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

    static PromText parse(String text) {
        PromText t = new PromText();
        if (!text.isEmpty() && !text.endsWith("\n")) throw new IllegalArgumentException("the text does not end with a line feed");
        Map<String, String> help = new HashMap<>();
        Map<String, String> type = new HashMap<>();
        Set<String> closed = new HashSet<>();
        Set<String> series = new HashSet<>();
        String current = null;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length - 1; i++) {
            String line = lines[i];
            String where = "line " + (i + 1) + " '" + line + "': ";
            if (line.isEmpty()) continue;
            String family;
            if (line.startsWith("#")) {
                String[] parts = line.split(" ", 4);
                if (parts.length < 3 || !parts[0].equals("#") || !(parts[1].equals("HELP") || parts[1].equals("TYPE"))) {
                    throw new IllegalArgumentException(where + "a comment other than '# HELP name text' or '# TYPE name type'");
                }
                family = parts[2];
                if (!METRIC_NAME.matcher(family).matches()) throw new IllegalArgumentException(where + "bad metric name");
                if (parts[1].equals("HELP")) {
                    String h = parts.length == 4 ? parts[3] : "";
                    checkHelp(where, h);
                    if (help.put(family, h) != null) throw new IllegalArgumentException(where + "second HELP for " + family);
                } else {
                    if (parts.length != 4 || !TYPES.contains(parts[3])) throw new IllegalArgumentException(where + "bad type");
                    if (type.put(family, parts[3]) != null) throw new IllegalArgumentException(where + "second TYPE for " + family);
                    if (t.samples.stream().anyMatch(s -> s.name().equals(family))) {
                        throw new IllegalArgumentException(where + "TYPE after samples of " + family);
                    }
                }
            } else {
                Sample s = sample(where, line);
                family = s.name();
                if (!help.containsKey(family) || !type.containsKey(family)) {
                    throw new IllegalArgumentException(where + "sample before the HELP and TYPE of its family");
                }
                if (!series.add(family + new TreeMap<>(s.labels()))) throw new IllegalArgumentException(where + "duplicate series");
                t.samples.add(s);
            }
            if (!family.equals(current)) {
                if (closed.contains(family)) throw new IllegalArgumentException(where + "family " + family + " split in two groups");
                if (current != null) closed.add(current);
                current = family;
            }
        }
        for (String f : help.keySet()) {
            if (!type.containsKey(f)) throw new IllegalArgumentException("family " + f + " has HELP but no TYPE");
        }
        for (String f : type.keySet()) {
            if (!help.containsKey(f)) throw new IllegalArgumentException("family " + f + " has TYPE but no HELP");
            t.families.put(f, new Family(f, help.get(f), type.get(f)));
        }
        return t;
    }

    private static void checkHelp(String where, String h) {
        for (int i = 0; i < h.length(); i++) {
            if (h.charAt(i) == '\\') {
                if (i + 1 >= h.length() || (h.charAt(i + 1) != '\\' && h.charAt(i + 1) != 'n')) {
                    throw new IllegalArgumentException(where + "bad escape in HELP");
                }
                i++;
            }
        }
    }

    private static Sample sample(String where, String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') i++;
        String name = line.substring(0, i);
        if (!METRIC_NAME.matcher(name).matches()) throw new IllegalArgumentException(where + "bad metric name '" + name + "'");
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i++;
            if (i < line.length() && line.charAt(i) == '}') throw new IllegalArgumentException(where + "empty label set '{}'");
            while (true) {
                int start = i;
                while (i < line.length() && line.charAt(i) != '=') i++;
                String ln = line.substring(start, i);
                if (!LABEL_NAME.matcher(ln).matches() || ln.startsWith("__")) throw new IllegalArgumentException(where + "bad label name '" + ln + "'");
                if (i + 1 >= line.length() || line.charAt(i + 1) != '"') throw new IllegalArgumentException(where + "label value not quoted");
                i += 2;
                StringBuilder v = new StringBuilder();
                while (true) {
                    if (i >= line.length()) throw new IllegalArgumentException(where + "unterminated label value");
                    char c = line.charAt(i);
                    if (c == '"') break;
                    if (c == '\\') {
                        if (i + 1 >= line.length()) throw new IllegalArgumentException(where + "dangling backslash");
                        char e = line.charAt(i + 1);
                        switch (e) {
                            case '\\' -> v.append('\\');
                            case '"' -> v.append('"');
                            case 'n' -> v.append('\n');
                            default -> throw new IllegalArgumentException(where + "bad escape \\" + e);
                        }
                        i += 2;
                    } else {
                        v.append(c);
                        i++;
                    }
                }
                i++; // closing quote
                if (labels.put(ln, v.toString()) != null) throw new IllegalArgumentException(where + "label " + ln + " twice");
                if (i >= line.length()) throw new IllegalArgumentException(where + "unterminated label set");
                if (line.charAt(i) == '}') {
                    i++;
                    break;
                }
                if (line.charAt(i) != ',') throw new IllegalArgumentException(where + "expected ',' or '}'");
                i++;
            }
        }
        if (i >= line.length() || line.charAt(i) != ' ') throw new IllegalArgumentException(where + "expected one space before the value");
        String value = line.substring(i + 1);
        if (!NUMBER.matcher(value).matches()) throw new IllegalArgumentException(where + "bad value '" + value + "'");
        double d = value.endsWith("Inf") ? (value.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY)
                : Double.parseDouble(value);
        return new Sample(name, labels, d);
    }

    List<Sample> of(String name) { return samples.stream().filter(s -> s.name().equals(name)).toList(); }
}
