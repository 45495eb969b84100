package dev.slipway.pipeline.bench;

import java.util.List;

/**
 * How the canary behaves next to its baseline. The baseline always answers 0.1 % of requests with a
 * 5xx. A crash-looping canary's task is up {@link #CRASH_UP_SECONDS} of every {@link
 * #CRASH_CYCLE_SECONDS}, answering most of those requests with a 5xx; while it is down, the
 * requests the load balancer routes to it are connection errors (502, TargetConnectionErrorCount)
 * and the target is unhealthy (UnHealthyHostCount), which the service's own metrics never see: to
 * them the canary just answers fewer requests.
 */
record Scenario(
    String name,
    boolean regression,
    Latency baselineLatency,
    Latency canaryLatency,
    double canaryErrorRate,
    boolean crashLoop) {

  static final double BASELINE_ERROR_RATE = 0.001;
  static final int CRASH_CYCLE_SECONDS = 40;
  static final int CRASH_UP_SECONDS = 10;

  /** Identical versions first, then the regressions the judge should catch. */
  static List<Scenario> all() {
    Latency normal = new Latency(50, 0.5);
    // the same median with a heavier tail: p99 × 1.5 (the mean only about + 11 %)
    Latency tail = new Latency(50, 0.5 + Math.log(1.5) / Latency.Z99);
    return List.of(
        new Scenario("identical", false, normal, normal, BASELINE_ERROR_RATE, false),
        new Scenario("5xx x2", true, normal, normal, 2 * BASELINE_ERROR_RATE, false),
        new Scenario(
            "latency x1.5", true, normal, new Latency(75, 0.5), BASELINE_ERROR_RATE, false),
        new Scenario("p99 +50%", true, normal, tail, BASELINE_ERROR_RATE, false),
        new Scenario(
            "+150 ms",
            true,
            new Latency(0.3, 0.5),
            new Latency(154, 0.5),
            BASELINE_ERROR_RATE,
            false),
        new Scenario("crash-loop", true, normal, normal, 0.8, true));
  }
}
