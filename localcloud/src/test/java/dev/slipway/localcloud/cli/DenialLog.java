package dev.slipway.localcloud.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.localcloud.iam.IamGate;
import dev.slipway.localcloud.protocol.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/** The IAM denials a local mode logged in its state dir, one JSON object per denial. */
final class DenialLog {
  private DenialLog() {}

  static List<JsonNode> read(Path stateDir) {
    return IamGate.readDenials(stateDir.resolve("logs/iam-denials.log")).stream()
        .map(DenialLog::json)
        .toList();
  }

  private static JsonNode json(String line) {
    try {
      return Json.MAPPER.readTree(line);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
