package dev.slipway.localcloud.events;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.localcloud.protocol.AwsErrors;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.eventbridge.model.InputTransformer;
import software.amazon.awssdk.services.eventbridge.model.Target;

/**
 * What a target receives: the whole event, a constant {@code Input}, the part at {@code InputPath},
 * or an {@code InputTransformer} template filled from {@code InputPathsMap} — a placeholder inside
 * a JSON string is replaced by the value's text, elsewhere by its JSON.
 */
final class InputTransformation {
  private InputTransformation() {}

  static String apply(Target target, JsonNode event, String ruleName) {
    if (target.input() != null) {
      return target.input();
    }
    if (target.inputPath() != null) {
      JsonNode selected = EventPaths.select(event, target.inputPath());
      return selected.isMissingNode() ? "null" : selected.toString();
    }
    InputTransformer t = target.inputTransformer();
    if (t == null) {
      return event.toString();
    }
    Map<String, JsonNode> values = new HashMap<>();
    t.inputPathsMap().forEach((name, path) -> values.put(name, EventPaths.select(event, path)));
    values.put("aws.events.event", event);
    values.put("aws.events.event.json", event);
    values.put(
        "aws.events.rule-name", com.fasterxml.jackson.databind.node.TextNode.valueOf(ruleName));
    values.put("aws.events.event.ingestion-time", event.path("time"));
    return fill(AwsErrors.required(t.inputTemplate(), "inputTemplate"), values);
  }

  static String fill(String template, Map<String, JsonNode> values) {
    StringBuilder out = new StringBuilder();
    boolean inString = false;
    for (int i = 0; i < template.length(); i++) {
      char c = template.charAt(i);
      if (c == '\\' && inString && i + 1 < template.length()) {
        out.append(c).append(template.charAt(++i));
        continue;
      }
      if (c == '"') {
        inString = !inString;
      }
      if (c == '<') {
        int close = template.indexOf('>', i);
        if (close > i) {
          String name = template.substring(i + 1, close);
          if (values.containsKey(name)) {
            JsonNode v = values.get(name);
            if (inString) {
              String text =
                  v.isMissingNode() || v.isNull()
                      ? ""
                      : v.isValueNode() ? v.asText() : v.toString();
              out.append(escape(text));
            } else {
              out.append(v.isMissingNode() ? "null" : v.toString());
            }
            i = close;
            continue;
          }
        }
      }
      out.append(c);
    }
    return out.toString();
  }

  private static String escape(String text) {
    String quoted = com.fasterxml.jackson.databind.node.TextNode.valueOf(text).toString();
    return quoted.substring(1, quoted.length() - 1);
  }
}
