package dev.slipway.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.pipeline.model.DeploymentResult;
import dev.slipway.pipeline.model.PipelineJson;
import dev.slipway.pipeline.model.RollbackResult;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.DeploymentRolloutState;

/** ShiftTraffic and Rollback against a production canary deployed beside the old version. */
class TrafficAndRollbackTest {
  private final DeployWorld world = new DeployWorld().withProductionServing();

  /** Deploys the new commit to production's idle (green) service and puts it in the state. */
  private ObjectNode deployedState() {
    var payload =
        Steps.payload(Steps.state(), "taskToken", "deploy-token", "environment", "production");
    var result = Steps.invoke(world.deployService(), payload);
    world.ecs.finish("hello-production-green", DeploymentRolloutState.COMPLETED, null);
    ObjectNode state = Steps.state();
    state.set("production", result);
    return state;
  }

  @Test
  void shiftSendsTheStepsShareToTheNewService() {
    ObjectNode state = deployedState();

    var result =
        Steps.invoke(
            world.shiftTraffic(),
            Steps.payload(state, "environment", "production", "trafficPercent", 25));

    assertThat(result.path("newService").asText()).isEqualTo("hello-production-green");
    assertThat(world.elb.weight(DeployWorld.PROD_RULE, DeployWorld.PROD_GREEN_TG)).isEqualTo(25);
    assertThat(world.elb.weight(DeployWorld.PROD_RULE, DeployWorld.PROD_BLUE_TG)).isEqualTo(75);
  }

  @Test
  void retireScalesTheOldServiceOnlyOnceItHasNoTraffic() {
    ObjectNode state = deployedState();
    Steps.invoke(
        world.shiftTraffic(),
        Steps.payload(state, "environment", "production", "trafficPercent", 50));

    assertThatThrownBy(
            () ->
                Steps.invoke(
                    world.shiftTraffic(),
                    Steps.payload(state, "environment", "production", "action", "retire")))
        .isInstanceOf(StepFailedException.class)
        .hasMessageContaining("still takes 50 %");

    Steps.invoke(
        world.shiftTraffic(),
        Steps.payload(state, "environment", "production", "trafficPercent", 100));
    var retired =
        Steps.invoke(
            world.shiftTraffic(),
            Steps.payload(state, "environment", "production", "action", "retire"));

    assertThat(retired.path("retiredService").asText()).isEqualTo("hello-production-blue");
    assertThat(world.ecs.services.get("hello-production-blue").desiredCount()).isZero();
  }

  @Test
  void failedCanaryRollsBackByWeightsAndResumesAtOnce() {
    ObjectNode state = deployedState();
    Steps.invoke(
        world.shiftTraffic(),
        Steps.payload(state, "environment", "production", "trafficPercent", 25));
    state
        .putObject("failure")
        .put("Error", "Slipway.CanaryFailed")
        .put("Cause", "5xx rate 4.1 % vs baseline 0.2 %");

    var returned =
        Steps.invoke(
            world.rollback(),
            Steps.payload(
                state,
                "environment",
                "production",
                "taskToken",
                Steps.TOKEN,
                "reason",
                state.get("failure")));

    assertThat(world.elb.weight(DeployWorld.PROD_RULE, DeployWorld.PROD_BLUE_TG)).isEqualTo(100);
    assertThat(world.elb.weight(DeployWorld.PROD_RULE, DeployWorld.PROD_GREEN_TG)).isZero();
    assertThat(world.ecs.services.get("hello-production-green").desiredCount()).isZero();
    var sent = world.sfn.sent.getLast();
    assertThat(sent.token()).isEqualTo(Steps.TOKEN);
    var result = Steps.as(Steps.json(sent.output()), RollbackResult.class);
    assertThat(result.succeeded()).isTrue();
    assertThat(result.restoredSha()).isEqualTo(DeployWorld.OLD_SHA);
    assertThat(result.restoredImage()).isEqualTo(DeployWorld.OLD_IMAGE);
    assertThat(result.reason()).contains("Slipway.CanaryFailed").contains("4.1 %");
    assertThat(Steps.as(returned, RollbackResult.class)).isEqualTo(result);
  }

