package dev.slipway.localcloud.dynamodb;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The stored key strings of an item: partition key and sort key ({@code ""} when none). */
record ItemKey(String hash, String range) {

  /**
   * Extracts the key from an item or key map. For a key map ({@code wholeItem == false}) only the
   * key attributes may be present, as AWS checks.
   */
  static ItemKey of(
      TableDefinition table, Map<String, AttributeValue> attributes, boolean wholeItem) {
    TableDefinition.Keys keys = table.keys();
    AttributeValue hash = attributes.get(keys.hash());
    AttributeValue range = keys.range() == null ? null : attributes.get(keys.range());
    if (hash == null || (keys.range() != null && range == null)) {
      throw DynamoErrors.validation(
          "One or more parameter values were invalid: Missing the key "
              + (hash == null ? keys.hash() : keys.range())
              + " in the item");
    }
    if (!wholeItem && attributes.size() != (keys.range() == null ? 1 : 2)) {
      throw DynamoErrors.validation("The provided key element does not match the schema");
    }
    return new ItemKey(
        AttributeValues.keyString(hash), range == null ? "" : AttributeValues.keyString(range));
  }
}
