package dev.slipway.pipeline.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * A finished ECS deployment of one environment, under {@code $.staging} / {@code $.production}.
 *
 * @param previousTaskDefinitionArn what served before: the rollback target
 * @param deploymentId the ECS deployment id that reached COMPLETED
 * @param trafficPercent share of traffic on the new revision when this step finished (100 for
 *     rolling and after a blue-green switch; the current step for canary)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DeploymentResult(
    @JsonProperty("environment") String environment,
    @JsonProperty("strategy") Strategy strategy,
    @JsonProperty("taskDefinitionArn") String taskDefinitionArn,
    @JsonProperty("previousTaskDefinitionArn") String previousTaskDefinitionArn,
    @JsonProperty("deploymentId") String deploymentId,
    @JsonProperty("image") String image,
    @JsonProperty("trafficPercent") int trafficPercent,
    @JsonProperty("startedAt") Instant startedAt,
    @JsonProperty("finishedAt") Instant finishedAt) {

  public DeploymentResult {
    Fields.text("environment", environment);
    Fields.required("strategy", strategy);
    Fields.text("taskDefinitionArn", taskDefinitionArn);
    Fields.percent("trafficPercent", trafficPercent);
  }
}
