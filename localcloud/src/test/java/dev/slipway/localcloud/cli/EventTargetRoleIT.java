package dev.slipway.localcloud.cli;

import static dev.slipway.localcloud.server.LocalEndpoint.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.localcloud.deploy.Assets;
import dev.slipway.localcloud.deploy.CloudAssembly;
import dev.slipway.localcloud.protocol.Json;
import dev.slipway.localcloud.server.LocalAws;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * A rule target is called with its role, as EventBridge calls it: the state machine its policy
 * allows starting is started; the one it does not is never started, the event is not retried (AWS
 * retries no permission failure) and the denial is logged with AWS's message. PutEvents itself
 * succeeds either way, as on AWS. In audit mode both are started and the would-be denial is logged.
 */
class EventTargetRoleIT {
  static final String STARTED = LocalAws.arn("states", "stateMachine:started");
  static final String REFUSED = LocalAws.arn("states", "stateMachine:refused");

  static final String TEMPLATE =
      """
      {"Resources": {
        "Bus": {"Type": "AWS::Events::EventBus", "Properties": {"Name": "slipway"}},
        "Started": {"Type": "AWS::StepFunctions::StateMachine", "Properties": {
          "StateMachineName": "started", "RoleArn": {"Fn::GetAtt": ["MachineRole", "Arn"]},
          "DefinitionString": "{\\"StartAt\\": \\"Done\\", \\"States\\": {\\"Done\\": {\\"Type\\": \\"Succeed\\"}}}"}},
        "Refused": {"Type": "AWS::StepFunctions::StateMachine", "Properties": {
          "StateMachineName": "refused", "RoleArn": {"Fn::GetAtt": ["MachineRole", "Arn"]},
          "DefinitionString": "{\\"StartAt\\": \\"Done\\", \\"States\\": {\\"Done\\": {\\"Type\\": \\"Succeed\\"}}}"}},
        "MachineRole": {"Type": "AWS::IAM::Role", "Properties": {"RoleName": "machine-role",
          "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": {"Service": "states.amazonaws.com"}, "Action": "sts:AssumeRole"}]}}},
        "EventsRole": {"Type": "AWS::IAM::Role", "Properties": {"RoleName": "events-role",
          "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": {"Service": "events.amazonaws.com"}, "Action": "sts:AssumeRole"}]}}},
        "EventsPolicy": {"Type": "AWS::IAM::Policy", "Properties": {"PolicyName": "events",
          "Roles": [{"Ref": "EventsRole"}],
          "PolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Action": "states:StartExecution", "Resource": {"Ref": "Started"}}]}}},
        "Rule": {"Type": "AWS::Events::Rule", "DependsOn": ["EventsPolicy"], "Properties": {
          "EventBusName": {"Ref": "Bus"}, "EventPattern": {"source": ["slipway.github"]},
          "Targets": [
            {"Id": "started", "Arn": {"Ref": "Started"}, "RoleArn": {"Fn::GetAtt": ["EventsRole", "Arn"]}},
            {"Id": "refused", "Arn": {"Ref": "Refused"}, "RoleArn": {"Fn::GetAtt": ["EventsRole", "Arn"]}}]}}}}
      """;

  @TempDir Path state;

  @AfterEach
  void clearMode() {
    System.clearProperty("slipway.iam");
  }

  record Delivered(int started, int refused, List<JsonNode> denials) {}

  Delivered push() throws Exception {
    Path root = Path.of(System.getProperty("slipway.root"));
    try (LocalCloud cloud = LocalCloud.start(state, 0, root, false, l -> {})) {
      cloud.deploy(
          new CloudAssembly.Stack("Targets", Json.MAPPER.readTree(TEMPLATE), Assets.none()),
          l -> {});
      try (EventBridgeClient events =
              client(EventBridgeClient.builder(), cloud.server().endpoint());
          SfnClient sfn = client(SfnClient.builder(), cloud.server().endpoint())) {
        putPushEvent(events);
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    cloud.events().pendingDeliveries() == 0
                        && !sfn.listExecutions(r -> r.stateMachineArn(STARTED))
                            .executions()
                            .isEmpty());
        return new Delivered(
            sfn.listExecutions(r -> r.stateMachineArn(STARTED)).executions().size(),
            sfn.listExecutions(r -> r.stateMachineArn(REFUSED)).executions().size(),
            DenialLog.read(state));
      }
    }
  }

  /** Puts a push event on the slipway bus; PutEvents succeeds whatever its targets will do. */
  static void putPushEvent(EventBridgeClient events) {
    var put =
        events.putEvents(
            r ->
                r.entries(
                    PutEventsRequestEntry.builder()
                        .eventBusName("slipway")
                        .source("slipway.github")
                        .detailType("push")
                        .detail("{\"service\":\"hello\"}")
                        .build()));
    assertThat(put.failedEntryCount()).isZero();
  }

  @Test
  void targetOutsideTheRolesPolicyIsNotStartedNorRetried() throws Exception {
    Delivered d = push();
    assertThat(d.started()).isEqualTo(1);
    assertThat(d.refused()).as("executions of the state machine the role may not start").isZero();
    assertThat(d.denials()).hasSize(1);
    JsonNode denial = d.denials().getFirst();
    assertThat(denial.path("mode").asText()).isEqualTo("enforce");
    assertThat(denial.path("action").asText()).isEqualTo("states:StartExecution");
    assertThat(denial.path("resource").asText()).isEqualTo(REFUSED);
    assertThat(denial.path("policies").toString()).contains("EventsPolicy");
    assertThat(denial.path("message").asText())
        .matches(
            "User: arn:aws:sts::000000000000:assumed-role/events-role/[A-Za-z]{32} is not"
                + " authorized to perform: states:StartExecution on resource: "
                + REFUSED
                + " because no identity-based policy allows the states:StartExecution action");
  }

  @Test
  void auditModeStartsBothAndLogsTheWouldBeDenial() throws Exception {
    System.setProperty("slipway.iam", "audit");
    Delivered d = push();
    assertThat(d.started()).isEqualTo(1);
    assertThat(d.refused()).isEqualTo(1);
    assertThat(d.denials())
        .extracting(x -> x.path("mode").asText() + " " + x.path("resource").asText())
        .containsExactly("audit " + REFUSED);
  }
}
