package dev.slipway.functions;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.pipeline.WebhookSignature;
import dev.slipway.pipeline.model.PipelineJson;
import dev.slipway.pipeline.model.PushEvent;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ReceiveWebhookTest {
  private static final String SECRET_ARN =
      "arn:aws:secretsmanager:eu-west-1:123456789012:secret:gh";
  // The secret GitHub's documentation signs with; the derived vectors use it for every file.
  private static final String SECRET = "It's a Secret to Everybody";
  private static final Instant NOW = Instant.parse("2026-11-25T17:00:00Z");

  private final FakeSecrets secrets = new FakeSecrets().with(SECRET_ARN, SECRET);
  private final FakeEvents bus = new FakeEvents();
  private final FakeDynamo dynamo = new FakeDynamo();
  private ReceiveWebhook handler;

  @BeforeEach
  void setUp() {
    handler = handler(Map.of());
  }

  private ReceiveWebhook handler(Map<String, String> extraEnv) {
    var env =
        new HashMap<>(
            Map.of(
                "WEBHOOK_SECRET_ARN", SECRET_ARN,
                "EVENT_BUS_NAME", "slipway-hello",
                "DELIVERIES_TABLE", "deliveries",
                "SLIPWAY_SERVICE", "hello"));
    env.putAll(extraEnv);
    return new ReceiveWebhook(secrets, bus, dynamo, new Env(env), InstantSource.fixed(NOW));
  }

  /** The real function URL event shape with a conformance payload as its body. */
  private static APIGatewayV2HTTPEvent request(String event, byte[] body, String signature) {
    APIGatewayV2HTTPEvent request =
        EventLoader.loadApiGatewayHttpEvent("events/function-url-github-push.json");
    var headers = new HashMap<>(request.getHeaders());
    headers.put("x-github-event", event);
    headers.put("content-length", Integer.toString(body.length));
    if (signature != null) {
      headers.put("x-hub-signature-256", signature);
    }
    request.setHeaders(headers);
    request.setBody(new String(body, StandardCharsets.UTF_8));
    return request;
  }

  private APIGatewayV2HTTPResponse send(APIGatewayV2HTTPEvent request) {
    return handler.handleRequest(request, new FakeContext("slipway-receive-webhook"));
  }

  private static JsonNode derivedVector(String file) {
    for (JsonNode vector :
        Fixtures.webhookJson("signature-vectors-derived.json").path("payload_file_vectors")) {
      if (vector.path("payload_file").asText().equals(file)) {
        return vector;
      }
    }
    throw new IllegalArgumentException("no derived vector for " + file);
  }

  private static APIGatewayV2HTTPEvent signedConformance(String event, String file) {
    return request(
        event, Fixtures.webhookBytes(file), derivedVector(file).path("signature").asText());
  }

  private static String sign(byte[] body) {
    return WebhookSignature.withSecret(SECRET).sign(body);
  }

  private static JsonNode body(APIGatewayV2HTTPResponse response) throws Exception {
    return PipelineJson.mapper().readTree(response.getBody());
  }

  @Test
  void acceptsSignedPushToExistingBranchAndPutsOneEvent() throws Exception {
    var response =
        send(signedConformance("push", "push.existing-branch.go-playground.payload.json"));

    assertThat(response.getStatusCode()).isEqualTo(202);
    assertThat(body(response).path("status").asText()).isEqualTo("accepted");
    assertThat(bus.entries).hasSize(1);
    var entry = bus.entries.getFirst();
    assertThat(entry.source()).isEqualTo("slipway.github");
    assertThat(entry.detailType()).isEqualTo("push");
    assertThat(entry.eventBusName()).isEqualTo("slipway-hello");
    PushEvent push = PipelineJson.mapper().readValue(entry.detail(), PushEvent.class);
    JsonNode payload = Fixtures.webhookJson("push.existing-branch.go-playground.payload.json");
    assertThat(push.sha()).isEqualTo(payload.path("after").asText());
    assertThat(push.service()).isEqualTo("hello");
    assertThat(push.branch()).isEqualTo("master");
    assertThat(push.deliveryId()).isEqualTo("72d3162e-cc78-11e3-81ab-4c9367dc0958");
    assertThat(push.receivedAt()).isEqualTo(NOW);
  }

  /** A signed push of another repository (an organization webhook) must not start a build. */
  @Test
  void ignoresSignedPushOfAnotherRepositoryNamingBoth() throws Exception {
    String file = "push.existing-branch.go-playground.payload.json";
    String repository = Fixtures.webhookJson(file).path("repository").path("full_name").asText();
    handler = handler(Map.of("SLIPWAY_REPOSITORY", "slipway-dev/hello-service"));

    var response = send(signedConformance("push", file));

    assertThat(response.getStatusCode()).isEqualTo(202);
    assertThat(body(response).path("status").asText()).isEqualTo("ignored");
    assertThat(body(response).path("message").asText())
        .contains("push to " + repository)
        .contains("hello deploys slipway-dev/hello-service");
    assertThat(bus.entries).isEmpty();

    // owner and repository names are case-insensitive on GitHub
    handler = handler(Map.of("SLIPWAY_REPOSITORY", repository.toUpperCase(java.util.Locale.ROOT)));
    assertThat(body(send(signedConformance("push", file))).path("status").asText())
        .isEqualTo("accepted");
  }

  /** The accepted push is the newest received one: older runs wait for its run to start. */
  @Test
  void acceptedPushIsRecordedAsTheNewestReceived() throws Exception {
    handler = handler(Map.of("LOCKS_TABLE", "locks"));
    String file = "push.existing-branch.go-playground.payload.json";

    send(signedConformance("push", file));

    var item = dynamo.table("locks").values().stream().findFirst().orElseThrow();
    assertThat(item.get("id").s()).isEqualTo("received#hello");
    assertThat(item.get("sha").s()).isEqualTo(Fixtures.webhookJson(file).path("after").asText());
    assertThat(item.get("push").s()).contains(NOW.toString());
  }

  @Test
  void ignoresPushToABranchThatNeverDeploys() throws Exception {
    handler = handler(Map.of("SLIPWAY_BRANCH", "main"));

    var response =
        send(signedConformance("push", "push.existing-branch.go-playground.payload.json"));

    assertThat(body(response).path("status").asText()).isEqualTo("ignored");
    assertThat(body(response).path("message").asText())
        .isEqualTo("push to branch master; hello deploys branch main");
    assertThat(bus.entries).isEmpty();
  }

  @Test
  void acceptsBase64EncodedBody() {
    byte[] body = Fixtures.webhookBytes("push.with-new-branch.payload.json");
    var request =
        request(
            "push",
            body,
            derivedVector("push.with-new-branch.payload.json").path("signature").asText());
    request.setBody(Base64.getEncoder().encodeToString(body));
    request.setIsBase64Encoded(true);

    assertThat(send(request).getStatusCode()).isEqualTo(202);
    assertThat(bus.entries).hasSize(1);
  }

  @Test
  void rejectsPayloadWithoutSignature() {
    var response =
        send(request("push", Fixtures.webhookBytes("push.with-new-branch.payload.json"), null));

    assertThat(response.getStatusCode()).isEqualTo(401);
    assertThat(response.getBody()).contains("missing");
    assertThat(bus.entries).isEmpty();
    assertThat(dynamo.calls).isEmpty();
  }

  static Stream<JsonNode> negativeVectors() {
    var vectors = Fixtures.webhookJson("signature-vectors-derived.json").path("negative_vectors");
    return Stream.iterate(0, i -> i < vectors.size(), i -> i + 1).map(vectors::get);
  }

  @ParameterizedTest
  @MethodSource("negativeVectors")
  void rejectsPayloadWithWrongSignature(JsonNode vector) {
    // The vector's own secret is what the function holds; its signature must still be refused.
    secrets.with(SECRET_ARN, vector.path("secret").asText());
    handler = handler(Map.of());
    byte[] body = vector.path("payload").asText().getBytes(StandardCharsets.UTF_8);

    var response = send(request("push", body, vector.path("signature").asText()));

    assertThat(response.getStatusCode()).as(vector.path("why").asText()).isEqualTo(401);
    assertThat(bus.entries).isEmpty();
  }

  @Test
  void rejectsConformancePayloadSignedForAnotherFile() {
    byte[] body = Fixtures.webhookBytes("push.with-new-branch.payload.json");
    String otherSignature =
        derivedVector("push.with-no-username-committer.payload.json").path("signature").asText();

    assertThat(send(request("push", body, otherSignature)).getStatusCode()).isEqualTo(401);
    assertThat(bus.entries).isEmpty();
  }

  @Test
  void rejectsMalformedJsonWith400() throws Exception {
    byte[] body = "{\"ref\": \"refs/heads/main\", ".getBytes(StandardCharsets.UTF_8);

    var response = send(request("push", body, sign(body)));

    assertThat(response.getStatusCode()).isEqualTo(400);
    assertThat(body(response).path("message").asText()).contains("not valid JSON");
    assertThat(bus.entries).isEmpty();
  }

  /** What GitHub sends with content type application/x-www-form-urlencoded. */
  private static byte[] form(byte[] json) {
    return ("payload=" + URLEncoder.encode(new String(json, StandardCharsets.UTF_8), UTF_8))
        .getBytes(StandardCharsets.UTF_8);
  }

  private static APIGatewayV2HTTPEvent withContentType(
      APIGatewayV2HTTPEvent request, String header, String contentType) {
    var headers = new HashMap<>(request.getHeaders());
    headers.remove("content-type");
    headers.put(header, contentType);
    request.setHeaders(headers);
    return request;
  }

  @Test
  void acceptsFormEncodedPushSignedOverTheBodyAsSent() throws Exception {
    byte[] json = Fixtures.webhookBytes("push.existing-branch.go-playground.payload.json");
    byte[] body = form(json);

    var response =
        send(
            withContentType(
                request("push", body, sign(body)),
                "content-type",
                "application/x-www-form-urlencoded"));

    assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(202);
    assertThat(body(response).path("status").asText()).isEqualTo("accepted");
    PushEvent push =
        PipelineJson.mapper().readValue(bus.entries.getFirst().detail(), PushEvent.class);
    assertThat(push.sha()).isEqualTo(PipelineJson.mapper().readTree(json).path("after").asText());
    assertThat(push.branch()).isEqualTo("master");
  }

  @Test
  void readsTheFormContentTypeCaseInsensitively() throws Exception {
    byte[] body = form(Fixtures.webhookBytes("ping.payload.json"));

    var response =
        send(
            withContentType(
                request("ping", body, sign(body)),
                "Content-Type",
                "Application/X-WWW-Form-URLEncoded; charset=utf-8"));

    assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
    assertThat(body(response).path("status").asText()).isEqualTo("pong");
  }

  @Test
  void rejectsFormEncodedPushSignedOverTheDecodedJson() {
    byte[] json = Fixtures.webhookBytes("push.existing-branch.go-playground.payload.json");

    var response =
        send(
            withContentType(
                request("push", form(json), sign(json)),
                "content-type",
                "application/x-www-form-urlencoded"));

    assertThat(response.getStatusCode()).isEqualTo(401);
    assertThat(bus.entries).isEmpty();
  }

  @Test
  void rejectsFormWithoutPayloadWith400() throws Exception {
    byte[] body = "hook=1".getBytes(StandardCharsets.UTF_8);

    var response =
        send(
            withContentType(
                request("push", body, sign(body)),
                "content-type",
                "application/x-www-form-urlencoded"));

    assertThat(response.getStatusCode()).isEqualTo(400);
    assertThat(body(response).path("message").asText()).contains("'payload' parameter");
    assertThat(bus.entries).isEmpty();
  }

  @Test
  void rejectsBodyOverTheLimitWith413() {
    handler = handler(Map.of("WEBHOOK_MAX_BODY_BYTES", "4096"));
    byte[] body = Fixtures.webhookBytes("push.existing-branch.go-playground.payload.json");
    assertThat(body.length).isGreaterThan(4096);

    var response = send(request("push", body, sign(body)));

    assertThat(response.getStatusCode()).isEqualTo(413);
    assertThat(bus.entries).isEmpty();
    assertThat(secrets.reads).isZero();
  }

  @Test
  void ignoresUnknownEventsWith202() throws Exception {
    for (String file :
        new String[] {
          "pull_request.opened.payload.json",
          "release.published.payload.json",
          "workflow_run.completed.payload.json"
        }) {
      byte[] body = Fixtures.webhookBytes(file);
      String event = file.substring(0, file.indexOf('.'));

      var response = send(request(event, body, sign(body)));

      assertThat(response.getStatusCode()).as(file).isEqualTo(202);
      assertThat(body(response).path("status").asText()).isEqualTo("ignored");
    }
    assertThat(bus.entries).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("pings")
  void answersPingWith200(String file) throws Exception {
    var response = send(signedConformance("ping", file));

    assertThat(response.getStatusCode()).isEqualTo(200);
    assertThat(body(response).path("status").asText()).isEqualTo("pong");
    assertThat(bus.entries).isEmpty();
  }

  static Stream<String> pings() {
    return Stream.of(
        "ping.payload.json",
        "ping.with-app_id.payload.json",
        "ping.with-organization.payload.json");
  }

  @ParameterizedTest
  @MethodSource("tagDeletions")
  void ignoresTagDeletionWith202(String file) throws Exception {
    var response = send(signedConformance("push", file));

    assertThat(response.getStatusCode()).isEqualTo(202);
    assertThat(body(response).path("message").asText()).contains("tag simple-tag was deleted");
    assertThat(bus.entries).isEmpty();
  }

  static Stream<String> tagDeletions() {
    return Stream.of(
        "push.payload.json",
        "push.1.payload.json",
        "push.with-installation.payload.json",
        "push.with-organization.payload.json");
  }

  @Test
  void ignoresBranchDeletionWith202() throws Exception {
    ObjectNode payload = (ObjectNode) Fixtures.webhookJson("push.payload.json");
    payload.put("ref", "refs/heads/feature/old");
    byte[] body = payload.toString().getBytes(StandardCharsets.UTF_8);

    var response = send(request("push", body, sign(body)));

    assertThat(response.getStatusCode()).isEqualTo(202);
    assertThat(body(response).path("message").asText()).contains("branch feature/old was deleted");
    assertThat(bus.entries).isEmpty();
  }

  @Test
  void ignoresTagPushWith202() throws Exception {
    ObjectNode payload =
        (ObjectNode) Fixtures.webhookJson("push.existing-branch.go-playground.payload.json");
    payload.put("ref", "refs/tags/v1.2.0");
    byte[] body = payload.toString().getBytes(StandardCharsets.UTF_8);

    var response = send(request("push", body, sign(body)));

    assertThat(response.getStatusCode()).isEqualTo(202);
    assertThat(body(response).path("message").asText()).contains("tag v1.2.0");
    assertThat(bus.entries).isEmpty();
  }

  @Test
  void redeliveredDeliveryAnswers200WithoutSecondEvent() throws Exception {
    var first = send(signedConformance("push", "push.with-no-username-committer.payload.json"));
    var second = send(signedConformance("push", "push.with-no-username-committer.payload.json"));

    assertThat(first.getStatusCode()).isEqualTo(202);
    assertThat(second.getStatusCode()).isEqualTo(200);
    assertThat(body(second).path("status").asText()).isEqualTo("duplicate");
    assertThat(bus.entries).hasSize(1);
    var delivery = dynamo.table("deliveries").get("72d3162e-cc78-11e3-81ab-4c9367dc0958");
    assertThat(Long.parseLong(delivery.get("expiresAt").n())).isGreaterThan(NOW.getEpochSecond());
  }

  @Test
  void refusedEventForgetsTheDeliverySoGithubCanRedeliver() {
    bus.refuse = true;
    assertThatThrownBy(() -> send(signedConformance("push", "push.with-new-branch.payload.json")))
        .hasMessageContaining("EventBridge refused");
    assertThat(dynamo.table("deliveries")).isEmpty();

    bus.refuse = false;
    assertThat(send(signedConformance("push", "push.with-new-branch.payload.json")).getStatusCode())
        .isEqualTo(202);
    assertThat(bus.entries).hasSize(1);
  }

  @Test
  void readsTheSecretOncePerContainer() {
    send(signedConformance("ping", "ping.payload.json"));
    send(signedConformance("ping", "ping.payload.json"));

    assertThat(secrets.reads).isEqualTo(1);
  }

  @Test
  void neverLogsTheSecretOrTheSignature() {
    var out = new java.io.ByteArrayOutputStream();
    var original = System.out;
    String signature =
        derivedVector("push.with-new-branch.payload.json").path("signature").asText();
    System.setOut(new java.io.PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      send(signedConformance("push", "push.with-new-branch.payload.json"));
      send(
          request(
              "push",
              Fixtures.webhookBytes("push.with-new-branch.payload.json"),
              "sha256=" + "0".repeat(64)));
    } finally {
      System.setOut(original);
    }
    String logs = out.toString(StandardCharsets.UTF_8);
    assertThat(logs).contains("72d3162e-cc78-11e3-81ab-4c9367dc0958");
    assertThat(logs)
        .doesNotContain(SECRET)
        .doesNotContain(signature.substring(7))
        .doesNotContain("0".repeat(64));
  }

  /**
   * SnapStart priming runs the request path and one harmless call per client, and leaves no trace:
   * nothing published or written, no secret kept (the first request reads it again).
   */
  @Test
  void primingTouchesEveryClientButPublishesNothingAndKeepsNoSecret() {
    assertThat(handler.prime()).as("failed priming steps").isZero();
    assertThat(bus.entries).as("nothing published").isEmpty();
    assertThat(dynamo.calls).containsExactly("GetItem deliveries");
    assertThat(secrets.reads).isEqualTo(1);

    var response =
        send(signedConformance("push", "push.existing-branch.go-playground.payload.json"));
    assertThat(response.getStatusCode()).isEqualTo(202);
    assertThat(secrets.reads).as("the first request reads the secret itself").isEqualTo(2);
    assertThat(bus.entries).hasSize(1);
  }

  /** A client failing during priming is logged and skipped: priming never fails a publish. */
  @Test
  void primingSurvivesAFailingClient() {
    secrets.values.clear();
    assertThat(handler.prime()).as("failed priming steps").isEqualTo(1);
    assertThat(dynamo.calls).containsExactly("GetItem deliveries");
  }
}
