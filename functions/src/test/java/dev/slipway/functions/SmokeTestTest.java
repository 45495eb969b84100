package dev.slipway.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.pipeline.model.SmokeResult;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class SmokeTestTest {
  private final List<URI> requested = new ArrayList<>();
  private final List<Map<String, String>> sentHeaders = new ArrayList<>();
  private final List<String> secretReads = new ArrayList<>();
  private static final String TEST_SECRET_ARN =
      "arn:aws:secretsmanager:eu-west-1:123456789012:secret:TestListenerSecret-AbCdEf";
  private final List<Duration> pauses = new ArrayList<>();
  private Instant now = Instant.parse("2026-11-25T17:05:00Z");

  /** A service that answers per path; {@code healthyAfter} failed rounds first return 503. */
  private SmokeTest handler(Function<String, HttpProbe.Response> service, Map<String, String> env) {
    HttpProbe probe =
        (uri, headers) -> {
          requested.add(uri);
          sentHeaders.add(headers);
          return service.apply(uri.getPath());
        };
    var allEnv = Steps.env();
    allEnv.put("TEST_LISTENER_SECRET_ARN", TEST_SECRET_ARN);
    allEnv.putAll(env);
    return new SmokeTest(
        probe,
        new Env(allEnv),
        () -> now,
        d -> {
          pauses.add(d);
          now = now.plus(d);
        },
        new SplittableRandom(42),
        arn -> {
          secretReads.add(arn);
          return arn.equals(TEST_SECRET_ARN) ? "s3cr3tHeaderValue" : null;
        });
  }

  private static HttpProbe.Response healthy(String path, String version) {
    return switch (path) {
      case "/healthz" ->
          new HttpProbe.Response(200, "{\"status\":\"ok\",\"version\":\"" + version + "\"}", null);
      case "/api/hello" -> new HttpProbe.Response(200, "{\"message\":\"hello\"}", null);
      default -> new HttpProbe.Response(200, "ok", null);
    };
  }

  private SmokeResult run(SmokeTest handler, Object... extra) {
    Object[] args = new Object[extra.length + 2];
    args[0] = "environment";
    args[1] = "staging";
    System.arraycopy(extra, 0, args, 2, extra.length);
    return Steps.as(Steps.invoke(handler, Steps.payload(Steps.state(), args)), SmokeResult.class);
  }

  @Test
  void passesWhenHealthReadyVersionAndConfiguredChecksPass() {
    SmokeResult result = run(handler(path -> healthy(path, Steps.SHA), Map.of()), "target", "live");

    assertThat(result.passed()).isTrue();
    assertThat(result.attempts()).isEqualTo(1);
    assertThat(result.url()).isEqualTo("http://hello-staging-123.eu-west-1.elb.amazonaws.com");
    assertThat(result.checks())
        .extracting(c -> c.path())
        .containsExactly("/healthz", "/ready", "/api/hello");
    assertThat(requested)
        .allMatch(u -> u.getHost().equals("hello-staging-123.eu-west-1.elb.amazonaws.com"));
  }

  @Test
  void oldVersionStillServingFailsAfterBoundedRetries() {
    SmokeResult result = run(handler(path -> healthy(path, DeployWorld.OLD_SHA), Map.of()));

    assertThat(result.passed()).isFalse();
    assertThat(result.attempts()).isBetween(2, 8);
    assertThat(result.checks().getFirst().detail())
        .contains("does not contain '" + Steps.SHA + "'");
    assertThat(pauses).isNotEmpty();
    assertThat(pauses.stream().reduce(Duration.ZERO, Duration::plus))
        .isLessThanOrEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void retriesUntilTheNewTasksAreReady() {
    int[] calls = {0};
    SmokeResult result =
        run(
            handler(
                path -> {
                  if (path.equals("/ready") && calls[0]++ < 2) {
                    return new HttpProbe.Response(503, "draining", null);
                  }
                  return healthy(path, Steps.SHA);
                },
                Map.of()));

    assertThat(result.passed()).isTrue();
    assertThat(result.attempts()).isEqualTo(3);
    assertThat(pauses).hasSize(2);
  }

  @Test
  void unreachableServiceIsReportedNotThrown() {
    SmokeResult result =
        run(
            handler(
                path -> new HttpProbe.Response(0, null, "ConnectException: Connection refused"),
                Map.of("SMOKE_MAX_ATTEMPTS", "2")));

    assertThat(result.passed()).isFalse();
    assertThat(result.attempts()).isEqualTo(2);
    assertThat(result.checks())
        .allSatisfy(c -> assertThat(c.detail()).contains("Connection refused"));
  }

  @Test
  void testTargetUsesTheTestListener() {
    run(handler(path -> healthy(path, Steps.SHA), Map.of()), "target", "test");

    assertThat(requested).allMatch(u -> u.getPort() == 8080);
  }

  @Test
  void testTargetSendsTheTestListenerHeaderOnEveryRequest() {
    SmokeResult result = run(handler(path -> healthy(path, Steps.SHA), Map.of()), "target", "test");

    assertThat(result.passed()).isTrue();
    assertThat(sentHeaders)
        .isNotEmpty()
        .allSatisfy(
            h -> assertThat(h).containsExactly(Map.entry("X-Slipway-Test", "s3cr3tHeaderValue")));
    assertThat(secretReads).containsOnly(TEST_SECRET_ARN);
  }

  @Test
  void liveTargetSendsNoHeaderAndReadsNoSecret() {
    run(handler(path -> healthy(path, Steps.SHA), Map.of()), "target", "live");

    assertThat(sentHeaders).allSatisfy(h -> assertThat(h).isEmpty());
    assertThat(secretReads).isEmpty();
  }

  @Test
  void theTestListenerWithoutTheHeaderIsA404() {
    // what the test listener answers a request without the header: its default action
    SmokeResult result =
        run(
            handler(
                path -> new HttpProbe.Response(404, "no test route", null),
                Map.of("SMOKE_MAX_ATTEMPTS", "1")),
            "target",
            "test");

    assertThat(result.passed()).isFalse();
  }

  @Test
  void afterARollbackExpectsTheRestoredVersion() {
    ObjectNode state = Steps.state();
    state
        .putObject("rollback")
        .put("environment", "staging")
        .put("succeeded", true)
        .put("restoredSha", DeployWorld.OLD_SHA)
        .put("trafficPercentOnNew", 0)
        .put("reason", "smoke test failed");
    var handler = handler(path -> healthy(path, DeployWorld.OLD_SHA), Map.of());

    var result =
        Steps.as(
            Steps.invoke(
                handler, Steps.payload(state, "environment", "staging", "expect", "rollback")),
            SmokeResult.class);

    assertThat(result.passed()).isTrue();
  }

  /** Verify staging rollback after Rollback stopped a failed first deploy. */
  private static SmokeResult verifyStoppedFirstDeploy(SmokeTest handler) {
    return Steps.as(
        Steps.invoke(
            handler,
            Steps.payload(
                stoppedFirstDeployState(), "environment", "staging", "expect", "rollback")),
        SmokeResult.class);
  }

  private static ObjectNode stoppedFirstDeployState() {
    ObjectNode state = Steps.state();
    state
        .putObject("rollback")
        .put("environment", "staging")
        .put("succeeded", true)
        .put("trafficPercentOnNew", 0)
        .put("reason", "no earlier version of staging to restore (first deploy)");
    return state;
  }

  @Test
  void afterAStoppedFirstDeployPassesOnceTheFailedVersionNoLongerAnswers() {
    int[] calls = {0};
    var handler =
        handler(
            path ->
                calls[0]++ < 2
                    ? healthy(path, Steps.SHA)
                    : new HttpProbe.Response(503, "no healthy targets", null),
            Map.of());

    var result = verifyStoppedFirstDeploy(handler);

    assertThat(result.passed()).isTrue();
    assertThat(result.attempts()).isEqualTo(3);
    assertThat(requested).allMatch(u -> u.getPath().equals("/healthz"));
  }

  @Test
  void afterAStoppedFirstDeployFailsWhileTheFailedVersionStillAnswers() {
    var handler = handler(path -> healthy(path, Steps.SHA), Map.of());

    var result = verifyStoppedFirstDeploy(handler);

    assertThat(result.passed()).isFalse();
    assertThat(result.checks().getFirst().detail()).contains("still answers");
  }
}
