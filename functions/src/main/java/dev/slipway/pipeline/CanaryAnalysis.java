package dev.slipway.pipeline;

import dev.slipway.pipeline.model.AnalysisThresholds;
import dev.slipway.pipeline.model.CanaryVerdict;
import dev.slipway.pipeline.model.CheckResult;
import dev.slipway.pipeline.model.GroupStats;
import dev.slipway.pipeline.model.MetricCheck;
import dev.slipway.pipeline.model.PipelineConfig;
import dev.slipway.pipeline.model.Verdict;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;

/**
 * Judges a canary against its baseline, check by check ({@link MetricCheck}: error rates and
 * per-period values such as latency). A check FAILs only when the canary is significantly worse
 * beyond its tolerances (the tests carry the tolerance as their margin, so equally good groups do
 * not fail by chance), each test at its share of the per-deploy false-rollback budget ({@link
 * AnalysisThresholds#alphaPerLook}); too little data is INCONCLUSIVE, never PASS, so a canary is
 * not promoted on no evidence.
 */
public final class CanaryAnalysis {
  private final AnalysisThresholds thresholds;
  private final int steps;
  private final int maxBakeExtensions;

  /** An analysis of one look of a single-step canary without extensions (tests, tools). */
  public CanaryAnalysis(AnalysisThresholds thresholds) {
    this(thresholds, 1, 0);
  }

  /** An analysis whose budget is spread over {@code steps} × (1 + {@code maxBakeExtensions}). */
  public CanaryAnalysis(AnalysisThresholds thresholds, int steps, int maxBakeExtensions) {
    this.thresholds = thresholds;
    this.steps = steps;
    this.maxBakeExtensions = maxBakeExtensions;
  }

  /** The analysis a pipeline config asks for. */
  public static CanaryAnalysis of(PipelineConfig config) {
    return new CanaryAnalysis(
        config.analysis(), config.canarySteps().size(), config.maxBakeExtensions());
  }

  /**
   * What one check observed in each group over the analysis window. For an error-rate check the
   * samples carry request and error counts; for a value check, {@code latenciesMs} holds the
   * per-period values (in the check's unit). {@code canaryUnhealthyPeriods} / {@code
   * baselineUnhealthyPeriods}: periods in which the group's target group had an unhealthy target
   * (load-balancer checks only, else 0).
   */
  public record CheckData(
      MetricCheck check,
      CanarySample baseline,
      CanarySample canary,
      int baselineUnhealthyPeriods,
      int canaryUnhealthyPeriods) {

    public CheckData(MetricCheck check, CanarySample baseline, CanarySample canary) {
      this(check, baseline, canary, 0, 0);
    }
  }

  /** The built-in checks' verdict for one traffic step from one sample per group. */
  public CanaryVerdict analyze(
      CanarySample baseline, CanarySample canary, int trafficPercent, int bakeExtensions) {
    List<CheckData> data = new ArrayList<>();
    for (MetricCheck check : thresholds.checks()) {
      data.add(new CheckData(check, baseline, canary));
    }
    return analyze(data, trafficPercent, bakeExtensions);
  }

