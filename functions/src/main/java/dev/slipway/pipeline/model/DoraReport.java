package dev.slipway.pipeline.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * The four DORA metrics of one service's environment over a time window. Medians are {@code null}
 * when there was nothing to measure.
 *
 * @param deployments successful deploys (rollbacks are not changes and do not count)
 * @param leadTimeMedianSeconds median of commit time → deploy finished, over successful deploys
 * @param changeFailureRate failed or rolled-back deploys / all finished deploys; {@code null}
 *     without deploys
 * @param timeToRestoreMedianSeconds median of failed deploy started → service restored
 * @param unrestoredFailures failed deploys with no restore recorded yet (not in the median)
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
    @JsonProperty("unrestoredFailures") int unrestoredFailures) {

  public DoraReport {
    Fields.text("service", service);
    Fields.text("environment", environment);
    Fields.required("from", from);
    Fields.required("to", to);
  }
}
