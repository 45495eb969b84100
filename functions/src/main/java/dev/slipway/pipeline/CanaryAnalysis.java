package dev.slipway.pipeline;

import dev.slipway.pipeline.model.AnalysisThresholds;
import dev.slipway.pipeline.model.CanaryVerdict;
import dev.slipway.pipeline.model.GroupStats;
import dev.slipway.pipeline.model.Verdict;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;

/**
 * Judges a canary against its baseline on 5xx rate and latency. A canary FAILs only when it is
 * significantly worse beyond the tolerances in {@link AnalysisThresholds} (the tests carry the
 * tolerance as their margin, so equally good groups do not fail by chance); too little traffic is
 * INCONCLUSIVE, never PASS, so a canary is not promoted on no evidence.
 */
public final class CanaryAnalysis {
  private final AnalysisThresholds thresholds;

  public CanaryAnalysis(AnalysisThresholds thresholds) {
    this.thresholds = thresholds;
  }

  /** One check's conclusion; {@code pValue} is null when the test could not run. */
  private record Finding(Verdict verdict, String reason, Double pValue) {}

  /** The verdict for one traffic step; {@code bakeExtensions} is carried into the result. */
  public CanaryVerdict analyze(
      CanarySample baseline, CanarySample canary, int trafficPercent, int bakeExtensions) {
    Finding errors = judgeErrors(baseline, canary);
    Finding latency = judgeLatency(baseline, canary);
    // FAIL outranks INCONCLUSIVE outranks PASS; reasons list the worst first
    List<Finding> findings =
        Stream.of(errors, latency).sorted(Comparator.comparing(CanaryAnalysis::rank)).toList();
    return new CanaryVerdict(
        findings.getFirst().verdict(),
        findings.stream().map(Finding::reason).toList(),
        trafficPercent,
        stats(baseline),
        stats(canary),
        errors.pValue(),
        latency.pValue(),
        bakeExtensions);
  }

  private static int rank(Finding finding) {
    return switch (finding.verdict()) {
      case FAIL -> 0;
      case INCONCLUSIVE -> 1;
      case PASS -> 2;
    };
  }

  private Finding judgeErrors(CanarySample baseline, CanarySample canary) {
    long min = thresholds.minRequestsPerGroup();
    if (baseline.requests() < min || canary.requests() < min) {
      return new Finding(
          Verdict.INCONCLUSIVE,
          format(
              "too little traffic to judge: canary %d, baseline %d requests; need %d in each",
              canary.requests(), baseline.requests(), min),
          null);
    }
    double pHigher = ErrorRateComparison.pValueCanaryWorse(baseline, canary);
    double pBeyond =
        Math.max(
            ErrorRateComparison.pValueAboveRatio(baseline, canary, thresholds.maxErrorRateRatio()),
            ErrorRateComparison.pValueAboveDelta(baseline, canary, thresholds.maxErrorRateDelta()));
    String rates =
        format(
            "5xx rate %s (%d/%d) vs baseline %s (%d/%d)",
            percent(canary.errorRate()),
            canary.errors(),
            canary.requests(),
            percent(baseline.errorRate()),
            baseline.errors(),
            baseline.requests());
    double alpha = thresholds.errorRatePValue();
    double decisive = Math.max(pHigher, pBeyond);
    if (decisive < alpha) {
      return new Finding(
          Verdict.FAIL,
          rates
              + format(
                  ": more than %.3gx and %s above the baseline (p = %.2g)",
                  thresholds.maxErrorRateRatio(),
                  percent(thresholds.maxErrorRateDelta()),
                  decisive),
          decisive);
    }
    String verdict =
        pHigher < alpha
            ? format(": higher (p = %.2g), but within tolerance", pHigher)
            : format(": no worse (p = %.2g)", pHigher);
    return new Finding(Verdict.PASS, rates + verdict, decisive);
  }

  private Finding judgeLatency(CanarySample baseline, CanarySample canary) {
    double[] b = baseline.latenciesMs();
    double[] c = canary.latenciesMs();
    if (b.length == 0 && c.length == 0) {
      return new Finding(
          Verdict.PASS, "no latency samples in either group; judged on 5xx rate only", null);
    }
    int min = thresholds.minLatencySamples();
    if (b.length < min || c.length < min) {
      return new Finding(
          Verdict.INCONCLUSIVE,
          format(
              "too few latency samples: canary %d, baseline %d; need %d in each",
              c.length, b.length, min),
          null);
    }
    double pSlower = LatencyComparison.pValueCanarySlower(b, c);
    double pBeyond =
        LatencyComparison.pValueCanarySlower(
            b, c, thresholds.latencyMinEffect(), thresholds.latencyMinEffectMs());
    String medians = format("median latency %.1f ms vs baseline %.1f ms", median(c), median(b));
    double alpha = thresholds.latencyPValue();
    if (pBeyond < alpha) {
      return new Finding(
          Verdict.FAIL,
          medians
              + format(
                  ": more than %.0f %% and %.0f ms slower (Mann-Whitney p = %.2g)",
                  100 * thresholds.latencyMinEffect(), thresholds.latencyMinEffectMs(), pBeyond),
          pBeyond);
    }
    String verdict =
        pSlower < alpha
            ? format(": slower (Mann-Whitney p = %.2g), but within tolerance", pSlower)
            : format(": no worse (Mann-Whitney p = %.2g)", pSlower);
    return new Finding(Verdict.PASS, medians + verdict, pBeyond);
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
    return format("%.2f %%", 100 * rate);
  }

  private static String format(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }
}
