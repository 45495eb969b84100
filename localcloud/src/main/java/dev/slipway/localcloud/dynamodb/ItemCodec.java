package dev.slipway.localcloud.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.localcloud.protocol.Json;
import dev.slipway.localcloud.protocol.JsonShapeReader;
import dev.slipway.localcloud.protocol.JsonShapeWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.utils.builder.SdkBuilder;

/** Stores items and table definitions as DynamoDB's own JSON, through the protocol layer. */
final class ItemCodec {
  private ItemCodec() {}

  static String itemToJson(Map<String, AttributeValue> item) {
    return toJson(PutItemRequest.builder().item(item).build());
  }

  static Map<String, AttributeValue> itemFromJson(String json) {
    PutItemRequest.Builder b = PutItemRequest.builder();
    read(b, json);
    return b.build().item();
  }

  static String tableToJson(CreateTableRequest table) {
    return toJson(table);
  }

  static CreateTableRequest tableFromJson(String json) {
    CreateTableRequest.Builder b = CreateTableRequest.builder();
    read(b, json);
    return b.build();
  }

  private static String toJson(SdkPojo pojo) {
    StringWriter out = new StringWriter();
    try (var g = Json.MAPPER.createGenerator(out)) {
      JsonShapeWriter.write(g, pojo);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static void read(SdkBuilder<?, ?> builder, String json) {
    try {
      JsonNode node = Json.MAPPER.readTree(json);
      JsonShapeReader.readInto((SdkPojo) builder, node, "stored");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
