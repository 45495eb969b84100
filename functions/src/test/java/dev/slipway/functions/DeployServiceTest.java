package dev.slipway.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.pipeline.model.DeploymentResult;
import dev.slipway.pipeline.model.Strategy;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.DeploymentRolloutState;

class DeployServiceTest {
  private final DeployWorld world = new DeployWorld();

  private DeploymentResult deploy(String environment) {
    var payload =
        Steps.payload(Steps.state(), "taskToken", Steps.TOKEN, "environment", environment);
    return Steps.as(Steps.invoke(world.deployService(), payload), DeploymentResult.class);
  }

  @Test
  void stagingRollsOutARevisionPinnedToTheDigest() {
    DeploymentResult result = deploy("staging");

    var revision = world.ecs.byArn.get(result.taskDefinitionArn());
    var app = revision.containerDefinitions().getFirst();
    assertThat(app.image()).isEqualTo(Steps.IMAGE);
    assertThat(app.environment())
        .anySatisfy(
            v -> {
              assertThat(v.name()).isEqualTo("SLIPWAY_VERSION");
              assertThat(v.value()).isEqualTo(Steps.SHA);
            });
    assertThat(result.strategy()).isEqualTo(Strategy.ROLLING);
    assertThat(result.trafficPercent()).isEqualTo(100);
    assertThat(result.deploymentId()).isEqualTo(world.ecs.primaryDeployment("hello-staging-blue"));
    assertThat(world.ecs.services.get("hello-staging-blue").desiredCount()).isEqualTo(1);
    assertThat(world.locks()).containsKey("callback#" + result.deploymentId());
    assertThat(world.sfn.sent).as("waits for the ECS event").isEmpty();
  }

  @Test
  void retriedInvocationRegistersAndDeploysOnce() {
    DeploymentResult first = deploy("staging");
    DeploymentResult second = deploy("staging");

    assertThat(world.ecs.calls.stream().filter(c -> c.startsWith("RegisterTaskDefinition")))
        .hasSize(1);
    assertThat(
            world.ecs.calls.stream().filter(c -> c.startsWith("UpdateService hello-staging-blue")))
        .hasSize(1);
    assertThat(second.deploymentId()).isEqualTo(first.deploymentId());
    assertThat(second.taskDefinitionArn()).isEqualTo(first.taskDefinitionArn());
  }

  @Test
  void retryAfterTheDeploymentCompletedResumesTheStateAtOnce() {
    DeploymentResult first = deploy("staging");
    world.ecs.finish("hello-staging-blue", DeploymentRolloutState.COMPLETED, null);

    deploy("staging");

    assertThat(world.sfn.sent).hasSize(1);
    var sent = world.sfn.sent.getFirst();
    assertThat(sent.success()).isTrue();
    var result = Steps.as(Steps.json(sent.output()), DeploymentResult.class);
    assertThat(result.deploymentId()).isEqualTo(first.deploymentId());
    assertThat(result.finishedAt()).isEqualTo(DeployWorld.NOW);
  }

  /** After a canary promoted green, production's traffic is on green: rolling updates green. */
  @Test
  void rollingDeploysInPlaceOnTheServiceThatHasTheTraffic() {
    world.elb.weights(
        DeployWorld.PROD_RULE, DeployWorld.PROD_BLUE_TG, 0, DeployWorld.PROD_GREEN_TG, 100);
    ObjectNode state = Steps.state();
    ((ObjectNode) state.path("prepare").path("config")).put("strategy", "rolling");

    var result =
        Steps.as(
            Steps.invoke(
                world.deployService(),
                Steps.payload(state, "taskToken", Steps.TOKEN, "environment", "production")),
            DeploymentResult.class);

    assertThat(result.strategy()).isEqualTo(Strategy.ROLLING);
    assertThat(result.trafficPercent()).isEqualTo(100);
    assertThat(world.ecs.services.get("hello-production-green").taskDefinition())
        .isEqualTo(result.taskDefinitionArn());
    assertThat(world.ecs.services.get("hello-production-blue").taskDefinition())
        .isNotEqualTo(result.taskDefinitionArn());
  }

