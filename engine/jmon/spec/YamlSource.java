package jmon.spec;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Reads a .yml/.yaml ecosystem file into {@link SrcNode}s, keeping each value's line and column. PM2 reads YAML
 * with js-yaml (YAML 1.2, core schema): {@code true}/{@code false} are booleans but {@code yes}/{@code on} are
 * strings, {@code ~} and {@code null} are null, {@code <<} merges a mapping. The composer's node tree is used
 * rather than loaded Java objects, so nothing is ever constructed from a tag and every node keeps its mark.
 */
final class YamlSource {
    /** Aliases may repeat a node; a recursive one would otherwise be followed forever. */
    private static final int MAX_DEPTH = 64;

    private final String file;

    private YamlSource(String file) { this.file = file; }

    static JsonSource.Parsed parse(String text, String file) {
        LoadSettings settings = LoadSettings.builder()
                .setLabel(file)
                .setSchema(new CoreSchema())
                .setMaxAliasesForCollections(50)
                .setCodePointLimit((int) EcosystemLoader.MAX_FILE_BYTES)
                .build();
        YamlSource src = new YamlSource(file);
        try {
            Optional<Node> root = new Compose(settings).composeString(text);
            if (root.isEmpty()) return new JsonSource.Parsed(null, new Problem(file, 0, 0, "", "file is empty"));
            return new JsonSource.Parsed(src.convert(root.get(), "", 0), null);
        } catch (Bad e) {
            return new JsonSource.Parsed(null, e.problem);
        } catch (MarkedYamlEngineException e) {
            Mark m = e.getProblemMark().orElse(e.getContextMark().orElse(null));
            String what = e.getProblem() == null ? e.getMessage() : e.getProblem();
            String context = e.getContext() == null ? "" : e.getContext() + ": ";
            return new JsonSource.Parsed(null, new Problem(file, m == null ? 0 : m.getLine() + 1,
                    m == null ? 0 : m.getColumn() + 1, "", "invalid YAML: " + context + what));
        } catch (YamlEngineException e) {
            return new JsonSource.Parsed(null, new Problem(file, 0, 0, "", "invalid YAML: " + e.getMessage()));
        }
    }

    /** A problem found while converting (unchecked so it leaves the recursion at once). */
    private static final class Bad extends RuntimeException {
        final Problem problem;

        Bad(Problem problem) {
            super(problem.message(), null, false, false);
            this.problem = problem;
        }
    }

    private int line(Node n) { return n.getStartMark().map(m -> m.getLine() + 1).orElse(0); }

    private int column(Node n) { return n.getStartMark().map(m -> m.getColumn() + 1).orElse(0); }

    private Bad bad(Node n, String path, String message) {
        return new Bad(new Problem(file, line(n), column(n), path, message));
    }

    private SrcNode convert(Node n, String path, int depth) {
        if (depth > MAX_DEPTH) throw bad(n, path, "nested more than " + MAX_DEPTH + " levels deep (a recursive alias?)");
        if (n instanceof MappingNode map) {
            LinkedHashMap<String, SrcNode.Member> members = new LinkedHashMap<>();
            List<NodeTuple> merged = new ArrayList<>();
            for (NodeTuple t : map.getValue()) {
                Node k = t.getKeyNode();
                if (!(k instanceof ScalarNode ks)) throw bad(k, path, "a key must be a plain text, not a collection");
                if (Tag.MERGE.equals(ks.getTag()) || "<<".equals(ks.getValue()) && ks.isPlain()) {
                    collectMerge(t.getValueNode(), path, merged);
                    continue;
                }
                String key = ks.getValue();
                String field = path.isEmpty() ? key : path + "." + key;
                SrcNode.Member first = members.get(key);
                if (first != null) { // as in JSON: the last one would win silently, so one of them is a typo
                    throw bad(k, field, "key '" + key + "' is written twice in this object (first at line "
                            + first.line() + " column " + first.column() + "); keep one");
                }
                members.put(key, new SrcNode.Member(key, line(k), column(k), convert(t.getValueNode(), field, depth + 1)));
            }
            // << fills in what the mapping itself does not say, as js-yaml does
            for (NodeTuple t : merged) {
                String key = ((ScalarNode) t.getKeyNode()).getValue();
                if (members.containsKey(key)) continue;
                String field = path.isEmpty() ? key : path + "." + key;
                members.put(key, new SrcNode.Member(key, line(t.getKeyNode()), column(t.getKeyNode()),
                        convert(t.getValueNode(), field, depth + 1)));
            }
            return new SrcNode.Obj(members, line(n), column(n));
        }
        if (n instanceof SequenceNode seq) {
            List<SrcNode> items = new ArrayList<>();
            for (Node item : seq.getValue()) items.add(convert(item, path + "[" + items.size() + "]", depth + 1));
            return new SrcNode.Arr(items, line(n), column(n));
        }
        ScalarNode s = (ScalarNode) n;
        return new SrcNode.Val(scalar(s, path), line(n), column(n));
    }

    private void collectMerge(Node v, String path, List<NodeTuple> into) {
        if (v instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if (!(t.getKeyNode() instanceof ScalarNode)) throw bad(t.getKeyNode(), path, "a key must be a plain text");
                into.add(t);
            }
        } else if (v instanceof SequenceNode s) {
            for (Node item : s.getValue()) collectMerge(item, path, into);
        } else {
            throw bad(v, path, "'<<' merges a mapping or a list of mappings");
        }
    }

    /** The value of a scalar under the core schema: String, BigDecimal, Boolean or null. */
    private Object scalar(ScalarNode s, String path) {
        Tag tag = s.getTag();
        String v = s.getValue();
        if (Tag.NULL.equals(tag)) return null;
        if (Tag.BOOL.equals(tag)) return Boolean.valueOf(v.toLowerCase(Locale.ROOT).equals("true"));
        if (Tag.INT.equals(tag)) {
            String t = v.startsWith("+") ? v.substring(1) : v;
            try {
                if (t.startsWith("0x")) return new BigDecimal(new BigInteger(t.substring(2), 16));
                if (t.startsWith("0o")) return new BigDecimal(new BigInteger(t.substring(2), 8));
                return new BigDecimal(t);
            } catch (NumberFormatException e) {
                throw bad(s, path, "not a number: " + v);
            }
        }
        if (Tag.FLOAT.equals(tag)) {
            try {
                return new BigDecimal(v.startsWith("+") ? v.substring(1) : v);
            } catch (NumberFormatException e) { // .inf, .nan: no attribute takes them, so say which it was
                throw bad(s, path, "the number " + v + " is not usable here");
            }
        }
        if (Tag.STR.equals(tag)) return v;
        throw bad(s, path, "the tag " + tag.getValue() + " is not supported in an ecosystem file");
    }
}
