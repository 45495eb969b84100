package dev.slipway.pipeline.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One metric the canary analysis compares between the canary and its baseline, as data in {@code
 * analysis.checks}.
 *
 * <p>Two sources: {@code alb}, the load balancer's own per-target-group metrics ({@code
 * AWS/ApplicationELB}, one-minute resolution, counted once the minute is published), and {@code
 * custom}, any CloudWatch metric the service publishes (PutMetricData or the embedded metric format
 * in its logs), whose {@code dimensions} name the group: the value {@value #VERSION} stands for the
 * git SHA each group runs (the {@code SLIPWAY_VERSION} every deployed container gets).
 *
 * <p>Two types: {@code errorRate} compares the share of failed requests (the {@code metric} counts
 * errors, {@code requestsMetric} requests, both summed per period; for {@code alb}: target 5xx plus
 * connection errors out of RequestCount, and any unhealthy canary target fails it); {@code value}
 * compares the per-period {@code statistic} of {@code metric} (for {@code alb}: the Average of
 * TargetResponseTime, in milliseconds) with a Mann-Whitney test against the baseline shifted by the
 * tolerances ({@code tolerance} relative, {@code toleranceAbsolute} in the metric's unit), in the
 * direction {@code higherIsWorse}.
 *
 * @param periodSeconds the period the analysis reads; {@code alb}: a multiple of 60, CloudWatch's
 *     resolution for it; {@code custom}: 1, 5, 10, 20, 30 (high-resolution metrics only) or a
 *     multiple of 60, as GetMetricData accepts
 * @param delaySeconds how long after a period ends its datapoint is complete in CloudWatch; periods
 *     younger than that are left out of an analysis (defaults: 60 s for one-minute periods, 10 s
 *     for high-resolution ones)
 * @param minSamples a {@code value} check's per-period samples needed in each group before it
 *     judges (INCONCLUSIVE before); {@code null}: the smallest number with which the check can fail
 *     at all, derived from the false-rollback budget
 */
public record MetricCheck(
    @JsonProperty("name") String name,
    @JsonProperty("type") Type type,
    @JsonProperty("source") Source source,
    @JsonProperty("namespace") String namespace,
    @JsonProperty("metric") String metric,
    @JsonProperty("requestsMetric") String requestsMetric,
    @JsonProperty("dimensions") Map<String, String> dimensions,
    @JsonProperty("statistic") String statistic,
    @JsonProperty("periodSeconds") Integer periodSeconds,
    @JsonProperty("delaySeconds") Integer delaySeconds,
    @JsonProperty("higherIsWorse") Boolean higherIsWorse,
    @JsonProperty("tolerance") Double tolerance,
    @JsonProperty("toleranceAbsolute") Double toleranceAbsolute,
    @JsonProperty("minSamples") Integer minSamples) {

  /** The placeholder, in a custom check's dimension values, for each group's git SHA. */
  public static final String VERSION = "{version}";

  /** Name of the built-in error check on the load balancer's metrics. */
  public static final String ALB_ERRORS = "alb-errors";

  /** Name of the built-in latency check on the load balancer's metrics. */
  public static final String ALB_LATENCY = "alb-latency";

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
  private static final Pattern STATISTIC =
      Pattern.compile("Average|Sum|Minimum|Maximum|SampleCount|p(\\d{1,2}(\\.\\d{1,2})?|100)");

  /** What a check compares. */
  public enum Type {
    @JsonProperty("errorRate")
    ERROR_RATE,
    @JsonProperty("value")
    VALUE
  }

  /** Where a check's metrics come from. */
  public enum Source {
    @JsonProperty("alb")
    ALB,
    @JsonProperty("custom")
    CUSTOM
  }

  public MetricCheck {
    String field = "analysis.checks[" + name + "]";
    if (name == null || !NAME.matcher(name).matches()) {
      throw new InvalidFieldException(
          "analysis.checks[].name",
          "'" + name + "' must be 1-40 lower-case letters, digits or '-', starting with one");
    }
    Fields.required(field + ".type", type);
    source = source == null ? (namespace == null ? Source.ALB : Source.CUSTOM) : source;
    dimensions = dimensions == null ? Map.of() : Map.copyOf(new TreeMap<>(dimensions));
    if (source == Source.ALB) {
      if (namespace != null || metric != null || requestsMetric != null || !dimensions.isEmpty()) {
        throw new InvalidFieldException(
            field,
            "an alb check reads the load balancer's own metrics of each target group; namespace,"
                + " metric, requestsMetric and dimensions belong to a custom check");
      }
      periodSeconds = periodSeconds == null ? 60 : periodSeconds;
      if (periodSeconds < 60 || periodSeconds % 60 != 0) {
        throw new InvalidFieldException(
            field + ".periodSeconds",
            periodSeconds
                + " is not a multiple of 60: the load balancer publishes its metrics once a"
                + " minute, so CloudWatch has nothing finer");
      }
      statistic = type == Type.VALUE ? (statistic == null ? "Average" : statistic) : "Sum";
    } else {
      Fields.text(field + ".namespace", namespace);
      if (namespace.startsWith("AWS/")) {
        throw new InvalidFieldException(
            field + ".namespace", namespace + ": custom checks read the service's own metrics");
      }
      Fields.text(field + ".metric", metric);
      if (type == Type.ERROR_RATE) {
        Fields.text(field + ".requestsMetric", requestsMetric);
      } else if (requestsMetric != null) {
        throw new InvalidFieldException(
            field + ".requestsMetric", "only an errorRate check divides by a requests metric");
      }
      if (dimensions.values().stream().noneMatch(v -> v.contains(VERSION))) {
        throw new InvalidFieldException(
            field + ".dimensions",
            "needs a dimension whose value contains "
                + VERSION
                + " (e.g. \"Version\": \""
                + VERSION
                + "\"), so canary and baseline are told apart");
      }
      periodSeconds = periodSeconds == null ? 60 : periodSeconds;
      if (!(periodSeconds == 1
          || periodSeconds == 5
          || periodSeconds == 10
          || periodSeconds == 20
          || periodSeconds == 30
          || (periodSeconds >= 60 && periodSeconds % 60 == 0))) {
        throw new InvalidFieldException(
            field + ".periodSeconds",
            periodSeconds
                + " is not a period CloudWatch serves: 1, 5, 10, 20 or 30 (high-resolution"
                + " metrics) or a multiple of 60");
      }
      statistic = type == Type.VALUE ? (statistic == null ? "Average" : statistic) : "Sum";
    }
    if (!STATISTIC.matcher(statistic).matches()) {
      throw new InvalidFieldException(
          field + ".statistic",
          statistic + " is not Average, Sum, Minimum, Maximum, SampleCount or a percentile pNN");
    }
    delaySeconds = delaySeconds == null ? (periodSeconds >= 60 ? 60 : 10) : delaySeconds;
    if (delaySeconds < 0 || delaySeconds > 900) {
      throw new InvalidFieldException(field + ".delaySeconds", delaySeconds + " is not 0-900");
    }
    higherIsWorse = higherIsWorse == null || higherIsWorse;
    tolerance = tolerance == null ? 0.2 : tolerance;
    toleranceAbsolute = toleranceAbsolute == null ? 0.0 : toleranceAbsolute;
    if (!(tolerance >= 0 && tolerance <= 10)) {
      throw new InvalidFieldException(field + ".tolerance", tolerance + " is not 0-10");
    }
    if (!(toleranceAbsolute >= 0)) {
      throw new InvalidFieldException(
          field + ".toleranceAbsolute", toleranceAbsolute + " is negative");
    }
    if (minSamples != null) {
      Fields.atLeast(field + ".minSamples", minSamples, 2);
    }
  }

  /** The built-in check of the load balancer's error counts. */
  public static MetricCheck albErrors() {
    return new MetricCheck(
        ALB_ERRORS,
        Type.ERROR_RATE,
        Source.ALB,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  /** The built-in latency check: TargetResponseTime per minute, in milliseconds. */
  public static MetricCheck albLatency(double tolerance, double toleranceMs, Integer minSamples) {
    return new MetricCheck(
        ALB_LATENCY,
        Type.VALUE,
        Source.ALB,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        true,
        tolerance,
        toleranceMs,
        minSamples);
  }

  /** The dimensions of one group: {@value #VERSION} replaced by its git SHA. */
  public Map<String, String> dimensionsFor(String version) {
    Map<String, String> out = new TreeMap<>();
    dimensions.forEach((k, v) -> out.put(k, v.replace(VERSION, version)));
    return out;
  }

  /** How many periods of this check fit in {@code seconds} of traffic, once settled. */
  @JsonIgnore
  public int periodsIn(long seconds) {
    return (int) Math.max(0, (seconds - delaySeconds) / periodSeconds - 1);
  }
}
