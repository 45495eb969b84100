package dev.slipway.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * One nested class per construct, all asserting on the one synthesized stack of the example config
 * (canary strategy, staging + production).
 */
class ConstructTemplateTest {
  private static Template template() {
    return SynthesizedStack.get().template;
  }

  @Nested
  class DeploymentStoreTemplate {
    @Test
    void hasHistoryLocksAndDeliveriesTablesWithTtlWhereItemsExpire() {
      template().resourceCountIs("AWS::DynamoDB::Table", 3);
      template()
          .hasResourceProperties(
              "AWS::DynamoDB::Table",
              Map.of(
                  "KeySchema",
                  List.of(
                      Map.of("AttributeName", "pk", "KeyType", "HASH"),
                      Map.of("AttributeName", "sk", "KeyType", "RANGE")),
                  "BillingMode",
                  "PAY_PER_REQUEST",
                  "PointInTimeRecoverySpecification",
                  Map.of("PointInTimeRecoveryEnabled", true)));
      var withTtl =
          TemplateAssertions.properties(template(), "AWS::DynamoDB::Table").values().stream()
              .filter(p -> p.containsKey("TimeToLiveSpecification"))
              .toList();
      assertThat(withTtl).hasSize(2);
      assertThat(withTtl)
          .allSatisfy(
              p -> {
                assertThat(p.get("TimeToLiveSpecification"))
                    .isEqualTo(Map.of("AttributeName", "expiresAt", "Enabled", true));
                assertThat(p.get("KeySchema"))
                    .isEqualTo(List.of(Map.of("AttributeName", "id", "KeyType", "HASH")));
              });
    }

    @Test
    void keepsTheDeploymentHistoryWhenTheStackIsDeleted() {
      template()
          .hasResource(
              "AWS::DynamoDB::Table",
              Map.of(
                  "DeletionPolicy",
                  "Retain",
                  "Properties",
                  Match.objectLike(
                      Map.of(
                          "KeySchema",
                          Match.arrayWith(
                              List.of(Map.of("AttributeName", "sk", "KeyType", "RANGE")))))));
    }
  }

  @Nested
  class ImageRepositoryTemplate {
    @Test
    void tagsAreImmutableScannedOnPushAndOldImagesExpire() {
      template()
          .hasResourceProperties(
              "AWS::ECR::Repository",
              Map.of(
                  "RepositoryName",
                  "slipway/hello",
                  "ImageTagMutability",
                  "IMMUTABLE",
                  "ImageScanningConfiguration",
                  Map.of("ScanOnPush", true),
                  "LifecyclePolicy",
                  Map.of(
                      "LifecyclePolicyText",
                      Match.stringLikeRegexp(
                          ".*\"countNumber\":" + ImageRepository.IMAGES_KEPT + ".*"))));
    }
  }

  @Nested
  class BuildProjectTemplate {
    @Test
    void buildsTheGitHubRepositoryPrivilegedWithItsOwnBuildspec() {
      template()
          .hasResourceProperties(
              "AWS::CodeBuild::Project",
              Map.of(
                  "Source",
                  Match.objectEquals(
                      Map.of(
                          "Type", "GITHUB",
                          "Location", "https://github.com/slipway-dev/hello-service.git",
                          "ReportBuildStatus", false)),
                  "Environment",
                  Match.objectLike(
                      Map.of(
                          "PrivilegedMode",
                          true,
                          "EnvironmentVariables",
                          List.of(
                              Map.of(
                                  "Name",
                                  "GIT_SHA",
                                  "Type",
                                  "PLAINTEXT",
                                  "Value",
                                  "set-by-StartBuild"),
                              Match.objectLike(Map.of("Name", "IMAGE_URI")),
                              Match.objectLike(Map.of("Name", "ECR_REPOSITORY_URI")))))));
    }
  }

  @Nested
  class ServiceEnvironmentTemplate {
    @Test
    void eachEnvironmentHasTwoFargateServicesStartingEmptyWithTheCircuitBreaker() {
      template().resourceCountIs("AWS::ECS::Cluster", 2);
      template().resourceCountIs("AWS::ECS::Service", 4);
      for (String name :
          List.of("staging-blue", "staging-green", "production-blue", "production-green")) {
        template()
            .hasResourceProperties(
                "AWS::ECS::Service",
                Map.of(
                    "ServiceName",
                    "slipway-hello-" + name,
                    "LaunchType",
                    "FARGATE",
                    "DesiredCount",
                    0,
                    "DeploymentConfiguration",
                    Match.objectLike(
                        Map.of(
                            "DeploymentCircuitBreaker",
                            Map.of("Enable", true, "Rollback", true)))));
      }
    }

