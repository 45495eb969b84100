package dev.slipway.localcloud.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.ecr.model.Attribute;
import software.amazon.awssdk.services.ecr.model.FindingSeverity;
import software.amazon.awssdk.services.ecr.model.ImageScanFinding;

/**
 * Image scan findings for local mode, read from a JSON file — not from a real scanner: the scanners
 * that could run here (Trivy, Grype, Clair) need a vulnerability database downloaded from the
 * internet, which this machine cannot reach. Tests and demos write the file to make an image
 * "vulnerable":
 *
 * <pre>{@code
 * { "<repository>": {
 *     "<digest sha256:…> | <tag> | *": [
 *       {"name": "CVE-2024-0001", "severity": "CRITICAL", "description": "…", "uri": "https://…",
 *        "attributes": {"package_name": "openssl"}} ] } }
 * }</pre>
 *
 * An image's findings are those under its digest, else under one of its tags, else under {@code *}.
 * The file is read on every call, so a test can change it between pushes.
 */
public final class ScanFindingsFile {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;

  /** Findings from {@code file} (it need not exist). */
  public ScanFindingsFile(Path file) {
    this.file = file;
  }

  /** Where the findings are read from. */
  public Path path() {
    return file;
  }

  /** The findings for an image; empty when the file has no entry for it. */
  public Optional<List<ImageScanFinding>> findings(
      String repository, String digest, List<String> tags) {
    JsonNode repo = read().path(repository);
    if (repo.isMissingNode()) {
      return Optional.empty();
    }
    JsonNode entry = repo.path(digest);
    for (String tag : tags) {
      if (entry.isMissingNode()) {
        entry = repo.path(tag);
      }
    }
    if (entry.isMissingNode()) {
      entry = repo.path("*");
    }
    if (entry.isMissingNode()) {
      return Optional.empty();
    }
    List<ImageScanFinding> out = new ArrayList<>();
    for (JsonNode f : entry) {
      out.add(finding(f));
    }
    return Optional.of(out);
  }

  private ImageScanFinding finding(JsonNode f) {
    String severity = f.path("severity").asText("");
    if (FindingSeverity.fromValue(severity) == FindingSeverity.UNKNOWN_TO_SDK_VERSION) {
      throw new IllegalArgumentException(
          file
              + ": finding "
              + f.path("name").asText("?")
              + " has severity '"
              + severity
              + "'; use one of INFORMATIONAL, LOW, MEDIUM, HIGH, CRITICAL, UNDEFINED");
    }
    List<Attribute> attributes = new ArrayList<>();
    f.path("attributes")
        .properties()
        .forEach(
            e ->
                attributes.add(
                    Attribute.builder().key(e.getKey()).value(e.getValue().asText()).build()));
    return ImageScanFinding.builder()
        .name(f.path("name").asText())
        .description(f.path("description").asText(null))
        .uri(f.path("uri").asText(null))
        .severity(severity)
        .attributes(attributes)
        .build();
  }

  private JsonNode read() {
    if (!Files.exists(file)) {
      return JSON.createObjectNode();
    }
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "scan findings file " + file + " is not valid JSON: " + e.getMessage(), e);
    }
  }
}
