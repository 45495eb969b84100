package dev.slipway.localcloud.elbv2;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.*;

/** Listener rules: the operations, on the shared state (the default rule lives on its listener). */
final class ElbRules {
  private final Elbv2State state;
  private final TrafficController traffic;

  ElbRules(Elbv2State state, TrafficController traffic) {
    this.state = state;
    this.traffic = traffic;
  }

  CreateRuleResponse create(CreateRuleRequest r, String id, String arnPrefix) {
    synchronized (state) {
      var l = state.listener(r.listenerArn());
      var priority = r.priority() == null ? 0 : r.priority();
      if (priority < 1 || priority > 50000) {
        throw Elbv2Errors.validation("Rule priority must be 1-50000, got " + r.priority());
      }
      if (state.rulesOf(l.arn()).stream().anyMatch(x -> x.priority() == priority)) {
        throw Elbv2Errors.priorityInUse(priority);
      }
      validate(r.conditions(), r.actions());
      var lbPart = l.arn().substring(l.arn().indexOf(":listener/") + ":listener/".length());
      var rule =
          new Elbv2State.Rule(
              arnPrefix + "listener-rule/" + lbPart + "/" + id,
              l.arn(),
              id,
              priority,
              List.copyOf(r.conditions()),
              List.copyOf(r.actions()));
      state.rules.put(rule.arn(), rule);
      traffic.apply();
      return CreateRuleResponse.builder().rules(Elbv2Views.rule(rule)).build();
    }
  }

  ModifyRuleResponse modify(ModifyRuleRequest r) {
    synchronized (state) {
      var listener = state.listenerByDefaultRule(r.ruleArn());
      if (listener.isPresent()) {
        var l = listener.get();
        if (r.hasConditions() && !r.conditions().isEmpty()) {
          throw Elbv2Errors.operationNotPermitted("The default rule cannot have conditions");
        }
        var actions = r.hasActions() ? List.copyOf(r.actions()) : l.defaultActions();
        validate(List.of(), actions);
        var next = l.withDefaultActions(actions);
        state.listeners.put(l.arn(), next);
        traffic.apply();
        return ModifyRuleResponse.builder().rules(Elbv2Views.defaultRule(next)).build();
      }
      var old = state.rules.get(r.ruleArn());
      if (old == null) {
        throw Elbv2Errors.ruleNotFound(r.ruleArn());
      }
      var conditions = r.hasConditions() ? List.copyOf(r.conditions()) : old.conditions();
      var actions = r.hasActions() ? List.copyOf(r.actions()) : old.actions();
      validate(conditions, actions);
      var next =
          new Elbv2State.Rule(
              old.arn(), old.listenerArn(), old.id(), old.priority(), conditions, actions);
      state.rules.put(old.arn(), next);
      traffic.apply();
      return ModifyRuleResponse.builder().rules(Elbv2Views.rule(next)).build();
    }
  }

  DescribeRulesResponse describe(DescribeRulesRequest r) {
    synchronized (state) {
      var out = new ArrayList<Rule>();
      if (r.hasRuleArns()) {
        for (var arn : r.ruleArns()) {
          var l = state.listenerByDefaultRule(arn);
          if (l.isPresent()) {
            out.add(Elbv2Views.defaultRule(l.get()));
          } else if (state.rules.containsKey(arn)) {
            out.add(Elbv2Views.rule(state.rules.get(arn)));
          } else {
            throw Elbv2Errors.ruleNotFound(arn);
          }
        }
      } else {
        var l = state.listener(r.listenerArn());
        state.rulesOf(l.arn()).forEach(x -> out.add(Elbv2Views.rule(x)));
        out.add(Elbv2Views.defaultRule(l));
      }
      return DescribeRulesResponse.builder().rules(out).build();
    }
  }

  DeleteRuleResponse delete(DeleteRuleRequest r) {
    synchronized (state) {
      if (state.listenerByDefaultRule(r.ruleArn()).isPresent()) {
        throw Elbv2Errors.operationNotPermitted("The default rule of a listener cannot be deleted");
      }
      if (state.rules.remove(r.ruleArn()) == null) {
        throw Elbv2Errors.ruleNotFound(r.ruleArn());
      }
      traffic.apply();
      return DeleteRuleResponse.builder().build();
    }
  }

  private void validate(List<RuleCondition> conditions, List<Action> actions) {
    if (actions == null || actions.isEmpty()) {
      throw Elbv2Errors.validation("A rule needs at least one action");
    }
    Actions.terminal(actions);
    for (var tg : Actions.targetGroupWeights(actions).keySet()) {
      state.targetGroup(tg);
    }
    RuleConditions.acls(conditions == null ? List.of() : conditions);
  }
}
