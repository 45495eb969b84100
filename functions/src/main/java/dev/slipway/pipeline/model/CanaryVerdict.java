package dev.slipway.pipeline.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The canary analysis of one traffic step, under {@code $.analysis}.
 *
 * @param reasons human-readable, one per finding, e.g. "5xx rate 4.1 % vs baseline 0.2 % (p =
 *     0.0001)"
 * @param errorRatePValue the p-value that decides FAIL on errors: canary 5xx rate higher than the
 *     baseline's beyond both tolerances (the largest of the one-sided tests); {@code null} if not
 *     run
 * @param latencyPValue one-sided Mann-Whitney p-value of "canary slower than baseline + the
 *     tolerated effect"; {@code null} if not run
 * @param bakeExtensions how many times this step's bake has been extended so far
 * @param checks every check's own conclusion, in the order of {@code analysis.checks}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CanaryVerdict(
    @JsonProperty("verdict") Verdict verdict,
    @JsonProperty("reasons") List<String> reasons,
    @JsonProperty("trafficPercent") int trafficPercent,
    @JsonProperty("baseline") GroupStats baseline,
    @JsonProperty("canary") GroupStats canary,
    @JsonProperty("errorRatePValue") Double errorRatePValue,
    @JsonProperty("latencyPValue") Double latencyPValue,
    @JsonProperty("bakeExtensions") int bakeExtensions,
    @JsonProperty("checks") List<CheckResult> checks) {

  public CanaryVerdict {
    Fields.required("verdict", verdict);
    reasons = Fields.list(reasons);
    Fields.percent("trafficPercent", trafficPercent);
    Fields.atLeast("bakeExtensions", bakeExtensions, 0);
    checks = Fields.list(checks);
  }

  /** The same analysis after one more bake extension with the given verdict and reasons. */
  public CanaryVerdict withVerdict(Verdict newVerdict, List<String> newReasons, int extensions) {
    return new CanaryVerdict(
        newVerdict,
        newReasons,
        trafficPercent,
        baseline,
        canary,
        errorRatePValue,
        latencyPValue,
        extensions,
        checks);
  }
}
