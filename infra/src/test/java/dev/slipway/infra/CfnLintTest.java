package dev.slipway.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * cfn-lint, AWS's own template linter, on the synthesized template with the state machine
 * definition inlined (the template points at it in the asset bucket, where cfn-lint cannot look).
 * Errors fail the build, except where cfn-lint is behind AWS, allow-listed below by rule and path
 * with the reason. Runs where cfn-lint is installed and is skipped, saying so, where it is not.
 */
class CfnLintTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A known cfn-lint error that AWS accepts. */
  private record Allowed(String rule, Pattern path, Pattern message, String reason) {
    boolean covers(JsonNode match) {
      return match.path("Rule").path("Id").asText().equals(rule)
          && path.matcher(CfnLintTest.path(match)).matches()
          && message.matcher(match.path("Message").asText()).matches();
    }
  }

  private static final List<Allowed> ALLOWED =
      List.of(
          new Allowed(
              "E3601",
              Pattern.compile(
                  "Resources/PipelineStateMachine[0-9A-F]+/Properties/Definition/States/.+/"
                      + "(TimeoutSeconds|HeartbeatSeconds)"),
              Pattern.compile("'\\{% .+ %\\}' is not of type 'number'"),
              "cfn-lint's ASL schema (1.51) types TimeoutSeconds and HeartbeatSeconds as numbers;"
                  + " in a JSONata state AWS accepts a JSONata expression string, which CDK's"
                  + " Timeout.jsonata emits"));

  @Test
  void synthesizedTemplateHasNoErrorsButKnownLinterGaps() throws Exception {
    Optional<Path> cfnLint = cfnLint();
    Assumptions.assumeTrue(cfnLint.isPresent(), "skipped: cfn-lint not installed");

    Path template = inlinedTemplate();
    Process lint =
        new ProcessBuilder(cfnLint.get().toString(), "-t", template.toString(), "-f", "json")
            .redirectErrorStream(false)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    byte[] out = lint.getInputStream().readAllBytes();
    assertThat(lint.waitFor(5, TimeUnit.MINUTES)).as("cfn-lint finished").isTrue();
    JsonNode matches = JSON.readTree(new String(out, StandardCharsets.UTF_8));
    assertThat(matches.isArray()).as("cfn-lint's JSON report").isTrue();

    List<String> errors = new ArrayList<>();
    int allowed = 0;
    for (JsonNode match : matches) {
      if (!match.path("Level").asText().equals("Error")) {
        continue;
      }
      if (ALLOWED.stream().anyMatch(a -> a.covers(match))) {
        allowed++;
      } else {
        errors.add(
            match.path("Rule").path("Id").asText()
                + " at "
                + path(match)
                + ": "
                + match.path("Message").asText());
      }
    }
    assertThat(errors).as("cfn-lint errors in %s", template).isEmpty();
    // the definition really was inlined and checked: its JSONata timeouts are what cfn-lint flags
    assertThat(allowed).as("allow-listed JSONata timeouts seen").isPositive();
  }

  /** The template of infra/slipway.json with the ASL file in place of its S3 location. */
  private static Path inlinedTemplate() throws Exception {
    ObjectNode template = JSON.valueToTree(SynthesizedStack.get().template.toJSON());
    JsonNode definition =
        JSON.readTree(SynthesizedStack.ROOT.resolve("statemachines/pipeline.asl.json").toFile());
    int inlined = 0;
    for (JsonNode resource : template.path("Resources")) {
      if (resource.path("Type").asText().equals("AWS::StepFunctions::StateMachine")) {
        ObjectNode properties = (ObjectNode) resource.path("Properties");
        properties.remove("DefinitionS3Location");
        properties.set("Definition", definition);
        inlined++;
      }
    }
    assertThat(inlined).as("state machines in the template").isEqualTo(1);
    Path file = SynthesizedStack.ROOT.resolve("infra/target/cfn-lint/Slipway-hello.template.json");
    Files.createDirectories(file.getParent());
    JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), template);
    return file;
  }

  private static String path(JsonNode match) {
    List<String> parts = new ArrayList<>();
    match.path("Location").path("Path").forEach(p -> parts.add(p.asText()));
    return String.join("/", parts);
  }

  /** cfn-lint on PATH, or in pyenv's shims (where pip installs it for a pyenv Python). */
  private static Optional<Path> cfnLint() {
    Stream<Path> onPath =
        Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
            .filter(dir -> !dir.isBlank())
            .map(Path::of);
    Stream<Path> pyenv = Stream.of(Path.of(System.getProperty("user.home"), ".pyenv", "shims"));
    return Stream.concat(onPath, pyenv)
        .map(dir -> dir.resolve("cfn-lint"))
        .filter(Files::isExecutable)
        .findFirst()
        .filter(CfnLintTest::runs);
  }

  /** A pyenv shim exists even where the active Python lacks the tool: ask it for its version. */
  private static boolean runs(Path cfnLint) {
    try {
      Process p =
          new ProcessBuilder(cfnLint.toString(), "--version")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (Exception e) {
      return false;
    }
  }
}
