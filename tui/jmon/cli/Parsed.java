package jmon.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A parsed command line: positionals, options by key, and what came after {@code --}. */
public final class Parsed {
    final List<String> positional = new ArrayList<>();
    final List<String> rest = new ArrayList<>();
    final Map<String, String> values = new HashMap<>();

    public List<String> positional() { return positional; }

    public List<String> rest() { return rest; }

    public boolean has(String key) { return values.containsKey(key); }

    public String get(String key) { return values.get(key); }

    public String get(String key, String dflt) { return values.getOrDefault(key, dflt); }

    /** The same options with other positional words (a verb that takes its first word itself, e.g. sendSignal). */
    public Parsed withPositional(List<String> words) {
        Parsed q = new Parsed();
        q.positional.addAll(words);
        q.rest.addAll(rest);
        q.values.putAll(values);
        return q;
    }

    /** Parses argv against the options a command accepts; unknown options are errors naming the nearest. */
    public static Parsed parse(List<String> args, List<Opt> opts) {
        Parsed p = new Parsed();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--")) {
                p.rest.addAll(args.subList(i + 1, args.size()));
                break;
            }
            if (a.startsWith("-") && a.length() > 1 && !isNumber(a)) {
                String name = a;
                String inline = null;
                int eq = a.indexOf('=');
                if (a.startsWith("--") && eq > 0) {
                    name = a.substring(0, eq);
                    inline = a.substring(eq + 1);
                }
                Opt o = find(opts, name);
                if (o == null) throw new UsageException("unknown option " + name + suggest(name, opts));
                if (o.takesValue()) {
                    String v = inline;
                    if (v == null) {
                        if (i + 1 >= args.size()) throw new UsageException(name + " needs a value (" + o.valueName() + ")");
                        v = args.get(++i);
                    }
                    p.values.put(o.key(), v);
                } else {
                    if (inline != null) throw new UsageException(name + " takes no value");
                    p.values.put(o.key(), "true");
                }
            } else {
                p.positional.add(a);
            }
        }
        return p;
    }

    /** "-12": a negative number, not an option (same as matching {@code -\\d+}, without compiling a regex). */
    private static boolean isNumber(String a) {
        if (a.length() < 2 || a.charAt(0) != '-') return false;
        for (int i = 1; i < a.length(); i++) if (a.charAt(i) < '0' || a.charAt(i) > '9') return false;
        return true;
    }

    private static Opt find(List<Opt> opts, String name) {
        for (Opt o : opts) if (o.names().contains(name)) return o;
        return null;
    }

    private static String suggest(String name, List<Opt> opts) {
        String best = null;
        int bestD = Integer.MAX_VALUE;
        for (Opt o : opts) {
            for (String n : o.names()) {
                int d = jmon.spec.Suggest.levenshtein(name, n);
                if (d < bestD) {
                    bestD = d;
                    best = n;
                }
            }
        }
        return best != null && bestD <= 3 ? " (did you mean " + best + "?)" : "";
    }

}
