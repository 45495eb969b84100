package dev.slipway.localcloud.console;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;

/**
 * A service's pending approval request ({@code approval#<service>} in the pipeline's locks table),
 * which the notification's approve/reject links answer. Whoever decides (a link, the console,
 * {@code slipway approve}) clears it, so a later click on the link is not taken for a live request.
 */
public final class ApprovalRequests {
  /** The CDK-named locks table of DeploymentStore ({@code …-DeploymentStoreLocks3BD898C5-…}). */
  static final Pattern LOCKS_TABLE = Pattern.compile("(?i).*locks[0-9a-f]{0,8}(-[a-z0-9]+)?");

  private ApprovalRequests() {}

  /**
   * Deletes the request of {@code service} from every locks table among {@code tableNames}, only
   * where it still holds {@code token}: a newer push's request stays.
   *
   * @param delete sends one DeleteItem (an SDK client or local mode's in-process registry)
   */
  public static void clear(
      Supplier<List<String>> tableNames,
      Consumer<DeleteItemRequest> delete,
      String service,
      String token) {
    for (String table : tableNames.get()) {
      if (!LOCKS_TABLE.matcher(table).matches()) {
        continue;
      }
      try {
        delete.accept(
            DeleteItemRequest.builder()
                .tableName(table)
                .key(Map.of("id", AttributeValue.fromS("approval#" + service)))
                .conditionExpression("taskToken = :t")
                .expressionAttributeValues(Map.of(":t", AttributeValue.fromS(token)))
                .build());
      } catch (ConditionalCheckFailedException newerOrNone) {
        // not this execution's request: leave it
      }
    }
  }
}
