package jmon.cli;

import java.nio.file.Path;

/** Entry point of the jar: the CLI. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        boolean tty = System.console() != null;
        int code = new Cli(System.getenv(), System.out, System.err, Path.of("").toAbsolutePath(), tty).run(args);
        System.out.flush();
        System.exit(code);
    }
}