  @Test
  void canaryDeploysTheIdleServiceWithoutProductionTraffic() {
    world.withProductionServing();

    DeploymentResult result = deploy("production");

    assertThat(result.strategy()).isEqualTo(Strategy.CANARY);
    assertThat(result.trafficPercent()).isZero();
    assertThat(result.previousTaskDefinitionArn()).isEqualTo(world.oldProductionRevision);
    assertThat(world.ecs.services.get("hello-production-green").taskDefinition())
        .isEqualTo(result.taskDefinitionArn());
    // the environment asks for 3 tasks; the live blue runs 2
    assertThat(world.ecs.services.get("hello-production-green").desiredCount()).isEqualTo(3);
    assertThat(world.ecs.services.get("hello-production-blue").taskDefinition())
        .isEqualTo(world.oldProductionRevision);
    assertThat(world.elb.weight(DeployWorld.PROD_RULE, DeployWorld.PROD_BLUE_TG)).isEqualTo(100);
    // the version under test is reached through the test listener's header-gated rule; the
    // listener's default action (a 404 for requests without the header) is left alone
    assertThat(world.elb.rules.get(DeployWorld.PROD_TEST_RULE).getFirst().targetGroupArn())
        .isEqualTo(DeployWorld.PROD_GREEN_TG);
    assertThat(world.elb.calls).contains("ModifyRule " + DeployWorld.PROD_TEST_RULE);
    assertThat(world.elb.calls).noneMatch(c -> c.startsWith("ModifyListener"));
    assertThat(world.elb.listeners.get(DeployWorld.PROD_TEST_LISTENER).getFirst().type())
        .isEqualTo(
            software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum
                .FIXED_RESPONSE);
  }

  @Test
  void idleDeployMovesTheTestRuleToTheIdleServiceWhereverTheTrafficIs() {
    world.withProductionServing();
    // green serves production; the idle service is blue, so the test rule must move to blue
    world.elb.weights(
        DeployWorld.PROD_RULE, DeployWorld.PROD_BLUE_TG, 0, DeployWorld.PROD_GREEN_TG, 100);
    world.ecs.service("hello-production-green", world.oldProductionRevision, 2);

    deploy("production");

    assertThat(world.elb.rules.get(DeployWorld.PROD_TEST_RULE).getFirst().targetGroupArn())
        .isEqualTo(DeployWorld.PROD_BLUE_TG);
  }

  @Test
  void aTestListenerWithoutARuleHasItsDefaultActionMoved() {
    // a stack deployed before the header-gated rule existed
    world.elb.listenerRules.clear();
    world.withProductionServing();

    deploy("production");

    assertThat(world.elb.listeners.get(DeployWorld.PROD_TEST_LISTENER).getFirst().targetGroupArn())
        .isEqualTo(DeployWorld.PROD_GREEN_TG);
  }

  @Test
  void firstCanaryDeployHasNoBaselineAndRollsOutInPlace() {
    DeploymentResult result = deploy("production");

    assertThat(result.trafficPercent()).isEqualTo(100);
    assertThat(world.ecs.services.get("hello-production-blue").taskDefinition())
        .isEqualTo(result.taskDefinitionArn());
    assertThat(world.ecs.services.get("hello-production-green").desiredCount()).isZero();
  }

  @Test
  void unknownEnvironmentNamesTheKnownOnes() {
    assertThatThrownBy(() -> deploy("qa"))
        .hasMessageContaining("environment 'qa'")
        .hasMessageContaining("production, staging");
  }

  @Test
  void missingTaskTokenSaysHowToFixTheState() {
    var payload = Steps.payload(Steps.state(), "environment", "staging");
    assertThatThrownBy(() -> Steps.invoke(world.deployService(), payload))
        .hasMessageContaining("waitForTaskToken");
  }
}
