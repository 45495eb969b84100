package dev.slipway.localcloud.ecs;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.*;

/** ELBv2 targets in memory: a registered target is healthy at once, deregistration is instant. */
final class FakeTargets implements LoadBalancerTargets {
  final Set<String> registered = ConcurrentHashMap.newKeySet();

  @Override
  public RegisterTargetsResponse registerTargets(RegisterTargetsRequest r) {
    r.targets().forEach(t -> registered.add(r.targetGroupArn() + "|" + t.port()));
    return RegisterTargetsResponse.builder().build();
  }

  @Override
  public DeregisterTargetsResponse deregisterTargets(DeregisterTargetsRequest r) {
    r.targets().forEach(t -> registered.remove(r.targetGroupArn() + "|" + t.port()));
    return DeregisterTargetsResponse.builder().build();
  }

  @Override
  public DescribeTargetHealthResponse describeTargetHealth(DescribeTargetHealthRequest r) {
    var out =
        registered.stream()
            .filter(k -> k.startsWith(r.targetGroupArn() + "|"))
            .map(
                k ->
                    TargetHealthDescription.builder()
                        .target(
                            TargetDescription.builder()
                                .id("127.0.0.1")
                                .port(Integer.parseInt(k.substring(k.indexOf('|') + 1)))
                                .build())
                        .targetHealth(h -> h.state(TargetHealthStateEnum.HEALTHY))
                        .build())
            .toList();
    return DescribeTargetHealthResponse.builder().targetHealthDescriptions(out).build();
  }

  @Override
  public DescribeTargetGroupAttributesResponse describeTargetGroupAttributes(
      DescribeTargetGroupAttributesRequest r) {
    return DescribeTargetGroupAttributesResponse.builder()
        .attributes(
            List.of(
                TargetGroupAttribute.builder()
                    .key("deregistration_delay.timeout_seconds")
                    .value("0")
                    .build()))
        .build();
  }
}
