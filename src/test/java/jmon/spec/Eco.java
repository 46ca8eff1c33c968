package jmon.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jmon.api.AppSpec;

/**
 * A throw-away project folder for loader tests: files, executable scripts, and a PATH made of a private bin/
 * plus the system folders, so tests control which interpreters "exist".
 */
final class Eco {
    final Path dir;
    final Path bin;

    Eco(Path dir) {
        this.dir = dir;
        this.bin = dir.resolve("bin");
        try {
            Files.createDirectories(bin);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path write(String rel, String text) {
        try {
            Path p = dir.resolve(rel);
            Files.createDirectories(p.getParent());
            Files.writeString(p, text);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An executable shell script at {@code rel}. */
    Path exe(String rel) {
        Path p = write(rel, "#!/bin/sh\nexit 0\n");
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** A fake program on this folder's PATH. */
    Path tool(String name) { return exe("bin/" + name); }

    /** PATH: private bin only, so nothing from the machine leaks in. */
    Map<String, String> isolatedEnv() { return Map.of("PATH", bin.toString(), "HOME", dir.toString()); }

    /** PATH: private bin, then the system (for sleep, node). */
    Map<String, String> systemEnv() { return Map.of("PATH", bin + ":/usr/bin:/bin", "HOME", dir.toString()); }

    LoadResult load(String rel) { return load(rel, LoadOptions.none()); }

    LoadResult load(String rel, LoadOptions opts) { return new EcosystemLoader(systemEnv()).load(dir.resolve(rel), opts); }

    static LoadOptions only(String... names) { return new LoadOptions(null, null, Set.of(names), null, List.of()); }

    static LoadOptions namespace(String ns) { return new LoadOptions(ns, null, Set.of(), null, List.of()); }

    static List<AppSpec> ok(LoadResult r) {
        assertTrue(r.ok(), () -> "unexpected problems: " + r.problems());
        return r.apps();
    }

    /** The single problem, with a readable failure when there are others. */
    static Problem one(LoadResult r) {
        assertEquals(1, r.problems().size(), () -> "expected one problem, got " + r.problems());
        assertTrue(r.apps().isEmpty(), "a load with problems must return no apps");
        return r.problems().get(0);
    }

    static AppSpec named(List<AppSpec> apps, String name) {
        return apps.stream().filter(a -> a.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no app " + name + " in " + apps));
    }
}
