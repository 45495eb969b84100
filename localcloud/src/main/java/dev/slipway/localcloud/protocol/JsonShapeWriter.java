package dev.slipway.localcloud.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.core.protocol.MarshallLocation;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.core.traits.MapTrait;
import software.amazon.awssdk.core.traits.TimestampFormatTrait;
import software.amazon.awssdk.core.util.SdkAutoConstructList;
import software.amazon.awssdk.core.util.SdkAutoConstructMap;

/**
 * Encodes SDK model objects as JSON or CBOR (whichever generator is given), driven by {@code
 * SdkPojo.sdkFields()}. Unset members are left out, as AWS does.
 */
public final class JsonShapeWriter {
  private JsonShapeWriter() {}

  /** Writes the body members of {@code pojo} as one object. */
  public static void write(JsonGenerator g, SdkPojo pojo) throws IOException {
    g.writeStartObject();
    for (SdkField<?> field : pojo.sdkFields()) {
      if (field.location() != MarshallLocation.PAYLOAD) {
        continue;
      }
      Object value = field.getValueOrDefault(pojo);
      if (isUnset(value)) {
        continue;
      }
      g.writeFieldName(field.locationName());
      writeValue(g, field, value);
    }
    g.writeEndObject();
  }

  /** True for null and for the SDK's placeholder lists/maps of members never set. */
  static boolean isUnset(Object value) {
    return value == null
        || value instanceof SdkAutoConstructList<?>
        || value instanceof SdkAutoConstructMap<?, ?>;
  }

  static void writeValue(JsonGenerator g, SdkField<?> field, Object value) throws IOException {
    switch (value) {
      case null -> g.writeNull();
      case String s -> g.writeString(s);
      case Boolean b -> g.writeBoolean(b);
      case Double d -> writeDouble(g, d);
      case Float f -> writeDouble(g, f.doubleValue());
      case BigDecimal d -> g.writeNumber(d);
      case Integer i -> g.writeNumber(i);
      case Long l -> g.writeNumber(l);
      case Short s -> g.writeNumber(s);
      case Byte b -> g.writeNumber(b);
      case Instant t -> writeInstant(g, field, t);
      case SdkBytes bytes -> g.writeBinary(bytes.asByteArrayUnsafe());
      case SdkPojo pojo -> write(g, pojo);
      case List<?> list -> {
        SdkField<?> member = field.getTrait(ListTrait.class).memberFieldInfo();
        g.writeStartArray();
        for (Object item : list) {
          writeValue(g, member, item);
        }
        g.writeEndArray();
      }
      case Map<?, ?> map -> {
        SdkField<?> valueField = field.getTrait(MapTrait.class).valueFieldInfo();
        g.writeStartObject();
        for (Map.Entry<?, ?> e : map.entrySet()) {
          g.writeFieldName(String.valueOf(e.getKey()));
          writeValue(g, valueField, e.getValue());
        }
        g.writeEndObject();
      }
      case Document doc -> writeDocument(g, doc);
      default -> g.writeString(value.toString());
    }
  }

  private static void writeDouble(JsonGenerator g, double d) throws IOException {
    if (Double.isNaN(d)) {
      g.writeString("NaN");
    } else if (Double.isInfinite(d)) {
      g.writeString(d > 0 ? "Infinity" : "-Infinity");
    } else {
      g.writeNumber(d);
    }
  }

  /** JSON protocols send epoch seconds unless the model says otherwise; CBOR tags them (tag 1). */
  private static void writeInstant(JsonGenerator g, SdkField<?> field, Instant t)
      throws IOException {
    TimestampFormatTrait.Format format =
        field
            .getOptionalTrait(TimestampFormatTrait.class)
            .map(TimestampFormatTrait::format)
            .orElse(TimestampFormatTrait.Format.UNIX_TIMESTAMP);
    if (g instanceof CBORGenerator cbor) {
      cbor.writeTag(1);
      cbor.writeNumber(t.toEpochMilli() / 1000.0);
      return;
    }
    switch (format) {
      case ISO_8601 -> g.writeString(Timestamps.iso(t));
      case RFC_822 -> g.writeString(Timestamps.rfc822(t));
      case UNIX_TIMESTAMP_MILLIS -> g.writeNumber(t.toEpochMilli());
      default -> g.writeNumber(Timestamps.epochSeconds(t));
    }
  }

  private static void writeDocument(JsonGenerator g, Document doc) throws IOException {
    if (doc.isNull()) {
      g.writeNull();
    } else if (doc.isBoolean()) {
      g.writeBoolean(doc.asBoolean());
    } else if (doc.isNumber()) {
      g.writeNumber(doc.asNumber().bigDecimalValue());
    } else if (doc.isString()) {
      g.writeString(doc.asString());
    } else if (doc.isList()) {
      g.writeStartArray();
      for (Document item : doc.asList()) {
        writeDocument(g, item);
      }
      g.writeEndArray();
    } else {
      g.writeStartObject();
      for (Map.Entry<String, Document> e : doc.asMap().entrySet()) {
        g.writeFieldName(e.getKey());
        writeDocument(g, e.getValue());
      }
      g.writeEndObject();
    }
  }
}
