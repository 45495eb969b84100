package dev.slipway.localcloud.console;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.localcloud.protocol.Json;
import dev.slipway.localcloud.server.ServiceRegistry;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeListenersRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeListenersResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeLoadBalancersRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeLoadBalancersResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTargetGroupsRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTargetGroupsResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupTuple;

/**
 * The traffic split of every load balancer listener (ELBv2 DescribeListeners' weighted forward
 * actions): during a canary, the baseline and canary target groups with their weights.
 */
final class TrafficView {
  private TrafficView() {}

  /** {@code [{loadBalancer, port, targets:[{targetGroup, weight}]}]}, empty without ELBv2. */
  static ArrayNode of(ServiceRegistry services) {
    ArrayNode out = Json.MAPPER.createArrayNode();
    if (services.bySigningName("elasticloadbalancing") == null) {
      return out;
    }
    try {
      DescribeTargetGroupsResponse groups =
          services.call(DescribeTargetGroupsRequest.builder().build());
      Map<String, String> names = new HashMap<>();
      groups.targetGroups().forEach(g -> names.put(g.targetGroupArn(), g.targetGroupName()));
      DescribeLoadBalancersResponse lbs =
          services.call(DescribeLoadBalancersRequest.builder().build());
      for (var lb : lbs.loadBalancers()) {
        DescribeListenersResponse listeners =
            services.call(
                DescribeListenersRequest.builder().loadBalancerArn(lb.loadBalancerArn()).build());
        for (var listener : listeners.listeners()) {
          ObjectNode row = out.addObject();
          row.put("loadBalancer", lb.loadBalancerName()).put("port", listener.port());
          ArrayNode targets = row.putArray("targets");
          for (Action a : listener.defaultActions()) {
            if (a.forwardConfig() != null && a.forwardConfig().hasTargetGroups()) {
              for (TargetGroupTuple t : a.forwardConfig().targetGroups()) {
                targets
                    .addObject()
                    .put("targetGroup", names.getOrDefault(t.targetGroupArn(), t.targetGroupArn()))
                    .put("weight", t.weight() == null ? 1 : t.weight());
              }
            } else if (a.targetGroupArn() != null) {
              targets
                  .addObject()
                  .put("targetGroup", names.getOrDefault(a.targetGroupArn(), a.targetGroupArn()))
                  .put("weight", 100);
            }
          }
        }
      }
    } catch (AwsServiceException e) {
      out.removeAll();
    }
    return out;
  }
}
