package dev.slipway.functions;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeListenersRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeListenersResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeRulesRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeRulesResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ModifyListenerRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ModifyListenerResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ModifyRuleRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ModifyRuleResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Rule;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupTuple;

/** Listener rules and listeners with their actions; weights read back as set. */
final class FakeElb implements ElasticLoadBalancingV2Client {
  final Map<String, List<Action>> rules = new HashMap<>();
  final Map<String, List<Action>> listeners = new HashMap<>();
  final List<String> calls = new ArrayList<>();

  /** Listener ARN → its non-default rules (ARN → priority), as DescribeRules lists them. */
  final Map<String, Map<String, String>> listenerRules = new HashMap<>();

  /** A non-default rule on {@code listenerArn} forwarding to {@code targetGroup}. */
  void forwardRule(String listenerArn, String ruleArn, String priority, String targetGroup) {
    listenerRules
        .computeIfAbsent(listenerArn, l -> new java.util.LinkedHashMap<>())
        .put(ruleArn, priority);
    rules.put(
        ruleArn,
        List.of(Action.builder().type(ActionTypeEnum.FORWARD).targetGroupArn(targetGroup).build()));
  }

  @Override
  public String serviceName() {
    return "elasticloadbalancing";
  }

  @Override
  public void close() {}

  /** A weighted forward on the rule. */
  void weights(String ruleArn, String blue, int blueWeight, String green, int greenWeight) {
    rules.put(
        ruleArn,
        List.of(
            Action.builder()
                .type(ActionTypeEnum.FORWARD)
                .forwardConfig(
                    f ->
                        f.targetGroups(
                            TargetGroupTuple.builder()
                                .targetGroupArn(blue)
                                .weight(blueWeight)
                                .build(),
                            TargetGroupTuple.builder()
                                .targetGroupArn(green)
                                .weight(greenWeight)
                                .build()))
                .build()));
  }

  /** The weight the rule gives the target group now. */
  int weight(String ruleArn, String targetGroup) {
    for (Action action : rules.get(ruleArn)) {
      for (TargetGroupTuple tuple : action.forwardConfig().targetGroups()) {
        if (tuple.targetGroupArn().equals(targetGroup)) {
          return tuple.weight();
        }
      }
    }
    return 0;
  }

  @Override
  public DescribeRulesResponse describeRules(DescribeRulesRequest request) {
    calls.add(
        "DescribeRules "
            + (request.listenerArn() != null ? request.listenerArn() : request.ruleArns()));
    List<Rule> found = new ArrayList<>();
    if (request.listenerArn() != null) {
      // the default rule comes last, as ELBv2 lists it
      listenerRules
          .getOrDefault(request.listenerArn(), Map.of())
          .forEach(
              (arn, priority) ->
                  found.add(
                      Rule.builder()
                          .ruleArn(arn)
                          .priority(priority)
                          .isDefault(false)
                          .actions(rules.getOrDefault(arn, List.of()))
                          .build()));
      found.add(
          Rule.builder()
              .ruleArn(request.listenerArn().replace(":listener/", ":listener-rule/") + "/default")
              .priority("default")
              .isDefault(true)
              .actions(listeners.getOrDefault(request.listenerArn(), List.of()))
              .build());
      return DescribeRulesResponse.builder().rules(found).build();
    }
    for (String arn : request.ruleArns()) {
      found.add(Rule.builder().ruleArn(arn).actions(rules.getOrDefault(arn, List.of())).build());
    }
    return DescribeRulesResponse.builder().rules(found).build();
  }

  @Override
  public DescribeListenersResponse describeListeners(DescribeListenersRequest request) {
    List<Listener> found = new ArrayList<>();
    for (String arn : request.listenerArns()) {
      found.add(
          Listener.builder()
              .listenerArn(arn)
              .defaultActions(listeners.getOrDefault(arn, List.of()))
              .build());
    }
    return DescribeListenersResponse.builder().listeners(found).build();
  }

  @Override
  public ModifyRuleResponse modifyRule(ModifyRuleRequest request) {
    calls.add("ModifyRule " + request.ruleArn());
    rules.put(request.ruleArn(), request.actions());
    return ModifyRuleResponse.builder().build();
  }

  @Override
  public ModifyListenerResponse modifyListener(ModifyListenerRequest request) {
    calls.add("ModifyListener " + request.listenerArn());
    listeners.put(request.listenerArn(), request.defaultActions());
    return ModifyListenerResponse.builder().build();
  }
}
