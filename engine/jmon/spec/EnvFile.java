package jmon.spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An {@code env_file}: lines of {@code KEY=VALUE} as dotenv and docker compose write them. Blank lines and lines
 * starting with {@code #} are skipped, {@code export } before a key is allowed, a value may be quoted with '...'
 * (taken as is) or "..." (where \n, \t, \" and \\ are escapes). Every bad line is reported at its line and column
 * in the env file, so a typo there reads like a typo in the ecosystem file.
 */
final class EnvFile {
    /** An env file is a few hundred bytes; anything past 1 MiB is a wrong path. */
    static final long MAX_BYTES = 1L << 20;

    private EnvFile() {}

    /** The variables in file order, or null when a problem was reported to {@code diag} (whose file is the env file). */
    static Map<String, String> read(Path file, Diag diag) {
        String text;
        try {
            if (!Files.isRegularFile(file)) {
                diag.at(0, 0, "", Files.exists(file) ? "env_file is not a regular file" : "env_file not found");
                return null;
            }
            if (Files.size(file) > MAX_BYTES) {
                diag.at(0, 0, "", "env_file is larger than " + MAX_BYTES + " bytes");
                return null;
            }
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            diag.at(0, 0, "", "env_file is not valid UTF-8");
            return null;
        } catch (IOException e) {
            diag.at(0, 0, "", "cannot read env_file: " + e.getMessage());
            return null;
        }
        return parse(text, diag);
    }

    static Map<String, String> parse(String text, Diag diag) {
        Map<String, String> env = new LinkedHashMap<>();
        boolean ok = true;
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i];
            int start = skipSpaces(line, 0);
            if (start == line.length() || line.charAt(start) == '#') continue;
            if (line.startsWith("export ", start)) start = skipSpaces(line, start + 7);
            int eq = line.indexOf('=', start);
            if (eq < 0) {
                diag.at(lineNo, start + 1, "", "expected KEY=VALUE, got \"" + line.strip() + "\"");
                ok = false;
                continue;
            }
            String key = line.substring(start, eq).strip();
            String keyProblem = keyProblem(key);
            if (keyProblem != null) {
                diag.at(lineNo, start + 1, key, keyProblem);
                ok = false;
                continue;
            }
            int v = skipSpaces(line, eq + 1);
            String value;
            if (v < line.length() && (line.charAt(v) == '"' || line.charAt(v) == '\'')) {
                char q = line.charAt(v);
                StringBuilder sb = new StringBuilder();
                int j = v + 1;
                boolean closed = false;
                for (; j < line.length(); j++) {
                    char c = line.charAt(j);
                    if (c == q) { closed = true; break; }
                    if (q == '"' && c == '\\' && j + 1 < line.length()) {
                        char e = line.charAt(++j);
                        sb.append(switch (e) { case 'n' -> '\n'; case 't' -> '\t'; case 'r' -> '\r'; default -> e; });
                    } else {
                        sb.append(c);
                    }
                }
                if (!closed) {
                    diag.at(lineNo, v + 1, key, "the quote " + q + " opened here is not closed on this line");
                    ok = false;
                    continue;
                }
                int rest = skipSpaces(line, j + 1);
                if (rest < line.length() && line.charAt(rest) != '#') {
                    diag.at(lineNo, rest + 1, key, "unexpected text after the closing quote");
                    ok = false;
                    continue;
                }
                value = sb.toString();
            } else {
                String raw = line.substring(v);
                int hash = raw.indexOf(" #"); // an inline comment needs a space before it, as in dotenv
                value = (hash >= 0 ? raw.substring(0, hash) : raw).strip();
            }
            env.put(key, value);
        }
        return ok ? env : null;
    }

    private static String keyProblem(String key) {
        if (key.isEmpty()) return "empty variable name before '='";
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean ok = c == '_' || c == '.' || c == '-' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z'
                    || i > 0 && c >= '0' && c <= '9';
            if (!ok) return "'" + key + "' is not a variable name (letters, digits, _ . -, not starting with a digit)";
        }
        return null;
    }

    private static int skipSpaces(String s, int i) {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) i++;
        return i;
    }
}
