package jmon.spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Evaluates a .js/.cjs/.mjs ecosystem file with node and returns what it exports as JSON text, so existing PM2
 * files work unchanged. The result goes to a temp file, not stdout: the module may print whatever it likes.
 */
final class NodeEval {
    static final long TIMEOUT_MS = 10_000;

    private static final String PROGRAM = String.join("\n",
            "const file = process.argv[1], outFile = process.argv[2];",
            "(async () => {",
            "  const load = () => import(require('url').pathToFileURL(file).href);",
            "  let mod;",
            "  if (/\\.mjs$/i.test(file)) mod = await load();",
            // a .js file inside a "type": "module" package cannot be required, only imported
            "  else try { mod = require(file); } catch (e) { if (e && e.code === 'ERR_REQUIRE_ESM') mod = await load(); else throw e; }",
            "  const value = mod.default ?? mod;",
            "  const json = JSON.stringify(value);",
            "  if (json === undefined) throw new Error('the module exports nothing JSON can represent');",
            "  require('fs').writeFileSync(outFile, json);",
            "})().catch(e => { process.stderr.write(String(e && e.stack || e)); process.exit(1); });");

    /**
     * PM2 reads a .json file as one JavaScript expression ({@code vm.runInThisContext('(' + text + ')')}), so
     * {@code process.env.PORT || 3000} or a computed path works there: the same here, with the same 1 s limit.
     */
    private static final String EXPRESSION = String.join("\n",
            "const fs = require('fs'), file = process.argv[1], outFile = process.argv[2];",
            "try {",
            "  const value = require('vm').runInThisContext('(' + fs.readFileSync(file, 'utf8') + ')',",
            "      { filename: file, displayErrors: false, timeout: 1000 });",
            "  const json = JSON.stringify(value);",
            "  if (json === undefined) throw new Error('the file evaluates to nothing JSON can represent');",
            "  fs.writeFileSync(outFile, json);",
            "} catch (e) { process.stderr.write(String(e && e.message || e)); process.exit(1); }");

    /** JSON text, or a problem message in {@code error}. */
    record Result(String json, String error) {}

    private NodeEval() {}

    /** A module's export, as PM2 loads a .js/.cjs/.mjs ecosystem file. */
    static Result eval(Path file, Path node, Map<String, String> env) { return run(PROGRAM, file, node, env); }

    /** A .json file that is no JSON, evaluated as PM2 does as one JavaScript expression. */
    static Result evalExpression(Path file, Path node, Map<String, String> env) {
        return run(EXPRESSION, file, node, env);
    }

    private static Result run(String program, Path file, Path node, Map<String, String> env) {
        Path out = null, err = null, result = null;
        try {
            out = Files.createTempFile("jmon-eval", ".out");
            err = Files.createTempFile("jmon-eval", ".err");
            result = Files.createTempFile("jmon-eval", ".json");
            ProcessBuilder pb = new ProcessBuilder(List.of(node.toString(), "-e", program,
                    file.toAbsolutePath().toString(), result.toString()));
            pb.directory(file.toAbsolutePath().getParent().toFile());
            // the file may read process.env, and must see the caller's environment as PM2 would give it
            pb.environment().clear();
            if (env != null) pb.environment().putAll(env);
            pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            pb.redirectOutput(out.toFile());
            pb.redirectError(err.toFile());
            Process p = pb.start();
            if (!p.waitFor(TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                return new Result(null, "node did not finish evaluating the file within "
                        + TIMEOUT_MS / 1000 + " s");
            }
            if (p.exitValue() != 0) {
                String msg = Files.readString(err, StandardCharsets.UTF_8).strip();
                String first = msg.lines().limit(6).reduce((a, b) -> a + "\n" + b).orElse("");
                return new Result(null, "node could not evaluate the file (exit " + p.exitValue() + ")"
                        + (first.isEmpty() ? "" : ":\n" + first));
            }
            return new Result(Files.readString(result, StandardCharsets.UTF_8), null);
        } catch (IOException e) {
            return new Result(null, "cannot run node: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(null, "interrupted while node evaluated the file");
        } finally {
            for (Path t : new Path[] {out, err, result}) {
                try {
                    if (t != null) Files.deleteIfExists(t);
                } catch (IOException ignored) {
                    // a leftover temp file is harmless
                }
            }
        }
    }
}
