package dev.slipway.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

/**
 * The cloud assembly the build leaves in infra/target/cdk.out (synthesized by the app's main in the
 * package phase) is complete for local mode: the template, the handler jar and the definition as
 * file assets, and no value that only the CDK CLI could resolve.
 */
class CloudAssemblyIT {
  private static final Path OUT =
      Path.of(System.getProperty("slipway.root")).resolve("infra/target/cdk.out");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void templateAndAssetsAreAllThere() throws IOException {
    JsonNode manifest = JSON.readTree(OUT.resolve("manifest.json").toFile());
    assertThat(manifest.at("/artifacts/Slipway-hello/type").asText())
        .isEqualTo("aws:cloudformation:stack");
    JsonNode assets = JSON.readTree(OUT.resolve("Slipway-hello.assets.json").toFile()).get("files");
    var paths = new ArrayList<String>();
    assets.forEach(a -> paths.add(a.at("/source/path").asText()));
    assertThat(paths).anyMatch(p -> p.endsWith(".jar")).anyMatch(p -> p.endsWith(".json"));
    for (String p : paths) {
      assertThat(OUT.resolve(p)).exists();
    }
    Path jar =
        OUT.resolve(paths.stream().filter(p -> p.endsWith(".jar")).findFirst().orElseThrow());
    assertThat(Files.size(jar))
        .as("the real handler jar, not a placeholder")
        .isGreaterThan(100_000);
  }

  @Test
  void templateUsesOnlyIntrinsicsLocalModeResolves() throws IOException {
    String template = Files.readString(OUT.resolve("Slipway-hello.template.json"));
    var functions = new java.util.TreeSet<String>();
    var m = java.util.regex.Pattern.compile("\"(Fn::[A-Za-z]+)\"").matcher(template);
    while (m.find()) {
      functions.add(m.group(1));
    }
    assertThat(functions)
        .isSubsetOf(
            "Fn::GetAtt",
            "Fn::Join",
            "Fn::Sub",
            "Fn::Select",
            "Fn::Split",
            // the VPC's zones
            "Fn::GetAZs",
            // only in the bootstrap-version rule, which local mode skips
            "Fn::Not",
            "Fn::Contains");
    assertThat(template).doesNotContain("AWS::Lambda::LayerVersion").doesNotContain("Custom::");
  }
}
