package dev.slipway.localcloud.console;

import static dev.slipway.localcloud.console.ConsoleFixture.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.localcloud.protocol.Json;
import dev.slipway.localcloud.protocol.WireRequest;
import dev.slipway.localcloud.protocol.WireResponse;
import dev.slipway.pipeline.model.DeploymentKind;
import dev.slipway.pipeline.model.DeploymentOutcome;
import dev.slipway.pipeline.model.DeploymentRecord;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's JSON endpoints and action guards over the real engine and DynamoDB. */
class ConsoleRouteTest {
  static final String SHA_A = "a".repeat(40);
  static final String SHA_B = "b".repeat(40);
  static final String SHA_C = "c".repeat(40);

  @TempDir Path dir;
  ConsoleFixture fixture;
  ConsoleRoute console;

  @BeforeEach
  void open() {
    fixture = new ConsoleFixture(dir, 0);
    console = new ConsoleRoute(fixture.registry, Clock.systemUTC());
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  void executionsListShowsShaAndMessageAndFiltersByStatus() throws Exception {
    String running = fixture.start("push-1", SHA_A, "Add greeting");
    awaitState(running, "Wait for approval", "RUNNING");
    JsonNode all = json(get("/console/api/executions?stateMachineArn=" + enc(fixture.machineArn)));
    assertThat(all).hasSize(1);
    assertThat(all.get(0).path("sha").asText()).isEqualTo(SHA_A);
    assertThat(all.get(0).path("message").asText()).isEqualTo("Add greeting");
    assertThat(all.get(0).path("status").asText()).isEqualTo("RUNNING");
    JsonNode failed =
        json(
            get(
                "/console/api/executions?status=FAILED&stateMachineArn="
                    + enc(fixture.machineArn)));
    assertThat(failed).isEmpty();
  }

  @Test
  void executionViewColorsStatesAndHidesTokensAndSecrets() throws Exception {
    String arn = fixture.start("push-2", SHA_B, "Break the canary");
    awaitState(arn, "Wait for approval", "RUNNING");
    JsonNode view = json(get("/console/api/execution?arn=" + enc(arn)));
    assertThat(status(view, "Build image")).isEqualTo("SUCCEEDED");
    assertThat(status(view, "Deploy staging")).isEqualTo("SUCCEEDED");
    assertThat(status(view, "Deploy")).isEqualTo("SUCCEEDED");
    assertThat(view.path("states").has("Analyze canary")).isFalse();
    assertThat(view.toString())
        .doesNotContain("do-not-show")
        .contains(Redaction.HIDDEN)
        .doesNotContainPattern("\"taskToken\\\\?\":\\\\?\"[A-Za-z0-9+/=_-]{8,}");
    assertThat(view.path("graph").path("nodes").size()).isEqualTo(11);
    assertThat(view.path("events").size()).isGreaterThan(5);

    WireResponse approved =
        post(
            "/console/api/approve",
            "{\"executionArn\":\"" + arn + "\",\"approve\":true,\"confirmed\":true}",
            token());
    assertThat(approved.status()).as(approved.bodyText()).isEqualTo(200);
    assertThat(json(approved).path("message").asText()).startsWith("approved " + SHA_B);
    awaitState(arn, "Rolled back", "SUCCEEDED");
    JsonNode done = json(get("/console/api/execution?arn=" + enc(arn)));
    assertThat(status(done, "Analyze canary")).isIn("FAILED", "CAUGHT");
    assertThat(done.path("states").path("Analyze canary").path("error").asText())
        .isEqualTo("Slipway.CanaryFailed");
    assertThat(status(done, "Roll back production")).isEqualTo("SUCCEEDED");
    assertThat(done.path("states").has("Deployed")).isFalse();
    JsonNode events = done.path("states").path("Analyze canary").path("events");
    assertThat(events.size()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void rejectingFailsTheWaitingApprovalAsTheLinkDoes() throws Exception {
    String arn = fixture.start("push-4", SHA_B, "Reject me");
    awaitState(arn, "Wait for approval", "RUNNING");

    WireResponse rejected =
        post(
            "/console/api/approve",
            "{\"executionArn\":\""
                + arn
                + "\",\"approve\":false,\"comment\":\"not today\","
                + "\"confirmed\":true}",
            token());

    assertThat(rejected.status()).as(rejected.bodyText()).isEqualTo(200);
    assertThat(json(rejected).path("message").asText()).startsWith("rejected " + SHA_B);
    awaitState(arn, "Wait for approval", "FAILED");
    JsonNode done = json(get("/console/api/execution?arn=" + enc(arn)));
    assertThat(done.path("states").path("Wait for approval").path("error").asText())
        .isEqualTo("Slipway.ApprovalRejected");
    assertThat(done.path("states").path("Wait for approval").path("cause").asText())
        .contains(SHA_B, "(console)", "not today");
    assertThat(done.path("states").has("Analyze canary")).as("nothing deployed").isFalse();
  }

  @Test
  void actionsNeedTheTokenALocalHostAndConfirmation() throws Exception {
    String arn = fixture.start("push-3", SHA_C, "Needs approval");
    awaitState(arn, "Wait for approval", "RUNNING");
    String body = "{\"executionArn\":\"" + arn + "\",\"approve\":false,\"confirmed\":true}";
    assertThat(post("/console/api/approve", body, null).status()).isEqualTo(403);
    assertThat(post("/console/api/approve", body, "0".repeat(48)).status()).isEqualTo(403);
    WireResponse rebound =
        console.handle(request("POST", "/console/api/approve", body, token(), "evil.example:4566"));
    assertThat(rebound.status()).isEqualTo(403);
    assertThat(
            post("/console/api/approve", body.replace("\"confirmed\":true", "\"x\":1"), token())
                .status())
        .isEqualTo(400);
    WireResponse rollback =
        post(
            "/console/api/rollback",
            "{\"service\":\"hello\",\"environment\":\"production\",\"sha\":\"abc\",\"confirmed\":true}",
            token());
    assertThat(rollback.status()).isEqualTo(400);
    assertThat(json(rollback).path("error").asText()).contains("40-character");
    // still waiting: nothing above decided the approval
    awaitState(arn, "Wait for approval", "RUNNING");
    assertThat(fixture.engine.execution(arn).orElseThrow().status()).isEqualTo("RUNNING");
  }

  @Test
  void rollbackButtonPutsTheManualRollbackRequestOnThePipelineBus() throws Exception {
    List<String> delivered = new java.util.concurrent.CopyOnWriteArrayList<>();
    var events =
        new dev.slipway.localcloud.events.LocalEventBridge(
            fixture.db,
            Clock.systemUTC(),
            call -> delivered.add(call.input()),
            Duration.ofMillis(50));
    try (events) {
      fixture.registry.register(
          dev.slipway.localcloud.protocol.ServiceDescriptor.eventBridge(events));
      events.createEventBus(
          software.amazon.awssdk.services.eventbridge.model.CreateEventBusRequest.builder()
              .name("slipway-hello")
              .build());
      events.putRule(
          software.amazon.awssdk.services.eventbridge.model.PutRuleRequest.builder()
              .name("manual-rollback")
              .eventBusName("slipway-hello")
              .eventPattern("{\"source\":[\"slipway.manual\"],\"detail-type\":[\"rollback\"]}")
              .build());
      events.putTargets(
          software.amazon.awssdk.services.eventbridge.model.PutTargetsRequest.builder()
              .rule("manual-rollback")
              .eventBusName("slipway-hello")
              .targets(
                  software.amazon.awssdk.services.eventbridge.model.Target.builder()
                      .id("pipeline")
                      .arn(fixture.machineArn)
                      .build())
              .build());
      WireResponse r =
          post(
              "/console/api/rollback",
              "{\"service\":\"hello\",\"environment\":\"production\",\"sha\":\""
                  + SHA_A
                  + "\",\"reason\":\"bad canary\",\"confirmed\":true}",
              token());
      assertThat(r.status()).as(r.bodyText()).isEqualTo(200);
      assertThat(json(r).path("message").asText()).contains("hello/production to " + SHA_A);
      await().atMost(Duration.ofSeconds(10)).until(() -> !delivered.isEmpty());
      JsonNode detail = Json.MAPPER.readTree(delivered.getFirst()).path("detail");
      assertThat(detail.path("toSha").asText()).isEqualTo(SHA_A);
      assertThat(detail.path("environment").asText()).isEqualTo("production");
      assertThat(detail.path("reason").asText()).isEqualTo("bad canary");
      assertThat(detail.path("requestedBy").asText()).endsWith("(console)");
    }
  }

  @Test
  void deploymentsShowServingHistoryAndDora() throws Exception {
    Instant t = Instant.now().minus(Duration.ofHours(3));
    List<DeploymentRecord> records =
        List.of(
            record(
                SHA_A,
                DeploymentKind.DEPLOY,
                DeploymentOutcome.SUCCEEDED,
                t,
                t.plusSeconds(60),
                t.plusSeconds(300),
                "e1"),
            record(
                SHA_B,
                DeploymentKind.DEPLOY,
                DeploymentOutcome.ROLLED_BACK,
                t.plusSeconds(400),
                t.plusSeconds(500),
                t.plusSeconds(800),
                "e2"),
            record(
                SHA_C,
                DeploymentKind.DEPLOY,
                DeploymentOutcome.SUCCEEDED,
                t.plusSeconds(900),
                t.plusSeconds(1000),
                t.plusSeconds(1500),
                "e3"));
    fixture.writeHistory(records, records.get(2));
    JsonNode view = json(get("/console/api/deployments"));
    JsonNode env = view.path("environments").get(0);
    assertThat(env.path("service").asText()).isEqualTo("hello");
    assertThat(env.path("environment").asText()).isEqualTo("production");
    assertThat(env.path("serving").path("sha").asText()).isEqualTo(SHA_C);
    assertThat(env.path("history")).hasSize(3);
    assertThat(env.path("history").get(0).path("sha").asText()).isEqualTo(SHA_C);
    assertThat(env.path("dora").path("deployments").asInt()).isEqualTo(2);
    assertThat(env.path("dora").path("changeFailureRate").asDouble()).isEqualTo(1.0 / 3);
    // lead times 300 s and 600 s: median 450; restore = e2 start → its rollback finished = 300 s
    assertThat(env.path("dora").path("leadTimeMedianSeconds").asLong()).isEqualTo(450);
    assertThat(env.path("dora").path("timeToRestoreMedianSeconds").asLong()).isEqualTo(300);
    assertThat(view.path("traffic")).isEmpty();

    String text = HistoryReport.render(view);
    assertThat(text)
        .contains("hello / production")
        .contains("serving: " + SHA_C)
        .contains("ROLLED_BACK")
        .contains("change failure rate 33%")
        .contains("lead time 7 min")
        .contains("time to restore 5 min");
  }

  @Test
  void permissionsShowTheDenialsNewestFirstAndSkipAPartLine() throws Exception {
    Path log = dir.resolve("iam-denials.log");
    ConsoleRoute withLog = new ConsoleRoute(fixture.registry, Clock.systemUTC(), log);
    JsonNode none = json(withLog.handle(getRequest("/console/api/denials")));
    assertThat(none.path("denials")).as("no log yet: nothing denied").isEmpty();

    String role = "arn:aws:sts::000000000000:assumed-role/Slipway-hello-SmokeTestRole/fn";
    Files.writeString(
        log,
        "{\"time\":\"2026-12-04T10:00:00Z\",\"mode\":\"enforce\",\"principal\":\""
            + role
            + "\",\"action\":\"cloudwatch:GetMetricData\",\"resource\":\"*\",\"missing\":\"an"
            + " Allow\",\"message\":\"User: x is not authorized\"}\n"
            + "{\"time\":\"2026-12-04T10:00:05Z\",\"mode\":\"audit\",\"principal\":\""
            + role
            + "\",\"action\":\"ecs:UpdateService\",\"resource\":\"arn:aws:ecs:s\"}\n"
            + "{\"time\":\"2026-12-04T10:0");
    JsonNode view = json(withLog.handle(getRequest("/console/api/denials")));
    assertThat(view.path("denials").findValuesAsText("action"))
        .containsExactly("ecs:UpdateService", "cloudwatch:GetMetricData");
    assertThat(view.path("denials").get(1).path("message").asText())
        .isEqualTo("User: x is not authorized");
    assertThat(json(get("/console/api/denials")).path("denials"))
        .as("a console without a log shows none")
        .isEmpty();
  }

  @Test
  void pageCarriesTheTokenAndAssetsComeFromTheJar() throws Exception {
    WireResponse page = get("/console");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.bodyText())
        .doesNotContain("{{CSRF_TOKEN}}")
        .contains("/console/static/console.js");
    assertThat(page.headers().get("Content-Security-Policy")).contains("default-src 'self'");
    for (String asset :
        List.of(
            "console.js",
            "graph.js",
            "deployments.js",
            "permissions.js",
            "dom.js",
            "console.css")) {
      WireResponse r = get("/console/static/" + asset);
      assertThat(r.status()).as(asset).isEqualTo(200);
      // nothing is fetched from elsewhere (the SVG namespace is a name, not a request)
      assertThat(r.bodyText()).doesNotContainPattern("https?://(?!www\\.w3\\.org/2000/svg)");
    }
    assertThat(get("/console/static/../../secrets.txt").status()).isEqualTo(404);
    assertThat(get("/console/api/nothing").status()).isEqualTo(404);
    assertThat(json(get("/console/api/executions")).path("error").asText())
        .contains("stateMachineArn");
  }

  private void awaitState(String arn, String state, String status) {
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () ->
                status.equals(status(json(get("/console/api/execution?arn=" + enc(arn))), state)));
  }

  private static String status(JsonNode view, String state) {
    return view.path("states").path(state).path("status").asText(null);
  }

  private String token() throws Exception {
    Matcher m =
        Pattern.compile("name=\"slipway-console-token\" content=\"([0-9a-f]+)\"")
            .matcher(get("/console").bodyText());
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  private WireResponse get(String pathAndQuery) throws Exception {
    return console.handle(getRequest(pathAndQuery));
  }

  private static WireRequest getRequest(String pathAndQuery) {
    int q = pathAndQuery.indexOf('?');
    return (new WireRequest(
        "GET",
        q < 0 ? pathAndQuery : pathAndQuery.substring(0, q),
        q < 0 ? "" : pathAndQuery.substring(q + 1),
        Map.of("Host", List.of("127.0.0.1:4566")),
        new byte[0]));
  }

  private WireResponse post(String path, String body, String token) throws Exception {
    return console.handle(request("POST", path, body, token, "127.0.0.1:4566"));
  }

  private static WireRequest request(
      String method, String path, String body, String token, String host) {
    Map<String, List<String>> headers = new java.util.HashMap<>();
    headers.put("Host", List.of(host));
    headers.put("Origin", List.of("http://" + host));
    if (token != null) {
      headers.put("X-Slipway-Console-Token", List.of(token));
    }
    return new WireRequest(method, path, "", headers, body.getBytes(StandardCharsets.UTF_8));
  }

  private static JsonNode json(WireResponse r) throws Exception {
    return Json.MAPPER.readTree(r.body());
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
