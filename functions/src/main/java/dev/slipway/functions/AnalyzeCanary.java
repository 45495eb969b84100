package dev.slipway.functions;

import com.amazonaws.services.lambda.runtime.Context;
import dev.slipway.pipeline.CanaryAnalysis;
import dev.slipway.pipeline.CanaryAnalysis.CheckData;
import dev.slipway.pipeline.CanarySample;
import dev.slipway.pipeline.model.CanaryVerdict;
import dev.slipway.pipeline.model.MetricCheck;
import dev.slipway.pipeline.model.PipelineConfig;
import dev.slipway.pipeline.model.PipelineState;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * "Analyze canary": reads every configured metric check of the canary and its baseline from
 * CloudWatch ({@code GetMetricData}) and returns {@link CanaryAnalysis}'s verdict. The state
 * machine acts on it (promote, extend the bake, or roll back).
 *
 * <p>The window is the whole canary so far: from the end of the canary's deploy to now, in complete
 * periods of each check, without the periods whose datapoints may still be incomplete (younger than
 * the check's {@code delaySeconds}, and trailing periods neither group has a datapoint for yet: the
 * load balancer publishes a minute one to three minutes after it ends). Each analysis so sees every
 * datapoint the earlier ones saw, plus the new ones; the false-rollback budget is spread over all
 * of them. Load-balancer checks read the canary's and baseline's target groups; custom checks read
 * the service's own metrics, the dimension value {@code {version}} standing for the commit each
 * group runs.
 */
public final class AnalyzeCanary extends StepHandler<CanaryVerdict> {
  private static final Logger LOG = LoggerFactory.getLogger(AnalyzeCanary.class);
  private static final String ALB_NAMESPACE = "AWS/ApplicationELB";

