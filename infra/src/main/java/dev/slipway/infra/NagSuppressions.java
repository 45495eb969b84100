package dev.slipway.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.util.List;
import software.constructs.IConstruct;

/**
 * The cdk-nag (AWS Solutions) findings Slipway accepts, each with its reason. Suppressions are put
 * on the narrowest construct that has the finding; {@link NagTest} fails on any finding not listed
 * here.
 */
final class NagSuppressions {
  /** APIs without resource-level permissions (see the service authorization reference). */
  private static final String NO_RESOURCE_LEVEL =
      "These API actions do not support resource-level permissions, so IAM requires"
          + " Resource '*': ecs:RegisterTaskDefinition, ecs:DescribeTaskDefinition,"
          + " ecs:ListTaskDefinitions, ecs:TagResource on a new revision,"
          + " elasticloadbalancing:Describe*, cloudwatch:GetMetricData, ecr:GetAuthorizationToken,"
          + " xray:PutTraceSegments/PutTelemetryRecords/GetSampling*, logs:*LogDelivery*.";

  private NagSuppressions() {}

  static void apply(SlipwayStack stack) {
    runtimes(stack);
    wildcards(stack);
    network(stack);
    encryptionAndSecrets(stack);
  }

  private static void runtimes(SlipwayStack stack) {
    var functions = stack.functions();
    for (Handler h : Handler.values()) {
      suppress(
          functions.function(h),
          rule(
              "AwsSolutions-L1",
              "The handler jar is compiled for Java 21 (--release 21), so the functions run on"
                  + " the java21 runtime; moving to a newer runtime is a build change, not a"
                  + " deploy-time setting."));
    }
  }

  private static void wildcards(SlipwayStack stack) {
    var functions = stack.functions();
    for (Handler h :
        List.of(
            Handler.DEPLOY_SERVICE,
            Handler.ROLLBACK,
            Handler.SHIFT_TRAFFIC,
            Handler.ANALYZE_CANARY)) {
      suppress(functions.function(h).getRole(), wildcard(NO_RESOURCE_LEVEL, "Resource::*"));
    }
    suppress(stack.pipeline().stateMachine(), wildcard(NO_RESOURCE_LEVEL, "Resource::*"));
    suppress(stack.build().project(), wildcard(NO_RESOURCE_LEVEL, "Resource::*"));
    suppress(
        stack.build().project(),
        wildcardRegex(
            "CodeBuild's standard grants: the project's own /aws/codebuild/<project> log streams and"
                + " <project>-* report groups.",
            "/^Resource::arn:<AWS::Partition>:(logs|codebuild):.*(log-group:\\/aws\\/codebuild\\/|report-group\\/).*$/"));
    for (Handler h :
        List.of(
            Handler.DEPLOY_SERVICE,
            Handler.ROLLBACK,
            Handler.SHIFT_TRAFFIC,
            Handler.ON_DEPLOYMENT_STATE_CHANGE,
            Handler.ANALYZE_CANARY)) {
      suppress(
          functions.function(h).getRole(),
          wildcardRegex(
              "ECS service deployment ids are created per deployment; the ARN pattern is scoped to"
                  + " this pipeline's own clusters and services.",
              "/^Resource::arn:<AWS::Partition>:ecs:.*:service-deployment\\/.*\\/\\*$/"));
    }
    for (Handler h :
        List.of(Handler.DEPLOY_SERVICE, Handler.ROLLBACK, Handler.ON_DEPLOYMENT_STATE_CHANGE)) {
      suppress(
          functions.function(h).getRole(),
          wildcardRegex(
              "Task ids are created per task; DescribeTasks is scoped to this pipeline's own"
                  + " clusters, to say why a failed deployment's tasks stopped.",
              "/^Resource::arn:<AWS::Partition>:ecs:.*:task\\/.*\\/\\*$/"));
      suppress(
          functions.function(h).getRole(),
          wildcard(
              "ecs:ListTasks has no resource-level permission; the statement is limited to this"
                  + " pipeline's clusters by the ecs:cluster condition.",
              "Resource::*"));
    }
    suppress(
        functions.function(Handler.PREPARE).getRole(),
        wildcardRegex(
            "Execution names are generated per run; the pattern is scoped to this pipeline's"
                + " state machine.",
            "/^Resource::arn:<AWS::Partition>:states:.*:execution:slipway-.*-pipeline:\\*$/"));
  }

