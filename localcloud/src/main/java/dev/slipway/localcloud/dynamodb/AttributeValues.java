package dev.slipway.localcloud.dynamodb;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Comparison, equality and type names of DynamoDB attribute values. */
final class AttributeValues {
  private AttributeValues() {}

  /** The type descriptor DynamoDB uses: S, N, B, SS, NS, BS, M, L, BOOL, NULL. */
  static String typeOf(AttributeValue v) {
    return switch (v.type()) {
      case NUL -> "NULL";
      case UNKNOWN_TO_SDK_VERSION -> "UNKNOWN";
      default -> v.type().name();
    };
  }

  /** DynamoDB equality: same type and same value (numbers numerically, sets as sets). */
  static boolean equal(AttributeValue a, AttributeValue b) {
    if (a == null || b == null || a.type() != b.type()) {
      return false;
    }
    return switch (a.type()) {
      case N -> number(a).compareTo(number(b)) == 0;
      case NS -> numberSet(a).equals(numberSet(b));
      case SS -> new HashSet<>(a.ss()).equals(new HashSet<>(b.ss()));
      case BS -> new HashSet<>(a.bs()).equals(new HashSet<>(b.bs()));
      case L -> listEqual(a.l(), b.l());
      case M -> mapEqual(a.m(), b.m());
      default -> a.equals(b);
    };
  }

  /**
   * Orders two scalar values of the same type (N, S, B); returns null when they are not comparable,
   * which makes the comparison false as in DynamoDB.
   */
  static Integer compare(AttributeValue a, AttributeValue b) {
    if (a == null || b == null || a.type() != b.type()) {
      return null;
    }
    return switch (a.type()) {
      case N -> number(a).compareTo(number(b));
      case S -> a.s().compareTo(b.s());
      case B -> Arrays.compareUnsigned(a.b().asByteArrayUnsafe(), b.b().asByteArrayUnsafe());
      default -> null;
    };
  }

  static BigDecimal number(AttributeValue v) {
    try {
      return new BigDecimal(v.n().trim());
    } catch (NumberFormatException e) {
      throw DynamoErrors.validation(
          "The parameter cannot be converted to a numeric value: " + v.n());
    }
  }

  /** The canonical text of a number ({@code 1.50} and {@code 1.5} are the same key). */
  static String canonicalNumber(String n) {
    BigDecimal d = new BigDecimal(n.trim()).stripTrailingZeros();
    return d.signum() == 0 ? "0" : d.toPlainString();
  }

  /** A key attribute as a string that sorts and compares like the value. */
  static String keyString(AttributeValue v) {
    return switch (v.type()) {
      case S -> "S:" + v.s();
      case N -> "N:" + canonicalNumber(v.n());
      case B -> "B:" + java.util.Base64.getEncoder().encodeToString(v.b().asByteArrayUnsafe());
      default ->
          throw DynamoErrors.validation(
              "One or more parameter values were invalid: Key attributes must be scalars of type"
                  + " S, N or B, got "
                  + typeOf(v));
    };
  }

  /** size(): characters of S, bytes of B, elements of sets, lists and maps. */
  static AttributeValue size(AttributeValue v) {
    int size =
        switch (v.type()) {
          case S -> v.s().length();
          case B -> v.b().asByteArrayUnsafe().length;
          case SS -> v.ss().size();
          case NS -> v.ns().size();
          case BS -> v.bs().size();
          case L -> v.l().size();
          case M -> v.m().size();
          default -> -1;
        };
    return size < 0 ? null : AttributeValue.fromN(Integer.toString(size));
  }

  private static java.util.Set<String> numberSet(AttributeValue v) {
    java.util.Set<String> out = new HashSet<>();
    v.ns().forEach(n -> out.add(canonicalNumber(n)));
    return out;
  }

  private static boolean listEqual(List<AttributeValue> a, List<AttributeValue> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!equal(a.get(i), b.get(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean mapEqual(Map<String, AttributeValue> a, Map<String, AttributeValue> b) {
    if (!a.keySet().equals(b.keySet())) {
      return false;
    }
    for (var e : a.entrySet()) {
      if (!equal(e.getValue(), b.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  /** A bytes value, for contains() on binary sets. */
  static boolean containsBytes(List<SdkBytes> set, SdkBytes b) {
    return set.contains(b);
  }
}
