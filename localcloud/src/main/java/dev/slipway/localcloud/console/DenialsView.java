package dev.slipway.localcloud.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.localcloud.protocol.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The calls local mode's IAM denied (or, in audit mode, would have), newest first, from the denial
 * log {@code .slipway/logs/iam-denials.log}: who, what, on which resource, what is missing and
 * AWS's message. A line that is not JSON is skipped.
 */
final class DenialsView {
  /** The most denials the page shows. */
  static final int LIMIT = 200;

  private DenialsView() {}

  static ObjectNode of(Path log) {
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.put("log", log == null ? null : log.toString());
    ArrayNode denials = out.putArray("denials");
    if (log == null) {
      return out;
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      lines = List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<JsonNode> newestFirst = new ArrayList<>();
    for (int i = lines.size() - 1; i >= 0 && newestFirst.size() < LIMIT; i--) {
      try {
        JsonNode line = Json.MAPPER.readTree(lines.get(i));
        if (line != null && line.isObject()) {
          newestFirst.add(line);
        }
      } catch (IOException e) {
        // a partly written last line: skip it
      }
    }
    out.put("total", lines.size());
    for (JsonNode d : newestFirst) {
      ObjectNode row = denials.addObject();
      for (String field :
          List.of("time", "mode", "principal", "action", "resource", "missing", "message")) {
        row.put(field, d.path(field).asText(null));
      }
    }
    return out;
  }
}
