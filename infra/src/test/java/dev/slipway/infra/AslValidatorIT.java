package dev.slipway.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs the npm {@code asl-validator} (installed by scripts/setup into tools/node_modules) on the
 * definition with its placeholders replaced by dummy values, as CloudFormation would replace them.
 * A definition with a broken transition must fail it, so the check can fail.
 */
class AslValidatorIT {
  private static final Path ROOT = Path.of(System.getProperty("slipway.root"));
  private static final Path VALIDATOR = validator();

  /** The project's own install (scripts/setup), else the first on PATH. */
  private static Path validator() {
    Path own = ROOT.resolve("tools/node_modules/.bin/asl-validator");
    if (Files.isExecutable(own)) {
      return own;
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir, "asl-validator");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return own;
  }

  /** The definition as deployed: function ARNs and numbers in place of the placeholders. */
  static String substituted() throws IOException {
    String asl = Files.readString(ROOT.resolve("statemachines/pipeline.asl.json"));
    return asl.replaceAll(
            "\\$\\{([A-Za-z]+)FunctionArn}",
            "arn:aws:lambda:eu-west-1:123456789012:function:slipway-hello-$1")
        .replaceAll("\\$\\{[A-Za-z]+Seconds}", "600");
  }

  @Test
  void pipelineDefinitionIsValid() throws Exception {
    String definition = substituted();
    assertThat(definition).doesNotContain("${");
    var result = validate(definition, "pipeline.substituted.asl.json");
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("is valid");
  }

  @Test
  void brokenTransitionIsRejected() throws Exception {
    String broken =
        substituted().replace("\"Next\": \"Verify image\"", "\"Next\": \"Verify the image\"");
    var result = validate(broken, "pipeline.broken.asl.json");
    assertThat(result.exitCode()).isNotZero();
    assertThat(result.output()).contains("Verify the image");
  }

  record Result(int exitCode, String output) {}

  private static Result validate(String definition, String fileName) throws Exception {
    assertThat(VALIDATOR).as("asl-validator; run scripts/setup to install the npm tools").exists();
    Path file = ROOT.resolve("infra/target").resolve(fileName);
    Files.createDirectories(file.getParent());
    Files.writeString(file, definition);
    Process process =
        new ProcessBuilder(List.of(VALIDATOR.toString(), "--json-path", file.toString()))
            .redirectErrorStream(true)
            .start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("asl-validator did not finish in 60 s");
    }
    return new Result(
        process.exitValue(),
        new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }
}
