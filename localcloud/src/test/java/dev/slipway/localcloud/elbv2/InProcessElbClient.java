package dev.slipway.localcloud.elbv2;

import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.*;

/**
 * The ELBv2 service object behind the SDK client interface, so tests read like client code (the
 * client's {@code Consumer<Builder>} overloads come for free) until they run over the wire.
 */
final class InProcessElbClient implements ElasticLoadBalancingV2Client {
  private final Elbv2Service service;

  InProcessElbClient(Elbv2Service service) {
    this.service = service;
  }

  @Override
  public CreateLoadBalancerResponse createLoadBalancer(CreateLoadBalancerRequest r) {
    return service.createLoadBalancer(r);
  }

  @Override
  public DescribeLoadBalancersResponse describeLoadBalancers(DescribeLoadBalancersRequest r) {
    return service.describeLoadBalancers(r);
  }

  @Override
  public CreateTargetGroupResponse createTargetGroup(CreateTargetGroupRequest r) {
    return service.createTargetGroup(r);
  }

  @Override
  public DescribeTargetGroupsResponse describeTargetGroups(DescribeTargetGroupsRequest r) {
    return service.describeTargetGroups(r);
  }

  @Override
  public ModifyTargetGroupAttributesResponse modifyTargetGroupAttributes(
      ModifyTargetGroupAttributesRequest r) {
    return service.modifyTargetGroupAttributes(r);
  }

  @Override
  public DescribeTargetGroupAttributesResponse describeTargetGroupAttributes(
      DescribeTargetGroupAttributesRequest r) {
    return service.describeTargetGroupAttributes(r);
  }

  @Override
  public RegisterTargetsResponse registerTargets(RegisterTargetsRequest r) {
    return service.registerTargets(r);
  }

  @Override
  public DeregisterTargetsResponse deregisterTargets(DeregisterTargetsRequest r) {
    return service.deregisterTargets(r);
  }

  @Override
  public DescribeTargetHealthResponse describeTargetHealth(DescribeTargetHealthRequest r) {
    return service.describeTargetHealth(r);
  }

  @Override
  public CreateListenerResponse createListener(CreateListenerRequest r) {
    return service.createListener(r);
  }

  @Override
  public DescribeListenersResponse describeListeners(DescribeListenersRequest r) {
    return service.describeListeners(r);
  }

  @Override
  public ModifyListenerResponse modifyListener(ModifyListenerRequest r) {
    return service.modifyListener(r);
  }

  @Override
  public CreateRuleResponse createRule(CreateRuleRequest r) {
    return service.createRule(r);
  }

  @Override
  public ModifyRuleResponse modifyRule(ModifyRuleRequest r) {
    return service.modifyRule(r);
  }

  @Override
  public DescribeRulesResponse describeRules(DescribeRulesRequest r) {
    return service.describeRules(r);
  }

  @Override
  public DeleteRuleResponse deleteRule(DeleteRuleRequest r) {
    return service.deleteRule(r);
  }

  @Override
  public String serviceName() {
    return SERVICE_NAME;
  }

  @Override
  public void close() {}
}
