package dev.slipway.pipeline.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One metric check's conclusion in a canary analysis.
 *
 * @param pValue the p-value that decides FAIL; {@code null} when the check could not run
 * @param alpha the level it was tested at (its share of the per-deploy false-rollback budget)
 * @param baselineSamples periods (value checks) or requests (error-rate checks) of the baseline
 * @param canarySamples the same for the canary
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CheckResult(
    @JsonProperty("name") String name,
    @JsonProperty("verdict") Verdict verdict,
    @JsonProperty("reason") String reason,
    @JsonProperty("pValue") Double pValue,
    @JsonProperty("alpha") double alpha,
    @JsonProperty("baselineSamples") long baselineSamples,
    @JsonProperty("canarySamples") long canarySamples) {

  public CheckResult {
    Fields.required("name", name);
    Fields.required("verdict", verdict);
  }
}
