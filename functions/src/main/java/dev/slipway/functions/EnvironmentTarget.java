package dev.slipway.functions;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Where one environment runs, from {@code SLIPWAY_ENVIRONMENTS} (the CDK app resolves the ARNs;
 * statemachines/CONTRACT.md describes the layout).
 *
 * @param service the blue service (same as {@code blueService}); the only one for rolling
 * @param desiredCount tasks per service when deployed; {@code null}: keep the live service's count,
 *     at least 1
 * @param ruleArn the production listener rule whose forward action is weighted; {@code null} to
 *     weight the listener's default action instead
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EnvironmentTarget(
    @JsonProperty("cluster") String cluster,
    @JsonProperty("service") String service,
    @JsonProperty("blueService") String blueService,
    @JsonProperty("greenService") String greenService,
    @JsonProperty("taskFamily") String taskFamily,
    @JsonProperty("containerName") String containerName,
    @JsonProperty("desiredCount") Integer desiredCount,
    @JsonProperty("listenerArn") String listenerArn,
    @JsonProperty("testListenerArn") String testListenerArn,
    @JsonProperty("ruleArn") String ruleArn,
    @JsonProperty("blueTargetGroupArn") String blueTargetGroupArn,
    @JsonProperty("greenTargetGroupArn") String greenTargetGroupArn,
    @JsonProperty("blueTargetGroupFullName") String blueTargetGroupFullName,
    @JsonProperty("greenTargetGroupFullName") String greenTargetGroupFullName,
    @JsonProperty("loadBalancerFullName") String loadBalancerFullName,
    @JsonProperty("url") String url,
    @JsonProperty("testUrl") String testUrl) {

  public EnvironmentTarget {
    blueService = blueService == null ? service : blueService;
    service = service == null ? blueService : service;
  }

  /** Whether this environment has the second service and target group weighted deploys need. */
  public boolean supportsWeightedTraffic() {
    return greenService != null
        && blueTargetGroupArn != null
        && greenTargetGroupArn != null
        && (listenerArn != null || ruleArn != null);
  }

  /** The environment's ECS services: blue, and green when it has one. */
  public List<String> services() {
    return greenService == null || greenService.equals(blueService)
        ? List.of(blueService)
        : List.of(blueService, greenService);
  }

  /** The ECS service serving the given target group. */
  public String serviceFor(String targetGroupArn) {
    return targetGroupArn.equals(greenTargetGroupArn) ? greenService : blueService;
  }

  /** The target group the given ECS service serves. */
  public String targetGroupOf(String serviceName) {
    return serviceName.equals(greenService) ? greenTargetGroupArn : blueTargetGroupArn;
  }

  /** The other target group of the pair. */
  public String otherTargetGroup(String targetGroupArn) {
    return targetGroupArn.equals(greenTargetGroupArn) ? blueTargetGroupArn : greenTargetGroupArn;
  }

  /** CloudWatch's {@code TargetGroup} dimension ({@code targetgroup/<name>/<id>}). */
  public String targetGroupDimension(String targetGroupArn) {
    String fullName =
        targetGroupArn.equals(greenTargetGroupArn)
            ? greenTargetGroupFullName
            : blueTargetGroupFullName;
    if (fullName != null) {
      return fullName;
    }
    int at = targetGroupArn.indexOf("targetgroup/");
    return at < 0 ? targetGroupArn : targetGroupArn.substring(at);
  }
}