  @Test
  void rollingRollbackWaitsForTheRestoringDeployment() {
    // Staging deployed in place; its smoke test failed.
    var payload =
        Steps.payload(Steps.state(), "taskToken", "deploy-token", "environment", "staging");
    String good = world.ecs.bootstrap("hello-staging", DeployWorld.OLD_IMAGE, DeployWorld.OLD_SHA);
    world.ecs.service("hello-staging-blue", good, 1);
    var deployed = Steps.as(Steps.invoke(world.deployService(), payload), DeploymentResult.class);
    world.ecs.finish("hello-staging-blue", DeploymentRolloutState.COMPLETED, null);
    ObjectNode state = Steps.state();
    state.set("staging", PipelineJson.mapper().valueToTree(deployed));
    state
        .putObject("failure")
        .put("Error", "States.QueryEvaluationError")
        .put("Cause", "Smoke test failed: /ready HTTP 503");

    rollBackStaging(state);

    assertThat(world.ecs.services.get("hello-staging-blue").taskDefinition()).isEqualTo(good);
    assertThat(world.sfn.sent.stream().filter(s -> s.token().equals(Steps.TOKEN))).isEmpty();

    completeRestoringDeployment("hello-staging-blue");

    var sent = world.sfn.sent.getLast();
    assertThat(sent.token()).isEqualTo(Steps.TOKEN);
    var result = Steps.as(Steps.json(sent.output()), RollbackResult.class);
    assertThat(result.succeeded()).isTrue();
    assertThat(result.restoredSha()).isEqualTo(DeployWorld.OLD_SHA);
    assertThat(result.restoredTaskDefinitionArn()).isEqualTo(good);
  }

  @Test
  void firstDeployWithNothingToRestoreIsStoppedAndResumesSucceeded() {
    ObjectNode state = Steps.state();
    world.ecs.service(
        "hello-staging-blue", world.ecs.services.get("hello-staging-blue").taskDefinition(), 2);
    state
        .putObject("failure")
        .put("Error", "Slipway.DeploymentFailed")
        .put("Cause", "tasks failed to start");

    rollBackStaging(state);

    var result = Steps.as(Steps.json(world.sfn.sent.getLast().output()), RollbackResult.class);
    assertThat(result.succeeded()).as("a clean stop, not a failed rollback").isTrue();
    assertThat(result.restoredSha()).isNull();
    assertThat(result.reason())
        .contains("no earlier version of staging")
        .contains("tasks failed to start");
    assertThat(world.ecs.services.get("hello-staging-blue").desiredCount()).isZero();
    assertThat(world.ecs.services.get("hello-staging-green").desiredCount()).isZero();
  }

  /**
   * Staging's deploy failed before it reported (ECS's circuit breaker tripped and already rolled
   * the service back to the earlier version): the rollback restores what runs now, it does not stop
   * staging.
   */
  @Test
  void deployThatFailedBeforeReportingRestoresTheEarlierVersionStillRunning() {
    String good = world.ecs.bootstrap("hello-staging", DeployWorld.OLD_IMAGE, DeployWorld.OLD_SHA);
    world.ecs.service("hello-staging-blue", good, 2);
    ObjectNode state = Steps.state();
    state
        .putObject("failure")
        .put("Error", "Slipway.DeploymentFailed")
        .put("Cause", "ECS deployment circuit breaker: rolling back");

    rollBackStaging(state);

    assertThat(world.ecs.services.get("hello-staging-blue").taskDefinition()).isEqualTo(good);
    assertThat(world.ecs.services.get("hello-staging-blue").desiredCount()).isEqualTo(2);
    completeRestoringDeployment("hello-staging-blue");
    var result = Steps.as(Steps.json(world.sfn.sent.getLast().output()), RollbackResult.class);
    assertThat(result.succeeded()).isTrue();
    assertThat(result.restoredSha()).isEqualTo(DeployWorld.OLD_SHA);
  }

  /** The environment's configured task count wins over the live count when it restores. */
  @Test
  void restoreRunsTheConfiguredNumberOfTasks() {
    String good =
        world.ecs.bootstrap("hello-production", DeployWorld.OLD_IMAGE, DeployWorld.OLD_SHA);
    world.ecs.service("hello-production-blue", good, 1);
    ObjectNode state = Steps.state();
    state
        .putObject("failure")
        .put("Error", "Slipway.DeploymentFailed")
        .put("Cause", "ECS deployment circuit breaker: rolling back");

    rollBack("production", state);

    assertThat(world.ecs.services.get("hello-production-blue").desiredCount()).isEqualTo(3);
  }

  private void rollBackStaging(ObjectNode state) {
    rollBack("staging", state);
  }

  private void rollBack(String environment, ObjectNode state) {
    Steps.invoke(
        world.rollback(),
        Steps.payload(
            state,
            "environment",
            environment,
            "taskToken",
            Steps.TOKEN,
            "reason",
            state.get("failure")));
  }

  /** ECS's event that the restoring deployment of {@code service} completed. */
  private void completeRestoringDeployment(String service) {
    String restoring = world.ecs.primaryDeployment(service);
    ObjectNode event =
        (ObjectNode) Steps.json(Fixtures.event("ecs-deployment-state-change-completed.json"));
    ((ObjectNode) event.get("detail")).put("deploymentId", restoring);
    Steps.invoke(world.onDeploymentStateChange(), event);
  }
}
