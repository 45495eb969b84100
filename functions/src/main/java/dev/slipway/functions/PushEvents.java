package dev.slipway.functions;

import dev.slipway.pipeline.model.PipelineJson;
import dev.slipway.pipeline.model.PushEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;

/**
 * Puts each GitHub delivery's push event on the bus at most once: a conditional write of the
 * delivery id to {@code DELIVERIES_TABLE} (partition key {@code id}, TTL {@code expiresAt}) comes
 * first, and is undone if the bus refuses the event so GitHub's redelivery can succeed.
 */
final class PushEvents {
  static final String KEY = "id";
  static final String EXPIRES_AT = "expiresAt";
  // GitHub lets a delivery be redelivered for a few days; keep ids a week.
  private static final Duration KEEP = Duration.ofDays(7);

  enum Outcome {
    PUBLISHED,
    DUPLICATE
  }

  private final EventBridgeClient events;
  private final DynamoDbClient dynamo;
  private final String bus;
  private final String table;
  private final InstantSource clock;

  PushEvents(
      EventBridgeClient events,
      DynamoDbClient dynamo,
      String bus,
      String table,
      InstantSource clock) {
    this.events = events;
    this.dynamo = dynamo;
    this.bus = bus;
    this.table = table;
    this.clock = clock;
  }

  Outcome publishOnce(PushEvent push) {
    try {
      dynamo.putItem(
          r ->
              r.tableName(table)
                  .item(
                      Map.of(
                          KEY,
                          AttributeValue.fromS(push.deliveryId()),
                          "sha",
                          AttributeValue.fromS(push.sha()),
                          EXPIRES_AT,
                          AttributeValue.fromN(
                              Long.toString(clock.instant().plus(KEEP).getEpochSecond()))))
                  .conditionExpression("attribute_not_exists(" + KEY + ")"));
    } catch (ConditionalCheckFailedException alreadySeen) {
      return Outcome.DUPLICATE;
    }
    try {
      PutEventsResponse response =
          events.putEvents(
              r ->
                  r.entries(
                      PutEventsRequestEntry.builder()
                          .eventBusName(bus)
                          .source(PushEvent.SOURCE)
                          .detailType(PushEvent.DETAIL_TYPE)
                          .detail(json(push))
                          .build()));
      if (response.failedEntryCount() != null && response.failedEntryCount() > 0) {
        var entry = response.entries().getFirst();
        throw new IllegalStateException(
            "EventBridge refused the push event on bus "
                + bus
                + ": "
                + entry.errorCode()
                + " "
                + entry.errorMessage());
      }
      return Outcome.PUBLISHED;
    } catch (RuntimeException e) {
      dynamo.deleteItem(
          r -> r.tableName(table).key(Map.of(KEY, AttributeValue.fromS(push.deliveryId()))));
      throw e;
    }
  }

  private static String json(PushEvent push) {
    try {
      return PipelineJson.mapper().writeValueAsString(push);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
