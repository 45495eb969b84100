package dev.slipway.localcloud.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.slipway.localcloud.protocol.Json;
import java.util.regex.Pattern;

/**
 * Hides values the console must never show: task tokens (whoever holds one can decide an approval),
 * secrets, passwords, signatures. Applied to everything the JSON endpoints return, including JSON
 * held as text inside history events (inputs, outputs, task parameters).
 */
final class Redaction {
  static final String HIDDEN = "[hidden]";
  private static final Pattern SENSITIVE =
      Pattern.compile("(?i).*(token|secret|password|passwd|signature|authorization|credential).*");

  /** Bearer parameters in links: signed approval links ({@code ?t=}), presigned URLs. */
  private static final Pattern LINK_SECRET =
      Pattern.compile(
          "(?i)([?&](?:t|token|sig|signature|x-amz-signature|x-amz-security-token|code)=)[^&#\\s\"]+");

  private Redaction() {}

  /** A redacted copy of {@code node}. */
  static JsonNode redact(JsonNode node) {
    if (node == null) {
      return null;
    }
    if (node.isObject()) {
      ObjectNode out = Json.MAPPER.createObjectNode();
      node.properties()
          .forEach(
              p ->
                  out.set(
                      p.getKey(),
                      SENSITIVE.matcher(p.getKey()).matches() && !p.getValue().isContainerNode()
                          ? TextNode.valueOf(HIDDEN)
                          : redact(p.getValue())));
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = Json.MAPPER.createArrayNode();
      node.forEach(n -> out.add(redact(n)));
      return out;
    }
    if (node.isTextual()) {
      String text = node.asText().strip();
      if (text.startsWith("{") || text.startsWith("[")) {
        try {
          return TextNode.valueOf(redact(Json.MAPPER.readTree(text)).toString());
        } catch (JsonProcessingException e) {
          // not JSON after all: treat it as text
        }
      }
      String hidden = LINK_SECRET.matcher(node.asText()).replaceAll("$1" + HIDDEN);
      return hidden.equals(node.asText()) ? node : TextNode.valueOf(hidden);
    }
    return node;
  }
}
