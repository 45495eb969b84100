package dev.slipway.localcloud.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves CloudFormation intrinsic functions in a template value: {@code Ref}, {@code Fn::GetAtt},
 * {@code Fn::Join}, {@code Fn::Sub}, {@code Fn::Select}, {@code Fn::Split}, {@code Fn::If}, {@code
 * Fn::Base64}, {@code Fn::GetAZs} and the pseudo parameters. Values of resources come from {@link
 * References}, filled as resources are created in dependency order.
 */
final class Intrinsics {
  private static final Pattern SUB_VAR = Pattern.compile("\\$\\{([^}!][^}]*)}");
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Where Ref and GetAtt values come from. */
  interface References {
    /** The value of {@code Ref name}: a parameter, pseudo parameter or resource's physical id. */
    JsonNode ref(String name);

    /** The value of {@code Fn::GetAtt [resource, attribute]}. */
    JsonNode getAtt(String resource, String attribute);

    /** The value of a named condition. */
    boolean condition(String name);
  }

  /** The marker for {@code AWS::NoValue}: the property is removed. */
  static final JsonNode NO_VALUE = new TextNode("\u0000AWS::NoValue");

  private final References refs;
  private final UnaryOperator<String> joinedText;

  Intrinsics(References refs) {
    this(refs, UnaryOperator.identity());
  }

  /** {@code joinedText} rewrites what Fn::Join and Fn::Sub build (local addresses). */
  Intrinsics(References refs, UnaryOperator<String> joinedText) {
    this.refs = refs;
    this.joinedText = joinedText;
  }

  JsonNode resolve(JsonNode value) {
    if (value == null) {
      return null;
    }
    if (value.isArray()) {
      ArrayNode out = NODES.arrayNode();
      for (JsonNode item : value) {
        JsonNode r = resolve(item);
        if (r != NO_VALUE) {
          out.add(r);
        }
      }
      return out;
    }
    if (!value.isObject()) {
      return value;
    }
    if (value.size() == 1) {
      String key = value.fieldNames().next();
      if (key.equals("Ref") || key.startsWith("Fn::") || key.equals("Condition")) {
        return function(key, value.get(key));
      }
    }
    ObjectNode out = NODES.objectNode();
    for (Map.Entry<String, JsonNode> e : value.properties()) {
      JsonNode r = resolve(e.getValue());
      if (r != NO_VALUE) {
        out.set(e.getKey(), r);
      }
    }
    return out;
  }

  private JsonNode function(String name, JsonNode arg) {
    return switch (name) {
      case "Ref" -> arg.asText().equals("AWS::NoValue") ? NO_VALUE : refs.ref(arg.asText());
      case "Fn::GetAtt" -> getAtt(arg);
      case "Fn::Join" -> join(arg);
      case "Fn::Sub" -> sub(arg);
      case "Fn::Select" -> select(arg);
      case "Fn::Split" -> split(arg);
      case "Fn::If" -> resolve(arg.get(refs.condition(arg.get(0).asText()) ? 1 : 2));
      case "Fn::Equals" -> NODES.booleanNode(resolve(arg.get(0)).equals(resolve(arg.get(1))));
      case "Fn::Not" -> NODES.booleanNode(!truthy(resolve(arg.get(0))));
      case "Fn::And" -> NODES.booleanNode(all(arg, true));
      case "Fn::Or" -> NODES.booleanNode(!all(arg, false));
      case "Condition" -> NODES.booleanNode(refs.condition(arg.asText()));
      case "Fn::Base64" ->
          TextNode.valueOf(
              Base64.getEncoder()
                  .encodeToString(
                      text(resolve(arg)).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      case "Fn::GetAZs" -> NODES.arrayNode().add("us-east-1a").add("us-east-1b").add("us-east-1c");
      default ->
          throw new TemplateException(
              "intrinsic function " + name + " is not supported in local mode");
    };
  }

  private boolean all(JsonNode conditions, boolean wanted) {
    for (JsonNode c : conditions) {
      if (truthy(resolve(c)) != wanted) {
        return false;
      }
    }
    return true;
  }

  private static boolean truthy(JsonNode n) {
    return n.isBoolean() ? n.booleanValue() : n.asText().equals("true");
  }

  private JsonNode getAtt(JsonNode arg) {
    if (arg.isTextual()) {
      String s = arg.asText();
      int dot = s.indexOf('.');
      return refs.getAtt(s.substring(0, dot), s.substring(dot + 1));
    }
    return refs.getAtt(arg.get(0).asText(), resolve(arg.get(1)).asText());
  }

  private JsonNode join(JsonNode arg) {
    String delimiter = arg.get(0).asText();
    List<String> parts = new ArrayList<>();
    for (JsonNode part : resolve(arg.get(1))) {
      parts.add(text(part));
    }
    return TextNode.valueOf(joinedText.apply(String.join(delimiter, parts)));
  }

  private JsonNode sub(JsonNode arg) {
    String template = arg.isTextual() ? arg.asText() : arg.get(0).asText();
    JsonNode vars = arg.isArray() && arg.size() > 1 ? resolve(arg.get(1)) : NODES.objectNode();
    Matcher m = SUB_VAR.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String var = m.group(1).trim();
      String value;
      if (vars.has(var)) {
        value = text(vars.get(var));
      } else if (var.contains(".") && !var.startsWith("AWS::")) {
        int dot = var.indexOf('.');
        value = text(refs.getAtt(var.substring(0, dot), var.substring(dot + 1)));
      } else {
        value = text(refs.ref(var));
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    // ${!Literal} escapes a literal ${Literal}
    return TextNode.valueOf(joinedText.apply(out.toString().replace("${!", "${")));
  }

  private JsonNode select(JsonNode arg) {
    int index = Integer.parseInt(text(resolve(arg.get(0))));
    JsonNode list = resolve(arg.get(1));
    if (!list.isArray() || index >= list.size()) {
      throw new TemplateException("Fn::Select index " + index + " is out of range for " + list);
    }
    return list.get(index);
  }

  private JsonNode split(JsonNode arg) {
    String delimiter = arg.get(0).asText();
    ArrayNode out = NODES.arrayNode();
    for (String part : text(resolve(arg.get(1))).split(Pattern.quote(delimiter), -1)) {
      out.add(part);
    }
    return out;
  }

  static String text(JsonNode n) {
    return n.isValueNode() ? n.asText() : n.toString();
  }

  /** Names a template value refers to: Ref targets, GetAtt resources and Fn::Sub variables. */
  static void references(JsonNode value, java.util.Set<String> out) {
    if (value == null) {
      return;
    }
    if (value.isArray()) {
      value.forEach(v -> references(v, out));
      return;
    }
    if (!value.isObject()) {
      return;
    }
    if (value.has("Ref") && value.size() == 1) {
      out.add(value.get("Ref").asText());
    } else if (value.has("Fn::GetAtt") && value.size() == 1) {
      JsonNode a = value.get("Fn::GetAtt");
      out.add(a.isTextual() ? a.asText().split("\\.")[0] : a.get(0).asText());
    } else if (value.has("Fn::Sub") && value.size() == 1) {
      JsonNode a = value.get("Fn::Sub");
      Matcher m = SUB_VAR.matcher(a.isTextual() ? a.asText() : a.get(0).asText());
      while (m.find()) {
        out.add(m.group(1).trim().split("\\.")[0]);
      }
      if (a.isArray() && a.size() > 1) {
        references(a.get(1), out);
      }
      return;
    }
    value.properties().forEach(e -> references(e.getValue(), out));
  }
}
