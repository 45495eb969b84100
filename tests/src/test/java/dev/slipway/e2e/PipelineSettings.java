package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.localcloud.demo.DemoSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;

/**
 * A pipeline config derived from the demo's ({@code services[0].pipeline} edited as a JSON tree),
 * deployed the way a user changes it: synthesize the CDK app with it into a directory of its own
 * under {@code tests/target/e2e/settings/} and run {@code slipway up --cdk-out <that assembly>}
 * while local mode is up. {@link #restoreDemo} deploys the demo's assembly again.
 */
final class PipelineSettings {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** How long the last redeploy took (synthesis and {@code slipway up}). */
  private static Duration lastRedeploy = Duration.ofSeconds(60);

  private final String name;
  private final ObjectNode config;
  private final Map<String, JsonNode> changes = new LinkedHashMap<>();

  private PipelineSettings(String name, ObjectNode config) {
    this.name = name;
    this.config = config;
  }

  /** The demo's config, to be changed and deployed under {@code name} (a directory name). */
  static PipelineSettings fromDemo(LocalModeRun local, String name) throws IOException {
    return fromDemo(local.root, name);
  }

  /** The project's demo config ({@code examples/hello-service/slipway.demo.json}), to change. */
  static PipelineSettings fromDemo(Path root, String name) throws IOException {
    return new PipelineSettings(
        name, (ObjectNode) JSON.readTree(Files.readString(DemoSettings.defaultConfig(root))));
  }

  /** The name these settings are deployed under. */
  String name() {
    return name;
  }

  /** Writes these settings to {@code dir/slipway.json}; that file. */
  Path write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve("slipway.json");
    Files.writeString(file, config.toPrettyString());
    return file;
  }

  /** Sets one field of the pipeline settings ({@code strategy}, {@code bakeSeconds}, …). */
  PipelineSettings set(String field, Object value) {
    JsonNode node = JSON.valueToTree(value);
    pipeline().set(field, node);
    changes.put(field, node);
    return this;
  }

  /**
   * Adds a weekly freeze window of all environments, in UTC, from the minute of {@code from} to the
   * minute {@code until} rounds up to (windows have minute granularity).
   *
   * @param mode {@code wait} or {@code refuse}
   */
  PipelineSettings freeze(String mode, Instant from, Instant until, String reason) {
    ObjectNode window = JSON.createObjectNode();
    window.put("start", weekly(from.truncatedTo(ChronoUnit.MINUTES)));
    window.put("end", weekly(nextMinute(until)));
    window.put("timeZone", "UTC").put("mode", mode).put("reason", reason);
    pipeline().withArray("freezeWindows").add(window);
    changes.put("freezeWindows", pipeline().get("freezeWindows"));
    return this;
  }

  /** The first whole minute at or after the instant: where a window ending "at" it ends. */
  static Instant nextMinute(Instant at) {
    Instant floor = at.truncatedTo(ChronoUnit.MINUTES);
    return floor.equals(at) ? at : floor.plus(Duration.ofMinutes(1));
  }

  /** How long deploying settings took last time, to place freeze windows after it. */
  static Duration lastRedeploy() {
    return lastRedeploy;
  }

  /**
   * Synthesizes and deploys these settings (nothing to do when they are already deployed), then
   * checks that the Prepare function runs with them.
   */
  void deploy(LocalModeRun local) throws IOException, InterruptedException {
    if (name.equals(local.deployedSettings)) {
      return;
    }
    long t0 = System.nanoTime();
    Path dir = local.work.resolve("settings").resolve(name);
    Path assembly = LocalModeRun.synthesize(local.root, write(dir), dir.resolve("cdk.out"));
    local.redeploy(assembly);
    local.deployedSettings = name;
    lastRedeploy = Duration.ofNanos(System.nanoTime() - t0);
    System.out.printf(
        "settings %s deployed in %.1f s: %s%n", name, lastRedeploy.toMillis() / 1000.0, changes);
    JsonNode running = prepareConfig(local);
    // Prepare writes every default out (a window gains "environments"): compare what was set
    changes.forEach(
        (field, value) ->
            assertThat(value.isArray() ? running.path(field).size() : running.path(field))
                .as("Prepare's %s after slipway up --cdk-out %s", field, assembly)
                .isEqualTo(value.isArray() ? value.size() : value));
  }

  /** Deploys the demo's own assembly again, unless it is what runs. */
  static void restoreDemo(LocalModeRun local) throws IOException, InterruptedException {
    if (local.deployedSettings.equals("demo")) {
      return;
    }
    local.redeploy(local.assembly);
    local.deployedSettings = "demo";
    assertThat(prepareConfig(local).path("freezeWindows").size())
        .as("the demo config has no freeze window")
        .isZero();
  }

  /** {@code SLIPWAY_PIPELINE_CONFIG} of the deployed Prepare function. */
  private static JsonNode prepareConfig(LocalModeRun local) throws IOException {
    try (LambdaClient lambda = local.state.client(LambdaClient.builder())) {
      for (FunctionConfiguration f : lambda.listFunctions().functions()) {
        String config =
            f.environment() == null
                ? null
                : f.environment().variables().get("SLIPWAY_PIPELINE_CONFIG");
        if (config != null) {
          return JSON.readTree(config);
        }
      }
    }
    throw new AssertionError("no deployed function has SLIPWAY_PIPELINE_CONFIG");
  }

  private ObjectNode pipeline() {
    return (ObjectNode) config.path("services").path(0).path("pipeline");
  }

  private static String weekly(Instant at) {
    ZonedDateTime t = at.atZone(ZoneOffset.UTC);
    return t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ROOT)
        + String.format(Locale.ROOT, " %02d:%02d", t.getHour(), t.getMinute());
  }
}
