package dev.slipway.localcloud.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every command takes: where local mode keeps its state and which port it uses. */
final class CommonOptions {
  @Option(
      names = "--state-dir",
      paramLabel = "DIR",
      description =
          "Local mode's state (database, logs, git repositories). Default: .slipway/ in the project root.")
  Path stateDir;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      description = "Port of the local AWS endpoint on 127.0.0.1. Default: ${DEFAULT-VALUE}.")
  int port = 4566;

  Path stateDir() {
    return (stateDir != null ? stateDir : projectRoot().resolve(".slipway"))
        .toAbsolutePath()
        .normalize();
  }

  /** The project root: the nearest directory up from here with statemachines/ and localcloud/. */
  static Path projectRoot() {
    String explicit = System.getenv("SLIPWAY_ROOT");
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit).toAbsolutePath();
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("statemachines"))
          && Files.isDirectory(dir.resolve("localcloud"))) {
        return dir;
      }
    }
    return Path.of("").toAbsolutePath();
  }
}
