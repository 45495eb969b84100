package dev.slipway.localcloud.codebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

class LocalCodeBuildTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path state;

  private LocalCodeBuild codeBuild() {
    return new LocalCodeBuild(
        new LocalCodeBuild.Settings(
            state,
            Map.of(),
            "http://127.0.0.1:4566",
            "us-east-1",
            "000000000000",
            LocalCodeBuild::localPathRepository,
            Map::of,
            r -> {},
            Clock.systemUTC()));
  }

  @Test
  void provisionsTheTemplatesProjectWithItsVariables() throws Exception {
    LocalCodeBuild cb = codeBuild();
    JsonNode properties =
        JSON.readTree(
            """
            {"Name": "hello-build", "TimeoutInMinutes": 20,
             "Source": {"Type": "GITHUB", "Location": "/srv/git/hello.git", "BuildSpec": "buildspec.yml"},
             "Environment": {"Image": "aws/codebuild/standard:7.0", "ComputeType": "BUILD_GENERAL1_SMALL",
               "EnvironmentVariables": [{"Name": "ECR_REPOSITORY_URI", "Value": "127.0.0.1:5000/hello", "Type": "PLAINTEXT"}]}}
            """);
    assertThat(cb.provision(properties, "Stack-Build")).isEqualTo("hello-build");
    // a redeploy replaces the project instead of failing
    assertThat(cb.provision(properties, "Stack-Build")).isEqualTo("hello-build");
    JsonNode got =
        cb.call("BatchGetProjects", JSON.readTree("{\"names\": [\"hello-build\", \"nope\"]}"));
    JsonNode project = got.path("projects").get(0);
    assertThat(project.path("arn").asText()).isEqualTo(cb.projectArn("hello-build"));
    assertThat(project.path("timeoutInMinutes").asInt()).isEqualTo(20);
    assertThat(
            project.path("environment").path("environmentVariables").get(0).path("value").asText())
        .isEqualTo("127.0.0.1:5000/hello");
    assertThat(got.path("projectsNotFound").get(0).asText()).isEqualTo("nope");
  }

  @Test
  void listProjectsSortsByNameAndRefusesAnUnknownOrder() throws Exception {
    LocalCodeBuild cb = codeBuild();
    for (String name : List.of("zeta-build", "alpha-build")) {
      cb.provision(
          JSON.readTree(
              """
              {"Name": "%s", "Source": {"Type": "NO_SOURCE", "BuildSpec": "version: 0.2"},
               "Environment": {"Image": "aws/codebuild/standard:7.0",
                               "ComputeType": "BUILD_GENERAL1_SMALL"}}
              """
                  .formatted(name)),
          "Stack-" + name);
    }
    assertThat(cb.call("ListProjects", JSON.readTree("{}")).path("projects"))
        .extracting(JsonNode::asText)
        .containsExactly("alpha-build", "zeta-build");
    assertThat(
            cb.call("ListProjects", JSON.readTree("{\"sortOrder\": \"DESCENDING\"}"))
                .path("projects"))
        .extracting(JsonNode::asText)
        .containsExactly("zeta-build", "alpha-build");
    assertThat(cb.call("ListBuilds", JSON.readTree("{}")).path("ids")).isEmpty();
    assertThatThrownBy(() -> cb.call("ListBuilds", JSON.readTree("{\"sortOrder\": \"NEWEST\"}")))
        .isInstanceOf(AwsServiceException.class)
        .hasMessageContaining("Value 'NEWEST' at 'sortOrder' failed to satisfy constraint");
  }

  /** A GitHub source that reports build status needs a credential, as on AWS. */
  @Test
  void gitHubSourceReportingStatusWithoutCredentialIsRefusedAsAwsDoes() throws Exception {
    LocalCodeBuild cb = codeBuild();
    String template =
        """
        {"Name": "hello-build",
         "Source": {"Type": "GITHUB", "Location": "https://github.com/acme/hello.git",
                    "ReportBuildStatus": true%s}}
        """;
    assertThatThrownBy(() -> cb.provision(JSON.readTree(template.formatted("")), "Stack-Build"))
        .isInstanceOf(AwsServiceException.class)
        .satisfies(
            e ->
                assertThat(((AwsServiceException) e).awsErrorDetails().errorCode())
                    .isEqualTo("InvalidInputException"))
        .hasMessageContaining(
            "No Access token found, please visit AWS CodeBuild console to connect to GitHub");
    String connection =
        ", \"Auth\": {\"Type\": \"CODECONNECTIONS\", \"Resource\":"
            + " \"arn:aws:codeconnections:us-east-1:000000000000:connection/0a1b2c3d\"}";
    assertThat(cb.provision(JSON.readTree(template.formatted(connection)), "Stack-Build"))
        .isEqualTo("hello-build");
    String publicRead = template.replace("true%s", "false");
    assertThat(cb.provision(JSON.readTree(publicRead), "Stack-Build")).isEqualTo("hello-build");
  }

  @Test
  void startBuildOfUnknownProjectIsResourceNotFound() {
    assertThatThrownBy(
            () -> codeBuild().call("StartBuild", JSON.readTree("{\"projectName\": \"ghost\"}")))
        .isInstanceOf(AwsServiceException.class)
        .satisfies(
            e ->
                assertThat(((AwsServiceException) e).awsErrorDetails().errorCode())
                    .isEqualTo("ResourceNotFoundException"))
        .hasMessageContaining("project/ghost");
  }

  @Test
  void secretVariablesAreRefusedWithTheVariableName() {
    assertThatThrownBy(
            () ->
                codeBuild()
                    .call(
                        "CreateProject",
                        JSON.readTree(
                            """
                            {"name": "p", "environment": {"environmentVariables": [
                              {"name": "TOKEN", "value": "arn:x", "type": "SECRETS_MANAGER"}]}}
                            """)))
        .hasMessageContaining("TOKEN")
        .hasMessageContaining("PLAINTEXT");
  }

  @Test
  void writesDockerAndAwsShims() throws Exception {
    codeBuild();
    assertThat(Files.readString(state.resolve("codebuild/bin/docker"))).contains("exec podman");
    assertThat(Files.isExecutable(state.resolve("codebuild/bin/aws"))).isTrue();
  }
}
