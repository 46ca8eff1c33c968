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

    void at(int line, int column, String field, String message) {
        sink.add(new Problem(file, line, column, field, message));
    }
}
