package dev.slipway.functions;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Rule;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupTuple;

/**
 * The weighted forward between an environment's two target groups, on its listener rule (or the
 * listener's default action when it has no rule).
 */
final class Traffic {
  private static final Logger LOG = LoggerFactory.getLogger(Traffic.class);

  /** Current weights, in percent of the pair. */
  record Split(String liveTargetGroup, int livePercent, String otherTargetGroup) {}

  private final ElasticLoadBalancingV2Client elb;

  Traffic(ElasticLoadBalancingV2Client elb) {
    this.elb = elb;
  }

  /**
   * The ECS service that has the environment's traffic: the one behind the live target group, or
   * blue where the environment has no weighted pair.
   */
  String liveService(EnvironmentTarget target) {
    return target.supportsWeightedTraffic()
        ? target.serviceFor(current(target).liveTargetGroup())
        : target.blueService();
  }

  /** Which target group has most of the traffic now (blue on a tie or with no weights). */
  Split current(EnvironmentTarget target) {
    List<Action> actions = actions(target);
    int blue = 0;
    int green = 0;
    for (Action action : actions) {
      if (action.type() != ActionTypeEnum.FORWARD) {
        continue;
      }
      if (action.forwardConfig() != null && !action.forwardConfig().targetGroups().isEmpty()) {
        for (TargetGroupTuple tuple : action.forwardConfig().targetGroups()) {
          int weight = tuple.weight() == null ? 1 : tuple.weight();
          if (tuple.targetGroupArn().equals(target.greenTargetGroupArn())) {
            green += weight;
          } else if (tuple.targetGroupArn().equals(target.blueTargetGroupArn())) {
            blue += weight;
          }
        }
      } else if (target.greenTargetGroupArn().equals(action.targetGroupArn())) {
        green += 1;
      } else {
        blue += 1;
      }
    }
    int total = blue + green;
    if (green > blue) {
      return new Split(
          target.greenTargetGroupArn(), percent(green, total), target.blueTargetGroupArn());
    }
    return new Split(
        target.blueTargetGroupArn(),
        total == 0 ? 100 : percent(blue, total),
        target.greenTargetGroupArn());
  }

  /** Sends {@code percentToCandidate} % to {@code candidate}, the rest to the other group. */
  void shift(EnvironmentTarget target, String candidate, int percentToCandidate) {
    Action forward =
        Action.builder()
            .type(ActionTypeEnum.FORWARD)
            .forwardConfig(
                f ->
                    f.targetGroups(
                        TargetGroupTuple.builder()
                            .targetGroupArn(candidate)
                            .weight(percentToCandidate)
                            .build(),
                        TargetGroupTuple.builder()
                            .targetGroupArn(target.otherTargetGroup(candidate))
                            .weight(100 - percentToCandidate)
                            .build()))
            .build();
    if (target.ruleArn() != null) {
      elb.modifyRule(r -> r.ruleArn(target.ruleArn()).actions(forward));
    } else {
      elb.modifyListener(r -> r.listenerArn(target.listenerArn()).defaultActions(forward));
    }
    LOG.info("Traffic: {} % to {}", percentToCandidate, candidate);
  }

  /**
   * Points the test listener at {@code targetGroup} (the idle service): its header-gated rule, the
   * one rule of the test listener that is not the default (found by DescribeRules, so that {@code
   * SLIPWAY_ENVIRONMENTS} needs no extra field). A test listener without such a rule (a stack
   * deployed before the rule existed) has its default action moved instead.
   */
  void pointTestListener(EnvironmentTarget target, String targetGroup) {
    Action forward =
        Action.builder().type(ActionTypeEnum.FORWARD).targetGroupArn(targetGroup).build();
    String testRule = testRule(target.testListenerArn());
    if (testRule != null) {
      elb.modifyRule(r -> r.ruleArn(testRule).actions(forward));
      LOG.info("Test listener rule now forwards to {}", targetGroup);
      return;
    }
    elb.modifyListener(r -> r.listenerArn(target.testListenerArn()).defaultActions(forward));
    LOG.info("Test listener now forwards to {}", targetGroup);
  }

  /** The test listener's non-default rule that forwards, highest priority first; or null. */
  private String testRule(String testListenerArn) {
    Rule best = null;
    for (Rule rule : elb.describeRules(r -> r.listenerArn(testListenerArn)).rules()) {
      if (Boolean.TRUE.equals(rule.isDefault())
          || rule.actions().stream().noneMatch(a -> a.type() == ActionTypeEnum.FORWARD)) {
        continue;
      }
      if (best == null || priority(rule) < priority(best)) {
        best = rule;
      }
    }
    return best == null ? null : best.ruleArn();
  }

  private static int priority(Rule rule) {
    try {
      return Integer.parseInt(rule.priority());
    } catch (NumberFormatException e) {
      return Integer.MAX_VALUE;
    }
  }

  private List<Action> actions(EnvironmentTarget target) {
    if (target.ruleArn() != null) {
      var rules = elb.describeRules(r -> r.ruleArns(target.ruleArn())).rules();
      return rules.isEmpty() ? List.of() : rules.getFirst().actions();
    }
    var listeners = elb.describeListeners(r -> r.listenerArns(target.listenerArn())).listeners();
    return listeners.isEmpty() ? List.of() : listeners.getFirst().defaultActions();
  }

  private static int percent(int part, int total) {
    return (int) Math.round(100.0 * part / total);
  }
}
