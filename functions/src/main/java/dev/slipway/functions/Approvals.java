package dev.slipway.functions;

import dev.slipway.pipeline.ApprovalToken;
import dev.slipway.pipeline.ApprovalToken.Claim;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Pending approvals and their links. The waiting state's task token stays in {@code LOCKS_TABLE}
 * ({@code approval#<service>}, one per service: a newer push withdraws the older request); the link
 * carries only a signed, expiring claim {@code {service, execution, sha, nonce, decision}}
 * (HMAC-SHA256 with the key in {@code APPROVAL_SECRET_ARN}). Using a link deletes the item on the
 * condition that its nonce still matches, so each request is answered at most once.
 */
final class Approvals {
  static final Duration DEFAULT_TTL = Duration.ofHours(24);

  /** The links a notification carries. */
  record Links(String approve, String reject, Instant expiresAt) {}

  /**
   * A stored request: the waiting state's token and what it is for; {@code canaryStep} is the
   * traffic percent of a canary step paused for a person ({@code inconclusiveCanary: pause}), null
   * for an approval of the production deploy.
   */
  record Request(String taskToken, String execution, String sha, String nonce, String canaryStep) {
    /** What is being answered, for pages and logs: "hello abc1234 → production". */
    String describe(String service) {
      String commit = service + " " + sha.substring(0, 7);
      return canaryStep == null
          ? commit + " → production"
          : commit + ": its canary paused at " + canaryStep + " %";
    }

    /** What the answer does, following {@link #describe}: " is being deployed." */
    String outcome(boolean approved) {
      if (canaryStep != null) {
        return approved
            ? ": the canary goes on to its next step."
            : ": the canary is rolled back; production returns to the version it served.";
      }
      return approved ? " is being deployed." : " will not be deployed.";
    }
  }

  private final DynamoDbClient dynamo;
  private final Secrets secrets;
  private final Env env;
  private final InstantSource clock;
  private final SecureRandom random = new SecureRandom();

  Approvals(DynamoDbClient dynamo, Secrets secrets, Env env, InstantSource clock) {
    this.dynamo = dynamo;
    this.secrets = secrets;
    this.env = env;
    this.clock = clock;
  }

  /** Stores the request of this step (replacing an older one) and returns its links. */
  Links request(Step step) {
    String service = step.state().service();
    String sha = step.state().push().sha();
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    String nonce = HexFormat.of().formatHex(bytes);
    Instant expiresAt =
        clock
            .instant()
            .plus(
                env.optional("APPROVAL_TIMEOUT_SECONDS")
                    .map(s -> Duration.ofSeconds(Long.parseLong(s)))
                    .orElse(DEFAULT_TTL));
    var item = new java.util.HashMap<String, AttributeValue>();
    item.put("id", s(key(service)));
    item.put("taskToken", s(step.input().requireTaskToken()));
    item.put("execution", s(step.execution()));
    item.put("sha", s(sha));
    item.put("nonce", s(nonce));
    item.put("expiresAt", AttributeValue.fromN(Long.toString(expiresAt.getEpochSecond())));
    if ("CANARY_PAUSED".equals(step.text("notification").orElse(""))) {
      item.put("canaryStep", s(step.text("trafficPercent").orElse("?")));
    }
    dynamo.putItem(r -> r.tableName(table()).item(item));
    String base = env.required("APPROVAL_BASE_URL").replaceAll("/+$", "");
    ApprovalToken signer = signer();
    return new Links(
        base
            + "/?t="
            + signer.issue(new Claim(service, step.execution(), sha, nonce, true, expiresAt)),
        base
            + "/?t="
            + signer.issue(new Claim(service, step.execution(), sha, nonce, false, expiresAt)),
        expiresAt);
  }

  /** The pending request of the service, if any. */
  Optional<Request> pending(String service) {
    var item =
        dynamo
            .getItem(
                r -> r.tableName(table()).key(Map.of("id", s(key(service)))).consistentRead(true))
            .item();
    if (item == null || item.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new Request(
            item.get("taskToken").s(),
            item.get("execution").s(),
            item.get("sha").s(),
            item.get("nonce").s(),
            item.containsKey("canaryStep") ? item.get("canaryStep").s() : null));
  }

  /** Removes the request if its nonce is still {@code nonce}; false if already used or replaced. */
  boolean consume(String service, String nonce) {
    try {
      dynamo.deleteItem(
          r ->
              r.tableName(table())
                  .key(Map.of("id", s(key(service))))
                  .conditionExpression("nonce = :n")
                  .expressionAttributeValues(Map.of(":n", s(nonce))));
      return true;
    } catch (ConditionalCheckFailedException used) {
      return false;
    }
  }

  /** Checks a link token: signature (constant time) and expiry. */
  ApprovalToken.Verification verify(String token) {
    return signer().verify(token);
  }

  private ApprovalToken signer() {
    return new ApprovalToken(
        secrets.get(env.required("APPROVAL_SECRET_ARN")).getBytes(StandardCharsets.UTF_8), clock);
  }

  private String table() {
    return env.required("LOCKS_TABLE");
  }

  private static String key(String service) {
    return "approval#" + service;
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }
}
