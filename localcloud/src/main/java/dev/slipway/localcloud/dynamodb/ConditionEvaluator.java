package dev.slipway.localcloud.dynamodb;

import dev.slipway.localcloud.dynamodb.Ast.Condition;
import dev.slipway.localcloud.dynamodb.Ast.Operand;
import dev.slipway.localcloud.dynamodb.Ast.Path;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Evaluates a parsed condition against one item (a missing item is an empty map). */
final class ConditionEvaluator {
  private ConditionEvaluator() {}

  static boolean test(Condition c, Map<String, AttributeValue> item) {
    return switch (c) {
      case Ast.And and -> test(and.left(), item) && test(and.right(), item);
      case Ast.Or or -> test(or.left(), item) || test(or.right(), item);
      case Ast.Not not -> !test(not.inner(), item);
      case Ast.Compare cmp -> compare(value(cmp.left(), item), cmp.op(), value(cmp.right(), item));
      case Ast.Between b -> {
        AttributeValue v = value(b.value(), item);
        AttributeValue lo = value(b.low(), item);
        AttributeValue hi = value(b.high(), item);
        Integer order = AttributeValues.compare(lo, hi);
        if (order != null && order > 0) {
          throw DynamoErrors.validation(
              "Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater"
                  + " than or equal to lower bound");
        }
        yield compare(v, ">=", lo) && compare(v, "<=", hi);
      }
      case Ast.In in -> {
        AttributeValue v = value(in.value(), item);
        yield in.options().stream().anyMatch(o -> AttributeValues.equal(v, value(o, item)));
      }
      case Ast.Call call -> call(call, item);
    };
  }

  private static boolean compare(AttributeValue a, String op, AttributeValue b) {
    if (op.equals("=")) {
      return AttributeValues.equal(a, b);
    }
    if (op.equals("<>")) {
      return !AttributeValues.equal(a, b);
    }
    Integer order = AttributeValues.compare(a, b);
    if (order == null) {
      return false;
    }
    return switch (op) {
      case "<" -> order < 0;
      case "<=" -> order <= 0;
      case ">" -> order > 0;
      default -> order >= 0;
    };
  }

  private static boolean call(Ast.Call call, Map<String, AttributeValue> item) {
    Path path = ((Ast.PathOperand) call.args().getFirst()).path();
    AttributeValue target = Paths.get(item, path);
    List<Operand> args = call.args();
    return switch (call.function()) {
      case "attribute_exists" -> target != null;
      case "attribute_not_exists" -> target == null;
      case "attribute_type" -> {
        AttributeValue type = value(args.get(1), item);
        yield target != null && type != null && AttributeValues.typeOf(target).equals(type.s());
      }
      case "begins_with" -> {
        AttributeValue prefix = value(args.get(1), item);
        if (target == null || prefix == null) {
          yield false;
        }
        if (target.s() != null && prefix.s() != null) {
          yield target.s().startsWith(prefix.s());
        }
        yield target.b() != null
            && prefix.b() != null
            && startsWith(target.b().asByteArrayUnsafe(), prefix.b().asByteArrayUnsafe());
      }
      default -> contains(target, value(args.get(1), item));
    };
  }

  private static boolean contains(AttributeValue target, AttributeValue operand) {
    if (target == null || operand == null) {
      return false;
    }
    return switch (target.type()) {
      case S -> operand.s() != null && target.s().contains(operand.s());
      case SS -> operand.s() != null && target.ss().contains(operand.s());
      case NS ->
          operand.n() != null
              && target.ns().stream()
                  .anyMatch(
                      n ->
                          AttributeValues.canonicalNumber(n)
                              .equals(AttributeValues.canonicalNumber(operand.n())));
      case BS -> operand.b() != null && AttributeValues.containsBytes(target.bs(), operand.b());
      case L -> target.l().stream().anyMatch(v -> AttributeValues.equal(v, operand));
      default -> false;
    };
  }

  private static boolean startsWith(byte[] a, byte[] prefix) {
    return a.length >= prefix.length
        && java.util.Arrays.equals(a, 0, prefix.length, prefix, 0, prefix.length);
  }

  static AttributeValue value(Operand o, Map<String, AttributeValue> item) {
    return switch (o) {
      case Ast.ValueOperand v -> v.value();
      case Ast.PathOperand p -> Paths.get(item, p.path());
      case Ast.SizeOperand s -> {
        AttributeValue v = Paths.get(item, s.path());
        yield v == null ? null : AttributeValues.size(v);
      }
    };
  }
}