  private final CloudWatchClient cloudWatch;
  private final EcsDeployments deployments;
  private final TaskDefinitions taskDefinitions;
  private final ServiceEnvironments environments;
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
    this.taskDefinitions = new TaskDefinitions(ecs);
    this.environments = ServiceEnvironments.from(env);
    this.clock = clock;
  }

  /** Which target group and commit one side of the comparison is. */
  private record Group(String targetGroup, String version) {}

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
    Instant now = clock.instant();
    Instant canaryStart =
        state.production().finishedAt() != null && state.production().finishedAt().isBefore(now)
            ? state.production().finishedAt()
            : now.minusSeconds(Math.max(bakeSeconds, 1));
    boolean custom =
        config.analysis().checks().stream().anyMatch(c -> c.source() == MetricCheck.Source.CUSTOM);
    Group canary =
        new Group(
            canaryGroup, custom ? versionOf(target, state.production().taskDefinitionArn()) : null);
    Group baseline =
        new Group(
            baselineGroup,
            custom
                ? deployments
                    .currentTaskDefinition(target.cluster(), target.serviceFor(baselineGroup))
                    .map(arn -> versionOf(target, arn))
                    .orElse(null)
                : null);
    List<CheckData> data = new ArrayList<>();
    for (MetricCheck check : config.analysis().checks()) {
      data.add(read(check, target, baseline, canary, canaryStart, now, percent));
    }
    CanaryVerdict verdict = CanaryAnalysis.of(config).analyze(data, percent, extensions);
    LOG.info("Canary at {} %: {} {}", percent, verdict.verdict(), verdict.reasons());
    return verdict;
  }

  private String versionOf(EnvironmentTarget target, String taskDefinitionArn) {
    return taskDefinitions.describe(taskDefinitionArn, target.containerName()).version();
  }

  /** One check's samples of both groups over the settled, complete periods since the start. */
  private CheckData read(
      MetricCheck check,
      EnvironmentTarget target,
      Group baseline,
      Group canary,
      Instant canaryStart,
      Instant now,
      int percent) {
    long period = check.periodSeconds();
    long start = ceil(canaryStart.getEpochSecond(), period);
    long end = Math.floorDiv(now.getEpochSecond() - check.delaySeconds(), period) * period;
    if (end <= start) {
      return empty(check);
    }
    if (check.source() == MetricCheck.Source.CUSTOM
        && (baseline.version() == null || canary.version() == null)) {
      return empty(check);
    }
    List<MetricDataQuery> queries = new ArrayList<>();
    for (var side : Map.of("b", baseline, "c", canary).entrySet()) {
      queries.addAll(queries(check, target, side.getKey(), side.getValue()));
    }
    Map<String, TreeMap<Long, Double>> series =
        fetch(queries, Instant.ofEpochSecond(start), Instant.ofEpochSecond(end));
    CanarySample baselineSample = sample(check, series, "b", end);
    int baselineUnhealthy = unhealthy(series.get("b_unhealthy"), end);
    if (percent >= 100 && empty(baselineSample)) {
      // a canary whose first step is 100 %: the baseline took no traffic since the canary
      // started, so it is judged on as long a window just before
      Map<String, TreeMap<Long, Double>> before =
          fetch(
              queries(check, target, "b", baseline),
              Instant.ofEpochSecond(start - (end - start)),
              Instant.ofEpochSecond(start));
      baselineSample = sample(check, before, "b", start);
      baselineUnhealthy = unhealthy(before.get("b_unhealthy"), start);
    }
    return new CheckData(
        check,
        baselineSample,
        sample(check, series, "c", end),
        baselineUnhealthy,
        unhealthy(series.get("c_unhealthy"), end));
  }

  private static boolean empty(CanarySample sample) {
    return sample.requests() == 0 && sample.latenciesMs().length == 0;
  }

  private static CheckData empty(MetricCheck check) {
    return new CheckData(check, new CanarySample(0, 0, null), new CanarySample(0, 0, null));
  }

  private static List<MetricDataQuery> queries(
      MetricCheck check, EnvironmentTarget target, String side, Group group) {
    int period = check.periodSeconds();
    List<MetricDataQuery> out = new ArrayList<>();
    if (check.source() == MetricCheck.Source.ALB) {
      List<Dimension> dimensions =
          List.of(
              dimension("LoadBalancer", target.loadBalancerFullName()),
              dimension("TargetGroup", target.targetGroupDimension(group.targetGroup())));
      if (check.type() == MetricCheck.Type.ERROR_RATE) {
        out.add(
            query(side + "_requests", ALB_NAMESPACE, "RequestCount", "Sum", dimensions, period));
        out.add(
            query(
                side + "_errors",
                ALB_NAMESPACE,
                "HTTPCode_Target_5XX_Count",
                "Sum",
                dimensions,
                period));
        out.add(
            query(
                side + "_connection",
                ALB_NAMESPACE,
                "TargetConnectionErrorCount",
                "Sum",
                dimensions,
                period));
        out.add(
            query(
                side + "_unhealthy",
                ALB_NAMESPACE,
                "UnHealthyHostCount",
                "Maximum",
                dimensions,
                period));
      } else {
        out.add(
            query(
                side + "_value",
                ALB_NAMESPACE,
                "TargetResponseTime",
                check.statistic(),
                dimensions,
                period));
      }
      return out;
    }
    List<Dimension> dimensions = new ArrayList<>();
    check.dimensionsFor(group.version()).forEach((k, v) -> dimensions.add(dimension(k, v)));
    if (check.type() == MetricCheck.Type.ERROR_RATE) {
      out.add(
          query(
              side + "_requests",
              check.namespace(),
              check.requestsMetric(),
              "Sum",
              dimensions,
              period));
      out.add(
          query(side + "_errors", check.namespace(), check.metric(), "Sum", dimensions, period));
    } else {
      out.add(
          query(
              side + "_value",
              check.namespace(),
              check.metric(),
              check.statistic(),
              dimensions,
              period));
    }
    return out;
  }

  private static CanarySample sample(
      MetricCheck check, Map<String, TreeMap<Long, Double>> series, String side, long end) {
    if (check.type() == MetricCheck.Type.ERROR_RATE) {
      long requests = Math.round(sum(series.get(side + "_requests"), end));
      long errors =
          Math.round(
              sum(series.get(side + "_errors"), end) + sum(series.get(side + "_connection"), end));
      return new CanarySample(requests, Math.min(requests, errors), null);
    }
    // TargetResponseTime is in seconds; the analysis compares milliseconds
    double scale = check.source() == MetricCheck.Source.ALB ? 1000.0 : 1.0;
    double[] values =
        series.get(side + "_value").headMap(end).values().stream()
            .mapToDouble(v -> v * scale)
            .filter(Double::isFinite)
            .toArray();
    return new CanarySample(0, 0, values);
  }

  private static int unhealthy(TreeMap<Long, Double> series, long end) {
    return series == null
        ? 0
        : (int) series.headMap(end).values().stream().filter(v -> v >= 1).count();
  }

  private static double sum(TreeMap<Long, Double> series, long end) {
    return series == null
        ? 0
        : series.headMap(end).values().stream().mapToDouble(Double::doubleValue).sum();
  }

  private Map<String, TreeMap<Long, Double>> fetch(
      List<MetricDataQuery> queries, Instant start, Instant end) {
    Map<String, TreeMap<Long, Double>> series = new TreeMap<>();
    for (MetricDataQuery query : queries) {
      series.put(query.id(), new TreeMap<>());
    }
    String next = null;
    do {
      String token = next;
      GetMetricDataResponse response =
          cloudWatch.getMetricData(
              r -> r.metricDataQueries(queries).startTime(start).endTime(end).nextToken(token));
      for (MetricDataResult result : response.metricDataResults()) {
        TreeMap<Long, Double> points = series.computeIfAbsent(result.id(), k -> new TreeMap<>());
        int n = Math.min(result.timestamps().size(), result.values().size());
        for (int i = 0; i < n; i++) {
          points.put(result.timestamps().get(i).getEpochSecond(), result.values().get(i));
        }
      }
      next = response.nextToken();
    } while (next != null);
    return series;
  }

  private static long ceil(long seconds, long period) {
    return -Math.floorDiv(-seconds, period) * period;
  }

  private static Dimension dimension(String name, String value) {
    return Dimension.builder().name(name).value(value).build();
  }

  private static MetricDataQuery query(
      String id,
      String namespace,
      String metric,
      String stat,
      List<Dimension> dimensions,
      int period) {
    return MetricDataQuery.builder()
        .id(id)
        .returnData(true)
        .metricStat(
            s ->
                s.metric(m -> m.namespace(namespace).metricName(metric).dimensions(dimensions))
                    .period(period)
                    .stat(stat))
        .build();
  }
}
