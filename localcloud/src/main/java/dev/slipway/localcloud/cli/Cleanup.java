package dev.slipway.localcloud.cli;

import dev.slipway.localcloud.server.ProcessRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

/** Stops what a crashed or killed local mode left running (its pid files say what). */
final class Cleanup {
  private Cleanup() {}

  static int leftovers(Path stateDir, Consumer<String> progress) {
    return leftovers(stateDir, progress, false);
  }

  /**
   * As {@link #leftovers(Path, Consumer)}; {@code restarting}: for a {@code slipway up} that
   * follows, which adopts what keeps serving (task containers, HAProxy) instead of stopping it.
   */
  static int leftovers(Path stateDir, Consumer<String> progress, boolean restarting) {
    var stopped =
        new ProcessRegistry(stateDir.resolve("processes"))
            .cleanUpLeftovers(Duration.ofSeconds(5), ProcessHandle.current().pid());
    stopped.forEach(
        e -> progress.accept("slipway: stopped leftover " + e.label() + " (pid " + e.pid() + ")"));
    for (LocalModeExtension extension : java.util.ServiceLoader.load(LocalModeExtension.class)) {
      try {
        if (restarting) {
          extension.beforeRestartAfterCrash(stateDir);
        } else {
          extension.cleanUpAfterCrash(stateDir);
        }
      } catch (RuntimeException e) {
        progress.accept("slipway: " + extension.name() + " could not clean up: " + e.getMessage());
      }
    }
    RunState.delete(stateDir);
    return stopped.size();
  }
}
