package dev.slipway.localcloud.protocol;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.core.traits.MapTrait;
import software.amazon.awssdk.utils.builder.SdkBuilder;

/**
 * Decodes AWS query-protocol form parameters ({@code Tags.member.1.Key=…}, {@code
 * Attributes.entry.1.key=…}) into SDK model objects, driven by {@code sdkFields()}.
 */
final class QueryShapeReader {
  private final NavigableMap<String, String> params;

  QueryShapeReader(Map<String, String> params) {
    this.params = new TreeMap<>(params);
  }

  /** Sets every member of {@code builder} found under {@code prefix} (empty for the top level). */
  void readInto(SdkPojo builder, String prefix) {
    for (SdkField<?> field : builder.sdkFields()) {
      String name = prefix + field.locationName();
      Object value = readValue(field, name);
      if (value != null) {
        field.set(builder, value);
      }
    }
  }

  private Object readValue(SdkField<?> field, String name) {
    return switch (field.marshallingType().getKnownType()) {
      case SDK_POJO -> hasUnder(name) ? readPojo(field, name + ".") : null;
      case LIST -> readList(field, name);
      case MAP -> readMap(field, name);
      default -> {
        String raw = params.get(name);
        yield raw == null ? null : scalar(field, raw, name);
      }
    };
  }

  private Object readPojo(SdkField<?> field, String prefix) {
    SdkPojo builder = field.constructor().get();
    readInto(builder, prefix);
    return ((SdkBuilder<?, ?>) builder).build();
  }

  private List<Object> readList(SdkField<?> field, String name) {
    ListTrait trait = field.getTrait(ListTrait.class);
    if ("".equals(params.get(name))) {
      return new ArrayList<>(); // "Name=" is how the query protocol sends an empty list
    }
    String base =
        trait.isFlattened()
            ? name
            : name
                + "."
                + (trait.memberLocationName() == null ? "member" : trait.memberLocationName());
    List<Object> out = new ArrayList<>();
    for (int i = 1; ; i++) {
      String item = base + "." + i;
      Object value = readValue(trait.memberFieldInfo(), item);
      if (value == null) {
        break;
      }
      out.add(value);
    }
    return out.isEmpty() ? null : out;
  }

  private Map<String, Object> readMap(SdkField<?> field, String name) {
    MapTrait trait = field.getTrait(MapTrait.class);
    String base = trait.isFlattened() ? name : name + ".entry";
    String keyName = trait.keyLocationName() == null ? "key" : trait.keyLocationName();
    String valueName = trait.valueLocationName() == null ? "value" : trait.valueLocationName();
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 1; ; i++) {
      String key = params.get(base + "." + i + "." + keyName);
      if (key == null) {
        break;
      }
      out.put(key, readValue(trait.valueFieldInfo(), base + "." + i + "." + valueName));
    }
    return out.isEmpty() ? null : out;
  }

  private boolean hasUnder(String name) {
    String ceiling = params.ceilingKey(name + ".");
    return ceiling != null && ceiling.startsWith(name + ".");
  }

  static Object scalar(SdkField<?> field, String raw, String name) {
    try {
      return switch (field.marshallingType().getKnownType()) {
        case STRING -> raw;
        case INTEGER -> Integer.parseInt(raw.trim());
        case LONG -> Long.parseLong(raw.trim());
        case SHORT -> Short.parseShort(raw.trim());
        case BYTE -> Byte.parseByte(raw.trim());
        case FLOAT -> Float.parseFloat(raw.trim());
        case DOUBLE -> Double.parseDouble(raw.trim());
        case BIG_DECIMAL -> new BigDecimal(raw.trim());
        case BOOLEAN -> bool(raw, name);
        case INSTANT -> Timestamps.parse(raw);
        case SDK_BYTES -> SdkBytes.fromByteArray(Base64.getDecoder().decode(raw));
        default -> throw ShapeErrors.serialization("Unsupported parameter type at " + name);
      };
    } catch (IllegalArgumentException e) {
      throw AwsErrors.generic(
          400, "MalformedInput", "Invalid value '" + raw + "' for parameter " + name);
    }
  }

  private static boolean bool(String raw, String name) {
    if (raw.equalsIgnoreCase("true") || raw.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(raw);
    }
    throw new IllegalArgumentException("not a boolean: " + name);
  }
}
