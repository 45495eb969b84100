package dev.slipway.localcloud.github;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.localcloud.protocol.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The local GitHub signs webhooks exactly as GitHub's published test vectors. */
class WebhookSignatureTest {
  static Stream<Arguments> vectors() throws Exception {
    // ../shared/conformance next to the project; a git worktree sits deeper, so walk up
    Path file = null;
    for (Path p = Path.of(System.getProperty("slipway.root")).toAbsolutePath();
        p != null && file == null;
        p = p.getParent()) {
      Path candidate = p.resolve("shared/conformance/github-webhooks/signature-vectors.json");
      file = java.nio.file.Files.isRegularFile(candidate) ? candidate : null;
    }
    if (file == null) {
      throw new IllegalStateException(
          "no shared/conformance above " + System.getProperty("slipway.root"));
    }
    List<Arguments> out = new ArrayList<>();
    for (JsonNode v : Json.MAPPER.readTree(file.toFile())) {
      out.add(
          Arguments.of(
              v.path("secret").asText(), v.path("payload").asText(), v.path("signature").asText()));
    }
    return out.stream();
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void signsLikeGitHub(String secret, String payload, String signature) {
    assertThat(WebhookSignature.sha256(secret, payload.getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(signature);
  }
}
