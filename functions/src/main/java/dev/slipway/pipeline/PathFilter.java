package dev.slipway.pipeline;

import java.util.List;

/**
 * A monorepo service deploys only when a push changed files under one of its paths. Paths are
 * repository-relative directory or file prefixes: {@code services/hello} matches {@code
 * services/hello/src/Main.java} and {@code services/hello} itself, not {@code
 * services/hello-admin/x}.
 */
public final class PathFilter {
  private final List<String> prefixes;

  public PathFilter(List<String> paths) {
    this.prefixes =
        paths.stream().map(p -> p.replaceAll("^/+|/+$", "")).filter(p -> !p.isEmpty()).toList();
  }

  /**
   * Whether the changed files concern this service. No paths configured, or changed files unknown
   * ({@code null}), means yes: a filter must never hide a change it cannot see.
   */
  public boolean matches(List<String> changedFiles) {
    if (prefixes.isEmpty() || changedFiles == null) {
      return true;
    }
    return changedFiles.stream().anyMatch(this::matches);
  }

  private boolean matches(String file) {
    return prefixes.stream().anyMatch(p -> file.equals(p) || file.startsWith(p + "/"));
  }
}
