package dev.slipway.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.pipeline.model.CanaryVerdict;
import dev.slipway.pipeline.model.PipelineJson;
import dev.slipway.pipeline.model.Verdict;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.ecs.model.DeploymentRolloutState;

class AnalyzeCanaryTest {
  private static final String BLUE = "targetgroup/hello-production-blue/943f017f100becff";
  private static final String GREEN = "targetgroup/hello-production-green/e2f1d0c9b8a79685";

  /** The canary's deploy ended 20 minutes before the analysis. */
  private static final Instant CANARY_START = DeployWorld.NOW.minusSeconds(1200);

  private final DeployWorld world = new DeployWorld().withProductionServing();
  private final FakeCloudWatch cloudWatch = new FakeCloudWatch();
  // Fixed seed so the latency samples, and so the verdicts, reproduce.
  private final Random random = new Random(20261125);

  private ObjectNode canaryState() {
    var payload =
        Steps.payload(Steps.state(), "taskToken", "deploy-token", "environment", "production");
    var result = (ObjectNode) Steps.invoke(world.deployService(), payload);
    world.ecs.finish("hello-production-green", DeploymentRolloutState.COMPLETED, null);
    result.put("finishedAt", CANARY_START.toString());
    ObjectNode state = Steps.state();
    state.set("production", result);
    return state;
  }

  /** One-minute ALB datapoints of a target group for every minute since the canary started. */
  private void traffic(String group, double requestsPerMinute, double errorRate, double latency) {
    for (Instant t = CANARY_START; t.isBefore(DeployWorld.NOW); t = t.plusSeconds(60)) {
      cloudWatch.put(group, "RequestCount", t, requestsPerMinute);
      cloudWatch.put(
          group, "HTTPCode_Target_5XX_Count", t, Math.floor(requestsPerMinute * errorRate));
      cloudWatch.put(group, "TargetResponseTime", t, latency * (0.9 + 0.2 * random.nextDouble()));
    }
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
    traffic(BLUE, 3000, 0.001, 0.050);
    traffic(GREEN, 1000, 0.001, 0.050);

    var verdict = analyze(canaryState());

    assertThat(verdict.verdict()).isEqualTo(Verdict.PASS);
    assertThat(verdict.trafficPercent()).isEqualTo(25);
    // 20 minutes since the canary started, of which the newest is not settled yet: 19
    assertThat(verdict.canary().requests()).isEqualTo(19_000);
    assertThat(verdict.baseline().requests()).isEqualTo(57_000);
    assertThat(verdict.canary().latencySamples()).isEqualTo(19);
    assertThat(verdict.checks()).extracting("name").containsExactly("alb-errors", "alb-latency");
    assertThat(verdict.checks()).allSatisfy(c -> assertThat(c.alpha()).isLessThan(0.001));
  }

