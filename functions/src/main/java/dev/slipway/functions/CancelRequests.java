package dev.slipway.functions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.pipeline.model.PipelineJson;
import dev.slipway.pipeline.model.StepFailure;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Requests to cancel a run ({@code slipway cancel}), in {@code LOCKS_TABLE} under {@code
 * cancel#<execution>}: who asked ({@code requestedBy}), why ({@code reason}) and when ({@code
 * requestedAt}). The run's steps look for the request when they start and fail with {@link
 * Slipway.Cancelled}; the state machine's Catch blocks then roll back what was being deployed and
 * record and notify as for any failure. Items expire (TTL on {@code expiresAt}) after a week,
 * longer than any run.
 */
public final class CancelRequests {
  /** The error a cancelled step (or the cancelled task token) fails with. */
  public static final String ERROR = Slipway.Cancelled.ERROR;

  private static final Duration TTL = Duration.ofDays(7);

  /** No table: the step is never cancelled (a rollback, a record, a notice, tests). */
  static final CancelRequests NONE = new CancelRequests(() -> null, null);

  /** One request. */
  public record Request(String requestedBy, String reason, Instant requestedAt) {
    /** The failure's cause: "cancelled by alice: wrong commit". */
    public String cause() {
      return "cancelled by " + requestedBy + ": " + reason;
    }
  }

  private final Supplier<DynamoDbClient> dynamo;
  private final String table;

  private CancelRequests(Supplier<DynamoDbClient> dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  /** Requests in {@code LOCKS_TABLE}; {@link #NONE} when the handler has no such table. */
  static CancelRequests from(Supplier<DynamoDbClient> dynamo, Env env) {
    return env.optional("LOCKS_TABLE").map(t -> new CancelRequests(dynamo, t)).orElse(NONE);
  }

  /** The key of an execution's request. */
  public static String key(String execution) {
    return "cancel#" + execution;
  }

  /** Records a request to cancel {@code execution} (a second request replaces the first). */
  public static void request(DynamoDbClient dynamo, String table, String execution, Request r) {
    dynamo.putItem(
        p ->
            p.tableName(table)
                .item(
                    Map.of(
                        LockStore.KEY,
                        AttributeValue.fromS(key(execution)),
                        "requestedBy",
                        AttributeValue.fromS(r.requestedBy()),
                        "reason",
                        AttributeValue.fromS(r.reason()),
                        "requestedAt",
                        AttributeValue.fromS(r.requestedAt().toString()),
                        "expiresAt",
                        AttributeValue.fromN(
                            Long.toString(r.requestedAt().plus(TTL).getEpochSecond())))));
  }

  /** The request to cancel {@code execution}, if there is one. */
  public static Optional<Request> find(DynamoDbClient dynamo, String table, String execution) {
    var item =
        dynamo
            .getItem(
                r ->
                    r.tableName(table)
                        .key(Map.of(LockStore.KEY, AttributeValue.fromS(key(execution))))
                        .consistentRead(true))
            .item();
    if (item == null || !item.containsKey("requestedBy")) {
      return Optional.empty();
    }
    return Optional.of(
        new Request(
            item.get("requestedBy").s(),
            item.containsKey("reason") ? item.get("reason").s() : "no reason given",
            item.containsKey("requestedAt")
                ? Instant.parse(item.get("requestedAt").s())
                : Instant.EPOCH));
  }

  /** The request to cancel {@code execution}, if this handler can see requests and there is one. */
  Optional<Request> find(String execution) {
    return table == null ? Optional.empty() : find(dynamo.get(), table, execution);
  }

  /** Fails the step if the run was cancelled. */
  void check(String execution) {
    find(execution)
        .ifPresent(
            r -> {
              throw new Slipway.Cancelled(r.cause());
            });
  }

  /** Whether a caught failure is a cancel. */
  public static boolean isCancel(StepFailure failure) {
    return failure != null && ERROR.equals(failure.error());
  }

  /**
   * The cancel's "cancelled by …: …" text: the cause of a failed task token as it is, a step's
   * error as the function's {@code errorMessage}.
   */
  public static String why(StepFailure failure) {
    String cause = failure.cause() == null ? "" : failure.cause();
    if (cause.startsWith("{")) {
      try {
        JsonNode error = PipelineJson.mapper().readTree(cause);
        if (error.path("errorMessage").isTextual()) {
          return error.path("errorMessage").asText();
        }
      } catch (IOException notJson) {
        // the cause as it is
      }
    }
    return cause.isBlank() ? "cancelled" : cause;
  }
}
