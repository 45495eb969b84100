package dev.slipway.localcloud.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.localcloud.protocol.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The stacks of a synthesized cloud assembly ({@code cdk.out/manifest.json}). */
public final class CloudAssembly {
  /** One stack: its name, template and assets. */
  public record Stack(String name, JsonNode template, Assets assets) {}

  private CloudAssembly() {}

  /**
   * Reads every CloudFormation stack of the assembly, in manifest order (CDK writes dependencies
   * first). Fails naming the directory and what to run when it holds no assembly.
   */
  public static List<Stack> read(Path dir) {
    Path manifest = dir.resolve("manifest.json");
    if (!Files.isRegularFile(manifest)) {
      throw new TemplateException(
          "no synthesized template in "
              + dir.toAbsolutePath()
              + " (manifest.json missing); run the CDK app first (cdk synth)");
    }
    try {
      JsonNode root = Json.MAPPER.readTree(manifest.toFile());
      List<Stack> stacks = new ArrayList<>();
      for (var artifact : root.path("artifacts").properties()) {
        JsonNode a = artifact.getValue();
        if (!"aws:cloudformation:stack".equals(a.path("type").asText())) {
          continue;
        }
        Path template = dir.resolve(a.path("properties").path("templateFile").asText());
        String name = a.path("properties").path("stackName").asText(artifact.getKey());
        Assets assets = Assets.none();
        for (JsonNode dep : a.path("dependencies")) {
          JsonNode depArtifact = root.path("artifacts").path(dep.asText());
          if ("cdk:asset-manifest".equals(depArtifact.path("type").asText())) {
            assets = Assets.read(dir.resolve(depArtifact.path("properties").path("file").asText()));
          }
        }
        stacks.add(new Stack(name, Json.MAPPER.readTree(template.toFile()), assets));
      }
      if (stacks.isEmpty()) {
        throw new TemplateException(
            "the cloud assembly in " + dir + " has no CloudFormation stack");
      }
      return stacks;
    } catch (IOException e) {
      throw new TemplateException(
          "cannot read the cloud assembly in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** A single template file with no assets (hand-written fixtures). */
  public static Stack template(String stackName, Path templateFile, Assets assets) {
    try {
      return new Stack(stackName, Json.MAPPER.readTree(templateFile.toFile()), assets);
    } catch (IOException e) {
      throw new TemplateException(
          "cannot read template " + templateFile + ": " + e.getMessage(), e);
    }
  }
}
