package dev.slipway.localcloud.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.localcloud.protocol.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A stack's file assets from its {@code *.assets.json} manifest: the S3 object key CloudFormation
 * would read ({@code <hash>.jar}) mapped to the staged file or directory in the cloud assembly.
 */
public final class Assets {
  private final Map<String, Path> byObjectKey;

  private Assets(Map<String, Path> byObjectKey) {
    this.byObjectKey = byObjectKey;
  }

  /** No assets. */
  public static Assets none() {
    return new Assets(Map.of());
  }

  /** Reads an asset manifest; paths resolve against the cloud assembly directory. */
  static Assets read(Path manifest) throws IOException {
    JsonNode root = Json.MAPPER.readTree(manifest.toFile());
    Map<String, Path> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> file : root.path("files").properties()) {
      Path source =
          manifest.getParent().resolve(file.getValue().path("source").path("path").asText());
      for (JsonNode destination : file.getValue().path("destinations")) {
        out.put(destination.path("objectKey").asText(), source);
      }
      out.putIfAbsent(file.getKey(), source);
    }
    return new Assets(out);
  }

  /** The local file for an S3 object key; fails naming the key when the assembly lacks it. */
  public Path file(String objectKey) {
    Path p = byObjectKey.get(objectKey);
    if (p == null || !Files.exists(p)) {
      throw new TemplateException(
          "asset " + objectKey + " is not in the cloud assembly; synthesize again (cdk synth)");
    }
    return p;
  }
}
