package dev.slipway.localcloud.dynamodb;

import dev.slipway.localcloud.protocol.SdkJson;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/** Stores items and table definitions as DynamoDB's own JSON, through the protocol layer. */
final class ItemCodec {
  private ItemCodec() {}

  static String itemToJson(Map<String, AttributeValue> item) {
    return SdkJson.write(PutItemRequest.builder().item(item).build());
  }

  static Map<String, AttributeValue> itemFromJson(String json) {
    PutItemRequest request = SdkJson.read(json, PutItemRequest.builder());
    return request.item();
  }

  static String tableToJson(CreateTableRequest table) {
    return SdkJson.write(table);
  }

  static CreateTableRequest tableFromJson(String json) {
    return SdkJson.read(json, CreateTableRequest.builder());
  }
}
