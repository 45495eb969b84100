package dev.slipway.localcloud.protocol;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.core.traits.MapTrait;
import software.amazon.awssdk.core.traits.TimestampFormatTrait;

/** Encodes SDK model objects as AWS query-protocol XML ({@code <member>}, {@code <entry>}). */
final class XmlShapeWriter {
  private final StringBuilder out = new StringBuilder();

  /** Appends every set member of {@code pojo} as child elements. */
  XmlShapeWriter members(SdkPojo pojo) {
    for (SdkField<?> field : pojo.sdkFields()) {
      Object value = field.getValueOrDefault(pojo);
      if (!JsonShapeWriter.isUnset(value)) {
        element(field, field.locationName(), value);
      }
    }
    return this;
  }

  /** Appends raw, already escaped XML. */
  XmlShapeWriter raw(String xml) {
    out.append(xml);
    return this;
  }

  /** Appends {@code <name>text</name>} with the text escaped. */
  XmlShapeWriter text(String name, String text) {
    out.append('<').append(name).append('>');
    escape(text);
    out.append("</").append(name).append('>');
    return this;
  }

  private void element(SdkField<?> field, String name, Object value) {
    if (value instanceof List<?> list) {
      ListTrait trait = field.getTrait(ListTrait.class);
      String member = trait.memberLocationName() == null ? "member" : trait.memberLocationName();
      if (!trait.isFlattened()) {
        out.append('<').append(name).append('>');
      }
      for (Object item : list) {
        element(trait.memberFieldInfo(), trait.isFlattened() ? name : member, item);
      }
      if (!trait.isFlattened()) {
        out.append("</").append(name).append('>');
      }
      return;
    }
    if (value instanceof Map<?, ?> map) {
      MapTrait trait = field.getTrait(MapTrait.class);
      String key = trait.keyLocationName() == null ? "key" : trait.keyLocationName();
      String val = trait.valueLocationName() == null ? "value" : trait.valueLocationName();
      out.append('<').append(name).append('>');
      for (Map.Entry<?, ?> e : map.entrySet()) {
        out.append("<entry>");
        text(key, String.valueOf(e.getKey()));
        element(trait.valueFieldInfo(), val, e.getValue());
        out.append("</entry>");
      }
      out.append("</").append(name).append('>');
      return;
    }
    out.append('<').append(name).append('>');
    switch (value) {
      case null -> {}
      case SdkPojo pojo -> members(pojo);
      case Instant t -> escape(instant(field, t));
      case SdkBytes b -> escape(Base64.getEncoder().encodeToString(b.asByteArrayUnsafe()));
      case Double d ->
          escape(
              Double.isNaN(d) || Double.isInfinite(d)
                  ? d.toString()
                  : BigDecimal.valueOf(d).toPlainString());
      default -> escape(String.valueOf(value));
    }
    out.append("</").append(name).append('>');
  }

  private static String instant(SdkField<?> field, Instant t) {
    return field
                .getOptionalTrait(TimestampFormatTrait.class)
                .map(TimestampFormatTrait::format)
                .orElse(TimestampFormatTrait.Format.ISO_8601)
            == TimestampFormatTrait.Format.UNIX_TIMESTAMP
        ? Timestamps.epochSeconds(t).toPlainString()
        : Timestamps.iso(t);
  }

  private void escape(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&apos;");
        case '\r' -> out.append("&#xD;");
        default -> out.append(c);
      }
    }
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
