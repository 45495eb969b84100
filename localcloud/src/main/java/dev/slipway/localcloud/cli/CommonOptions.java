package dev.slipway.localcloud.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
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

  /**
   * The project root: {@code SLIPWAY_ROOT} (the {@code slipway} launcher sets it), else the project
   * this CLI was built in ({@code localcloud/target/slipway.jar} lies inside it), else the nearest
   * directory up from the working directory with {@code statemachines/} and {@code localcloud/}. So
   * {@code cd / && /path/to/clone/slipway demo} works as well as from the clone.
   */
  static Path projectRoot() {
    String explicit = System.getenv("SLIPWAY_ROOT");
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit).toAbsolutePath();
    }
    try {
      Path code =
          Path.of(CommonOptions.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Optional<Path> built = projectAbove(code);
      if (built.isPresent()) {
        return built.get();
      }
    } catch (URISyntaxException | RuntimeException e) {
      // no code source to go by (an unusual class loader): fall back to the working directory
    }
    return projectAbove(Path.of("").toAbsolutePath()).orElse(Path.of("").toAbsolutePath());
  }

  private static Optional<Path> projectAbove(Path start) {
    for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("statemachines"))
          && Files.isDirectory(dir.resolve("localcloud"))) {
        return Optional.of(dir);
      }
    }
    return Optional.empty();
  }
}
