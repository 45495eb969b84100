package dev.slipway.localcloud.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.localcloud.protocol.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's outcome as JSON ({@code <state>/demo/report.json}): one object per push with its run
 * (status, end state, cause, states in order), the requests and failed requests of the steady load
 * while it ran, and the version serving after it. Scripts and the end-to-end suite read it instead
 * of parsing the printed report.
 */
public final class DemoResult {
  private DemoResult() {}

  /** Writes the pushes to {@code file}. */
  public static void write(Path file, List<PushOutcome> pushes) throws IOException {
    ArrayNode all = Json.MAPPER.createArrayNode();
    for (PushOutcome p : pushes) {
      ObjectNode o = all.addObject();
      o.put("label", p.label());
      o.put("sha", p.sha());
      o.put("execution", p.executionName());
      o.put("status", p.status());
      o.put("endState", p.endState());
      o.put("cause", p.cause());
      o.put("pushedAt", p.pushedAt().toString());
      o.put("endedAt", p.endedAt().toString());
      o.put("seconds", p.duration().toMillis() / 1000.0);
      ArrayNode states = o.putArray("states");
      p.states().forEach(s -> states.add(s.label()));
      if (p.load() != null) {
        ObjectNode load = o.putObject("load");
        load.put("requests", p.load().requests());
        load.put("failed", p.load().failed());
        load.set("versions", Json.MAPPER.valueToTree(p.load().versions()));
      }
      o.put("servingAfter", p.servingAfter());
    }
    Files.createDirectories(file.getParent());
    Files.writeString(file, all.toPrettyString());
  }

  /** The pushes {@link #write} wrote, as JSON objects in push order. */
  public static List<JsonNode> read(Path file) throws IOException {
    JsonNode all = Json.MAPPER.readTree(file.toFile());
    if (!all.isArray()) {
      throw new IOException(file + " is not a demo report (a JSON array of pushes)");
    }
    List<JsonNode> pushes = new ArrayList<>();
    all.forEach(pushes::add);
    return List.copyOf(pushes);
  }
}
