package dev.slipway.localcloud.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.localcloud.protocol.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;

/**
 * The state file {@code <state>/slipway.json} of a running local mode: pid and start time of the
 * server process, endpoint port, readiness and what was deployed. {@code down}, {@code status} and
 * crash recovery read it.
 */
final class RunState {
  private RunState() {}

  static Path file(Path stateDir) {
    return stateDir.resolve("slipway.json");
  }

  static void write(Path stateDir, ObjectNode state) throws IOException {
    Files.createDirectories(stateDir);
    Path tmp = stateDir.resolve("slipway.json.tmp");
    Files.writeString(tmp, state.toPrettyString());
    Files.move(
        tmp, file(stateDir), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  static Optional<JsonNode> read(Path stateDir) {
    try {
      return Files.isRegularFile(file(stateDir))
          ? Optional.of(Json.MAPPER.readTree(file(stateDir).toFile()))
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The server process of the state file, if it still runs (same pid and start time). */
  static Optional<ProcessHandle> liveServer(JsonNode state) {
    long pid = state.path("pid").asLong(-1);
    String started = state.path("processStart").asText("");
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .filter(
            h -> h.info().startInstant().map(Instant::toString).map(started::equals).orElse(false));
  }

  static void delete(Path stateDir) {
    try {
      Files.deleteIfExists(file(stateDir));
    } catch (IOException e) {
      // nothing else to clean
    }
  }
}
