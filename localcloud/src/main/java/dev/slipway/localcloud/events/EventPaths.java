package dev.slipway.localcloud.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSONPath subset EventBridge accepts in InputPath and InputPathsMap: {@code $}, dotted names
 * ({@code $.detail.sha}, names may contain '-'), {@code ['name']} and {@code [index]}.
 */
final class EventPaths {
  private EventPaths() {}

  static JsonNode select(JsonNode event, String path) {
    if (path == null || !path.startsWith("$")) {
      throw new IllegalArgumentException("JSONPath must start with '$': " + path);
    }
    JsonNode current = event;
    for (Object step : steps(path)) {
      if (current == null || current.isMissingNode()) {
        return MissingNode.getInstance();
      }
      current = step instanceof Integer i ? current.path(i) : current.path((String) step);
    }
    return current;
  }

  private static List<Object> steps(String path) {
    List<Object> steps = new ArrayList<>();
    int i = 1;
    while (i < path.length()) {
      char c = path.charAt(i);
      if (c == '.') {
        int end = i + 1;
        while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') {
          end++;
        }
        steps.add(path.substring(i + 1, end));
        i = end;
      } else if (c == '[') {
        int close = path.indexOf(']', i);
        if (close < 0) {
          throw new IllegalArgumentException("unclosed '[' in JSONPath " + path);
        }
        String inner = path.substring(i + 1, close).trim();
        if (inner.startsWith("'") || inner.startsWith("\"")) {
          steps.add(inner.substring(1, inner.length() - 1));
        } else {
          steps.add(Integer.parseInt(inner));
        }
        i = close + 1;
      } else {
        throw new IllegalArgumentException("unexpected '" + c + "' in JSONPath " + path);
      }
    }
    return steps;
  }
}