    @Test
    void productionListenerForwardsThroughOneWeightedRuleAndTheTestListenerToGreen() {
      template().resourceCountIs("AWS::ElasticLoadBalancingV2::TargetGroup", 4);
      template()
          .hasResourceProperties(
              "AWS::ElasticLoadBalancingV2::TargetGroup",
              Map.of("TargetType", "ip", "HealthCheckPath", "/ready", "Port", 8080));
      template()
          .hasResourceProperties(
              "AWS::ElasticLoadBalancingV2::ListenerRule",
              Map.of(
                  "Conditions",
                  List.of(
                      Map.of(
                          "Field",
                          "path-pattern",
                          "PathPatternConfig",
                          Map.of("Values", List.of("/*")))),
                  "Actions",
                  List.of(
                      Match.objectLike(
                          Map.of(
                              "Type",
                              "forward",
                              "ForwardConfig",
                              Map.of(
                                  "TargetGroups",
                                  List.of(
                                      Map.of("TargetGroupArn", Match.anyValue(), "Weight", 100),
                                      Map.of(
                                          "TargetGroupArn", Match.anyValue(), "Weight", 0))))))));
      template()
          .hasResourceProperties(
              "AWS::ElasticLoadBalancingV2::Listener",
              Map.of("Port", ServiceEnvironment.TEST_PORT, "Protocol", "HTTP"));
      template()
          .hasResourceProperties(
              "AWS::ElasticLoadBalancingV2::Listener",
              Map.of(
                  "Port",
                  ServiceEnvironment.PRODUCTION_PORT,
                  "DefaultActions",
                  List.of(Match.objectLike(Map.of("Type", "fixed-response")))));
    }

    @Test
    void tasksAcceptConnectionsOnlyFromTheLoadBalancer() {
      template()
          .hasResourceProperties(
              "AWS::EC2::SecurityGroupIngress",
              Map.of(
                  "FromPort", 8080,
                  "ToPort", 8080,
                  "SourceSecurityGroupId",
                      Match.objectLike(Map.of("Fn::GetAtt", Match.anyValue()))));
    }
  }

  @Nested
  class WebhookIngressTemplate {
    @Test
    void receiveWebhookHasAPublicFunctionUrlAndAGeneratedSecret() {
      String receiver =
          TemplateAssertions.logicalId(
              template(), "AWS::Lambda::Function", "HandlersReceiveWebhookFunction");
      // SnapStart restores published versions: the URL is the live alias's, on a version
      template()
          .hasResourceProperties(
              "AWS::Lambda::Function",
              Map.of(
                  "Handler",
                  Handler.RECEIVE_WEBHOOK.handlerString(),
                  "SnapStart",
                  Map.of("ApplyOn", "PublishedVersions")));
      String version = TemplateAssertions.logicalId(template(), "AWS::Lambda::Version", "");
      template()
          .hasResourceProperties(
              "AWS::Lambda::Version", Map.of("FunctionName", Map.of("Ref", receiver)));
      template()
          .hasResourceProperties(
              "AWS::Lambda::Alias",
              Map.of(
                  "Name",
                  HandlerFunction.LIVE,
                  "FunctionName",
                  Map.of("Ref", receiver),
                  "FunctionVersion",
                  Map.of("Fn::GetAtt", List.of(version, "Version"))));
      template()
          .hasResourceProperties(
              "AWS::Lambda::Url",
              Map.of(
                  "AuthType",
                  "NONE",
                  "TargetFunctionArn",
                  Map.of("Fn::GetAtt", List.of(receiver, "Arn")),
                  "Qualifier",
                  HandlerFunction.LIVE));
      // no other handler has SnapStart (their callers invoke $LATEST)
      template().resourceCountIs("AWS::Lambda::Version", 1);
      template()
          .hasResourceProperties(
              "AWS::SecretsManager::Secret",
              Map.of(
                  "Name",
                  Match.absent(),
                  "GenerateSecretString",
                  Match.objectLike(Map.of("PasswordLength", 40))));
      template().hasOutput("WebhookUrl", Match.anyValue());
      template()
          .hasOutput(
              "BuildProjectName",
              Map.of("Value", Match.objectLike(Map.of("Ref", Match.anyValue()))));
      template()
          .hasOutput(
              "WebhookSecretArn",
              Map.of("Value", Match.objectLike(Map.of("Ref", Match.anyValue()))));
    }
  }

  @Nested
  class EventRoutingTemplate {
    @Test
    void pushesToTheBranchAndManualRollbacksStartThePipeline() {
      String pipeline =
          TemplateAssertions.logicalId(template(), "AWS::StepFunctions::StateMachine", "Pipeline");
      template()
          .hasResourceProperties(
              "AWS::Events::Rule",
              Map.of(
                  "EventBusName",
                  Match.anyValue(),
                  "EventPattern",
                  Map.of(
                      "source", List.of("slipway.github"),
                      "detail-type", List.of("push"),
                      "detail", Map.of("service", List.of("hello"), "branch", List.of("main"))),
                  "Targets",
                  List.of(Match.objectLike(Map.of("Arn", Map.of("Ref", pipeline))))));
      template()
          .hasResourceProperties(
              "AWS::Events::Rule",
              Map.of(
                  "EventPattern",
                  Map.of(
                      "source", List.of("slipway.manual"),
                      "detail-type", List.of("rollback"),
                      "detail", Map.of("service", List.of("hello"))),
                  "Targets",
                  List.of(Match.objectLike(Map.of("Arn", Map.of("Ref", pipeline))))));
    }