  /** The verdict for one traffic step; {@code bakeExtensions} is carried into the result. */
  public CanaryVerdict analyze(List<CheckData> data, int trafficPercent, int bakeExtensions) {
    List<CheckResult> results = new ArrayList<>();
    CanarySample baselineCounts = null;
    CanarySample canaryCounts = null;
    double[] baselineValues = new double[0];
    double[] canaryValues = new double[0];
    Double errorP = null;
    Double valueP = null;
    boolean counts = false;
    boolean values = false;
    for (CheckData d : data) {
      double alpha = thresholds.alphaOf(d.check(), steps, maxBakeExtensions);
      CheckResult result =
          d.check().type() == MetricCheck.Type.ERROR_RATE
              ? judgeErrors(d, alpha)
              : judgeValues(d, alpha);
      results.add(result);
      if (d.check().type() == MetricCheck.Type.ERROR_RATE && !counts) {
        counts = true;
        baselineCounts = d.baseline();
        canaryCounts = d.canary();
        errorP = result.pValue();
      } else if (d.check().type() == MetricCheck.Type.VALUE && !values) {
        values = true;
        baselineValues = d.baseline().latenciesMs();
        canaryValues = d.canary().latenciesMs();
        valueP = result.pValue();
      }
    }
    // FAIL outranks INCONCLUSIVE outranks PASS; reasons list the worst first
    List<CheckResult> worstFirst =
        results.stream().sorted(Comparator.comparing(CanaryAnalysis::rank)).toList();
    return new CanaryVerdict(
        worstFirst.isEmpty() ? Verdict.INCONCLUSIVE : worstFirst.getFirst().verdict(),
        worstFirst.stream().map(CheckResult::reason).toList(),
        trafficPercent,
        stats(baselineCounts, baselineValues),
        stats(canaryCounts, canaryValues),
        errorP,
        valueP,
        bakeExtensions,
        results);
  }

  private static int rank(CheckResult result) {
    return switch (result.verdict()) {
      case FAIL -> 0;
      case INCONCLUSIVE -> 1;
      case PASS -> 2;
    };
  }

  private CheckResult judgeErrors(CheckData d, double alpha) {
    MetricCheck check = d.check();
    CanarySample baseline = d.baseline();
    CanarySample canary = d.canary();
    String label = builtIn(check) ? "5xx rate" : check.name() + " error rate";
    if (d.canaryUnhealthyPeriods() > 0 && d.baselineUnhealthyPeriods() == 0) {
      return result(
          check,
          Verdict.FAIL,
          format(
              "the canary's target group had unhealthy targets in %d period(s) of %d s, the"
                  + " baseline's none",
              d.canaryUnhealthyPeriods(), check.periodSeconds()),
          null,
          alpha,
          baseline.requests(),
          canary.requests());
    }
    long min = thresholds.minRequestsPerGroup();
    if (baseline.requests() < min || canary.requests() < min) {
      return result(
          check,
          Verdict.INCONCLUSIVE,
          format(
              "too little traffic to judge%s: canary %d, baseline %d requests; need %d in each",
              builtIn(check) ? "" : " " + check.name(),
              canary.requests(),
              baseline.requests(),
              min),
          null,
          alpha,
          baseline.requests(),
          canary.requests());
    }
    double pHigher = ErrorRateComparison.pValueCanaryWorse(baseline, canary);
    double pBeyond =
        Math.max(
            ErrorRateComparison.pValueAboveRatio(baseline, canary, thresholds.maxErrorRateRatio()),
            ErrorRateComparison.pValueAboveDelta(baseline, canary, thresholds.maxErrorRateDelta()));
    String rates =
        format(
            "%s %s (%d/%d) vs baseline %s (%d/%d)",
            label,
            percent(canary.errorRate()),
            canary.errors(),
            canary.requests(),
            percent(baseline.errorRate()),
            baseline.errors(),
            baseline.requests());
    double decisive = Math.max(pHigher, pBeyond);
    if (decisive < alpha) {
      return result(
          check,
          Verdict.FAIL,
          rates
              + format(
                  ": more than %.3gx and %s above the baseline (p = %.2g < %.2g)",
                  thresholds.maxErrorRateRatio(),
                  percent(thresholds.maxErrorRateDelta()),
                  decisive,
                  alpha),
          decisive,
          alpha,
          baseline.requests(),
          canary.requests());
    }
    String verdict =
        pHigher < alpha
            ? format(": higher (p = %.2g), but within tolerance", pHigher)
            : format(": no worse (p = %.2g)", pHigher);
    return result(
        check,
        Verdict.PASS,
        rates + verdict,
        decisive,
        alpha,
        baseline.requests(),
        canary.requests());
  }

