package dev.slipway.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.pipeline.model.PipelineJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the shared GitHub webhook conformance data in place (never copied into the project), for
 * the pipeline logic and handler tests alike.
 */
public final class Conformance {
  private Conformance() {}

  public static Path githubWebhooks() {
    String root = System.getProperty("slipway.root");
    if (root == null) {
      throw new IllegalStateException(
          "system property slipway.root is not set; run the tests through Maven (the parent POM"
              + " sets it)");
    }
    // <root>/../shared in the integration checkout; a git worktree sits one level deeper
    for (Path dir = Path.of(root).toAbsolutePath().normalize();
        dir != null;
        dir = dir.getParent()) {
      Path candidate = dir.resolveSibling("shared").resolve("conformance/github-webhooks");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "no shared/conformance/github-webhooks next to " + root + " or any of its parents");
  }

  public static byte[] bytes(String file) {
    try {
      return Files.readAllBytes(githubWebhooks().resolve(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static JsonNode json(String file) {
    try {
      return PipelineJson.mapper().readTree(bytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
