package dev.slipway.localcloud.cli;

import dev.slipway.functions.LockStore;
import dev.slipway.pipeline.model.PipelineJson;
import dev.slipway.pipeline.model.ServiceLock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Releases a service's deploy lock that a failed rollback kept for a person: the way out once the
 * service was fixed by hand. A lock of a running deploy is never released here (that run releases
 * it when it ends, and a lock whose run ended is taken over by the next run on its own).
 */
@Command(
    name = "unlock",
    mixinStandardHelpOptions = true,
    description = {
      "Release the deploy lock a failed rollback kept, once the service was fixed by hand:"
          + " queued and later pushes then deploy again.",
      "A lock held by a running deploy is not released (it ends with its run). To restore a good"
          + " version instead, `slipway rollback --to <sha>` takes the kept lock over."
    })
final class UnlockCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Parameters(
      arity = "0..1",
      paramLabel = "SERVICE",
      description = "The service whose deploys are blocked (default: the only deployed one).")
  String service;

  @Option(
      names = "--reason",
      required = true,
      paramLabel = "TEXT",
      description = "What was fixed, and why deploys may go on; recorded with who released it.")
  String reason;

  @Override
  public Integer call() {
    if (reason.isBlank()) {
      throw new IllegalArgumentException(
          "--reason must say what was fixed (it is recorded with the release)");
    }
    Running running = Running.require(common);
    String name = service != null ? service : running.onlyService();
    String table = running.output("LocksTableName");
    if (table == null) {
      throw new IllegalStateException(
          "the deployed stack has no LocksTableName output; deploy it again with this version of"
              + " Slipway (`slipway down` then `slipway up`)");
    }
    try (DynamoDbClient dynamo = running.client(DynamoDbClient.builder())) {
      String done =
          release(dynamo, table, name, System.getProperty("user.name"), reason, Instant.now());
      System.out.println("slipway: " + done);
      return 0;
    }
  }

  /**
   * Releases {@code service}'s lock if a failed rollback kept it, and records who released it and
   * why under {@code unlocked#<service>}; returns what happened. Throws, naming what to do, when
   * the lock is a running deploy's or changed meanwhile.
   */
  static String release(
      DynamoDbClient dynamo, String table, String service, String by, String reason, Instant now) {
    Optional<ServiceLock> current = new LockStore(dynamo, table).lock(service);
    if (current.isEmpty()) {
      return service + " is not locked: nothing to release; its next push deploys";
    }
    ServiceLock lock = current.get();
    if (!lock.needsAttention()) {
      throw new IllegalStateException(
          "the lock of "
              + service
              + " belongs to the deploy "
              + lock.holderExecution()
              + " of "
              + lock.holderSha().substring(0, 7)
              + " (since "
              + lock.acquiredAt()
              + "), not to a failed rollback; it is released when that run ends, and taken over"
              + " by the next run if the run is gone or the lock expires at "
              + lock.expiresAt()
              + " (`slipway status` shows the run)");
    }
    try {
      dynamo.deleteItem(
          r ->
              r.tableName(table)
                  .key(Map.of("id", s("lock#" + service)))
                  .conditionExpression("holderExecution = :h AND attribute_not_exists(expiresAt)")
                  .expressionAttributeValues(Map.of(":h", s(lock.holderExecution()))));
    } catch (ConditionalCheckFailedException changed) {
      throw new IllegalStateException(
          "the lock of "
              + service
              + " changed while it was being released (a rollback may have taken it over);"
              + " `slipway status` shows what runs now");
    }
    String released;
    try {
      released = PipelineJson.mapper().writeValueAsString(lock);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    dynamo.putItem(
        r ->
            r.tableName(table)
                .item(
                    Map.of(
                        "id", s("unlocked#" + service),
                        "releasedBy", s(by),
                        "reason", s(reason),
                        "releasedAt", s(now.toString()),
                        "lock", s(released))));
    return "released the lock of "
        + service
        + " kept since "
        + lock.acquiredAt()
        + " ("
        + lock.reason()
        + "); recorded as released by "
        + by
        + ": "
        + reason
        + ". Queued runs go on at their next check; the next push deploys";
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }
}