  private CheckResult judgeValues(CheckData d, double alpha) {
    MetricCheck check = d.check();
    double[] b = d.baseline().latenciesMs();
    double[] c = d.canary().latenciesMs();
    boolean latency = builtIn(check);
    String unit = latency ? " ms" : "";
    String what = latency ? "latency" : check.name();
    if (b.length == 0 && c.length == 0 && latency) {
      return result(
          check,
          Verdict.PASS,
          "no latency samples in either group; judged on 5xx rate only",
          null,
          alpha,
          0,
          0);
    }
    int min =
        check.minSamples() != null
            ? check.minSamples()
            : AnalysisThresholds.minSamplesToFail(alpha);
    if (b.length < min || c.length < min) {
      return result(
          check,
          Verdict.INCONCLUSIVE,
          format(
              "too few %s samples: canary %d, baseline %d; need %d in each",
              what, c.length, b.length, min),
          null,
          alpha,
          b.length,
          c.length);
    }
    double tolerance = check.tolerance();
    double absolute = check.toleranceAbsolute();
    double pWorse;
    double pBeyond;
    if (check.higherIsWorse()) {
      pWorse = LatencyComparison.pValueCanarySlower(b, c);
      pBeyond = LatencyComparison.pValueCanarySlower(b, c, tolerance, absolute);
    } else {
      double[] deflated = b.clone();
      for (int i = 0; i < deflated.length; i++) {
        deflated[i] = Math.min(deflated[i] * (1 - tolerance), deflated[i] - absolute);
      }
      pWorse = LatencyComparison.pValueCanarySlower(c, b);
      pBeyond = LatencyComparison.pValueCanarySlower(c, deflated);
    }
    String medians =
        format(
            "median %s%s %.1f%s vs baseline %.1f%s",
            what,
            latency ? "" : " (" + check.statistic() + " per " + check.periodSeconds() + " s)",
            median(c),
            unit,
            median(b),
            unit);
    String worse = check.higherIsWorse() ? "higher" : "lower";
    if (latency) {
      worse = "slower";
    }
    if (pBeyond < alpha) {
      return result(
          check,
          Verdict.FAIL,
          medians
              + format(
                  ": more than %.0f %% and %s%s %s (Mann-Whitney p = %.2g < %.2g)",
                  100 * tolerance, trim(absolute), unit, worse, pBeyond, alpha),
          pBeyond,
          alpha,
          b.length,
          c.length);
    }
    String verdict =
        pWorse < alpha
            ? format(": %s (Mann-Whitney p = %.2g), but within tolerance", worse, pWorse)
            : format(": no worse (Mann-Whitney p = %.2g)", pWorse);
    return result(check, Verdict.PASS, medians + verdict, pBeyond, alpha, b.length, c.length);
  }

  private static boolean builtIn(MetricCheck check) {
    return check.source() == MetricCheck.Source.ALB;
  }

  private static CheckResult result(
      MetricCheck check,
      Verdict verdict,
      String reason,
      Double pValue,
      double alpha,
      long baselineSamples,
      long canarySamples) {
    return new CheckResult(
        check.name(), verdict, reason, pValue, alpha, baselineSamples, canarySamples);
  }

  private static GroupStats stats(CanarySample counts, double[] values) {
    boolean any = values.length > 0;
    return new GroupStats(
        counts == null ? 0 : counts.requests(),
        counts == null ? 0 : counts.errors(),
        counts == null ? 0 : counts.errorRate(),
        values.length,
        any ? median(values) : null,
        any ? new Percentile(99).evaluate(values) : null);
  }

  private static double median(double[] values) {
    return new Percentile(50).evaluate(values);
  }

  private static String trim(double value) {
    return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
  }

  private static String percent(double rate) {
    return format("%.2f %%", 100 * rate);
  }

  private static String format(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }
}
