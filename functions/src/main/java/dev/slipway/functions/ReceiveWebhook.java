package dev.slipway.functions;

import static dev.slipway.functions.HttpExchange.header;
import static dev.slipway.functions.HttpExchange.json;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.pipeline.PushClassification;
import dev.slipway.pipeline.PushPayloads;
import dev.slipway.pipeline.WebhookBody;
import dev.slipway.pipeline.WebhookSignature;
import dev.slipway.pipeline.model.PipelineJson;
import dev.slipway.pipeline.model.PushEvent;
import dev.slipway.pipeline.model.ReceivedPush;
import java.io.IOException;
import java.time.InstantSource;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The GitHub webhook endpoint (a Lambda function URL), for either content type GitHub offers (JSON,
 * or the form with a {@code payload} parameter). A signed {@code push} of a branch commit becomes
 * one {@code slipway.github / push} event on the bus; everything else is answered without an event:
 * 401 unsigned or mis-signed, 413 too large, 400 malformed, 202 ignored (other events, tags, branch
 * deletions), 200 for {@code ping} and for a redelivery of an accepted delivery.
 */
public final class ReceiveWebhook
    implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>, Resource {
  private static final Logger LOG = LoggerFactory.getLogger(ReceiveWebhook.class);

  /**
   * The request {@link #prime} runs through the handler's code: a branch push as GitHub sends one,
   * trimmed to the fields the handler reads.
   */
  private static final String PRIMING_PUSH =
      """
      {"ref":"refs/heads/main","before":"1111111111111111111111111111111111111111",\
      "after":"2222222222222222222222222222222222222222","created":false,"deleted":false,\
      "forced":false,"repository":{"full_name":"slipway/priming"},"pusher":{"name":"slipway"},\
      "head_commit":{"id":"2222222222222222222222222222222222222222","message":"priming",\
      "timestamp":"2026-01-01T00:00:00Z"},\
      "commits":[{"id":"2222222222222222222222222222222222222222","added":["README.md"]}]}""";

  /** Lambda accepts at most 6 MB per request; GitHub caps payloads at 25 MB. */
  static final int DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;

  private final SecretsManagerClient secretsManager;
  private final DynamoDbClient dynamo;
  private final Secrets secrets;
  private final PushEvents pushEvents;
  private final Env env;
  private final InstantSource clock;
  private final int maxBodyBytes;
  private final LockStore locks;

  /**
   * Real clients, built once per container. With SnapStart (a published version), Lambda's Java
   * runtime calls {@link #beforeCheckpoint} before it takes the snapshot.
   */
  public ReceiveWebhook() {
    this(
        AwsClients.secrets(),
        AwsClients.events(),
        AwsClients.dynamoDb(),
        Env.system(),
        InstantSource.system());
    Core.getGlobalContext().register(this);
  }

  ReceiveWebhook(
      SecretsManagerClient secretsManager,
      EventBridgeClient events,
      DynamoDbClient dynamo,
      Env env,
      InstantSource clock) {
    this.secretsManager = secretsManager;
    this.dynamo = dynamo;
    this.secrets = new Secrets(secretsManager);
    this.pushEvents =
        new PushEvents(
            events,
            dynamo,
            env.required("EVENT_BUS_NAME"),
            env.required("DELIVERIES_TABLE"),
            clock);
    this.locks = env.optional("LOCKS_TABLE").map(t -> new LockStore(dynamo, t)).orElse(null);
    this.env = env;
    this.clock = clock;
    this.maxBodyBytes =
        env.optional("WEBHOOK_MAX_BODY_BYTES")
            .map(Integer::parseInt)
            .orElse(DEFAULT_MAX_BODY_BYTES);
  }

  /** SnapStart: primes the snapshot ({@link #prime}). */
  @Override
  public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
    prime();
  }

  /** SnapStart: nothing to renew; the first request reads the secret (none is in the snapshot). */
  @Override
  public void afterRestore(org.crac.Context<? extends Resource> context) {}

  /**
   * Runs what a webhook's first request runs, without its effects, so that a snapshot holds the
   * loaded and linked classes: a push's signature check (with a throwaway key), JSON parsing,
   * classification and the event it would become, the answer; and one call on each of the SDK
   * clients the role allows a harmless call of: the secret is read and dropped (the snapshot keeps
   * no secret; the first request reads it), and a delivery id no request uses is looked up. The bus
   * gets nothing: priming never publishes. A failed step is logged and skipped: priming must not
   * fail a deploy.
   *
   * @return how many of the three steps failed
   */
  int prime() {
    long start = System.nanoTime();
    int failed = 0;
    try {
      byte[] body = PRIMING_PUSH.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      WebhookSignature key = WebhookSignature.withSecret("slipway-priming-only");
      if (!key.verify(body, key.sign(body)).isValid()) {
        throw new IllegalStateException("priming signature did not verify");
      }
      JsonNode payload = PipelineJson.mapper().readTree(WebhookBody.json(body, "application/json"));
      PushEvent push =
          PushPayloads.toPushEvent(
              payload,
              env.optional("SLIPWAY_SERVICE").orElse("priming"),
              "priming",
              clock.instant());
      PipelineJson.mapper().writeValueAsString(push);
      json(202, "accepted", push.service() + " " + push.shortSha() + " on " + push.branch());
    } catch (IOException | RuntimeException e) {
      failed++;
      LOG.warn("Priming the request path failed: {}", e.toString());
    }
    try {
      secretsManager.getSecretValue(r -> r.secretId(env.required("WEBHOOK_SECRET_ARN")));
    } catch (RuntimeException e) {
      failed++;
      LOG.warn("Priming Secrets Manager failed: {}", e.toString());
    }
    try {
      dynamo.getItem(
          r ->
              r.tableName(env.required("DELIVERIES_TABLE"))
                  .key(
                      java.util.Map.of(
                          PushEvents.KEY,
                          software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(
                              "slipway-priming"))));
    } catch (RuntimeException e) {
      failed++;
      LOG.warn("Priming DynamoDB failed: {}", e.toString());
    }
    LOG.info(
        "Primed for SnapStart in {} ms ({} of 3 steps failed)",
        (System.nanoTime() - start) / 1_000_000,
        failed);
    return failed;
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent request, Context context) {
    String delivery = header(request, "X-GitHub-Delivery");
    return Telemetry.invocation(
        context, "ReceiveWebhook", delivery, () -> answer(request, delivery));
  }

  private APIGatewayV2HTTPResponse answer(APIGatewayV2HTTPEvent request, String delivery) {
    String method = HttpExchange.method(request);
    if (method != null && !"POST".equalsIgnoreCase(method)) {
      return json(405, "rejected", "GitHub webhooks are POST requests; got " + method);
    }
    byte[] body;
    try {
      body = HttpExchange.body(request);
    } catch (IllegalArgumentException e) {
      return json(400, "rejected", "body is flagged base64 but is not valid base64");
    }
    if (body.length > maxBodyBytes) {
      return json(
          413, "rejected", "body is " + body.length + " bytes; the limit is " + maxBodyBytes);
    }
    var check =
        WebhookSignature.withSecret(secrets.get(env.required("WEBHOOK_SECRET_ARN")))
            .verify(body, header(request, WebhookSignature.HEADER));
    if (!check.isValid()) {
      // The received signature is not logged: only which check failed.
      LOG.warn("Rejected delivery {}: signature {}", delivery, check);
      return json(
          401,
          "rejected",
          "X-Hub-Signature-256 "
              + check.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
              + "; check the webhook secret configured in GitHub");
    }
    String event = header(request, "X-GitHub-Event");
    if (event == null || event.isBlank()) {
      return json(400, "rejected", "X-GitHub-Event header is missing");
    }
    JsonNode payload;
    try {
      payload =
          PipelineJson.mapper().readTree(WebhookBody.json(body, header(request, "Content-Type")));
    } catch (IllegalArgumentException e) {
      return json(400, "rejected", "body is not a webhook form: " + e.getMessage());
    } catch (JacksonException e) {
      return json(400, "rejected", "body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      return json(400, "rejected", "body is not readable: " + e.getMessage());
    }
    if (payload == null || !payload.isObject()) {
      return json(400, "rejected", "body must be a JSON object");
    }
    return switch (event) {
      case "ping" -> json(200, "pong", payload.path("zen").asText(null));
      case "push" -> push(payload, delivery);
      default -> ignored("event '" + event + "' does not start a pipeline");
    };
  }

  private APIGatewayV2HTTPResponse push(JsonNode payload, String delivery) {
    if (delivery == null || delivery.isBlank()) {
      return json(400, "rejected", "X-GitHub-Delivery header is missing");
    }
    PushEvent push;
    try {
      PushClassification kind = PushClassification.of(payload);
      if (!kind.kind().isBranchCommit()) {
        return ignored(kind.ignoredBecause());
      }
      String repository = payload.path("repository").path("full_name").asText("");
      String configured = env.optional("SLIPWAY_REPOSITORY").orElse(null);
      // GitHub's owner and repository names are case-insensitive
      if (configured != null && !configured.equalsIgnoreCase(repository)) {
        return ignored(
            "push to "
                + (repository.isEmpty() ? "a payload without repository.full_name" : repository)
                + "; "
                + env.required("SLIPWAY_SERVICE")
                + " deploys "
                + configured);
      }
      String branch = env.optional("SLIPWAY_BRANCH").orElse(null);
      if (branch != null && !branch.equals(kind.branch())) {
        return ignored(
            "push to branch "
                + kind.branch()
                + "; "
                + env.required("SLIPWAY_SERVICE")
                + " deploys branch "
                + branch);
      }
      push =
          PushPayloads.toPushEvent(
              payload, env.required("SLIPWAY_SERVICE"), delivery, clock.instant());
    } catch (IllegalArgumentException e) {
      return json(400, "rejected", "not a usable push payload: " + e.getMessage());
    }
    return switch (pushEvents.publishOnce(push)) {
      case PUBLISHED -> {
        received(push);
        LOG.info("Accepted push {} of {} to {}", delivery, push.sha(), push.branch());
        yield json(
            202, "accepted", push.service() + " " + push.shortSha() + " on " + push.branch());
      }
      case DUPLICATE -> json(200, "duplicate", "delivery " + delivery + " was already accepted");
    };
  }

  /**
   * Records the push as the newest accepted one, so that the run of an older push waits for this
   * push's run to start (which can take seconds on a cold instance) instead of deploying ahead of
   * it. Best effort: if the write fails, the run still starts and the lock orders it.
   */
  private void received(PushEvent push) {
    if (locks == null || push.receivedAt() == null) {
      return;
    }
    try {
      locks.offerReceived(push.service(), new ReceivedPush(push.sha(), push.receivedAt()));
    } catch (RuntimeException e) {
      LOG.warn("Could not record {} as the newest push: {}", push.shortSha(), e.toString());
    }
  }

  private static APIGatewayV2HTTPResponse ignored(String reason) {
    LOG.info("Ignored: {}", reason);
    return json(202, "ignored", reason);
  }
}
