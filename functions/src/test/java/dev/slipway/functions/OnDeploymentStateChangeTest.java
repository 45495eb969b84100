package dev.slipway.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.pipeline.model.DeploymentResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.DeploymentRolloutState;

class OnDeploymentStateChangeTest {
  private final DeployWorld world = new DeployWorld();
  private DeploymentResult started;

  @BeforeEach
  void startStagingDeployment() {
    var payload = Steps.payload(Steps.state(), "taskToken", Steps.TOKEN, "environment", "staging");
    started = Steps.as(Steps.invoke(world.deployService(), payload), DeploymentResult.class);
  }

  private static ObjectNode event(String eventName, String deploymentId, String reason) {
    ObjectNode event =
        (ObjectNode) Steps.json(Fixtures.event("ecs-deployment-state-change-completed.json"));
    ObjectNode detail = (ObjectNode) event.get("detail");
    detail.put("eventName", eventName);
    detail.put("eventType", eventName.endsWith("FAILED") ? "ERROR" : "INFO");
    detail.put("deploymentId", deploymentId);
    detail.put("reason", reason);
    return event;
  }

  @Test
  void completedEventOfThisDeploymentResumesWithTheResult() {
    var outcome =
        Steps.invoke(
            world.onDeploymentStateChange(),
            event("SERVICE_DEPLOYMENT_COMPLETED", started.deploymentId(), "completed."));

    assertThat(outcome.path("resumed").asBoolean()).isTrue();
    assertThat(world.sfn.sent)
        .singleElement()
        .satisfies(
            sent -> {
              assertThat(sent.token()).isEqualTo(Steps.TOKEN);
              assertThat(sent.success()).isTrue();
              var result = Steps.as(Steps.json(sent.output()), DeploymentResult.class);
              assertThat(result.taskDefinitionArn()).isEqualTo(started.taskDefinitionArn());
              assertThat(result.finishedAt()).isEqualTo(DeployWorld.NOW);
            });
    assertThat(world.locks()).doesNotContainKey("callback#" + started.deploymentId());
  }

  @Test
  void failedEventFailsTheStateWithTheReason() {
    String reason = "ECS deployment circuit breaker: tasks failed to start.";
    Steps.invoke(
        world.onDeploymentStateChange(),
        event("SERVICE_DEPLOYMENT_FAILED", started.deploymentId(), reason));

    assertThat(world.sfn.sent)
        .singleElement()
        .satisfies(
            sent -> {
              assertThat(sent.success()).isFalse();
              assertThat(sent.error()).isEqualTo("Slipway.DeploymentFailed");
              assertThat(sent.cause())
                  .contains(reason)
                  .contains("hello-staging-blue")
                  .contains(started.deploymentId());
            });
  }

  @Test
  void failureCauseSaysWhyTheDeploymentsTasksStopped() {
    for (int i = 0; i < 3; i++) {
      world.ecs.stopped(started.deploymentId(), "Task failed health checks", null);
    }
    world.ecs.stopped(started.deploymentId(), "Essential container in task exited", 1);
    world.ecs.stopped("ecs-svc/another", "Scaling activity initiated by (deployment x)", 0);

    Steps.invoke(
        world.onDeploymentStateChange(),
        event(
            "SERVICE_DEPLOYMENT_FAILED",
            started.deploymentId(),
            "ECS deployment circuit breaker: rolling back."));

    assertThat(world.sfn.sent.getFirst().cause())
        .contains(
            "stopped tasks: Task failed health checks (3x); Essential container in task"
                + " exited, app exited with 1 (1x)")
        .doesNotContain("Scaling activity");
  }

  @Test
  void completionOfAnotherDeploymentIsNotThisOnesSuccess() {
    // What a circuit-breaker rollback looks like: the service is steady again, on another
    // deployment.
    var outcome =
        Steps.invoke(
            world.onDeploymentStateChange(),
            event("SERVICE_DEPLOYMENT_COMPLETED", "ecs-svc/1", "completed."));

    assertThat(outcome.path("resumed").asBoolean()).isFalse();
    assertThat(world.sfn.sent).isEmpty();
  }

  @Test
  void inProgressEventsDoNothing() {
    Steps.invoke(
        world.onDeploymentStateChange(),
        event("SERVICE_DEPLOYMENT_IN_PROGRESS", started.deploymentId(), "started"));

    assertThat(world.sfn.sent).isEmpty();
  }

  @Test
  void redeliveredEventResumesOnce() {
    var event = event("SERVICE_DEPLOYMENT_COMPLETED", started.deploymentId(), "completed.");
    Steps.invoke(world.onDeploymentStateChange(), event);
    var second = Steps.invoke(world.onDeploymentStateChange(), event);

    assertThat(second.path("resumed").asBoolean()).isFalse();
    assertThat(world.sfn.sent).hasSize(1);
  }

  @Test
  void tokenThatAlreadyTimedOutIsNotAnError() {
    world.sfn.closedTokens.add(Steps.TOKEN);

    var outcome =
        Steps.invoke(
            world.onDeploymentStateChange(),
            event("SERVICE_DEPLOYMENT_COMPLETED", started.deploymentId(), "completed."));

    assertThat(outcome.path("deploymentId").asText()).isEqualTo(started.deploymentId());
    assertThat(world.sfn.sent).isEmpty();
  }

  @Test
  void statusCheckReturnsTheCompletedDeployment() {
    world.ecs.finish("hello-staging-blue", DeploymentRolloutState.COMPLETED, null);

    var result =
        Steps.as(
            Steps.invoke(
                world.onDeploymentStateChange(),
                Steps.payload(Steps.state(), "check", "status", "environment", "staging")),
            DeploymentResult.class);

    assertThat(result.deploymentId()).isEqualTo(started.deploymentId());
    assertThat(result.finishedAt()).isEqualTo(DeployWorld.NOW);
  }

  @Test
  void statusCheckOfAStuckDeploymentThrows() {
    assertThatThrownBy(
            () ->
                Steps.invoke(
                    world.onDeploymentStateChange(),
                    Steps.payload(Steps.state(), "check", "status", "environment", "staging")))
        .isInstanceOf(StepFailedException.class)
        .hasMessageContaining("still IN_PROGRESS");
  }
}
