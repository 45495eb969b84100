package dev.slipway.localcloud.codebuild;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Builds on disk ({@code <stateDir>/codebuild/journal/<uuid>.json}): the StartBuild input and the
 * latest Build JSON, so a restarted local mode still answers BatchGetBuilds for earlier builds and
 * can run a build that a crash interrupted again. Each local mode instance owns the records it
 * writes; a record taken over by a newer instance is no longer written by the old one.
 */
final class BuildJournal {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  private final String owner = UUID.randomUUID().toString();

  /** One journaled build. */
  record Entry(String uuid, JsonNode startInput, long buildNumber, Path workDir, ObjectNode build) {
    boolean complete() {
      return build.path("buildComplete").asBoolean();
    }

    String projectName() {
      return startInput.path("projectName").asText();
    }
  }

  BuildJournal(Path dir) {
    this.dir = dir;
  }

  /** Writes the build's current state unless another instance has taken it over. */
  synchronized void write(String uuid, JsonNode startInput, Path workDir, BuildRecord build) {
    Path file = dir.resolve(uuid + ".json");
    try {
      Files.createDirectories(dir);
      if (Files.exists(file)) {
        JsonNode existing = JSON.readTree(file.toFile());
        if (!owner.equals(existing.path("owner").asText())) {
          return;
        }
      }
      ObjectNode n = JSON.createObjectNode().put("owner", owner);
      n.set("startInput", startInput);
      n.put("buildNumber", build.buildNumber);
      n.put("workDir", workDir.toString());
      n.set("build", build.toBuildJson());
      // a temporary file of its own: a crashed instance's build may still be writing this record
      Path tmp = Files.createTempFile(dir, uuid + ".", ".json.tmp");
      Files.writeString(tmp, n.toString());
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot journal build " + uuid + " in " + dir, e);
    }
  }

  /** Makes this instance the owner of {@code uuid}'s record (before running it again). */
  synchronized void claim(String uuid) {
    Path file = dir.resolve(uuid + ".json");
    try {
      ObjectNode n = (ObjectNode) JSON.readTree(file.toFile());
      n.put("owner", owner);
      Files.writeString(file, n.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot take over build record " + file, e);
    }
  }

  /** Every journaled build. */
  List<Entry> load() {
    List<Entry> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
        JsonNode n = JSON.readTree(f.toFile());
        String name = f.getFileName().toString();
        out.add(
            new Entry(
                name.substring(0, name.length() - ".json".length()),
                n.path("startInput"),
                n.path("buildNumber").asLong(),
                n.hasNonNull("workDir") ? Path.of(n.path("workDir").asText()) : null,
                (ObjectNode) n.path("build")));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the build journal in " + dir, e);
    }
    return out;
  }
}
