package dev.slipway.localcloud.ecs;

import java.util.function.Function;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DeregisterTargetsRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DeregisterTargetsResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTargetGroupAttributesRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTargetGroupAttributesResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTargetHealthRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTargetHealthResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RegisterTargetsRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RegisterTargetsResponse;

/**
 * The ELBv2 calls ECS makes for a service with load balancers, as API calls: an {@code
 * ElasticLoadBalancingV2Client} or the local ELBv2 service object fit through {@link #of}.
 */
public interface LoadBalancerTargets {
  RegisterTargetsResponse registerTargets(RegisterTargetsRequest r);

  DeregisterTargetsResponse deregisterTargets(DeregisterTargetsRequest r);

  DescribeTargetHealthResponse describeTargetHealth(DescribeTargetHealthRequest r);

  DescribeTargetGroupAttributesResponse describeTargetGroupAttributes(
      DescribeTargetGroupAttributesRequest r);

  /** Adapts four method references, e.g. {@code of(elb::registerTargets, …)}. */
  static LoadBalancerTargets of(
      Function<RegisterTargetsRequest, RegisterTargetsResponse> register,
      Function<DeregisterTargetsRequest, DeregisterTargetsResponse> deregister,
      Function<DescribeTargetHealthRequest, DescribeTargetHealthResponse> health,
      Function<DescribeTargetGroupAttributesRequest, DescribeTargetGroupAttributesResponse>
          attributes) {
    return new LoadBalancerTargets() {
      @Override
      public RegisterTargetsResponse registerTargets(RegisterTargetsRequest r) {
        return register.apply(r);
      }

      @Override
      public DeregisterTargetsResponse deregisterTargets(DeregisterTargetsRequest r) {
        return deregister.apply(r);
      }

      @Override
      public DescribeTargetHealthResponse describeTargetHealth(DescribeTargetHealthRequest r) {
        return health.apply(r);
      }

      @Override
      public DescribeTargetGroupAttributesResponse describeTargetGroupAttributes(
          DescribeTargetGroupAttributesRequest r) {
        return attributes.apply(r);
      }
    };
  }
}