  @Test
  void canaryWithTenTimesTheErrorsFails() {
    traffic(BLUE, 3000, 0.005, 0.050);
    traffic(GREEN, 1000, 0.05, 0.050);

    var verdict = analyze(canaryState());

    assertThat(verdict.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(verdict.reasons().getFirst()).startsWith("5xx rate 5.00 % (950/19000)");
  }

  @Test
  void requestsTheCanaryTasksCouldNotTakeCountAgainstIt() {
    traffic(BLUE, 3000, 0.0, 0.050);
    traffic(GREEN, 1000, 0.0, 0.050);
    for (Instant t = CANARY_START; t.isBefore(DeployWorld.NOW); t = t.plusSeconds(60)) {
      cloudWatch.put(GREEN, "TargetConnectionErrorCount", t, 200);
    }

    var verdict = analyze(canaryState());

    assertThat(verdict.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(verdict.reasons().getFirst()).startsWith("5xx rate 20.00 % (3800/19000)");
  }

  @Test
  void anUnhealthyCanaryTargetFailsTheCanary() {
    traffic(BLUE, 3000, 0.0, 0.050);
    traffic(GREEN, 1000, 0.0, 0.050);
    cloudWatch.put(GREEN, "UnHealthyHostCount", CANARY_START.plusSeconds(300), 1);

    var verdict = analyze(canaryState());

    assertThat(verdict.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(verdict.reasons().getFirst())
        .isEqualTo(
            "the canary's target group had unhealthy targets in 1 period(s) of 60 s, the"
                + " baseline's none");
  }

  @Test
  void tooLittleTrafficIsInconclusive() {
    traffic(BLUE, 3, 0.0, 0.050);
    traffic(GREEN, 1, 0.0, 0.050);

    assertThat(analyze(canaryState()).verdict()).isEqualTo(Verdict.INCONCLUSIVE);
  }

  @Test
  void readsCompleteSettledMinutesSinceTheCanaryStartedFromBothTargetGroups() {
    traffic(BLUE, 3000, 0.001, 0.050);
    traffic(GREEN, 1000, 0.001, 0.050);

    analyze(canaryState());

    assertThat(cloudWatch.requests).hasSize(2); // one per check
    var errors = cloudWatch.requests.getFirst();
    assertThat(errors.startTime()).isEqualTo(CANARY_START);
    // NOW is 17:02:00; the minute 17:01 ends at NOW and settles only 60 s later
    assertThat(errors.endTime()).isEqualTo(DeployWorld.NOW.minusSeconds(60));
    assertThat(errors.metricDataQueries())
        .extracting(q -> q.metricStat().metric().metricName())
        .containsOnly(
            "RequestCount",
            "HTTPCode_Target_5XX_Count",
            "TargetConnectionErrorCount",
            "UnHealthyHostCount")
        .hasSize(8);
    assertThat(cloudWatch.requests.stream().flatMap(r -> r.metricDataQueries().stream()))
        .allSatisfy(
            q -> {
              assertThat(q.metricStat().period()).isEqualTo(60);
              assertThat(q.metricStat().metric().dimensions())
                  .anySatisfy(
                      d ->
                          assertThat(d.value()).isEqualTo("app/hello-production/8e4497da625e2d8a"));
            });
  }

  @Test
  void aMinuteStartedBeforeTheCanaryIsLeftOut() {
    traffic(BLUE, 3000, 0.001, 0.050);
    traffic(GREEN, 1000, 0.001, 0.050);
    var state = canaryState();
    ((ObjectNode) state.get("production"))
        .put("finishedAt", CANARY_START.plusSeconds(20).toString());

    var verdict = analyze(state);

    assertThat(cloudWatch.requests.getFirst().startTime()).isEqualTo(CANARY_START.plusSeconds(60));
    assertThat(verdict.canary().requests()).isEqualTo(18_000);
  }

  @Test
  void aCustomCheckReadsEachGroupsOwnCommitsMetric() {
    var state = canaryState();
    ObjectNode analysis = ((ObjectNode) state.at("/prepare/config")).putObject("analysis");
    analysis
        .putArray("checks")
        .add(
            PipelineJson.mapper()
                .valueToTree(
                    Map.of(
                        "name",
                        "app-latency",
                        "type",
                        "value",
                        "namespace",
                        "HelloService",
                        "metric",
                        "Latency",
                        "dimensions",
                        Map.of("Service", "hello", "Version", "{version}"),
                        "periodSeconds",
                        1,
                        "delaySeconds",
                        5,
                        "toleranceAbsolute",
                        10)));
    for (int s = 0; s < 60; s++) {
      Instant t = DeployWorld.NOW.minusSeconds(100 - s);
      cloudWatch.put(DeployWorld.OLD_SHA, "Latency", t, 1 + random.nextDouble());
      cloudWatch.put(Steps.SHA, "Latency", t, 150 + random.nextDouble());
    }

    var verdict = analyze(state);

    assertThat(verdict.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(verdict.checks().getFirst().name()).isEqualTo("app-latency");
    assertThat(verdict.reasons().getFirst())
        .startsWith("median app-latency (Average per 1 s) 150.")
        .contains("more than 20 % and 10 higher");
    MetricDataQuery canaryQuery =
        cloudWatch.requests.getFirst().metricDataQueries().stream()
            .filter(q -> q.id().equals("c_value"))
            .findFirst()
            .orElseThrow();
    assertThat(canaryQuery.metricStat().metric().dimensions())
        .extracting(d -> d.name() + "=" + d.value())
        .containsExactly("Service=hello", "Version=" + Steps.SHA);
    assertThat(cloudWatch.requests.getFirst().endTime()).isEqualTo(DeployWorld.NOW.minusSeconds(5));
  }

  @Test
  void aCanaryWhoseFirstStepIsFullTrafficIsJudgedAgainstTheBaselinesMinutesBeforeIt() {
    for (Instant t = CANARY_START.minusSeconds(1200);
        t.isBefore(CANARY_START);
        t = t.plusSeconds(60)) {
      cloudWatch.put(BLUE, "RequestCount", t, 3000);
      cloudWatch.put(BLUE, "HTTPCode_Target_5XX_Count", t, 3);
      cloudWatch.put(BLUE, "TargetResponseTime", t, 0.05 * (0.9 + 0.2 * random.nextDouble()));
    }
    traffic(GREEN, 3000, 0.001, 0.050);

    var verdict = analyze(canaryState(), 100);

    assertThat(verdict.verdict()).isEqualTo(Verdict.PASS);
    assertThat(verdict.baseline().requests()).isEqualTo(19 * 3000);
    assertThat(cloudWatch.requests.get(1).startTime()).isEqualTo(CANARY_START.minusSeconds(1140));
    assertThat(cloudWatch.requests.get(1).endTime()).isEqualTo(CANARY_START);
  }
}
