package dev.slipway.localcloud.dynamodb;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/** UpdateItem's ReturnValues: NONE, ALL_OLD, UPDATED_OLD, ALL_NEW, UPDATED_NEW. */
final class ReturnValues {
  private ReturnValues() {}

  static Map<String, AttributeValue> select(
      ReturnValue mode,
      Map<String, AttributeValue> old,
      Map<String, AttributeValue> updated,
      List<Ast.Action> actions) {
    if (mode == null || mode == ReturnValue.NONE) {
      return null;
    }
    return switch (mode) {
      case ALL_OLD -> old;
      case ALL_NEW -> updated;
      case UPDATED_OLD -> old == null ? null : touched(old, actions);
      case UPDATED_NEW -> touched(updated, actions);
      default -> null;
    };
  }

  private static Map<String, AttributeValue> touched(
      Map<String, AttributeValue> item, List<Ast.Action> actions) {
    Map<String, AttributeValue> out = new LinkedHashMap<>();
    for (Ast.Action a : actions) {
      String top =
          switch (a) {
            case Ast.SetAction s -> s.path().top();
            case Ast.RemoveAction s -> s.path().top();
            case Ast.AddAction s -> s.path().top();
            case Ast.DeleteAction s -> s.path().top();
          };
      if (item.containsKey(top)) {
        out.put(top, item.get(top));
      }
    }
    return out.isEmpty() ? null : out;
  }
}
