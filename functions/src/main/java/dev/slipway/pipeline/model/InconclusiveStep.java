package dev.slipway.pipeline.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A canary step that passed while its analysis was still INCONCLUSIVE after every bake extension,
 * one entry of {@code $.canaryInconclusive}: promoted by the {@code inconclusiveCanary} policy
 * ({@code promote}) or approved by a person ({@code pause}).
 *
 * @param reasons the analysis' reasons, e.g. "5 canary requests, fewer than 20"
 * @param approver who approved a paused step; {@code null} when the policy promoted it
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record InconclusiveStep(
    @JsonProperty("trafficPercent") int trafficPercent,
    @JsonProperty("stepNumber") int stepNumber,
    @JsonProperty("stepCount") int stepCount,
    @JsonProperty("policy") InconclusivePolicy policy,
    @JsonProperty("reasons") List<String> reasons,
    @JsonProperty("approver") String approver) {

  public InconclusiveStep {
    Fields.percent("trafficPercent", trafficPercent);
    Fields.required("policy", policy);
    reasons = Fields.list(reasons);
  }

  /**
   * One line for people, e.g. {@code canary at 5% (step 1 of 4) INCONCLUSIVE, promoted by the
   * inconclusiveCanary policy: 5 canary requests, fewer than 20}.
   */
  public String describe() {
    String how =
        policy == InconclusivePolicy.PAUSE
            ? "approved by " + (approver == null || approver.isBlank() ? "a person" : approver)
            : "promoted by the inconclusiveCanary policy";
    return "canary at "
        + trafficPercent
        + "% (step "
        + stepNumber
        + " of "
        + stepCount
        + ") INCONCLUSIVE, "
        + how
        + (reasons.isEmpty() ? "" : ": " + String.join("; ", reasons));
  }
}
