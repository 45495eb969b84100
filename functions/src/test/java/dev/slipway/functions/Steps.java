package dev.slipway.functions;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.pipeline.model.PipelineJson;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/** Builds Task payloads from the fixture state and invokes stream handlers as Lambda does. */
final class Steps {
  static final String EXECUTION = "hello-9f1c2d3-72d3162e";
  static final String TOKEN = "AQCEAAAAKgAAAAMAAAAAAAAAAaFakeTaskToken";
  static final String SHA = "9f1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c";
  static final String DIGEST =
      "sha256:4b825dc642cb6eb9a060e54bf8d69288fbee4904c1f2a3b4c5d6e7f8a9b0c1d2";
  static final String REPOSITORY_URI = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/hello";
  static final String IMAGE = REPOSITORY_URI + "@" + DIGEST;

  private Steps() {}

  /** The fixture pipeline document (push, prepare with a canary config, build, image). */
  static ObjectNode state() {
    return (ObjectNode) json(Fixtures.event("pipeline-state.json"));
  }

  /** {@code {state, execution, ...extra}}. */
  static ObjectNode payload(JsonNode state, Object... extra) {
    ObjectNode payload = PipelineJson.mapper().createObjectNode();
    payload.set("state", state);
    payload.put("execution", EXECUTION);
    for (int i = 0; i < extra.length; i += 2) {
      payload.set((String) extra[i], PipelineJson.mapper().valueToTree(extra[i + 1]));
    }
    return payload;
  }

  /** The environment variables the CDK app sets, for every handler. */
  static Map<String, String> env(String... extra) {
    Map<String, String> env = new HashMap<>();
    env.put("SLIPWAY_SERVICE", "hello");
    env.put("SLIPWAY_ENVIRONMENTS", Fixtures.event("environments.json"));
    env.put("LOCKS_TABLE", "locks");
    env.put("DEPLOYMENTS_TABLE", "deployments");
    env.put("DELIVERIES_TABLE", "deliveries");
    env.put("ECR_REPOSITORY_NAME", "hello");
    env.put("ECR_REPOSITORY_URI", REPOSITORY_URI);
    env.put("BUILD_PROJECT_NAME", "slipway-hello");
    for (int i = 0; i < extra.length; i += 2) {
      env.put(extra[i], extra[i + 1]);
    }
    return env;
  }

  /** Invokes the handler with the JSON and returns its JSON answer. */
  static JsonNode invoke(RequestStreamHandler handler, JsonNode input) {
    var out = new ByteArrayOutputStream();
    try {
      handler.handleRequest(
          new ByteArrayInputStream(PipelineJson.mapper().writeValueAsBytes(input)),
          out,
          new FakeContext(handler.getClass().getSimpleName()));
      return PipelineJson.mapper().readTree(out.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static <T> T as(JsonNode node, Class<T> type) {
    try {
      return PipelineJson.mapper().treeToValue(node, type);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode json(String text) {
    try {
      return PipelineJson.mapper().readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
