package dev.slipway.localcloud.codebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.localcloud.codebuild.BuildSpec.Phase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BuildSpecTest {
  @Test
  void readsTheSampleServiceBuildspec() throws Exception {
    Path file = Path.of(System.getProperty("slipway.root"), "examples/hello-service/buildspec.yml");
    BuildSpec spec = BuildSpec.parse(Files.readString(file));
    assertThat(spec.exportedVariables()).contains("IMAGE_TAG", "IMAGE_URI");
    assertThat(spec.variables()).containsKey("BASE_IMAGE");
    assertThat(spec.phases()).containsKeys(Phase.PRE_BUILD, Phase.BUILD, Phase.POST_BUILD);
    assertThat(spec.phases().get(Phase.BUILD).commands())
        .anyMatch(c -> c.startsWith("docker build"));
  }

  @Test
  void onFailureAndFinallyAreRead() {
    BuildSpec spec =
        BuildSpec.parse(
            """
            version: 0.2
            phases:
              build:
                on-failure: CONTINUE
                commands: [make]
                finally: [echo done]
            """);
    BuildSpec.PhaseSpec build = spec.phases().get(Phase.BUILD);
    assertThat(build.abortOnFailure()).isFalse();
    assertThat(build.explicitOnFailure()).isTrue();
    assertThat(build.finallyCommands()).containsExactly("echo done");
  }

  @Test
  void rejectsUnknownPhaseNamingIt() {
    assertThatThrownBy(
            () -> BuildSpec.parse("version: 0.2\nphases:\n  deploy:\n    commands: [x]\n"))
        .hasMessageContaining("YAML_FILE_ERROR")
        .hasMessageContaining("'deploy'");
  }

  @Test
  void rejectsMissingVersion() {
    assertThatThrownBy(() -> BuildSpec.parse("phases: {}\n")).hasMessageContaining("version: 0.2");
  }

  @Test
  void rejectsSecretsManagerVariablesWithAWayOut() {
    assertThatThrownBy(
            () ->
                BuildSpec.parse(
                    "version: 0.2\nenv:\n  secrets-manager:\n    TOKEN: arn:x\nphases: {}\n"))
        .hasMessageContaining("secrets-manager is not supported in local mode")
        .hasMessageContaining("project environment variable");
  }

  @Test
  void rejectsBadYaml() {
    assertThatThrownBy(() -> BuildSpec.parse("version: 0.2\nphases: [\n"))
        .hasMessageStartingWith("YAML_FILE_ERROR");
  }

  /** YAML reads an unquoted command with ": " as a mapping; CodeBuild fails the buildspec. */
  @Test
  void rejectsACommandYamlReadsAsAMapping() {
    String buildspec =
        """
        version: 0.2
        phases:
          build:
            commands:
              - echo ok
              - echo "x"; sleep: 1500
        """;
    assertThatThrownBy(() -> BuildSpec.parse(buildspec))
        .hasMessageStartingWith(
            "YAML_FILE_ERROR: Expected phases.build.commands[1] to be of string")
        .hasMessageContaining("found subkeys")
        .hasMessageContaining("quote the command");
  }
}
