package dev.slipway.localcloud.dynamodb;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An item's size as DynamoDB counts it against its 400 KB limit (the developer guide's "Item sizes
 * and formats"): each attribute name's UTF-8 bytes plus its value's — strings their UTF-8 bytes,
 * binaries their bytes, numbers about one byte per two significant digits plus one, booleans and
 * nulls one byte, lists and maps 3 bytes plus one per element plus their elements, sets their
 * elements.
 */
final class ItemSize {
  /** DynamoDB's maximum item size, names and values: 400 KB. */
  static final int MAX_BYTES = 400 * 1024;

  private ItemSize() {}

  static long of(Map<String, AttributeValue> item) {
    long total = 0;
    for (var e : item.entrySet()) {
      total += utf8(e.getKey()) + value(e.getValue());
    }
    return total;
  }

  /** Refuses an item over 400 KB with DynamoDB's ValidationException and {@code message}. */
  static void check(Map<String, AttributeValue> item, String message) {
    if (of(item) > MAX_BYTES) {
      throw DynamoErrors.validation(message);
    }
  }

  private static long value(AttributeValue v) {
    if (v.s() != null) {
      return utf8(v.s());
    }
    if (v.n() != null) {
      return number(v.n());
    }
    if (v.b() != null) {
      return v.b().asByteArray().length;
    }
    if (v.bool() != null || v.nul() != null) {
      return 1;
    }
    if (v.hasSs()) {
      return v.ss().stream().mapToLong(ItemSize::utf8).sum();
    }
    if (v.hasNs()) {
      return v.ns().stream().mapToLong(ItemSize::number).sum();
    }
    if (v.hasBs()) {
      return v.bs().stream().mapToLong(b -> b.asByteArray().length).sum();
    }
    if (v.hasL()) {
      List<AttributeValue> list = v.l();
      return 3 + list.size() + list.stream().mapToLong(ItemSize::value).sum();
    }
    if (v.hasM()) {
      Map<String, AttributeValue> map = v.m();
      return 3 + map.size() + of(map);
    }
    return 0;
  }

  private static long number(String n) {
    String digits = new BigDecimal(n).stripTrailingZeros().unscaledValue().abs().toString();
    return (digits.length() + 1) / 2 + 1;
  }

  private static long utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}
