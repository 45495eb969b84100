package dev.slipway.pipeline.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.slipway.pipeline.bench.MetricsTimeline.Datapoint;
import dev.slipway.pipeline.bench.MetricsTimeline.Serving;
import dev.slipway.pipeline.model.PipelineConfig;
import dev.slipway.pipeline.model.PipelineConfigs;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The canary judge benchmark's simulator can fail a canary, and publishes like CloudWatch. */
class DeploySimulatorTest {
  /** The demo's canary settings (examples/hello-service/slipway.demo.json). */
  private static final PipelineConfig DEMO =
      PipelineConfigs.parse(
          """
          {"service": "hello", "repository": "slipway-dev/hello-service", "strategy": "canary",
           "canarySteps": [5, 25, 50, 100], "bakeSeconds": 30, "maxBakeExtensions": 2,
           "inconclusiveCanary": "rollback",
           "analysis": {"minRequestsPerGroup": 20, "minLatencySamples": 3}}
          """);

  @Test
  void canaryAnsweringEveryRequestWithA5xxIsRolledBackByAFailVerdict() {
    Latency normal = new Latency(50, 0.5);
    var broken = new Scenario("all 5xx", true, normal, normal, 1.0, false);
    var simulator = new DeploySimulator(DEMO, DataMode.LOCAL_10S, 100, broken);

    var tally = CanaryJudgeBench.tally(simulator, 200, new SplittableRandom(7));

    assertThat(tally.rolledBack()).isGreaterThanOrEqualTo(198);
    assertThat(tally.failed()).isGreaterThanOrEqualTo(198);
    assertThat(tally.promoted()).isZero();
  }

  @Test
  void poissonCountsAndSummedLatenciesHaveTheirDistributionsMoments() {
    var rng = new SplittableRandom(11);
    for (double mean : new double[] {0.05, 3, 250}) {
      double sum = 0;
      double squares = 0;
      int draws = 200_000;
      for (int i = 0; i < draws; i++) {
        long k = MetricsTimeline.poisson(mean, rng);
        sum += k;
        squares += (double) k * k;
      }
      double average = sum / draws;
      assertThat(average).isCloseTo(mean, within(0.01 * mean + 0.002));
      assertThat(squares / draws - average * average).isCloseTo(mean, within(0.03 * mean + 0.002));
    }
    Latency latency = new Latency(50, 0.5);
    double total = 0;
    for (int i = 0; i < 20_000; i++) {
      total += latency.sum(100, rng) / 100;
    }
    assertThat(total / 20_000).isCloseTo(latency.meanMs(), within(0.005 * latency.meanMs()));
  }

  @Test
  void awsModeHasNoDatapointForAMinuteWithoutRequestsNorForUnpublishedMinutes() {
    Latency normal = new Latency(50, 0.5);
    var busy = new Serving(100, 0.001, normal);
    var timeline = new MetricsTimeline(60, 600, 0, 0, new SplittableRandom(3));
    // minute 3 (seconds 180-239) has no requests in either group
    timeline.generate(600, (group, second) -> second / 60 == 3 ? Serving.IDLE : busy);

    // asked at 600 s with minutes published 60 s after they end: minutes 0-8 are out
    List<Datapoint> points =
        timeline.datapoints(DataMode.AWS_60S, MetricsTimeline.CANARY, 0, 600, 60, 600, 60);

    assertThat(points)
        .extracting(Datapoint::second)
        .containsExactly(0.0, 60.0, 120.0, 240.0, 300.0, 360.0, 420.0, 480.0);
    assertThat(points).allSatisfy(p -> assertThat(p.requests()).isBetween(5000.0, 7000.0));
    assertThat(timeline.requests(MetricsTimeline.CANARY, 180, 240)).isZero();
    // the same window in local mode: datapoints every ~10.2 s, none within minute 3
    assertThat(timeline.datapoints(DataMode.LOCAL_10S, MetricsTimeline.CANARY, 0, 600, 10, 600, 0))
        .extracting(Datapoint::second)
        .noneMatch(second -> second > 180 && second < 240);
  }
}
