package dev.slipway.localcloud.dynamodb;

import dev.slipway.localcloud.protocol.AwsErrors;
import dev.slipway.localcloud.server.LocalAws;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.CreateTableResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteTableResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeTimeToLiveRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTimeToLiveResponse;
import software.amazon.awssdk.services.dynamodb.model.ListTablesRequest;
import software.amazon.awssdk.services.dynamodb.model.ListTablesResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.dynamodb.model.UpdateTimeToLiveRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateTimeToLiveResponse;

/** DynamoDB table operations and TTL; tables are ACTIVE as soon as they are created. */
public abstract sealed class DynamoTables permits LocalDynamoDb {
  final ItemStore store;
  final Clock clock;

  DynamoTables(ItemStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  public synchronized CreateTableResponse createTable(CreateTableRequest r) {
    String name = AwsErrors.required(r.tableName(), "tableName");
    AwsErrors.required(r.keySchema().isEmpty() ? null : r.keySchema(), "keySchema");
    if (store.table(name) != null) {
      throw AwsErrors.of(
          ResourceInUseException.builder(),
          400,
          "ResourceInUseException",
          "Table already exists: " + name);
    }
    TableDefinition t = new TableDefinition(r, null, clock.instant());
    store.saveTable(t);
    return CreateTableResponse.builder().tableDescription(describe(t)).build();
  }

  public synchronized DescribeTableResponse describeTable(DescribeTableRequest r) {
    return DescribeTableResponse.builder().table(describe(requireTable(r.tableName()))).build();
  }

  public synchronized DeleteTableResponse deleteTable(DeleteTableRequest r) {
    TableDefinition t = requireTable(r.tableName());
    store.deleteTable(t.name());
    return DeleteTableResponse.builder().tableDescription(describe(t)).build();
  }

  public synchronized ListTablesResponse listTables(ListTablesRequest r) {
    return ListTablesResponse.builder().tableNames(store.tableNames()).build();
  }

  public synchronized UpdateTimeToLiveResponse updateTimeToLive(UpdateTimeToLiveRequest r) {
    TableDefinition t = requireTable(r.tableName());
    var spec = AwsErrors.required(r.timeToLiveSpecification(), "timeToLiveSpecification");
    boolean enabled = Boolean.TRUE.equals(spec.enabled());
    store.saveTable(
        new TableDefinition(t.request(), enabled ? spec.attributeName() : null, t.created()));
    return UpdateTimeToLiveResponse.builder().timeToLiveSpecification(spec).build();
  }

  public synchronized DescribeTimeToLiveResponse describeTimeToLive(DescribeTimeToLiveRequest r) {
    TableDefinition t = requireTable(r.tableName());
    return DescribeTimeToLiveResponse.builder()
        .timeToLiveDescription(
            TimeToLiveDescription.builder()
                .timeToLiveStatus(
                    t.ttlAttribute() == null ? TimeToLiveStatus.DISABLED : TimeToLiveStatus.ENABLED)
                .attributeName(t.ttlAttribute())
                .build())
        .build();
  }

  /** Sets the TTL attribute directly (template deploys with TimeToLiveSpecification). */
  public synchronized void enableTtl(String table, String attribute) {
    TableDefinition t = requireTable(table);
    store.saveTable(new TableDefinition(t.request(), attribute, t.created()));
  }

  TableDefinition requireTable(String name) {
    AwsErrors.required(name, "tableName");
    TableDefinition t = store.table(LocalAws.nameFromArn(name, ":table/"));
    if (t == null) {
      throw DynamoErrors.tableNotFound(name);
    }
    return t;
  }

  /**
   * An item whose TTL attribute (epoch seconds) has passed is gone. AWS deletes such items in the
   * background, typically within days, and may still return them until then; local mode treats them
   * as deleted at once, so TTL-based windows (webhook delivery dedupe) behave exactly.
   */
  boolean expired(TableDefinition table, Map<String, AttributeValue> item) {
    if (table.ttlAttribute() == null) {
      return false;
    }
    AttributeValue ttl = item.get(table.ttlAttribute());
    if (ttl == null || ttl.n() == null) {
      return false;
    }
    try {
      return new BigDecimal(ttl.n()).longValue() * 1000 < clock.millis();
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private TableDescription describe(TableDefinition t) {
    CreateTableRequest r = t.request();
    return TableDescription.builder()
        .tableName(r.tableName())
        .tableArn(LocalAws.arn("dynamodb", "table/" + r.tableName()))
        .tableStatus(TableStatus.ACTIVE)
        .keySchema(r.keySchema())
        .attributeDefinitions(r.attributeDefinitions())
        .creationDateTime(t.created())
        .itemCount((long) store.all(r.tableName()).size())
        .build();
  }
}
