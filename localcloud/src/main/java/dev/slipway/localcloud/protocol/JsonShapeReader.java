package dev.slipway.localcloud.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.core.protocol.MarshallLocation;
import software.amazon.awssdk.core.protocol.MarshallingKnownType;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.core.traits.MapTrait;
import software.amazon.awssdk.utils.builder.SdkBuilder;

/**
 * Decodes a JSON (or CBOR) tree into SDK model objects, driven by {@code SdkPojo.sdkFields()}.
 * Member names, types and nesting come from the model, so every operation decodes the same way.
 */
public final class JsonShapeReader {
  private JsonShapeReader() {}

  /**
   * Sets the body members of {@code builder} from {@code node}; members bound to headers, path or
   * query are left for the caller. Unknown members are ignored, as AWS does.
   */
  public static void readInto(SdkPojo builder, JsonNode node, String path) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return;
    }
    if (!node.isObject()) {
      throw ShapeErrors.serialization("Expected a JSON object at " + path + ", got " + kind(node));
    }
    for (SdkField<?> field : builder.sdkFields()) {
      if (field.location() != MarshallLocation.PAYLOAD) {
        continue;
      }
      JsonNode value = node.get(field.locationName());
      if (value != null && !value.isNull()) {
        field.set(builder, readValue(field, value, path + "." + field.locationName()));
      }
    }
  }

  /** Builds a model object of the field's type from a JSON object. */
  static Object readPojo(SdkField<?> field, JsonNode node, String path) {
    SdkPojo builder = field.constructor().get();
    readInto(builder, node, path);
    return ((SdkBuilder<?, ?>) builder).build();
  }

  /** Converts one JSON value to the field's Java type. */
  static Object readValue(SdkField<?> field, JsonNode v, String path) {
    MarshallingKnownType type = field.marshallingType().getKnownType();
    try {
      return switch (type) {
        case STRING -> text(v, path);
        case INTEGER -> number(v, path).intValueExact();
        case LONG -> number(v, path).longValueExact();
        case SHORT -> number(v, path).shortValueExact();
        case BYTE -> number(v, path).byteValueExact();
        case FLOAT -> (float) floating(v, path);
        case DOUBLE -> floating(v, path);
        case BIG_DECIMAL -> number(v, path);
        case BOOLEAN -> bool(v, path);
        case INSTANT -> instant(v, path);
        case SDK_BYTES -> bytes(v, path);
        case SDK_POJO -> readPojo(field, v, path);
        case LIST -> list(field, v, path);
        case MAP -> map(field, v, path);
        case DOCUMENT -> document(v);
        default -> throw ShapeErrors.serialization("Unsupported member type at " + path);
      };
    } catch (ArithmeticException e) {
      throw ShapeErrors.serialization("Number out of range at " + path + ": " + v);
    }
  }

  private static List<Object> list(SdkField<?> field, JsonNode v, String path) {
    if (!v.isArray()) {
      throw ShapeErrors.serialization("Expected a list at " + path + ", got " + kind(v));
    }
    SdkField<?> member = field.getTrait(ListTrait.class).memberFieldInfo();
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      JsonNode item = v.get(i);
      out.add(item.isNull() ? null : readValue(member, item, path + "[" + i + "]"));
    }
    return out;
  }

  private static Map<String, Object> map(SdkField<?> field, JsonNode v, String path) {
    if (!v.isObject()) {
      throw ShapeErrors.serialization("Expected a map at " + path + ", got " + kind(v));
    }
    SdkField<?> valueField = field.getTrait(MapTrait.class).valueFieldInfo();
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : v.properties()) {
      out.put(
          e.getKey(),
          e.getValue().isNull()
              ? null
              : readValue(valueField, e.getValue(), path + "." + e.getKey()));
    }
    return out;
  }

  private static String text(JsonNode v, String path) {
    if (v.isContainerNode()) {
      throw ShapeErrors.serialization("Expected a string at " + path + ", got " + kind(v));
    }
    return v.asText();
  }

  private static BigDecimal number(JsonNode v, String path) {
    if (v.isNumber()) {
      return v.decimalValue();
    }
    if (v.isTextual()) {
      try {
        return new BigDecimal(v.asText().trim());
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    throw ShapeErrors.serialization("Expected a number at " + path + ", got " + kind(v));
  }

  private static double floating(JsonNode v, String path) {
    if (v.isTextual()) {
      switch (v.asText()) {
        case "NaN":
          return Double.NaN;
        case "Infinity":
          return Double.POSITIVE_INFINITY;
        case "-Infinity":
          return Double.NEGATIVE_INFINITY;
        default:
          break;
      }
    }
    return v.isNumber() ? v.doubleValue() : number(v, path).doubleValue();
  }

  private static boolean bool(JsonNode v, String path) {
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    if (v.isTextual() && (v.asText().equals("true") || v.asText().equals("false"))) {
      return Boolean.parseBoolean(v.asText());
    }
    throw ShapeErrors.serialization("Expected a boolean at " + path + ", got " + kind(v));
  }

  private static Instant instant(JsonNode v, String path) {
    if (v.isNumber()) {
      return Timestamps.fromEpochSeconds(v.doubleValue());
    }
    if (v.isTextual()) {
      try {
        return Timestamps.parse(v.asText());
      } catch (IllegalArgumentException e) {
        throw ShapeErrors.serialization(e.getMessage() + " at " + path);
      }
    }
    throw ShapeErrors.serialization("Expected a timestamp at " + path + ", got " + kind(v));
  }

  private static SdkBytes bytes(JsonNode v, String path) {
    try {
      if (v.isBinary()) {
        return SdkBytes.fromByteArray(v.binaryValue());
      }
      if (v.isTextual()) {
        return SdkBytes.fromByteArray(Base64.getDecoder().decode(v.asText()));
      }
    } catch (java.io.IOException | IllegalArgumentException e) {
      throw ShapeErrors.serialization("Invalid base64 blob at " + path);
    }
    throw ShapeErrors.serialization("Expected a blob at " + path + ", got " + kind(v));
  }

  /** Converts a JSON tree to the SDK's document type. */
  static Document document(JsonNode v) {
    if (v.isObject()) {
      Map<String, Document> m = new LinkedHashMap<>();
      v.properties().forEach(e -> m.put(e.getKey(), document(e.getValue())));
      return Document.fromMap(m);
    }
    if (v.isArray()) {
      List<Document> l = new ArrayList<>();
      v.forEach(item -> l.add(document(item)));
      return Document.fromList(l);
    }
    if (v.isNumber()) {
      return Document.fromNumber(v.decimalValue());
    }
    if (v.isBoolean()) {
      return Document.fromBoolean(v.booleanValue());
    }
    if (v.isNull()) {
      return Document.fromNull();
    }
    return Document.fromString(v.asText());
  }

  private static String kind(JsonNode v) {
    return v.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }
}
