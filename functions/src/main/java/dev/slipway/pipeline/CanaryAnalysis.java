package dev.slipway.pipeline;

import dev.slipway.pipeline.model.AnalysisThresholds;
import dev.slipway.pipeline.model.CanaryVerdict;
import dev.slipway.pipeline.model.GroupStats;
import dev.slipway.pipeline.model.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;

/**
 * Judges a canary against its baseline on 5xx rate and latency. A canary FAILs only when it is both
 * statistically and practically worse (thresholds in {@link AnalysisThresholds}); too little
 * traffic is INCONCLUSIVE, never PASS, so a canary is not promoted on no evidence.
 */
public final class CanaryAnalysis {
  private final AnalysisThresholds thresholds;

  public CanaryAnalysis(AnalysisThresholds thresholds) {
    this.thresholds = thresholds;
  }

  /** The verdict for one traffic step; {@code bakeExtensions} is carried into the result. */
  public CanaryVerdict analyze(
      CanarySample baseline, CanarySample canary, int trafficPercent, int bakeExtensions) {
    List<String> failures = new ArrayList<>();
    List<String> doubts = new ArrayList<>();
    List<String> fine = new ArrayList<>();
    Double errorP = judgeErrors(baseline, canary, failures, doubts, fine);
    Double latencyP = judgeLatency(baseline, canary, failures, doubts, fine);

    Verdict verdict =
        !failures.isEmpty()
            ? Verdict.FAIL
            : !doubts.isEmpty() ? Verdict.INCONCLUSIVE : Verdict.PASS;
    List<String> reasons = new ArrayList<>(failures);
    reasons.addAll(doubts);
    reasons.addAll(fine);
    return new CanaryVerdict(
        verdict,
        reasons,
        trafficPercent,
        stats(baseline),
        stats(canary),
        errorP,
        latencyP,
        bakeExtensions);
  }

  private Double judgeErrors(
      CanarySample baseline,
      CanarySample canary,
      List<String> failures,
      List<String> doubts,
      List<String> fine) {
    long min = thresholds.minRequestsPerGroup();
    if (baseline.requests() < min || canary.requests() < min) {
      doubts.add(
          String.format(
              Locale.ROOT,
              "too little traffic to judge: canary %d, baseline %d requests; need %d in each",
              canary.requests(),
              baseline.requests(),
              min));
      return null;
    }
    double p = ErrorRateComparison.pValueCanaryWorse(baseline, canary);
    double base = baseline.errorRate();
    double rate = canary.errorRate();
    String comparison =
        String.format(
            Locale.ROOT,
            "5xx rate %s (%d/%d) vs baseline %s (%d/%d), p = %.2g",
            percent(rate),
            canary.errors(),
            canary.requests(),
            percent(base),
            baseline.errors(),
            baseline.requests(),
            p);
    boolean significant = p < thresholds.errorRatePValue();
    boolean aboveRatio = rate > base * thresholds.maxErrorRateRatio();
    boolean aboveDelta = rate - base > thresholds.maxErrorRateDelta();
    if (significant && aboveRatio && aboveDelta) {
      failures.add(
          comparison
              + String.format(
                  Locale.ROOT,
                  ": more than %.3gx and %s above the baseline",
                  thresholds.maxErrorRateRatio(),
                  percent(thresholds.maxErrorRateDelta())));
    } else {
      fine.add(comparison + (significant ? ": higher, but within tolerance" : ": no worse"));
    }
    return p;
  }

  private Double judgeLatency(
      CanarySample baseline,
      CanarySample canary,
      List<String> failures,
      List<String> doubts,
      List<String> fine) {
    double[] b = baseline.latenciesMs();
    double[] c = canary.latenciesMs();
    if (b.length == 0 && c.length == 0) {
      fine.add("no latency samples in either group; judged on 5xx rate only");
      return null;
    }
    int min = thresholds.minLatencySamples();
    if (b.length < min || c.length < min) {
      doubts.add(
          String.format(
              Locale.ROOT,
              "too few latency samples: canary %d, baseline %d; need %d in each",
              c.length,
              b.length,
              min));
      return null;
    }
    double p = LatencyComparison.pValueCanarySlower(b, c);
    double baseMedian = median(b);
    double canaryMedian = median(c);
    String comparison =
        String.format(
            Locale.ROOT,
            "median latency %.1f ms vs baseline %.1f ms (Mann-Whitney p = %.2g)",
            canaryMedian,
            baseMedian,
            p);
    boolean significant = p < thresholds.latencyPValue();
    boolean material = canaryMedian >= baseMedian * (1 + thresholds.latencyMinEffect());
    if (significant && material) {
      failures.add(
          comparison
              + String.format(
                  Locale.ROOT, ": at least %.0f %% slower", 100 * thresholds.latencyMinEffect()));
    } else {
      fine.add(comparison + (significant ? ": slower, but within tolerance" : ": no worse"));
    }
    return p;
  }

  private static GroupStats stats(CanarySample sample) {
    double[] latencies = sample.latenciesMs();
    boolean any = latencies.length > 0;
    return new GroupStats(
        sample.requests(),
        sample.errors(),
        sample.errorRate(),
        latencies.length,
        any ? median(latencies) : null,
        any ? new Percentile(99).evaluate(latencies) : null);
  }

  private static double median(double[] values) {
    return new Percentile(50).evaluate(values);
  }

  private static String percent(double rate) {
    return String.format(Locale.ROOT, "%.2f %%", 100 * rate);
  }
}
