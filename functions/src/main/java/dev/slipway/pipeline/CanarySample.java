package dev.slipway.pipeline;

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

  /** The 5xx share of requests; 0 without requests. */
  public double errorRate() {
    return requests == 0 ? 0.0 : (double) errors / requests;
  }

  @Override
  public double[] latenciesMs() {
    return latenciesMs.clone();
  }
}
