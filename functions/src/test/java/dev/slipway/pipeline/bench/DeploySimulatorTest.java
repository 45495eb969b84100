package dev.slipway.pipeline.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.slipway.pipeline.bench.MetricsTimeline.Datapoint;
import dev.slipway.pipeline.bench.MetricsTimeline.Serving;
import dev.slipway.pipeline.model.CanaryVerdict;
import dev.slipway.pipeline.model.CheckResult;
import dev.slipway.pipeline.model.MetricCheck;
import dev.slipway.pipeline.model.PipelineConfig;
import dev.slipway.pipeline.model.PipelineConfigs;
import dev.slipway.pipeline.model.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The canary judge benchmark's simulator judges like AnalyzeCanary (cumulative windows per check,
 * the budget spread over every test) and publishes like CloudWatch.
 */
class DeploySimulatorTest {
  /** The demo's canary: 30-s bakes judged on the service's own one-second metrics. */
  private static final PipelineConfig DEMO =
      PipelineConfigs.parse(
          """
          {"service": "hello", "repository": "slipway-dev/hello-service", "strategy": "canary",
           "canarySteps": [5, 25, 50, 100], "bakeSeconds": 30, "maxBakeExtensions": 2,
           "inconclusiveCanary": "rollback",
           "analysis": {"minRequestsPerGroup": 20, "checks": %s}}
          """
              .formatted(CanaryJudgeBench.DEMO_CHECKS));

  /** infra/slipway.json's canary: 4-minute bakes on the load balancer's one-minute metrics. */
  private static final PipelineConfig SHIPPED =
      PipelineConfigs.parse(
          """
          {"service": "hello", "repository": "slipway-dev/hello-service", "strategy": "canary",
           "canarySteps": [5, 25, 50, 100], "bakeSeconds": 240, "maxBakeExtensions": 2,
           "inconclusiveCanary": "rollback"}
          """);

  private static final Latency NORMAL = new Latency(50, 0.5);
  private static final Scenario IDENTICAL =
      new Scenario("identical", false, NORMAL, NORMAL, Scenario.BASELINE_ERROR_RATE, false);
  private static final Scenario TEN_TIMES_5XX =
      new Scenario("5xx x10", true, NORMAL, NORMAL, 10 * Scenario.BASELINE_ERROR_RATE, false);
  private static final Scenario CRASH_LOOP =
      Scenario.all().stream().filter(Scenario::crashLoop).findFirst().orElseThrow();

  @Test
  void identicalDeployOnTheServicesOneSecondMetricsIsPromoted() {
    var simulator = new DeploySimulator(DEMO, DataMode.EMF_1S, 100, IDENTICAL);

    var tally = CanaryJudgeBench.tally(simulator, 200, new SplittableRandom(5));

    // the per-deploy budget is 1 %: a handful of 200 at most, none of them for lack of data
    assertThat(tally.promoted()).isGreaterThanOrEqualTo(195);
    assertThat(tally.inconclusive()).isZero();
  }

  @Test
  void tenTimesThe5xxRateIsRolledBackByAFailVerdictOnEitherSource() {
    var emf = new DeploySimulator(DEMO, DataMode.EMF_1S, 500, TEN_TIMES_5XX);
    var alb = new DeploySimulator(SHIPPED, DataMode.AWS_60S, 100, TEN_TIMES_5XX);

    var onEmf = CanaryJudgeBench.tally(emf, 100, new SplittableRandom(7));
    var onAlb = CanaryJudgeBench.tally(alb, 100, new SplittableRandom(7));

    assertThat(onEmf.failed()).isGreaterThanOrEqualTo(95);
    assertThat(onAlb.failed()).isGreaterThanOrEqualTo(95);
    assertThat(onEmf.promoted() + onAlb.promoted()).isZero();
  }

  @Test
  void everyAnalysisJudgesEverySettledPeriodSinceTheCanaryStartedAtItsShareOfTheBudget() {
    var simulator = new DeploySimulator(DEMO, DataMode.EMF_1S, 100, IDENTICAL);
    List<CanaryVerdict> verdicts = new ArrayList<>();

    var result = simulator.run(new SplittableRandom(3), verdicts);

    assertThat(result.outcome()).isEqualTo(DeploySimulator.Outcome.PROMOTED);
    assertThat(verdicts).extracting(CanaryVerdict::trafficPercent).containsExactly(5, 25, 50, 100);
    double alpha = 0.01 / (2 * 4 * 3);
    long previousBaseline = 0;
    long previousCanary = 0;
    for (CanaryVerdict verdict : verdicts) {
      CheckResult latency = verdict.checks().get(1);
      assertThat(latency.name()).isEqualTo("app-latency");
      assertThat(verdict.checks()).allSatisfy(c -> assertThat(c.alpha()).isEqualTo(alpha));
      // cumulative: each window holds the previous one's seconds and the new ones
      assertThat(latency.baselineSamples()).isGreaterThanOrEqualTo(previousBaseline);
      assertThat(latency.canarySamples()).isGreaterThan(previousCanary + 20);
      previousBaseline = latency.baselineSamples();
      previousCanary = latency.canarySamples();
    }
    // at 100 % the baseline has no traffic: its seconds before the step are what is compared
    CheckResult last = verdicts.getLast().checks().get(1);
    assertThat(last.baselineSamples()).isBetween(85L, 100L);
    assertThat(last.canarySamples()).isBetween(100L, 125L);
  }

