package jmon.spec;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;

/**
 * Reads JSON text into {@link SrcNode}s with Jackson's streaming parser, which is what gives us positions.
 * PM2 evaluates .json files as JavaScript, so comments, trailing commas, single quotes and unquoted keys are
 * accepted here too: a file PM2 reads must not be rejected by jmon.
 */
final class JsonSource {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
            .enable(JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES)
            .build();

    /** Either a tree or the one syntax problem that stopped the parser. */
    record Parsed(SrcNode root, Problem problem) {}

    private final String file;
    private final boolean located;
    private String path = "";

    private JsonSource(String file, boolean located) {
        this.file = file;
        this.located = located;
    }

    /**
     * @param located false when the text was generated, so its positions mean nothing to the user
     */
    static Parsed parse(String text, String file, boolean located) {
        JsonSource src = new JsonSource(file, located);
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null) return new Parsed(null, new Problem(file, 0, 0, "", "file is empty"));
            SrcNode root = src.read(p, t);
            if (p.nextToken() != null) {
                return new Parsed(null, src.problemAt(p.currentTokenLocation(), "unexpected content after the end"));
            }
            return new Parsed(root, null);
        } catch (DuplicateKey e) {
            return new Parsed(null, e.problem);
        } catch (JsonProcessingException e) {
            return new Parsed(null, src.problemAt(e.getLocation(), "invalid JSON: " + e.getOriginalMessage()));
        } catch (IOException e) {
            return new Parsed(null, new Problem(file, 0, 0, "", "cannot read: " + e.getMessage()));
        }
    }

    /** Stops the parse at a key written twice (unchecked so it passes through the recursive reader). */
    private static final class DuplicateKey extends RuntimeException {
        final Problem problem;

        DuplicateKey(Problem problem) {
            super(problem.message(), null, false, false);
            this.problem = problem;
        }
    }

    private Problem problemAt(JsonLocation loc, String message) {
        int line = located && loc != null ? Math.max(0, loc.getLineNr()) : 0;
        int col = located && loc != null ? Math.max(0, loc.getColumnNr()) : 0;
        return new Problem(file, line, col, path, message);
    }

    private SrcNode read(JsonParser p, JsonToken t) throws IOException {
        JsonLocation loc = p.currentTokenLocation();
        int line = located ? loc.getLineNr() : 0;
        int col = located ? loc.getColumnNr() : 0;
        switch (t) {
            case START_OBJECT -> {
                LinkedHashMap<String, SrcNode.Member> members = new LinkedHashMap<>();
                String outer = path;
                for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
                    JsonLocation kl = p.currentTokenLocation();
                    String key = p.currentName();
                    path = outer.isEmpty() ? key : outer + "." + key;
                    SrcNode.Member first = members.get(key);
                    if (first != null) {
                        // JavaScript keeps the last value silently; one of two settings is then a typo nobody sees
                        throw new DuplicateKey(new Problem(file, located ? kl.getLineNr() : 0, located ? kl.getColumnNr() : 0,
                                path, "key '" + key + "' is written twice in this object"
                                + (first.line() > 0 ? " (first at line " + first.line() + " column " + first.column() + ")" : "")
                                + "; keep one"));
                    }
                    SrcNode value = read(p, p.nextToken());
                    members.put(key, new SrcNode.Member(key, located ? kl.getLineNr() : 0,
                            located ? kl.getColumnNr() : 0, value));
                    path = outer; // a syntax error between members belongs to the object
                }
                path = outer;
                return new SrcNode.Obj(members, line, col);
            }
            case START_ARRAY -> {
                List<SrcNode> items = new ArrayList<>();
                String outer = path;
                for (JsonToken v = p.nextToken(); v != JsonToken.END_ARRAY; v = p.nextToken()) {
                    path = outer + "[" + items.size() + "]";
                    items.add(read(p, v));
                    path = outer;
                }
                path = outer;
                return new SrcNode.Arr(items, line, col);
            }
            case VALUE_STRING -> { return new SrcNode.Val(p.getText(), line, col); }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> { return new SrcNode.Val(p.getDecimalValue(), line, col); }
            case VALUE_TRUE -> { return new SrcNode.Val(Boolean.TRUE, line, col); }
            case VALUE_FALSE -> { return new SrcNode.Val(Boolean.FALSE, line, col); }
            case VALUE_NULL -> { return new SrcNode.Val(null, line, col); }
            default -> throw new IllegalStateException("unexpected token " + t);
        }
    }

}
