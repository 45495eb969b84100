package dev.slipway.pipeline.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * The four DORA metrics of one service's environment over a time window. Medians are {@code null}
 * when there was nothing to measure.
 *
 * @param deployments successful deploys (rollbacks are not changes and do not count), including
 *     those whose canary was promoted on an INCONCLUSIVE analysis
 * @param leadTimeMedianSeconds median of commit time → deploy finished, over successful deploys
 * @param failedDeployments deploys that failed or were rolled back, not counting inconclusive
 *     rollbacks
 * @param changeFailureRate failed deploys / all finished deploys except inconclusive rollbacks;
 *     {@code null} without such deploys
 * @param timeToRestoreMedianSeconds median of failed deploy started → service restored
 * @param unrestoredFailures failed deploys with no restore recorded yet (not in the median)
 * @param inconclusiveRollbacks deploys rolled back only because the canary stayed INCONCLUSIVE (too
 *     little traffic to judge): neither a change failure nor a deploy
 * @param inconclusivePromotions successful deploys whose canary passed a step without evidence (the
 *     {@code promote} policy, or a person's approval of a paused canary)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DoraReport(
    @JsonProperty("service") String service,
    @JsonProperty("environment") String environment,
    @JsonProperty("from") Instant from,
    @JsonProperty("to") Instant to,
    @JsonProperty("deployments") int deployments,
    @JsonProperty("deploymentsPerDay") double deploymentsPerDay,
    @JsonProperty("leadTimeMedianSeconds") Long leadTimeMedianSeconds,
    @JsonProperty("failedDeployments") int failedDeployments,
    @JsonProperty("changeFailureRate") Double changeFailureRate,
    @JsonProperty("timeToRestoreMedianSeconds") Long timeToRestoreMedianSeconds,
    @JsonProperty("unrestoredFailures") int unrestoredFailures,
    @JsonProperty("inconclusiveRollbacks") int inconclusiveRollbacks,
    @JsonProperty("inconclusivePromotions") int inconclusivePromotions) {

  public DoraReport {
    Fields.text("service", service);
    Fields.text("environment", environment);
    Fields.required("from", from);
    Fields.required("to", to);
  }
}
