package dev.slipway.localcloud.dynamodb;

import dev.slipway.localcloud.dynamodb.Ast.Action;
import dev.slipway.localcloud.dynamodb.Ast.SetValue;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Applies parsed update actions to an item, with DynamoDB's type rules. */
final class UpdateApplier {
  private UpdateApplier() {}

  /** The item after all actions; operands are read from the item as it was before the update. */
  static Map<String, AttributeValue> apply(
      List<Action> actions, Map<String, AttributeValue> before) {
    Map<String, AttributeValue> item = before;
    for (Action action : actions) {
      item =
          switch (action) {
            case Ast.SetAction set -> Paths.set(item, set.path(), evaluate(set.value(), before));
            case Ast.RemoveAction remove -> Paths.remove(item, remove.path());
            case Ast.AddAction add ->
                Paths.set(item, add.path(), add(Paths.get(item, add.path()), add.value()));
            case Ast.DeleteAction del -> {
              AttributeValue left = deleteFromSet(Paths.get(item, del.path()), del.value());
              yield left == null
                  ? Paths.remove(item, del.path())
                  : Paths.set(item, del.path(), left);
            }
          };
    }
    return item;
  }

  private static AttributeValue evaluate(SetValue v, Map<String, AttributeValue> item) {
    return switch (v) {
      case Ast.Plain p -> {
        AttributeValue value = ConditionEvaluator.value(p.operand(), item);
        if (value == null) {
          throw DynamoErrors.validation(
              "The provided expression refers to an attribute that does not exist in the item");
        }
        yield value;
      }
      case Ast.IfNotExists ine -> {
        AttributeValue existing = Paths.get(item, ine.path());
        yield existing != null ? existing : evaluate(ine.fallback(), item);
      }
      case Ast.ListAppend la -> {
        AttributeValue a = evaluate(la.first(), item);
        AttributeValue b = evaluate(la.second(), item);
        if (!a.hasL() || !b.hasL()) {
          throw DynamoErrors.validation(
              "Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: list_append");
        }
        List<AttributeValue> joined = new ArrayList<>(a.l());
        joined.addAll(b.l());
        yield AttributeValue.fromL(joined);
      }
      case Ast.Arithmetic ar -> {
        AttributeValue a = evaluate(ar.left(), item);
        AttributeValue b = evaluate(ar.right(), item);
        if (a.n() == null || b.n() == null) {
          throw DynamoErrors.validation(
              "An operand in the update expression has an incorrect data type");
        }
        BigDecimal x = AttributeValues.number(a);
        BigDecimal y = AttributeValues.number(b);
        yield AttributeValue.fromN((ar.op() == '+' ? x.add(y) : x.subtract(y)).toPlainString());
      }
    };
  }

  private static AttributeValue add(AttributeValue existing, AttributeValue operand) {
    if (operand.n() != null) {
      if (existing == null) {
        return operand;
      }
      if (existing.n() == null) {
        throw DynamoErrors.validation(
            "An operand in the update expression has an incorrect data type");
      }
      return AttributeValue.fromN(
          AttributeValues.number(existing).add(AttributeValues.number(operand)).toPlainString());
    }
    if (operand.hasSs() || operand.hasNs() || operand.hasBs()) {
      if (existing == null) {
        return operand;
      }
      if (existing.type() != operand.type()) {
        throw DynamoErrors.validation(
            "An operand in the update expression has an incorrect data type");
      }
      return switch (operand.type()) {
        case SS -> AttributeValue.fromSs(union(existing.ss(), operand.ss()));
        case NS -> AttributeValue.fromNs(union(existing.ns(), operand.ns()));
        default -> AttributeValue.fromBs(union(existing.bs(), operand.bs()));
      };
    }
    throw DynamoErrors.validation(
        "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: "
            + AttributeValues.typeOf(operand));
  }

  private static AttributeValue deleteFromSet(AttributeValue existing, AttributeValue operand) {
    if (!(operand.hasSs() || operand.hasNs() || operand.hasBs())) {
      throw DynamoErrors.validation(
          "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: DELETE, operand type: "
              + AttributeValues.typeOf(operand));
    }
    if (existing == null) {
      return null;
    }
    if (existing.type() != operand.type()) {
      throw DynamoErrors.validation(
          "An operand in the update expression has an incorrect data type");
    }
    return switch (operand.type()) {
      case SS -> nonEmpty(minus(existing.ss(), operand.ss()), AttributeValue::fromSs);
      case NS -> nonEmpty(minus(existing.ns(), operand.ns()), AttributeValue::fromNs);
      default -> nonEmpty(minus(existing.bs(), operand.bs()), AttributeValue::fromBs);
    };
  }

  private static <T> List<T> union(List<T> a, List<T> b) {
    Set<T> out = new LinkedHashSet<>(a);
    out.addAll(b);
    return new ArrayList<>(out);
  }

  private static <T> List<T> minus(List<T> a, List<T> b) {
    List<T> out = new ArrayList<>(a);
    out.removeAll(b);
    return out;
  }

  private static <T> AttributeValue nonEmpty(
      List<T> values, java.util.function.Function<List<T>, AttributeValue> make) {
    return values.isEmpty() ? null : make.apply(values);
  }
}
