package dev.slipway.localcloud.cloudformation;

import static dev.slipway.localcloud.server.LocalEndpoint.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.slipway.localcloud.containers.CommandResult;
import dev.slipway.localcloud.deploy.Assets;
import dev.slipway.localcloud.deploy.CloudAssembly;
import dev.slipway.localcloud.deploy.ResourceProvisioner.Provisioned;
import dev.slipway.localcloud.deploy.TemplateDeployer;
import dev.slipway.localcloud.protocol.Json;
import dev.slipway.localcloud.protocol.ServiceDescriptor;
import dev.slipway.localcloud.server.AwsCli;
import dev.slipway.localcloud.server.LocalCloudServer;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;

/**
 * The stacks local mode deployed, read back as from an account: the README's {@code
 * describe-stacks} query for an output through every installed AWS CLI (query protocol), the
 * resources with their physical ids and the error for an unknown stack through the Java SDK.
 */
class CloudFormationReadIT {
  static LocalCloudServer server;
  static LocalCloudFormation stacks;

  @BeforeAll
  static void deploy() throws Exception {
    server = LocalCloudServer.start(0);
    stacks = new LocalCloudFormation(Clock.systemUTC());
    server.register(ServiceDescriptor.cloudFormation(stacks));
    TemplateDeployer deployer = new TemplateDeployer();
    deployer.register(
        "AWS::SNS::Topic",
        r ->
            new Provisioned(
                "arn:aws:sns:us-east-1:000000000000:" + r.text("TopicName", "t"), Map.of()));
    CloudAssembly.Stack stack =
        new CloudAssembly.Stack(
            "Slipway-hello",
            Json.MAPPER.readTree(
                """
                {"Description": "Slipway pipeline for hello",
                 "Resources": {"Topic": {"Type": "AWS::SNS::Topic",
                                         "Properties": {"TopicName": "slipway-hello-notifications"}}},
                 "Outputs": {"NotificationTopicArn": {"Description": "where notices go",
                                                      "Value": {"Ref": "Topic"}}}}
                """),
            Assets.none());
    stacks.deployed(stack, deployer.deploy(stack, line -> {}));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void theReadmesOutputQueryAnswersWithEveryInstalledCli() {
    List<AwsCli> clis = AwsCli.installed();
    assumeFalse(clis.isEmpty(), "skipped: aws CLI not installed");
    for (AwsCli aws : clis) {
      CommandResult r =
          aws.run(
              server.endpoint(),
              AwsCli.ADMIN,
              "cloudformation",
              "describe-stacks",
              "--stack-name",
              "Slipway-hello",
              "--query",
              "Stacks[0].Outputs[?OutputKey=='NotificationTopicArn'].OutputValue",
              "--output",
              "text");
      assertThat(r.succeeded()).as(aws + ": " + r.outputTail()).isTrue();
      assertThat(r.stdout().strip())
          .as(aws.toString())
          .isEqualTo("arn:aws:sns:us-east-1:000000000000:slipway-hello-notifications");

      CommandResult missing =
          aws.run(
              server.endpoint(),
              AwsCli.ADMIN,
              "cloudformation",
              "describe-stacks",
              "--stack-name",
              "Slipway-nope");
      assertThat(missing.succeeded()).isFalse();
      assertThat(missing.outputTail())
          .as(aws.toString())
          .contains("ValidationError")
          .contains("Stack with id Slipway-nope does not exist");
    }
  }

  @Test
  void resourcesStatusAndTemplateReadBackThroughTheSdk() throws Exception {
    try (CloudFormationClient cfn = client(CloudFormationClient.builder(), server.endpoint())) {
      var stack = cfn.describeStacks(r -> r.stackName("Slipway-hello")).stacks().getFirst();
      assertThat(stack.stackStatus()).isEqualTo(StackStatus.CREATE_COMPLETE);
      assertThat(stack.stackId())
          .startsWith("arn:aws:cloudformation:us-east-1:000000000000:stack/Slipway-hello/");
      assertThat(stack.outputs().getFirst().description()).isEqualTo("where notices go");
      assertThat(cfn.listStackResources(r -> r.stackName("Slipway-hello")).stackResourceSummaries())
          .singleElement()
          .satisfies(
              s -> {
                assertThat(s.logicalResourceId()).isEqualTo("Topic");
                assertThat(s.resourceType()).isEqualTo("AWS::SNS::Topic");
                assertThat(s.physicalResourceId())
                    .isEqualTo("arn:aws:sns:us-east-1:000000000000:slipway-hello-notifications");
              });
      assertThat(
              Json.MAPPER
                  .readTree(cfn.getTemplate(r -> r.stackName(stack.stackId())).templateBody())
                  .path("Outputs")
                  .has("NotificationTopicArn"))
          .isTrue();
      assertThatThrownBy(() -> cfn.describeStacks(r -> r.stackName("Slipway-nope")))
          .isInstanceOfSatisfying(
              CloudFormationException.class,
              e -> {
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
                assertThat(e.statusCode()).isEqualTo(400);
              });
    }
  }
}
