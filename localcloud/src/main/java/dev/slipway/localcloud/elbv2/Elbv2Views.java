package dev.slipway.localcloud.elbv2;

import java.util.List;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.IpAddressType;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerSchemeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerState;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerStateEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Matcher;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Rule;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

/** Local records as the SDK's response shapes. */
final class Elbv2Views {
  private Elbv2Views() {}

  static LoadBalancer loadBalancer(Elbv2State.LoadBalancer lb) {
    return LoadBalancer.builder()
        .loadBalancerArn(lb.arn())
        .loadBalancerName(lb.name())
        .dnsName(lb.dnsName())
        .canonicalHostedZoneId("Z35SXDOTRQ7X7K")
        .createdTime(lb.created())
        .scheme(LoadBalancerSchemeEnum.INTERNET_FACING)
        .type(LoadBalancerTypeEnum.APPLICATION)
        .ipAddressType(IpAddressType.IPV4)
        .state(LoadBalancerState.builder().code(LoadBalancerStateEnum.ACTIVE).build())
        .build();
  }

  static TargetGroup targetGroup(Elbv2State state, Elbv2State.TargetGroup tg) {
    var hc = tg.healthCheck();
    var lbs =
        state.listeners.values().stream()
            .filter(l -> referencesTargetGroup(state, l, tg.arn()))
            .map(Elbv2State.Listener::loadBalancerArn)
            .distinct()
            .toList();
    return TargetGroup.builder()
        .targetGroupArn(tg.arn())
        .targetGroupName(tg.name())
        .protocol(tg.protocol())
        .port(tg.port())
        .vpcId(tg.vpcId())
        .targetType(TargetTypeEnum.IP)
        .healthCheckEnabled(true)
        .healthCheckProtocol(tg.protocol())
        .healthCheckPort("traffic-port")
        .healthCheckPath(hc.path())
        .healthCheckIntervalSeconds(hc.intervalSeconds())
        .healthCheckTimeoutSeconds(hc.timeoutSeconds())
        .healthyThresholdCount(hc.healthyThreshold())
        .unhealthyThresholdCount(hc.unhealthyThreshold())
        .matcher(Matcher.builder().httpCode(hc.matcher()).build())
        .loadBalancerArns(lbs)
        .build();
  }

  private static boolean referencesTargetGroup(
      Elbv2State state, Elbv2State.Listener l, String tgArn) {
    if (Actions.targetGroupWeights(l.defaultActions()).containsKey(tgArn)) {
      return true;
    }
    return state.rulesOf(l.arn()).stream()
        .anyMatch(r -> Actions.targetGroupWeights(r.actions()).containsKey(tgArn));
  }

  static Listener listener(Elbv2State.Listener l) {
    return Listener.builder()
        .listenerArn(l.arn())
        .loadBalancerArn(l.loadBalancerArn())
        .port(l.port())
        .protocol(l.protocol())
        .defaultActions(l.defaultActions())
        .build();
  }

  static Rule rule(Elbv2State.Rule r) {
    return Rule.builder()
        .ruleArn(r.arn())
        .priority(Integer.toString(r.priority()))
        .conditions(r.conditions())
        .actions(r.actions())
        .isDefault(false)
        .build();
  }

  static Rule defaultRule(Elbv2State.Listener l) {
    return Rule.builder()
        .ruleArn(l.defaultRuleArn())
        .priority("default")
        .conditions(List.of())
        .actions(l.defaultActions())
        .isDefault(true)
        .build();
  }
}
