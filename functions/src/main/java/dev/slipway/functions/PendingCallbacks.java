package dev.slipway.functions;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.slipway.pipeline.model.PipelineJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * States waiting for an ECS deployment, in {@code LOCKS_TABLE}: under {@code
 * callback#<deploymentId>} for the deployment's event, and under {@code
 * run#<execution>#<environment>} for the status check after a timeout. "Build image" waits under
 * {@code build#<execution>}: the build's environment carries the execution name, never the task
 * token (a bearer credential that BatchGetBuilds, the console and the build's events would show).
 * Items expire (TTL on {@code expiresAt}) after a day, longer than any state's timeout.
 */
final class PendingCallbacks {
  static final String KEY = "id";
  static final String EXPIRES_AT = "expiresAt";
  private static final Duration TTL = Duration.ofDays(1);

  /** What the waiting state gets when the deployment ends. */
  enum Kind {
    /** A deploy: COMPLETED sends the {@code DeploymentResult}. */
    DEPLOY,
    /** A rollback: COMPLETED sends the {@code RollbackResult}. */
    ROLLBACK
  }

  /** A waiting state: its token, the result JSON to complete, and the deployment it waits for. */
  record Pending(
      @JsonProperty("kind") Kind kind,
      @JsonProperty("taskToken") String taskToken,
      @JsonProperty("result") String resultJson,
      @JsonProperty("execution") String execution,
      @JsonProperty("environment") String environment,
      @JsonProperty("cluster") String cluster,
      @JsonProperty("service") String service,
      @JsonProperty("deploymentId") String deploymentId) {}

  private final DynamoDbClient dynamo;
  private final String table;
  private final InstantSource clock;

  PendingCallbacks(DynamoDbClient dynamo, String table, InstantSource clock) {
    this.dynamo = dynamo;
    this.table = table;
    this.clock = clock;
  }

  /** Stores (or, for a retried step, replaces) the callback of one deployment. */
  void put(Pending pending) {
    write(callbackKey(pending.deploymentId()), pending);
    write(runKey(pending.execution(), pending.environment()), pending);
  }

  /** The callback waiting for this deployment, if any. */
  Optional<Pending> forDeployment(String deploymentId) {
    return read(callbackKey(deploymentId));
  }

  /** The last deployment this run started in the environment, if any. */
  Optional<Pending> forRun(String execution, String environment) {
    return read(runKey(execution, environment));
  }

  /** Forgets the callback once its state was resumed (the run's item stays for status checks). */
  void delete(String deploymentId) {
    dynamo.deleteItem(r -> r.tableName(table).key(Map.of(KEY, s(callbackKey(deploymentId)))));
  }

  /**
   * Stores the task token of the run's "Build image" state; a retried attempt (a new token)
   * replaces it, so the build's event resumes the attempt that waits.
   */
  void putBuild(String execution, String taskToken) {
    put(buildKey(execution), "taskToken", taskToken);
  }

  /** The task token "Build image" of this run waits on, if any. */
  Optional<String> buildToken(String execution) {
    return item(buildKey(execution)).map(item -> item.get("taskToken").s());
  }

  /** Forgets the build's task token once its state was resumed. */
  void deleteBuild(String execution) {
    dynamo.deleteItem(r -> r.tableName(table).key(Map.of(KEY, s(buildKey(execution)))));
  }

  private void write(String key, Pending pending) {
    String json;
    try {
      json = PipelineJson.mapper().writeValueAsString(pending);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    put(key, "pending", json);
  }

  private void put(String key, String attribute, String value) {
    long expires = clock.instant().plus(TTL).getEpochSecond();
    dynamo.putItem(
        r ->
            r.tableName(table)
                .item(
                    Map.of(
                        KEY,
                        s(key),
                        attribute,
                        s(value),
                        EXPIRES_AT,
                        AttributeValue.fromN(Long.toString(expires)))));
  }

  private Optional<Map<String, AttributeValue>> item(String key) {
    var item =
        dynamo
            .getItem(r -> r.tableName(table).key(Map.of(KEY, s(key))).consistentRead(true))
            .item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
  }

  private Optional<Pending> read(String key) {
    var item = item(key);
    if (item.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          PipelineJson.mapper().readValue(item.get().get("pending").s(), Pending.class));
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable pending callback " + key, e);
    }
  }

  private static String callbackKey(String deploymentId) {
    return "callback#" + deploymentId;
  }

  private static String buildKey(String execution) {
    return "build#" + execution;
  }

  private static String runKey(String execution, String environment) {
    return "run#" + execution + "#" + environment;
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }
}
