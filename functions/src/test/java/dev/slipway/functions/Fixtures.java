package dev.slipway.functions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.pipeline.model.PipelineJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test data: JSON fixtures on the test classpath and the shared conformance files, in place. */
final class Fixtures {
  private Fixtures() {}

  /** A classpath resource under {@code events/}, as text. */
  static String event(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/events/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource events/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code ../shared/conformance/github-webhooks} next to the project (or a worktree's parent). */
  static Path githubWebhooks() {
    String root = System.getProperty("slipway.root");
    if (root == null) {
      throw new IllegalStateException("system property slipway.root is not set; run through Maven");
    }
    for (Path dir = Path.of(root).toAbsolutePath().normalize();
        dir != null;
        dir = dir.getParent()) {
      Path candidate = dir.resolveSibling("shared").resolve("conformance/github-webhooks");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("no shared/conformance/github-webhooks near " + root);
  }

  static byte[] webhookBytes(String file) {
    try {
      return Files.readAllBytes(githubWebhooks().resolve(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode webhookJson(String file) {
    try {
      return PipelineJson.mapper().readTree(webhookBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
