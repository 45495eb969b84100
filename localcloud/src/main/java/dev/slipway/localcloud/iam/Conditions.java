package dev.slipway.localcloud.iam;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A statement's {@code Condition} block against a request's condition keys, with IAM's rules: every
 * operator must hold and every key within an operator must hold (AND); any of a key's policy values
 * may match (OR). A key the request does not carry fails a positive operator and satisfies a
 * negated one ({@code StringNotEquals}, {@code ArnNotLike}, …); {@code …IfExists} makes a missing
 * key pass; {@code Null} tests presence. {@code ForAnyValue:} / {@code ForAllValues:} qualify
 * multi-valued keys. Operators local mode does not know fail the statement.
 */
final class Conditions {
  private Conditions() {}

  /** True when the whole block holds for {@code request} (an absent block always holds). */
  static boolean hold(JsonNode block, AuthorizationRequest request) {
    if (block == null || block.isMissingNode() || block.isNull()) {
      return true;
    }
    for (Map.Entry<String, JsonNode> operator : block.properties()) {
      for (Map.Entry<String, JsonNode> key : operator.getValue().properties()) {
        if (!holds(operator.getKey(), request.values(key.getKey()), texts(key.getValue()))) {
          return false;
        }
      }
    }
    return true;
  }

  /** One operator on one key: the request's values (null when absent) against the policy's. */
  static boolean holds(String operator, List<String> requestValues, List<String> policyValues) {
    String op = operator;
    String qualifier = null;
    int colon = op.indexOf(':');
    if (colon >= 0) {
      qualifier = op.substring(0, colon).toLowerCase(Locale.ROOT);
      op = op.substring(colon + 1);
    }
    boolean ifExists = op.endsWith("IfExists");
    if (ifExists) {
      op = op.substring(0, op.length() - "IfExists".length());
    }
    boolean absent = requestValues == null || requestValues.isEmpty();
    if (op.equals("Null")) {
      boolean wantsAbsent = policyValues.stream().anyMatch(v -> v.equalsIgnoreCase("true"));
      return wantsAbsent == absent;
    }
    Base base = Base.of(op);
    if (base == null) {
      return false;
    }
    if (absent) {
      if (ifExists || "forallvalues".equals(qualifier)) {
        return true;
      }
      if ("foranyvalue".equals(qualifier)) {
        return false;
      }
      return base.negated;
    }
    if ("forallvalues".equals(qualifier)) {
      return requestValues.stream().allMatch(v -> single(base, v, policyValues));
    }
    if ("foranyvalue".equals(qualifier)) {
      return requestValues.stream().anyMatch(v -> single(base, v, policyValues));
    }
    if (base.negated) {
      return requestValues.stream().allMatch(v -> single(base, v, policyValues));
    }
    return requestValues.stream().anyMatch(v -> single(base, v, policyValues));
  }

  /** One request value against the policy values: any match for positive, none for negated. */
  private static boolean single(Base base, String value, List<String> policyValues) {
    boolean any = false;
    for (String p : policyValues) {
      if (base.compare(p, value)) {
        any = true;
        break;
      }
    }
    return base.negated != any;
  }

  private static List<String> texts(JsonNode values) {
    List<String> out = new ArrayList<>();
    if (values.isArray()) {
      values.forEach(v -> out.add(v.asText()));
    } else {
      out.add(values.asText());
    }
    return out;
  }

  /** The operators without IfExists and set qualifiers, each with whether it is negated. */
  private enum Base {
    STRING_EQUALS(false),
    STRING_NOT_EQUALS(true),
    STRING_EQUALS_IGNORE_CASE(false),
    STRING_NOT_EQUALS_IGNORE_CASE(true),
    STRING_LIKE(false),
    STRING_NOT_LIKE(true),
    ARN_LIKE(false),
    ARN_NOT_LIKE(true),
    BOOL(false),
    NUMERIC_EQUALS(false),
    NUMERIC_NOT_EQUALS(true),
    NUMERIC_LESS_THAN(false),
    NUMERIC_LESS_THAN_EQUALS(false),
    NUMERIC_GREATER_THAN(false),
    NUMERIC_GREATER_THAN_EQUALS(false);

    final boolean negated;

    Base(boolean negated) {
      this.negated = negated;
    }

    static Base of(String op) {
      return switch (op) {
        case "StringEquals" -> STRING_EQUALS;
        case "StringNotEquals" -> STRING_NOT_EQUALS;
        case "StringEqualsIgnoreCase" -> STRING_EQUALS_IGNORE_CASE;
        case "StringNotEqualsIgnoreCase" -> STRING_NOT_EQUALS_IGNORE_CASE;
        case "StringLike" -> STRING_LIKE;
        case "StringNotLike" -> STRING_NOT_LIKE;
        // ArnEquals takes wildcards too: both compare the six ARN components one by one
        case "ArnEquals", "ArnLike" -> ARN_LIKE;
        case "ArnNotEquals", "ArnNotLike" -> ARN_NOT_LIKE;
        case "Bool" -> BOOL;
        case "NumericEquals" -> NUMERIC_EQUALS;
        case "NumericNotEquals" -> NUMERIC_NOT_EQUALS;
        case "NumericLessThan" -> NUMERIC_LESS_THAN;
        case "NumericLessThanEquals" -> NUMERIC_LESS_THAN_EQUALS;
        case "NumericGreaterThan" -> NUMERIC_GREATER_THAN;
        case "NumericGreaterThanEquals" -> NUMERIC_GREATER_THAN_EQUALS;
        default -> null;
      };
    }

    /** The positive comparison of a policy value with a request value. */
    boolean compare(String policy, String value) {
      return switch (this) {
        case STRING_EQUALS, STRING_NOT_EQUALS -> policy.equals(value);
        case STRING_EQUALS_IGNORE_CASE, STRING_NOT_EQUALS_IGNORE_CASE ->
            policy.equalsIgnoreCase(value);
        case STRING_LIKE, STRING_NOT_LIKE -> Wildcards.matches(policy, value, false);
        case ARN_LIKE, ARN_NOT_LIKE -> Wildcards.arnMatches(policy, value);
        case BOOL -> policy.equalsIgnoreCase(value);
        default -> numeric(policy, value);
      };
    }

    private boolean numeric(String policy, String value) {
      int c;
      try {
        c = new BigDecimal(value).compareTo(new BigDecimal(policy));
      } catch (NumberFormatException e) {
        return false;
      }
      return switch (this) {
        case NUMERIC_EQUALS, NUMERIC_NOT_EQUALS -> c == 0;
        case NUMERIC_LESS_THAN -> c < 0;
        case NUMERIC_LESS_THAN_EQUALS -> c <= 0;
        case NUMERIC_GREATER_THAN -> c > 0;
        default -> c >= 0;
      };
    }
  }
}
