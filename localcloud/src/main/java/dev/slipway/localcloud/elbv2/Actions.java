package dev.slipway.localcloud.elbv2;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;

/** Reading listener and rule actions the way ELBv2 interprets them. */
final class Actions {
  private Actions() {}

  /** The action that decides a request: authenticate actions come first, one terminal action. */
  static Action terminal(List<Action> actions) {
    for (var a : actions) {
      var type = a.type();
      if (type == ActionTypeEnum.FORWARD
          || type == ActionTypeEnum.FIXED_RESPONSE
          || type == ActionTypeEnum.REDIRECT) {
        return a;
      }
    }
    throw Elbv2Errors.validation(
        "Actions must include one forward, fixed-response or redirect action; got "
            + actions.stream().map(Action::typeAsString).toList());
  }

  /**
   * Target group ARN → weight of a forward action. A plain {@code TargetGroupArn} weighs 1; AWS
   * accepts weights 0–999 in a {@code ForwardConfig}, and an omitted weight counts as 1.
   */
  static Map<String, Integer> targetGroupWeights(List<Action> actions) {
    var out = new LinkedHashMap<String, Integer>();
    for (var a : actions) {
      if (a.type() != ActionTypeEnum.FORWARD) {
        continue;
      }
      if (a.forwardConfig() != null && a.forwardConfig().hasTargetGroups()) {
        for (var t : a.forwardConfig().targetGroups()) {
          var w = t.weight() == null ? 1 : t.weight();
          if (w < 0 || w > 999) {
            throw Elbv2Errors.validation(
                "Target group weight " + w + " for " + t.targetGroupArn() + " is outside 0-999");
          }
          out.put(t.targetGroupArn(), w);
        }
      } else if (a.targetGroupArn() != null) {
        out.put(a.targetGroupArn(), 1);
      }
    }
    return out;
  }
}
