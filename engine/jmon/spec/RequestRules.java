package jmon.spec;

import java.util.List;

import jmon.api.AppSpec;
import jmon.api.ErrorCode;
import jmon.api.JmonException;
import jmon.api.LogQuery;
import jmon.api.Selector;

/**
 * The checks a request must pass before the daemon acts on it: the same rules as the file loader's
 * ({@link Names}, {@link Limits}, {@link SpecRules}), for values that arrive over the socket or on a CLI flag.
 * Each method throws {@code JmonException(BAD_REQUEST, "<field>: <problem>")} (exit 2 in the CLI) on the first
 * problem and returns normally otherwise; none of them touches anything, so a refused request changed nothing.
 */
public final class RequestRules {
    private RequestRules() {}

    /** A namespace that must be given: {@code save -n}, {@code freeze -n}, an app's namespace. */
    public static void checkNamespace(String field, String ns) {
        fail(field, Names.namespaceProblem(ns));
    }

    /** A namespace that may be absent (null = every namespace, as in {@code list} or {@code resurrect}). */
    public static void checkOptionalNamespace(String field, String ns) {
        if (ns != null) checkNamespace(field, ns);
    }

    /** An app name: the safe set, not {@code all}, not all digits, no glob characters. */
    public static void checkAppName(String field, String name) {
        fail(field, Names.appNameProblem(name));
    }

    /** What a verb acts on: its namespace (optional) and every target (a name, a pm_id, {@code all} or a glob). */
    public static void checkSelector(Selector s) {
        if (s == null) throw bad("selector", "is missing");
        checkOptionalNamespace("selector.namespace", s.namespace());
        if (s.targets().size() > Limits.MAX_LIST_ITEMS) {
            throw bad("selector.targets", "has " + s.targets().size() + " targets, at most " + Limits.MAX_LIST_ITEMS);
        }
        for (int i = 0; i < s.targets().size(); i++) fail("selector.targets[" + i + "]", Names.targetProblem(s.targets().get(i)));
    }

    /** A {@code logs} request: its selector and how many lines of history. */
    public static void checkLogQuery(LogQuery q) {
        if (q == null) throw bad("query", "is missing");
        checkSelector(q.selector());
        if (q.lines() < 0 || q.lines() > Limits.MAX_LOG_LINES) {
            throw bad("query.lines", "must be between 0 and " + Limits.MAX_LOG_LINES + ", got " + q.lines());
        }
    }

    /** A {@code history} request: optional namespace and app name, a time from 0 on, a limit in range (0: default). */
    public static jmon.api.HistoryQuery checkHistoryQuery(jmon.api.HistoryQuery q) {
        if (q == null) throw bad("query", "is missing");
        checkOptionalNamespace("query.namespace", q.namespace());
        if (q.name() != null) checkAppName("query.name", q.name());
        if (q.sinceMs() < 0) throw bad("query.sinceMs", "must be 0 or more, got " + q.sinceMs());
        if (q.limit() < 0 || q.limit() > jmon.api.HistoryQuery.MAX_LIMIT) {
            throw bad("query.limit", "must be between 0 and " + jmon.api.HistoryQuery.MAX_LIMIT + ", got " + q.limit());
        }
        return q;
    }

    /** A file path the daemon will read ({@code inventory add}): absolute, at most 4096 characters, no NUL or controls. */
    public static void checkFilePath(String field, String path) {
        if (path == null || path.isEmpty()) throw bad(field, "is missing");
        if (path.length() > 4096) throw bad(field, "is " + path.length() + " characters long, at most 4096");
        if (!path.startsWith("/")) throw bad(field, "must be an absolute path, got " + path);
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) < 0x20 || path.charAt(i) == 0x7f) throw bad(field, "must not contain control characters (at " + (i + 1) + ")");
        }
    }

    /** An incident id or one of its file names: 1–128 of ASCII letters, digits and {@code ._-}, not starting with a dot. */
    public static void checkIncidentName(String field, String v) {
        if (v == null || v.isEmpty()) throw bad(field, "is missing");
        if (v.length() > 128) throw bad(field, "is " + v.length() + " characters long, at most 128");
        if (v.charAt(0) == '.') throw bad(field, "must not start with a dot, got " + v);
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-';
            if (!ok) throw bad(field, "may hold only ASCII letters, digits and ._- (got '" + c + "' at " + (i + 1) + ")");
        }
    }

    /** A pm_id ({@code metrics}): 0 or more. */
    public static void checkPmId(String field, int pmId) {
        if (pmId < 0) throw bad(field, "must be 0 or more, got " + pmId);
    }

    /**
     * Free text that ends up in files and logs ({@code freeze --reason}): optional, at most
     * {@value Limits#MAX_REASON_LENGTH} characters, no control characters (a newline would forge a line of the
     * audit log or of {@code jmon.log}).
     */
    public static void checkReason(String field, String text) {
        if (text == null) return;
        if (text.length() > Limits.MAX_REASON_LENGTH) {
            throw bad(field, "is " + text.length() + " characters long, at most " + Limits.MAX_REASON_LENGTH);
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f || c >= 0x80 && c < 0xa0 || c == '\u2028' || c == '\u2029') {
                throw bad(field, String.format("must not contain control characters (U+%04X at %d)", (int) c, i + 1));
            }
        }
    }

    /**
     * The apps of a {@code start}: at least one, every field of each in range (see {@link SpecRules}), no app
     * twice, and at most {@link Limits#MAX_PROCESSES_PER_REQUEST} processes in all. Fields are named
     * {@code apps[i].<attribute>} with the ecosystem file's attribute names.
     */
    public static void checkSpecs(List<AppSpec> specs) {
        if (specs == null) throw bad("apps", "is missing");
        if (specs.isEmpty()) throw bad("apps", "must hold at least one app");
        long processes = 0;
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (int i = 0; i < specs.size(); i++) {
            AppSpec s = specs.get(i);
            List<SpecRules.Violation> v = SpecRules.of(s);
            if (!v.isEmpty()) {
                SpecRules.Violation first = v.get(0);
                throw bad("apps[" + i + "]" + (first.key().isEmpty() ? "" : "." + first.key()), first.message());
            }
            if (!ids.add(s.namespace() + "/" + s.name())) {
                throw bad("apps[" + i + "].name", "app '" + s.name() + "' of namespace '" + s.namespace() + "' is given twice");
            }
            processes += s.instances();
        }
        if (processes > Limits.MAX_PROCESSES_PER_REQUEST) {
            throw bad("apps", "would start " + processes + " processes, at most " + Limits.MAX_PROCESSES_PER_REQUEST
                    + " in one request");
        }
    }

    private static void fail(String field, String problem) {
        if (problem != null) throw bad(field, problem);
    }

    private static JmonException bad(String field, String problem) {
        return new JmonException(ErrorCode.BAD_REQUEST, field + ": " + problem);
    }
}
