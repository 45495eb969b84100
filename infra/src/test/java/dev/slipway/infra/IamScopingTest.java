package dev.slipway.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.infra.TemplateAssertions.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/** Least privilege, asserted on the synthesized policies. */
class IamScopingTest {
  /** The only actions allowed on Resource "*": they have no resource-level permissions. */
  private static final Set<String> NO_RESOURCE_LEVEL =
      Set.of(
          "ecs:RegisterTaskDefinition",
          "ecs:DescribeTaskDefinition",
          "ecs:ListTaskDefinitions",
          // scoped by the ecs:cluster condition instead
          "ecs:ListTasks",
          "ecs:TagResource",
          "elasticloadbalancing:DescribeRules",
          "elasticloadbalancing:DescribeListeners",
          "elasticloadbalancing:DescribeTargetGroups",
          "elasticloadbalancing:DescribeTargetHealth",
          "cloudwatch:GetMetricData",
          "ecr:GetAuthorizationToken",
          "xray:PutTraceSegments",
          "xray:PutTelemetryRecords",
          "xray:GetSamplingRules",
          "xray:GetSamplingTargets",
          "logs:CreateLogDelivery",
          "logs:GetLogDelivery",
          "logs:UpdateLogDelivery",
          "logs:DeleteLogDelivery",
          "logs:ListLogDeliveries",
          "logs:PutResourcePolicy",
          "logs:DescribeResourcePolicies",
          "logs:DescribeLogGroups");

  private final Template template = SynthesizedStack.get().template;
  private final List<Statement> statements = TemplateAssertions.statements(template);

  @Test
  void noStatementGrantsAllActionsOfAService() {
    assertThat(statements)
        .allSatisfy(s -> assertThat(s.actions()).noneMatch(a -> a.equals("*") || a.endsWith(":*")));
  }

  @Test
  void resourceStarOnlyForActionsWithoutResourceLevelPermissions() {
    var onStar = new TreeSet<String>();
    statements.stream()
        .filter(s -> s.resources().contains("*"))
        .forEach(s -> onStar.addAll(s.actions()));
    assertThat(onStar).isNotEmpty();
    assertThat(NO_RESOURCE_LEVEL).containsAll(onStar);
  }

  @Test
  void tableAccessIsScopedToTheTables() {
    var dynamo =
        statements.stream()
            .filter(s -> s.actions().stream().anyMatch(a -> a.startsWith("dynamodb:")))
            .toList();
    assertThat(dynamo).isNotEmpty();
    assertThat(dynamo)
        .allSatisfy(
            s ->
                assertThat(s.resources())
                    .allSatisfy(
                        r -> assertThat(r.toString()).contains("DeploymentStore").contains("Arn")));
  }

  @Test
  void taskTokenCallbacksAreScopedToThePipeline() {
    var callbacks =
        statements.stream()
            .filter(s -> s.actions().stream().anyMatch(a -> a.startsWith("states:SendTask")))
            .toList();
    assertThat(callbacks).hasSizeGreaterThanOrEqualTo(5);
    assertThat(callbacks)
        .allSatisfy(
            s ->
                assertThat(s.resources().toString())
                    .contains(":stateMachine:slipway-hello-pipeline"));
  }

  @Test
  void passRoleOnlyToEcsTasksOfThisService() {
    var passRole = statements.stream().filter(s -> s.actions().contains("iam:PassRole")).toList();
    assertThat(passRole).hasSize(2); // DeployService and Rollback
    assertThat(passRole)
        .allSatisfy(
            s -> {
              assertThat(s.condition())
                  .isEqualTo(
                      Map.of(
                          "StringEquals",
                          Map.of("iam:PassedToService", "ecs-tasks.amazonaws.com")));
              assertThat(s.resources()).hasSize(4).noneMatch(r -> r.equals("*"));
            });
  }

  @Test
  void stateMachineInvokesExactlyThePipelineStepFunctions() {
    var invoke =
        statements.stream()
            .filter(
                s ->
                    s.actions().contains("lambda:InvokeFunction")
                        && s.policy().startsWith("Pipeline"))
            .toList();
    assertThat(invoke).hasSize(1);
    assertThat(invoke.getFirst().resources()).hasSize(Handler.values().length - 2);
    assertThat(invoke.getFirst().resources().toString())
        .doesNotContain("ReceiveWebhook")
        .doesNotContain("Approve")
        .contains("HandlersPrepareFunction");
  }

  @Test
  void smokeTestMayOnlyWriteItsLogsReadACancelRequestAndTheTestListenerSecret() {
    assertThat(actionsOf("HandlersSmokeTest"))
        .containsExactlyInAnyOrder(
            "logs:CreateLogStream",
            "logs:PutLogEvents",
            "dynamodb:GetItem",
            "secretsmanager:GetSecretValue");
  }

  @Test
  void webhookReceiverReadsItsSecretWritesDeliveriesAndPutsEventsOnly() {
    assertThat(actionsOf("HandlersReceiveWebhook"))
        .containsExactlyInAnyOrder(
            "logs:CreateLogStream",
            "logs:PutLogEvents",
            "secretsmanager:GetSecretValue",
            "dynamodb:PutItem",
            "dynamodb:GetItem",
            "dynamodb:DeleteItem",
            "events:PutEvents");
  }

  @Test
  void canaryAnalysisReadsMetricsAndItsOwnServicesOnly() {
    assertThat(actionsOf("HandlersAnalyzeCanary"))
        .containsExactlyInAnyOrder(
            "logs:CreateLogStream",
            "logs:PutLogEvents",
            "cloudwatch:GetMetricData",
            "ecs:DescribeTaskDefinition",
            "ecs:DescribeServices",
            "ecs:ListServiceDeployments",
            "ecs:DescribeServiceDeployments",
            "dynamodb:GetItem");
  }

  private Set<String> actionsOf(String policyPrefix) {
    var actions = new TreeSet<String>();
    statements.stream()
        .filter(s -> s.policy().startsWith(policyPrefix))
        .forEach(s -> actions.addAll(s.actions()));
    assertThat(actions).as(policyPrefix).isNotEmpty();
    return actions;
  }
}
