package dev.slipway.localcloud.dynamodb;

import dev.slipway.localcloud.dynamodb.Ast.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Reads and writes document paths ({@code a.b[2].c}) in an item. */
final class Paths {
  private Paths() {}

  /** The value at the path, or null when any step is missing. */
  static AttributeValue get(Map<String, AttributeValue> item, Path path) {
    AttributeValue current = item.get(path.top());
    for (int i = 1; i < path.elements().size() && current != null; i++) {
      Object step = path.elements().get(i);
      if (step instanceof Integer index) {
        current = current.hasL() && index < current.l().size() ? current.l().get(index) : null;
      } else {
        current = current.hasM() ? current.m().get((String) step) : null;
      }
    }
    return current;
  }

  /** Returns a copy of the item with the value set (a list index past the end appends). */
  static Map<String, AttributeValue> set(
      Map<String, AttributeValue> item, Path path, AttributeValue value) {
    Map<String, AttributeValue> copy = new LinkedHashMap<>(item);
    if (path.elements().size() == 1) {
      copy.put(path.top(), value);
      return copy;
    }
    AttributeValue top = item.get(path.top());
    if (top == null) {
      throw invalidPath(path);
    }
    copy.put(path.top(), setIn(top, path, 1, value));
    return copy;
  }

  /** Returns a copy of the item with the value at the path removed (missing paths are fine). */
  static Map<String, AttributeValue> remove(Map<String, AttributeValue> item, Path path) {
    Map<String, AttributeValue> copy = new LinkedHashMap<>(item);
    if (path.elements().size() == 1) {
      copy.remove(path.top());
      return copy;
    }
    AttributeValue top = item.get(path.top());
    if (top != null) {
      copy.put(path.top(), setIn(top, path, 1, null));
    }
    return copy;
  }

  private static AttributeValue setIn(
      AttributeValue container, Path path, int depth, AttributeValue value) {
    Object step = path.elements().get(depth);
    boolean last = depth == path.elements().size() - 1;
    if (step instanceof Integer index) {
      if (!container.hasL()) {
        throw invalidPath(path);
      }
      List<AttributeValue> list = new ArrayList<>(container.l());
      if (last) {
        if (value == null) {
          if (index < list.size()) {
            list.remove((int) index);
          }
        } else if (index < list.size()) {
          list.set(index, value);
        } else {
          list.add(value);
        }
      } else {
        if (index >= list.size()) {
          throw invalidPath(path);
        }
        list.set(index, setIn(list.get(index), path, depth + 1, value));
      }
      return AttributeValue.fromL(list);
    }
    if (!container.hasM()) {
      throw invalidPath(path);
    }
    Map<String, AttributeValue> map = new LinkedHashMap<>(container.m());
    String key = (String) step;
    if (last) {
      if (value == null) {
        map.remove(key);
      } else {
        map.put(key, value);
      }
    } else {
      AttributeValue child = map.get(key);
      if (child == null) {
        throw invalidPath(path);
      }
      map.put(key, setIn(child, path, depth + 1, value));
    }
    return AttributeValue.fromM(map);
  }

  private static RuntimeException invalidPath(Path path) {
    return DynamoErrors.validation(
        "The document path provided in the update expression is invalid for update: " + path);
  }
}
