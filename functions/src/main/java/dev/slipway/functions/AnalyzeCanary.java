package dev.slipway.functions;

import com.amazonaws.services.lambda.runtime.Context;
import dev.slipway.pipeline.CanaryAnalysis;
import dev.slipway.pipeline.CanarySample;
import dev.slipway.pipeline.model.CanaryVerdict;
import dev.slipway.pipeline.model.PipelineConfig;
import dev.slipway.pipeline.model.PipelineState;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * "Analyze canary": reads the bake window's ALB metrics of the canary and baseline target groups
 * (CloudWatch {@code GetMetricData}: request count, target 5xx count, response time per period) and
 * returns {@link CanaryAnalysis}'s verdict. The state machine acts on it (promote, extend the bake,
 * or roll back).
 */
public final class AnalyzeCanary extends StepHandler<CanaryVerdict> {
  private static final Logger LOG = LoggerFactory.getLogger(AnalyzeCanary.class);
  private static final String NAMESPACE = "AWS/ApplicationELB";

  private final CloudWatchClient cloudWatch;
  private final EcsDeployments deployments;
  private final ServiceEnvironments environments;
  private final Env env;
  private final InstantSource clock;

  /** Real clients, built once per container. */
  public AnalyzeCanary() {
    this(
        AwsClients.cloudWatch(),
        AwsClients.ecs(),
        Env.system(),
        InstantSource.system(),
        CancelRequests.from(AwsClients::dynamoDb, Env.system()));
  }

  AnalyzeCanary(CloudWatchClient cloudWatch, EcsClient ecs, Env env, InstantSource clock) {
    this(cloudWatch, ecs, env, clock, CancelRequests.NONE);
  }

  AnalyzeCanary(
      CloudWatchClient cloudWatch,
      EcsClient ecs,
      Env env,
      InstantSource clock,
      CancelRequests cancels) {
    super("AnalyzeCanary", cancels);
    this.cloudWatch = cloudWatch;
    this.deployments = new EcsDeployments(ecs);
    this.environments = ServiceEnvironments.from(env);
    this.env = env;
    this.clock = clock;
  }

  @Override
  protected CanaryVerdict handle(Step step, Context context) {
    String environment = step.input().requireEnvironment();
    EnvironmentTarget target = environments.get(environment);
    PipelineState state = step.state();
    PipelineConfig config = state.prepare().config();
    int percent =
        step.input().trafficPercent() != null
            ? step.input().trafficPercent()
            : step.integer("trafficPercent").orElse(0);
    int bakeSeconds = step.integer("bakeSeconds").orElse(config.bakeSeconds());
    int extensions = step.integer("bakeExtensions").orElse(0);
    if (state.production() == null) {
      throw new IllegalStateException("no production deployment in the state to analyze");
    }
    String canaryService =
        deployments
            .serviceRunning(target, state.production().taskDefinitionArn())
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no service of "
                            + environment
                            + " runs "
                            + state.production().taskDefinitionArn()));
    String canaryGroup = target.targetGroupOf(canaryService);
    String baselineGroup = target.otherTargetGroup(canaryGroup);
    Instant end = clock.instant();
    Duration window = Duration.ofSeconds(Math.max(bakeSeconds, 1));
    Instant start = end.minus(window);
    int period = period(bakeSeconds);
    Map<String, MetricDataResult> results =
        fetch(target, baselineGroup, canaryGroup, start, end, period);
    CanarySample baseline = sample(results, "b");
    if (percent >= 100) {
      // At 100 % the baseline takes no traffic during this bake, so every verdict would be
      // INCONCLUSIVE and a healthy canary would fail safe; judge it against the baseline's last
      // window with traffic, the one just before this step.
      baseline =
          sample(
              fetch(target, baselineGroup, canaryGroup, start.minus(window), start, period), "b");
    }
    CanarySample canary = sample(results, "c");
    CanaryVerdict verdict =
        new CanaryAnalysis(config.analysis()).analyze(baseline, canary, percent, extensions);
    LOG.info("Canary at {} %: {} {}", percent, verdict.verdict(), verdict.reasons());
    return verdict;
  }

  /** ALB metrics have one-minute resolution; short bakes (local mode, tests) use 10 s periods. */
  private int period(int bakeSeconds) {
    return env.optional("CANARY_METRIC_PERIOD_SECONDS")
        .map(Integer::parseInt)
        .orElse(bakeSeconds >= 180 ? 60 : 10);
  }

  private Map<String, MetricDataResult> fetch(
      EnvironmentTarget target,
      String baselineGroup,
      String canaryGroup,
      Instant start,
      Instant end,
      int period) {
    List<MetricDataQuery> queries = new ArrayList<>();
    for (var group : Map.of("b", baselineGroup, "c", canaryGroup).entrySet()) {
      List<Dimension> dimensions =
          List.of(
              Dimension.builder().name("LoadBalancer").value(target.loadBalancerFullName()).build(),
              Dimension.builder()
                  .name("TargetGroup")
                  .value(target.targetGroupDimension(group.getValue()))
                  .build());
      queries.add(query(group.getKey() + "_requests", "RequestCount", "Sum", dimensions, period));
      queries.add(
          query(
              group.getKey() + "_errors", "HTTPCode_Target_5XX_Count", "Sum", dimensions, period));
      queries.add(
          query(group.getKey() + "_latency", "TargetResponseTime", "Average", dimensions, period));
    }
    Map<String, MetricDataResult> results = new HashMap<>();
    String next = null;
    do {
      String token = next;
      GetMetricDataResponse response =
          cloudWatch.getMetricData(
              r -> r.metricDataQueries(queries).startTime(start).endTime(end).nextToken(token));
      for (MetricDataResult result : response.metricDataResults()) {
        results.merge(
            result.id(),
            result,
            (a, b) -> a.toBuilder().values(concat(a.values(), b.values())).build());
      }
      next = response.nextToken();
    } while (next != null);
    return results;
  }

  private static MetricDataQuery query(
      String id, String metric, String stat, List<Dimension> dimensions, int period) {
    return MetricDataQuery.builder()
        .id(id)
        .returnData(true)
        .metricStat(
            s ->
                s.metric(m -> m.namespace(NAMESPACE).metricName(metric).dimensions(dimensions))
                    .period(period)
                    .stat(stat))
        .build();
  }

  private static CanarySample sample(Map<String, MetricDataResult> results, String group) {
    long requests = Math.round(sum(results.get(group + "_requests")));
    long errors = Math.min(requests, Math.round(sum(results.get(group + "_errors"))));
    MetricDataResult latency = results.get(group + "_latency");
    // TargetResponseTime is in seconds; the analysis compares milliseconds.
    double[] latencies =
        latency == null
            ? new double[0]
            : latency.values().stream().mapToDouble(v -> v * 1000.0).toArray();
    return new CanarySample(requests, errors, latencies);
  }

  private static double sum(MetricDataResult result) {
    return result == null ? 0 : result.values().stream().mapToDouble(Double::doubleValue).sum();
  }

  private static List<Double> concat(List<Double> a, List<Double> b) {
    List<Double> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
