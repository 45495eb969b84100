package dev.slipway.pipeline.bench;

import dev.slipway.pipeline.model.MetricCheck;
import dev.slipway.pipeline.model.PipelineConfig;
import java.util.Arrays;
import java.util.List;

/** Where AnalyzeCanary's GetMetricData answers come from in a simulated deploy. */
enum DataMode {
  /**
   * AWS: the load balancer's metrics have one datapoint per whole minute, published 1 to 3 minutes
   * after the minute ends (one delay per analysis); a minute without requests has no RequestCount
   * or TargetResponseTime datapoint, UnHealthyHostCount has one every minute.
   */
  AWS_60S("aws-60s", MetricCheck.Source.ALB, 60, 180),
  /** Local mode: the same one-minute load-balancer datapoints, published exactly 60 s late. */
  LOCAL_60S("local-60s", MetricCheck.Source.ALB, 60, 60),
  /**
   * The service's own high-resolution metrics (embedded metric format): Requests, Errors (sums) and
   * Latency (average) per second it answered requests, visible about 2 s after the second. They see
   * only requests the service answered: no connection errors, no unhealthy targets.
   */
  EMF_1S("emf-1s", MetricCheck.Source.CUSTOM, 1.5, 2.5);

  private final String label;
  private final MetricCheck.Source source;
  private final double minLagSeconds;
  private final double maxLagSeconds;

  DataMode(String label, MetricCheck.Source source, double minLagSeconds, double maxLagSeconds) {
    this.label = label;
    this.source = source;
    this.minLagSeconds = minLagSeconds;
    this.maxLagSeconds = maxLagSeconds;
  }

  String label() {
    return label;
  }

  /** The checks this mode's data answers: load-balancer checks or the service's own metrics. */
  MetricCheck.Source source() {
    return source;
  }

  /** How long after a period ends its datapoint appears, at least. */
  double minLagSeconds() {
    return minLagSeconds;
  }

  /** How long after a period ends its datapoint appears, at most. */
  double maxLagSeconds() {
    return maxLagSeconds;
  }

  /** The modes whose data every check of the config reads. */
  static List<DataMode> fitting(PipelineConfig config) {
    return Arrays.stream(values())
        .filter(m -> config.analysis().checks().stream().allMatch(c -> c.source() == m.source))
        .toList();
  }

  static DataMode ofLabel(String label) {
    return Arrays.stream(values())
        .filter(m -> m.label.equals(label))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no data mode " + label));
  }
}
