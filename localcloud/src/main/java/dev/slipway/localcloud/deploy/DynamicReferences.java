package dev.slipway.localcloud.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CloudFormation's dynamic references in resolved resource properties: {@code
 * {{resolve:secretsmanager:<secret-id>:SecretString:<json-key>:<version-stage>:<version-id>}}}
 * (everything after the secret id optional) becomes the secret's value, as CloudFormation
 * substitutes it at deploy time. The secret id may be an ARN, which contains colons: the reference
 * is split at {@code :SecretString}. Other services' references are left as they are.
 */
final class DynamicReferences {
  private static final Pattern REFERENCE = Pattern.compile("\\{\\{resolve:secretsmanager:(.+?)}}");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** A secret's current string value, or a version stage's. */
  interface SecretValues {
    String value(String secretId, String versionStage);
  }

  private DynamicReferences() {}

  /** {@code value} with every Secrets Manager reference in its text replaced. */
  static JsonNode resolve(JsonNode value, SecretValues secrets) {
    if (secrets == null || value == null) {
      return value;
    }
    if (value.isTextual()) {
      String text = value.asText();
      return text.contains("{{resolve:") ? TextNode.valueOf(text(text, secrets)) : value;
    }
    if (value.isArray()) {
      ArrayNode out = NODES.arrayNode();
      value.forEach(v -> out.add(resolve(v, secrets)));
      return out;
    }
    if (value.isObject()) {
      ObjectNode out = NODES.objectNode();
      for (Map.Entry<String, JsonNode> e : value.properties()) {
        out.set(e.getKey(), resolve(e.getValue(), secrets));
      }
      return out;
    }
    return value;
  }

  static String text(String text, SecretValues secrets) {
    Matcher m = REFERENCE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(secret(m.group(1), secrets)));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String secret(String reference, SecretValues secrets) {
    int at = reference.indexOf(":SecretString");
    String id = at < 0 ? reference : reference.substring(0, at);
    String[] rest =
        at < 0 ? new String[0] : reference.substring(at + ":SecretString".length()).split(":", -1);
    // rest[0] is the empty text before the first ':'
    String jsonKey = rest.length > 1 && !rest[1].isEmpty() ? rest[1] : null;
    String stage = rest.length > 2 && !rest[2].isEmpty() ? rest[2] : null;
    if (rest.length > 3 && !rest[3].isEmpty()) {
      throw new TemplateException(
          "dynamic reference to secret " + id + ": a version id is not supported in local mode");
    }
    String value = secrets.value(id, stage);
    if (jsonKey == null) {
      return value;
    }
    try {
      JsonNode field = JSON.readTree(value).get(jsonKey);
      if (field == null) {
        throw new TemplateException(
            "dynamic reference to secret " + id + ": its JSON has no key '" + jsonKey + "'");
      }
      return field.isTextual() ? field.asText() : field.toString();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new TemplateException(
          "dynamic reference to secret " + id + ": its value is not JSON, so it has no key");
    }
  }
}