    @Test
    void codeBuildAndEcsEventsOfThisServiceGoToTheirHandlers() {
      String onBuild =
          TemplateAssertions.logicalId(
              template(), "AWS::Lambda::Function", "HandlersOnBuildStateChangeFunction");
      String onDeployment =
          TemplateAssertions.logicalId(
              template(), "AWS::Lambda::Function", "HandlersOnDeploymentStateChangeFunction");
      template()
          .hasResourceProperties(
              "AWS::Events::Rule",
              Map.of(
                  "EventPattern",
                  Map.of(
                      "source", List.of("aws.codebuild"),
                      "detail-type",
                          List.of("CodeBuild Build State Change", "CodeBuild Build Phase Change"),
                      "detail", Map.of("project-name", List.of(Match.anyValue()))),
                  "Targets",
                  List.of(
                      Match.objectLike(
                          Map.of("Arn", Map.of("Fn::GetAtt", List.of(onBuild, "Arn")))))));
      template()
          .hasResourceProperties(
              "AWS::Events::Rule",
              Map.of(
                  "EventPattern",
                  Map.of(
                      "source", List.of("aws.ecs"),
                      "detail-type", List.of("ECS Deployment State Change"),
                      "resources", Match.anyValue()),
                  "Targets",
                  List.of(
                      Match.objectLike(
                          Map.of("Arn", Map.of("Fn::GetAtt", List.of(onDeployment, "Arn")))))));
      var ecsRule =
          TemplateAssertions.properties(template(), "AWS::Events::Rule").values().stream()
              .filter(p -> p.toString().contains("aws.ecs"))
              .findFirst()
              .orElseThrow();
      @SuppressWarnings("unchecked")
      var pattern = (Map<String, Object>) ecsRule.get("EventPattern");
      assertThat((List<?>) pattern.get("resources")).hasSize(4);
    }
  }

  @Nested
  class NotificationsTemplate {
    @Test
    void topicRefusesUnencryptedPublishing() {
      template()
          .hasResourceProperties(
              "AWS::SNS::Topic", Map.of("TopicName", "slipway-hello-notifications"));
      template()
          .hasResourceProperties(
              "AWS::SNS::TopicPolicy",
              Map.of(
                  "PolicyDocument",
                  Map.of(
                      "Statement",
                      Match.arrayWith(
                          List.of(
                              Match.objectLike(
                                  Map.of(
                                      "Effect",
                                      "Deny",
                                      "Condition",
                                      Map.of("Bool", Map.of("aws:SecureTransport", "false")))))),
                      "Version",
                      "2012-10-17")));
    }
  }

  @Nested
  class MonitoringTemplate {
    @Test
    void failedRunRaisesAnAlarmToTheTopicAndADashboardExists() {
      String topic = TemplateAssertions.logicalId(template(), "AWS::SNS::Topic", "Notifications");
      template()
          .hasResourceProperties(
              "AWS::CloudWatch::Alarm",
              Map.of(
                  "MetricName",
                  "ExecutionsFailed",
                  "Namespace",
                  "AWS/States",
                  "Threshold",
                  1,
                  "AlarmActions",
                  List.of(Map.of("Ref", topic))));
      template()
          .hasResourceProperties(
              "AWS::CloudWatch::Dashboard", Map.of("DashboardName", "slipway-hello"));
    }

    /** The topic's policy is enforceSsl's Deny plus this Allow: without it the alarm is lost. */
    @Test
    void failedRunsAlarmMayPublishToTheTopicAndNoOtherAlarm() {
      String topic = TemplateAssertions.logicalId(template(), "AWS::SNS::Topic", "Notifications");
      String alarm =
          TemplateAssertions.logicalId(
              template(), "AWS::CloudWatch::Alarm", "MonitoringFailedRuns");
      template()
          .hasResourceProperties(
              "AWS::SNS::TopicPolicy",
              Map.of(
                  "Topics",
                  List.of(Map.of("Ref", topic)),
                  "PolicyDocument",
                  Match.objectLike(
                      Map.of(
                          "Statement",
                          Match.arrayWith(
                              List.of(
                                  Map.of(
                                      "Sid",
                                      "CloudWatchFailedRunsAlarmPublishes",
                                      "Effect",
                                      "Allow",
                                      "Principal",
                                      Map.of("Service", "cloudwatch.amazonaws.com"),
                                      "Action",
                                      "sns:Publish",
                                      "Resource",
                                      Map.of("Ref", topic),
                                      "Condition",
                                      Map.of(
                                          "ArnEquals",
                                          Map.of(
                                              "aws:SourceArn",
                                              Map.of("Fn::GetAtt", List.of(alarm, "Arn"))),
                                          "StringEquals",
                                          Map.of(
                                              "aws:SourceAccount",
                                              Map.of("Ref", "AWS::AccountId"))))))))));
    }
  }
}
