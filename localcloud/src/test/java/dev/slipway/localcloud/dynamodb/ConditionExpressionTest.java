package dev.slipway.localcloud.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.localcloud.dynamodb.ExpressionParser.ExpressionContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Condition expressions against a plain Java oracle: random expression trees over comparisons,
 * BETWEEN, IN, begins_with, attribute_exists and AND/OR/NOT with parentheses (seed 20261125).
 */
class ConditionExpressionTest {
  private static final long SEED = 20261125L;
  private static final String[] WORDS = {"alpha", "beta", "alphabet", "gamma"};

  record Case(
      String expression,
      Map<String, AttributeValue> values,
      Map<String, AttributeValue> item,
      boolean expected) {}

  static Stream<Arguments> randomCases() {
    Random random = new Random(SEED);
    List<Arguments> cases = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      Map<String, AttributeValue> values = new HashMap<>();
      Map<String, AttributeValue> item = new HashMap<>();
      if (random.nextInt(5) > 0) {
        item.put("n", AttributeValue.fromN(Integer.toString(random.nextInt(21))));
      }
      item.put("s", AttributeValue.fromS(WORDS[random.nextInt(WORDS.length)]));
      StringBuilder expression = new StringBuilder();
      Predicate<Map<String, AttributeValue>> oracle = tree(random, 3, expression, values);
      cases.add(Arguments.of(expression.toString(), values, item, oracle.test(item)));
    }
    return cases.stream();
  }

  private static Predicate<Map<String, AttributeValue>> tree(
      Random random, int depth, StringBuilder out, Map<String, AttributeValue> values) {
    int kind = depth == 0 ? 3 + random.nextInt(5) : random.nextInt(8);
    switch (kind) {
      case 0 -> {
        out.append('(');
        var left = tree(random, depth - 1, out, values);
        out.append(") AND (");
        var right = tree(random, depth - 1, out, values);
        out.append(')');
        return left.and(right);
      }
      case 1 -> {
        out.append('(');
        var left = tree(random, depth - 1, out, values);
        out.append(") OR (");
        var right = tree(random, depth - 1, out, values);
        out.append(')');
        return left.or(right);
      }
      case 2 -> {
        out.append("NOT (");
        var inner = tree(random, depth - 1, out, values);
        out.append(')');
        return inner.negate();
      }
      case 3 -> {
        int v = random.nextInt(21);
        String op = List.of("=", "<>", "<", "<=", ">", ">=").get(random.nextInt(6));
        String ref = value(values, AttributeValue.fromN(Integer.toString(v)));
        out.append("n ").append(op).append(' ').append(ref);
        return item -> {
          if (!item.containsKey("n")) {
            return op.equals("<>");
          }
          int n = Integer.parseInt(item.get("n").n());
          return switch (op) {
            case "=" -> n == v;
            case "<>" -> n != v;
            case "<" -> n < v;
            case "<=" -> n <= v;
            case ">" -> n > v;
            default -> n >= v;
          };
        };
      }
      case 4 -> {
        int lo = random.nextInt(10);
        int hi = lo + random.nextInt(10);
        out.append("n BETWEEN ")
            .append(value(values, AttributeValue.fromN("" + lo)))
            .append(" AND ")
            .append(value(values, AttributeValue.fromN("" + hi)));
        return item ->
            item.containsKey("n")
                && Integer.parseInt(item.get("n").n()) >= lo
                && Integer.parseInt(item.get("n").n()) <= hi;
      }
      case 5 -> {
        String a = WORDS[random.nextInt(WORDS.length)];
        String b = WORDS[random.nextInt(WORDS.length)];
        out.append("s IN (")
            .append(value(values, AttributeValue.fromS(a)))
            .append(", ")
            .append(value(values, AttributeValue.fromS(b)))
            .append(')');
        return item -> item.get("s").s().equals(a) || item.get("s").s().equals(b);
      }
      case 6 -> {
        String prefix = WORDS[random.nextInt(WORDS.length)].substring(0, 1 + random.nextInt(4));
        out.append("begins_with(s, ")
            .append(value(values, AttributeValue.fromS(prefix)))
            .append(')');
        return item -> item.get("s").s().startsWith(prefix);
      }
      default -> {
        out.append("attribute_exists(n)");
        return item -> item.containsKey("n");
      }
    }
  }

  private static String value(Map<String, AttributeValue> values, AttributeValue v) {
    String ref = ":v" + values.size();
    values.put(ref, v);
    return ref;
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("randomCases")
  void evaluatesLikeTheOracle(
      String expression,
      Map<String, AttributeValue> values,
      Map<String, AttributeValue> item,
      boolean expected) {
    ExpressionContext ctx = new ExpressionContext(Map.of(), values);
    assertThat(ConditionEvaluator.test(ExpressionParser.condition(expression, ctx), item))
        .isEqualTo(expected);
    ctx.checkAllUsed();
  }

  @Test
  void syntaxErrorsNameThePosition() {
    assertThatThrownBy(
            () -> ExpressionParser.condition("a = ", new ExpressionContext(Map.of(), Map.of())))
        .isInstanceOfSatisfying(
            AwsServiceException.class,
            e ->
                assertThat(e.awsErrorDetails().errorMessage())
                    .startsWith("Invalid expression: Syntax error")
                    .contains("near char 4"));
  }

  @Test
  void undefinedValueIsReported() {
    assertThatThrownBy(
            () -> ExpressionParser.condition("a = :x", new ExpressionContext(Map.of(), Map.of())))
        .isInstanceOfSatisfying(
            AwsServiceException.class,
            e -> assertThat(e.awsErrorDetails().errorMessage()).contains("attribute value: :x"));
  }
}