  private static void network(SlipwayStack stack) {
    for (ServiceEnvironment env : stack.environments()) {
      // the ECS task execution role pulls from ECR: ecr:GetAuthorizationToken
      suppress(
          env.taskDefinition().obtainExecutionRole(), wildcard(NO_RESOURCE_LEVEL, "Resource::*"));
      suppress(
          env.bootstrapDefinition().obtainExecutionRole(),
          wildcard(NO_RESOURCE_LEVEL, "Resource::*"));
      suppress(
          env.bootstrapDefinition(),
          rule(
              "AwsSolutions-ECS7",
              "Never runs: the services are created on it with 0 tasks, and every deploy"
                  + " registers a revision of the environment's family, which logs to CloudWatch."));
      suppress(
          env.loadBalancer(),
          rule(
              "AwsSolutions-ELB2",
              "Access logs need an S3 bucket and are not used by Slipway: canary analysis reads the"
                  + " target groups' CloudWatch metrics. Enable them per account if an audit"
                  + " requires request logs."));
      suppress(
          env.loadBalancerSecurityGroup(),
          rule(
              "AwsSolutions-EC23",
              "The load balancer serves a public web service: port 80 (and 443 with a"
                  + " certificate) is production traffic and port 8080 the test listener that"
                  + " Slipway's SmokeTest (outside the VPC, no fixed address) calls; it forwards"
                  + " only requests carrying the generated X-Slipway-Test value. The tasks accept"
                  + " connections from the load balancer only."));
    }
  }

  private static void encryptionAndSecrets(SlipwayStack stack) {
    suppress(
        stack.build().project(),
        rule(
            "AwsSolutions-CB4",
            "The project stores no artifacts (the image goes to ECR, encrypted by ECR); build logs"
                + " go to CloudWatch Logs with its default encryption."));
    suppress(
        stack.webhook().secret(),
        rule(
            "AwsSolutions-SMG4",
            "The webhook secret is shared with GitHub, which cannot fetch it: rotating means"
                + " setting the new value in GitHub at the same time, a manual step (README)."));
    suppress(
        stack.approvalSigningKey(),
        rule(
            "AwsSolutions-SMG4",
            "Rotating the approval signing key invalidates pending approval links; rotate it"
                + " between runs (README)."));
    suppress(
        stack.testListenerSecret(),
        rule(
            "AwsSolutions-SMG4",
            "CloudFormation copies the value into the test listeners' rules at deploy time; a"
                + " rotation would not reach them. Rotate it with a new value and cdk deploy"
                + " (README)."));
    if (stack.notifications().slackWebhook() != null) {
      suppress(
          stack.notifications().slackWebhook(),
          rule(
              "AwsSolutions-SMG4",
              "The Slack incoming-webhook URL is issued by Slack; AWS cannot rotate it."));
    }
  }

  private static NagPackSuppression rule(String id, String reason) {
    return NagPackSuppression.builder().id(id).reason(reason).build();
  }

  private static NagPackSuppression wildcard(String reason, String appliesTo) {
    return NagPackSuppression.builder()
        .id("AwsSolutions-IAM5")
        .reason(reason)
        .appliesTo(List.of(appliesTo))
        .build();
  }

  private static NagPackSuppression wildcardRegex(String reason, String regex) {
    return NagPackSuppression.builder()
        .id("AwsSolutions-IAM5")
        .reason(reason)
        .appliesTo(List.of(RegexAppliesTo.builder().regex(regex).build()))
        .build();
  }

  private static void suppress(IConstruct construct, NagPackSuppression suppression) {
    io.github.cdklabs.cdknag.NagSuppressions.addResourceSuppressions(
        construct, List.of(suppression), true);
  }
}
