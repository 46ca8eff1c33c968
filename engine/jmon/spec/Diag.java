package jmon.spec;

import java.util.List;

/** Collects problems for one file, taking positions from the nodes they are about. */
final class Diag {
    final String file;
    private final List<Problem> sink;

    Diag(String file, List<Problem> sink) {
        this.file = file;
        this.sink = sink;
    }

    void at(SrcNode node, String field, String message) {
        sink.add(new Problem(file, node == null ? 0 : node.line(), node == null ? 0 : node.column(), field, message));
    }

    void atKey(SrcNode.Member m, String field, String message) {
        sink.add(new Problem(file, m.line(), m.column(), field, message));
    }

    /** Problems of another file read on behalf of this one (an env_file), into the same list. */
    Diag forFile(String otherFile) { return new Diag(otherFile, sink); }

    void at(int line, int column, String field, String message) {
        sink.add(new Problem(file, line, column, field, message));
    }
}
