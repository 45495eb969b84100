package dev.slipway.localcloud.dynamodb;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;

/** A table as created, plus its TTL attribute. */
record TableDefinition(CreateTableRequest request, String ttlAttribute, Instant created) {

  /** A key schema: partition key and optional sort key attribute names. */
  record Keys(String hash, String range) {
    static Keys of(java.util.List<KeySchemaElement> schema) {
      String hash = null;
      String range = null;
      for (KeySchemaElement e : schema) {
        if (e.keyType() == KeyType.HASH) {
          hash = e.attributeName();
        } else {
          range = e.attributeName();
        }
      }
      return new Keys(hash, range);
    }
  }

  String name() {
    return request.tableName();
  }

  Keys keys() {
    return Keys.of(request.keySchema());
  }

  /** Key schemas of the global and local secondary indexes, by index name. */
  Map<String, Keys> indexes() {
    Map<String, Keys> out = new LinkedHashMap<>();
    request.globalSecondaryIndexes().forEach(i -> out.put(i.indexName(), Keys.of(i.keySchema())));
    request.localSecondaryIndexes().forEach(i -> out.put(i.indexName(), Keys.of(i.keySchema())));
    return out;
  }
}
