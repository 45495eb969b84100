package dev.slipway.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.pipeline.model.InconclusivePolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;

/** slipway.json parsing: bad config fails with the field's path and what is allowed. */
class SlipwayConfigTest {
  private static final String PIPELINE =
      "{\"service\": \"hello\", \"repository\": \"acme/hello\"%s}";

  private static String config(String pipelineExtra, String infra) {
    return "{\"services\": [{\"pipeline\": "
        + PIPELINE.formatted(pipelineExtra)
        + (infra == null ? "" : ", \"infra\": " + infra)
        + "}]}";
  }

  @Test
  void exampleConfigIsValidWithDefaults() {
    SlipwayConfig config = SlipwayConfig.load(SynthesizedStack.ROOT.resolve("infra/slipway.json"));
    assertThat(config.services()).hasSize(1);
    ServiceSettings hello = config.services().getFirst();
    assertThat(hello.name()).isEqualTo("hello");
    assertThat(hello.pipeline().environments()).containsExactly("staging", "production");
    assertThat(hello.infra().connectionArn()).isNull();
    assertThat(hello.infra().logRetentionDays()).isEqualTo(30);
  }

  @Test
  void minimalConfigTakesDefaults() {
    ServiceSettings s = SlipwayConfig.parse(config("", null)).services().getFirst();
    assertThat(s.pipeline().branch()).isEqualTo("main");
    assertThat(s.infra().containerPort()).isEqualTo(8080);
    assertThat(s.infra().cpu()).isEqualTo(256);
    assertThat(s.pipeline().inconclusiveCanary()).isEqualTo(InconclusivePolicy.ROLLBACK);
  }

  @Test
  void inconclusiveCanaryPolicyIsReadFromThePipelineSettings() {
    ServiceSettings s =
        SlipwayConfig.parse(config(", \"inconclusiveCanary\": \"pause\"", null))
            .services()
            .getFirst();
    assertThat(s.pipeline().inconclusiveCanary()).isEqualTo(InconclusivePolicy.PAUSE);
  }

  static Stream<Arguments> badConfigs() {
    return Stream.of(
        Arguments.of(
            config(", \"strategy\": \"canery\"", null),
            "services[0].pipeline.strategy: 'canery' is not one of rolling, blue-green, canary"),
        Arguments.of(
            config(", \"inconclusiveCanary\": \"approve\"", null),
            "services[0].pipeline.inconclusiveCanary: 'approve' is not one of rollback, pause,"
                + " promote"),
        Arguments.of(
            config(", \"environments\": [\"production\"]", null),
            "services[0].pipeline.environments: [production] must name exactly two environments"),
        Arguments.of(
            config(", \"canarySteps\": [5, 50]", null), "services[0].pipeline.canarySteps"),
        Arguments.of(
            config(", \"colour\": \"blue\"", null), "services[0].pipeline.colour: unknown field"),
        Arguments.of(
            config("", "{\"cpu\": 300}"),
            "services[0].infra.cpu: 300 is not one of 256, 512, 1024, 2048, 4096"),
        Arguments.of(
            config("", "{\"cpu\": 256, \"memoryMiB\": 4096}"),
            "services[0].infra.memoryMiB: 4096 is not allowed with cpu 256; Fargate allows 512–2048 MiB"),
        Arguments.of(
            config("", "{\"containerPort\": 70000}"),
            "services[0].infra.containerPort: 70000 is outside the allowed range 1–65535"),
        Arguments.of(
            config("", "{\"connectionArn\": \"github-token\"}"),
            "services[0].infra.connectionArn: 'github-token' is not a CodeConnections connection ARN"),
        Arguments.of(
            config("", "{\"certificateArn\": \"my-cert\", \"domainNames\": {}}"),
            "services[0].infra.certificateArn: 'my-cert' is not an ACM certificate ARN"
                + " (arn:aws:acm:<region>:<account>:certificate/<id>)"),
        Arguments.of(
            config(
                "",
                "{\"certificateArn\":"
                    + " \"arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-4b5a\"}"),
            "services[0].infra.domainNames: is required with infra.certificateArn"),
        Arguments.of(
            config("", "{\"domainNames\": {\"production\": \"app.example.com\"}}"),
            "services[0].infra.domainNames: is only used with infra.certificateArn"),
        Arguments.of(
            config(
                "",
                "{\"certificateArn\":"
                    + " \"arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-4b5a\","
                    + " \"domainNames\": {\"production\": \"app.example.com\","
                    + " \"stagin\": \"staging.example.com\"}}"),
            "services[0].infra.domainNames: needs one DNS name per environment (staging,"
                + " production) with infra.certificateArn; missing: staging; not an environment:"
                + " stagin"),
        Arguments.of(
            config(
                "",
                "{\"certificateArn\":"
                    + " \"arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-4b5a\","
                    + " \"domainNames\": {\"production\": \"https://app.example.com\"}}"),
            "services[0].infra.domainNames.production: 'https://app.example.com' is not a DNS"
                + " name"),
        Arguments.of(
            config("", "{\"healthCheckIntervalSeconds\": 2}"),
            "services[0].infra.healthCheckIntervalSeconds: 2 is outside the allowed range 5–300"),
        Arguments.of(
            config("", "{\"deregistrationDelaySeconds\": 4000}"),
            "services[0].infra.deregistrationDelaySeconds: 4000 is outside the allowed range"
                + " 0–3600"),
        Arguments.of(
            config("", "{\"logRetentionDays\": 10}"),
            "services[0].infra.logRetentionDays: 10 is not one of 1, 3"),
        Arguments.of(
            config("", "{\"memory\": 512}"),
            "services[0].infra.memory: unknown field; known fields are ["),
        Arguments.of("{\"services\": []}", "services: needs a non-empty list"),
        Arguments.of("{\"service\": []}", "service: unknown field; known fields are [services]"),
        Arguments.of("{\"services\": [{\"infra\": {}}]}", "services[0].pipeline: is required"),
        Arguments.of("[1, 2", "not valid JSON"),
        Arguments.of(
            "{\"services\": [{\"pipeline\": "
                + PIPELINE.formatted("")
                + "}, {\"pipeline\": "
                + PIPELINE.formatted("")
                + "}]}",
            "services[1].pipeline.service: 'hello' is configured twice"));
  }

  @ParameterizedTest
  @MethodSource("badConfigs")
  void badConfigNamesTheFieldAndWhatIsAllowed(String json, String message) {
    assertThatThrownBy(() -> SlipwayConfig.parse(json))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining(message);
  }

  @Test
  void badConfigFailsSynthNamingTheField(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("slipway.json");
    Files.writeString(file, config(", \"strategy\": \"canery\"", null));
    App app =
        new App(
            AppProps.builder()
                .outdir(dir.resolve("cdk.out").toString())
                .context(Map.of("config", file.toString()))
                .build());
    assertThatThrownBy(() -> SlipwayApp.build(app, SynthesizedStack.ROOT))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage(
            "slipway.json: services[0].pipeline.strategy: 'canery' is not one of rolling,"
                + " blue-green, canary");
  }

  @Test
  void missingFileSaysHowToPassOne() {
    assertThatThrownBy(() -> SlipwayConfig.load(Path.of("no/such/slipway.json")))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("does not exist; pass -c config=<path to slipway.json>");
  }
}