  @Test
  void aChecksWindowRunsFromThePeriodAfterTheCanaryStartToTheLastSettledPeriod() {
    MetricCheck minute = MetricCheck.albErrors();
    MetricCheck second = DEMO.analysis().checks().getFirst();

    // canary deployed at 61,234 s, analysed at 61,600 s
    assertThat(DeploySimulator.window(minute, 61_234, 61_600)).containsExactly(61_260, 61_500);
    assertThat(DeploySimulator.window(second, 61_234, 61_600)).containsExactly(61_234, 61_595);
    // a minute after the start nothing has settled yet
    long[] early = DeploySimulator.window(minute, 61_234, 61_294);
    assertThat(early[1]).isLessThanOrEqualTo(early[0]);
  }

  @Test
  void crashLoopingCanaryShowsConnectionErrorsAndUnhealthyMinutesOnlyToTheLoadBalancer() {
    var timeline = new MetricsTimeline(0, 600, 0, new SplittableRandom(3));
    var busy = new Serving(100, 0.001, NORMAL);
    // the canary's task is up the first 10 s of every 40 s
    timeline.generate(
        600,
        (group, s) -> group == MetricsTimeline.CANARY && s % 40 >= 10 ? Serving.down(1) : busy);

    List<Datapoint> alb =
        timeline.datapoints(DataMode.LOCAL_60S, MetricsTimeline.CANARY, 0, 600, 60, 600);
    List<Datapoint> emf =
        timeline.datapoints(DataMode.EMF_1S, MetricsTimeline.CANARY, 0, 600, 1, 600);

    assertThat(alb).hasSize(9).allSatisfy(p -> assertThat(p.unhealthy()).isTrue());
    assertThat(alb.stream().mapToDouble(Datapoint::connectionErrors).sum()).isBetween(330.0, 480.0);
    assertThat(emf).allSatisfy(p -> assertThat(p.second() % 40).isLessThan(10));
    assertThat(emf).allSatisfy(p -> assertThat(p.connectionErrors()).isZero());
    assertThat(emf).noneMatch(Datapoint::unhealthy);
    assertThat(emf.stream().mapToDouble(Datapoint::requests).sum())
        .isCloseTo(timeline.answered(MetricsTimeline.CANARY, 0, 598), within(600.0));
  }

  @Test
  void crashLoopingCanaryIsRolledBackForItsUnhealthyTarget() {
    var simulator = new DeploySimulator(SHIPPED, DataMode.AWS_60S, 20, CRASH_LOOP);
    List<CanaryVerdict> verdicts = new ArrayList<>();

    var result = simulator.run(new SplittableRandom(9), verdicts);

    assertThat(result.failed()).isTrue();
    assertThat(verdicts.getLast().reasons().getFirst()).contains("unhealthy targets");
  }

  @Test
  void loadBalancerMinutesAppearAfterTheirDelayAndWithoutLatencyWhenIdle() {
    var busy = new Serving(100, 0.001, NORMAL);
    var timeline = new MetricsTimeline(0, 600, 0, new SplittableRandom(3));
    // minute 3 (seconds 180-239) has no requests in either group
    timeline.generate(600, (group, second) -> second / 60 == 3 ? Serving.IDLE : busy);
    MetricCheck latency = SHIPPED.analysis().checks().get(1);

    // local mode publishes a minute 60 s after it ends: minutes 0-8 by 600 s
    List<Datapoint> local =
        timeline.datapoints(DataMode.LOCAL_60S, MetricsTimeline.CANARY, 0, 600, 60, 600);
    // on AWS each minute is 60-180 s late: minutes 0-6 are out by 600 s, 9 is not
    List<Datapoint> aws =
        timeline.datapoints(DataMode.AWS_60S, MetricsTimeline.CANARY, 0, 600, 60, 600);

    assertThat(local)
        .extracting(Datapoint::second)
        .containsExactly(0L, 60L, 120L, 180L, 240L, 300L, 360L, 420L, 480L);
    assertThat(DeploySimulator.sample(latency, local).latenciesMs()).hasSize(8);
    assertThat(aws)
        .extracting(Datapoint::second)
        .contains(0L, 60L, 120L, 180L, 240L, 300L, 360L)
        .doesNotContain(540L);
    assertThat(local.get(1).requests()).isBetween(5000.0, 7000.0);
    assertThat(local.get(3).requests()).isZero();
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
    double total = 0;
    for (int i = 0; i < 20_000; i++) {
      total += NORMAL.sum(100, rng) / 100;
    }
    assertThat(total / 20_000).isCloseTo(NORMAL.meanMs(), within(0.005 * NORMAL.meanMs()));
  }

  @Test
  void verdictsAreTheJudgesOwn() {
    var simulator = new DeploySimulator(SHIPPED, DataMode.AWS_60S, 100, IDENTICAL);
    List<CanaryVerdict> verdicts = new ArrayList<>();

    simulator.run(new SplittableRandom(1), verdicts);

    assertThat(verdicts).isNotEmpty();
    assertThat(verdicts.getFirst().checks())
        .extracting(CheckResult::name)
        .containsExactly(MetricCheck.ALB_ERRORS, MetricCheck.ALB_LATENCY);
    assertThat(verdicts).extracting(CanaryVerdict::verdict).doesNotContain(Verdict.FAIL);
  }
}
