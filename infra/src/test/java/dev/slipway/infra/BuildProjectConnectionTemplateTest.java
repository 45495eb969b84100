package dev.slipway.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.infra.TemplateAssertions.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.logs.RetentionDays;

/**
 * A build project that reads the repository through a CodeConnections connection: the CodeBuild
 * guide ("GitHub App connections") has the project's role call GetConnection and GetConnectionToken
 * on the connection.
 */
class BuildProjectConnectionTemplateTest {

  private static Template synth(String connectionArn) {
    Stack stack = new Stack(new App(), "Build");
    new BuildProject(
        stack,
        "Build",
        new BuildProject.Props(
            "hello",
            "acme/hello",
            connectionArn,
            new Repository(stack, "Images"),
            30,
            RetentionDays.ONE_MONTH));
    return Template.fromStack(stack);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "arn:aws:codeconnections:eu-west-1:123456789012:connection/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d",
        "arn:aws:codestar-connections:eu-west-1:123456789012:connection/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d"
      })
  void roleMayGetAndUseTheConnectionAndNothingElse(String connectionArn) {
    Template template = synth(connectionArn);

    template.hasResourceProperties(
        "AWS::CodeBuild::Project",
        Map.of(
            "Source",
            Match.objectLike(
                Map.of("Auth", Map.of("Type", "CODECONNECTIONS", "Resource", connectionArn)))));
    List<Statement> onConnection =
        TemplateAssertions.statements(template).stream()
            .filter(s -> s.resources().contains(connectionArn))
            .toList();
    assertThat(onConnection).singleElement().satisfies(s -> assertThat(s.resources()).hasSize(1));
    assertThat(onConnection.getFirst().actions())
        .containsExactlyInAnyOrder(
            "codeconnections:GetConnection",
            "codeconnections:GetConnectionToken",
            "codeconnections:UseConnection",
            "codestar-connections:GetConnection",
            "codestar-connections:GetConnectionToken",
            "codestar-connections:UseConnection");
  }

  /**
   * Reporting build status needs a GitHub credential; without a connection the project reads a
   * public repository and reports nothing (CreateProject would fail with "No Access token found").
   */
  @Test
  void withoutAConnectionTheProjectReadsAPublicRepositoryAndReportsNoStatus() {
    Template template = synth(null);
    template.hasResourceProperties(
        "AWS::CodeBuild::Project",
        Map.of("Source", Match.objectLike(Map.of("Type", "GITHUB", "ReportBuildStatus", false))));
    template.hasResourceProperties(
        "AWS::CodeBuild::Project",
        Map.of("Source", Match.objectLike(Map.of("Auth", Match.absent()))));
    synth("arn:aws:codeconnections:eu-west-1:123456789012:connection/0a1b2c3d")
        .hasResourceProperties(
            "AWS::CodeBuild::Project",
            Map.of("Source", Match.objectLike(Map.of("ReportBuildStatus", true))));
  }
}
