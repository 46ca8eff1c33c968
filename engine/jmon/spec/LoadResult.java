package jmon.spec;

import java.util.List;

import jmon.api.AppSpec;

/**
 * What a load produced. When there is any problem, {@code apps} is empty: a half-valid file must start nothing.
 */
public record LoadResult(List<AppSpec> apps, List<Problem> problems) {
    public LoadResult {
        apps = apps == null ? List.of() : List.copyOf(apps);
        problems = problems == null ? List.of() : List.copyOf(problems);
    }

    public boolean ok() { return problems.isEmpty(); }
}
