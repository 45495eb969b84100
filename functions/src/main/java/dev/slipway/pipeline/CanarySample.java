package dev.slipway.pipeline;

import java.util.Arrays;

/**
 * One target group's traffic during a bake: request and 5xx counts, and latency samples in
 * milliseconds (per-request values, or per-period statistics such as one-minute CloudWatch
 * datapoints of {@code TargetResponseTime}; both groups must use the same kind).
 */
public record CanarySample(long requests, long errors, double[] latenciesMs) {

  public CanarySample {
    if (requests < 0 || errors < 0 || errors > requests) {
      throw new IllegalArgumentException(
          errors + " errors out of " + requests + " requests is not a valid sample");
    }
    latenciesMs = latenciesMs == null ? new double[0] : latenciesMs.clone();
  }

  /**
   * A sample from per-period metric series of one target group, as CloudWatch {@code GetMetricData}
   * returns them for an ALB: {@code RequestCount} (Sum), {@code HTTPCode_Target_5XX_Count} (Sum)
   * and {@code TargetResponseTime} (in seconds, one statistic per period). A period missing from a
   * count series had no requests; missing latencies are skipped.
   */
  public static CanarySample fromPeriods(
      double[] requestCounts, double[] errorCounts, double[] latencySeconds) {
    long requests = Math.round(Arrays.stream(requestCounts).sum());
    long errors = Math.round(Arrays.stream(errorCounts).sum());
    double[] latenciesMs =
        Arrays.stream(latencySeconds)
            .filter(Double::isFinite)
            .map(seconds -> seconds * 1000)
            .toArray();
    return new CanarySample(requests, Math.min(errors, requests), latenciesMs);
  }

  /** The 5xx share of requests; 0 without requests. */
  public double errorRate() {
    return requests == 0 ? 0.0 : (double) errors / requests;
  }

  @Override
  public double[] latenciesMs() {
    return latenciesMs.clone();
  }
}
