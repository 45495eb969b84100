package dev.slipway.functions;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Where one environment runs, from {@code SLIPWAY_ENVIRONMENTS} (the CDK app resolves the ARNs).
 *
 * @param service the ECS service behind {@code blueTargetGroupArn}; the only one for rolling
 * @param greenService the ECS service behind {@code greenTargetGroupArn} (blue-green and canary)
 * @param ruleArn the listener rule whose forward action is weighted; {@code null} to weight the
 *     listener's default action instead
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EnvironmentTarget(
    @JsonProperty("cluster") String cluster,
    @JsonProperty("service") String service,
    @JsonProperty("greenService") String greenService,
    @JsonProperty("taskFamily") String taskFamily,
    @JsonProperty("containerName") String containerName,
    @JsonProperty("listenerArn") String listenerArn,
    @JsonProperty("testListenerArn") String testListenerArn,
    @JsonProperty("ruleArn") String ruleArn,
    @JsonProperty("blueTargetGroupArn") String blueTargetGroupArn,
    @JsonProperty("greenTargetGroupArn") String greenTargetGroupArn,
    @JsonProperty("loadBalancerFullName") String loadBalancerFullName,
    @JsonProperty("url") String url,
    @JsonProperty("testUrl") String testUrl) {

  /** Whether this environment has the second service and target group weighted deploys need. */
  public boolean supportsWeightedTraffic() {
    return greenService != null
        && blueTargetGroupArn != null
        && greenTargetGroupArn != null
        && (listenerArn != null || ruleArn != null);
  }

  /** The ECS service serving the given target group. */
  public String serviceFor(String targetGroupArn) {
    return targetGroupArn.equals(greenTargetGroupArn) ? greenService : service;
  }

  /** The other target group of the pair. */
  public String otherTargetGroup(String targetGroupArn) {
    return targetGroupArn.equals(greenTargetGroupArn) ? blueTargetGroupArn : greenTargetGroupArn;
  }
}
