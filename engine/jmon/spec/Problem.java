package jmon.spec;

/**
 * One thing wrong with an ecosystem file, precise enough for an operator to go and fix it.
 *
 * @param file    the file it is in (absolute path), or the script given on the command line
 * @param line    1-based line, 0 when unknown (for example files evaluated by node)
 * @param column  1-based column, 0 when unknown
 * @param field   path of the attribute, e.g. {@code apps[1].max_restarts}; empty when the whole file is meant
 * @param message what is wrong, in words
 */
public record Problem(String file, int line, int column, String field, String message) {
    public Problem {
        file = file == null ? "" : file;
        field = field == null ? "" : field;
        message = message == null ? "" : message;
    }

    /** {@code file:line:col: field: message}, leaving out what is unknown. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(file);
        if (line > 0) {
            sb.append(':').append(line);
            if (column > 0) sb.append(':').append(column);
        }
        sb.append(": ");
        if (!field.isEmpty()) sb.append(field).append(": ");
        return sb.append(message).toString();
    }
}
