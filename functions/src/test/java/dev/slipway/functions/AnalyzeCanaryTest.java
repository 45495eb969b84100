package dev.slipway.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.pipeline.model.CanaryVerdict;
import dev.slipway.pipeline.model.Verdict;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.DeploymentRolloutState;

class AnalyzeCanaryTest {
  private static final String BLUE = "targetgroup/hello-production-blue/943f017f100becff";
  private static final String GREEN = "targetgroup/hello-production-green/e2f1d0c9b8a79685";
  private final DeployWorld world = new DeployWorld().withProductionServing();
  private final FakeCloudWatch cloudWatch = new FakeCloudWatch();
  // Fixed seed so the latency samples, and so the verdicts, reproduce.
  private final Random random = new Random(20261125);

  private ObjectNode canaryState() {
    var payload =
        Steps.payload(Steps.state(), "taskToken", "deploy-token", "environment", "production");
    var result = Steps.invoke(world.deployService(), payload);
    world.ecs.finish("hello-production-green", DeploymentRolloutState.COMPLETED, null);
    ObjectNode state = Steps.state();
    state.set("production", result);
    return state;
  }

  private void traffic(
      String group,
      int periods,
      double requestsPerPeriod,
      double errorRate,
      double latencySeconds) {
    List<Double> requests = new ArrayList<>(Collections.nCopies(periods, requestsPerPeriod));
    List<Double> errors =
        new ArrayList<>(Collections.nCopies(periods, Math.floor(requestsPerPeriod * errorRate)));
    List<Double> latency = new ArrayList<>();
    for (int i = 0; i < periods; i++) {
      latency.add(latencySeconds * (0.9 + 0.2 * random.nextDouble()));
    }
    cloudWatch.put(group, "RequestCount", requests);
    cloudWatch.put(group, "HTTPCode_Target_5XX_Count", errors);
    cloudWatch.put(group, "TargetResponseTime", latency);
  }

  private CanaryVerdict analyze(ObjectNode state) {
    return analyze(state, 25);
  }

  private CanaryVerdict analyze(ObjectNode state, int percent) {
    var handler = new AnalyzeCanary(cloudWatch, world.ecs, world.env, world.clock);
    var payload =
        Steps.payload(
            state,
            "environment",
            "production",
            "trafficPercent",
            percent,
            "bakeSeconds",
            300,
            "bakeExtensions",
            0);
    return Steps.as(Steps.invoke(handler, payload), CanaryVerdict.class);
  }

  @Test
  void healthyCanaryPasses() {
    traffic(BLUE, 30, 300, 0.001, 0.050);
    traffic(GREEN, 30, 100, 0.001, 0.050);

    var verdict = analyze(canaryState());

    assertThat(verdict.verdict()).isEqualTo(Verdict.PASS);
    assertThat(verdict.trafficPercent()).isEqualTo(25);
    assertThat(verdict.canary().requests()).isEqualTo(3000);
    assertThat(verdict.baseline().requests()).isEqualTo(9000);
  }

  @Test
  void canaryWithTenTimesTheErrorsFails() {
    traffic(BLUE, 30, 300, 0.005, 0.050);
    traffic(GREEN, 30, 100, 0.05, 0.050);

    var verdict = analyze(canaryState());

    assertThat(verdict.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(verdict.reasons()).isNotEmpty();
  }

  @Test
  void tooLittleTrafficIsInconclusive() {
    traffic(BLUE, 3, 10, 0.0, 0.050);
    traffic(GREEN, 3, 2, 0.0, 0.050);

    assertThat(analyze(canaryState()).verdict()).isEqualTo(Verdict.INCONCLUSIVE);
  }

  @Test
  void queriesBothTargetGroupsOfTheLoadBalancerOverTheBakeWindow() {
    traffic(BLUE, 30, 300, 0.001, 0.050);
    traffic(GREEN, 30, 100, 0.001, 0.050);

    analyze(canaryState());

    var request = cloudWatch.requests.getFirst();
    assertThat(request.endTime()).isEqualTo(DeployWorld.NOW);
    assertThat(request.startTime()).isEqualTo(DeployWorld.NOW.minusSeconds(300));
    assertThat(request.metricDataQueries()).hasSize(6);
    assertThat(request.metricDataQueries())
        .allSatisfy(
            q ->
                assertThat(q.metricStat().metric().dimensions())
                    .anySatisfy(
                        d ->
                            assertThat(d.value())
                                .isEqualTo("app/hello-production/8e4497da625e2d8a")));
  }

  @Test
  void atFullTrafficTheCanaryIsJudgedAgainstTheBaselinesWindowBeforeTheStep() {
    traffic(BLUE, 30, 300, 0.001, 0.050);
    traffic(GREEN, 30, 100, 0.001, 0.050);

    var verdict = analyze(canaryState(), 100);

    assertThat(verdict.verdict()).isEqualTo(Verdict.PASS);
    assertThat(cloudWatch.requests).hasSize(2);
    var before = cloudWatch.requests.get(1);
    assertThat(before.startTime()).isEqualTo(DeployWorld.NOW.minusSeconds(600));
    assertThat(before.endTime()).isEqualTo(DeployWorld.NOW.minusSeconds(300));
  }
}
