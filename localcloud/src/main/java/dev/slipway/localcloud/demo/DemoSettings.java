package dev.slipway.localcloud.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What the demo runs with: the project, local mode's state dir, the demo's pipeline config (service
 * name, GitHub repository and production environment are read from it), the steady load rate and
 * how long one pipeline run may take.
 */
public record DemoSettings(
    Path projectRoot,
    Path stateDir,
    Path config,
    String service,
    String repository,
    String production,
    int requestsPerSecond,
    Duration runLimit) {

  /** The demo config in the project: {@code examples/hello-service/slipway.demo.json}. */
  public static Path defaultConfig(Path projectRoot) {
    return projectRoot.resolve("examples/hello-service/slipway.demo.json");
  }

  /** Settings from a demo config file (its first service), 20 requests a second, 15 min a run. */
  public static DemoSettings of(Path projectRoot, Path stateDir, Path config) {
    JsonNode pipeline;
    try {
      pipeline =
          new ObjectMapper()
              .readTree(Files.readString(config))
              .path("services")
              .path(0)
              .path("pipeline");
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read the demo config " + config + ": " + e.getMessage());
    }
    if (!pipeline.path("service").isTextual() || !pipeline.path("repository").isTextual()) {
      throw new IllegalArgumentException(
          config + ": services[0].pipeline needs a service and a repository");
    }
    JsonNode envs = pipeline.path("environments");
    String production =
        envs.isArray() && !envs.isEmpty() ? envs.get(envs.size() - 1).asText() : "production";
    return new DemoSettings(
        projectRoot.toAbsolutePath(),
        stateDir.toAbsolutePath(),
        config.toAbsolutePath(),
        pipeline.path("service").asText(),
        pipeline.path("repository").asText(),
        production,
        20,
        Duration.ofMinutes(15));
  }

  /** The service's source in the project (copied into the demo's working repository). */
  public Path serviceSource() {
    return config.getParent();
  }

  /** Where the demo keeps its files: the synthesized assembly and the working repository. */
  public Path demoDir() {
    return stateDir.resolve("demo");
  }
}
