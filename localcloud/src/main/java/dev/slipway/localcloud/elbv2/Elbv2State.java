package dev.slipway.localcloud.elbv2;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RuleCondition;

/** Everything ELBv2 knows: load balancers, target groups, listeners, rules and targets. */
final class Elbv2State {

  /** A load balancer; {@code index} places its listeners in the local port layout. */
  record LoadBalancer(
      String arn, String name, String id, int index, String dnsName, Instant created) {
    /** The "app/name/id" form CloudWatch uses as the LoadBalancer dimension. */
    String fullName() {
      return "app/" + name + "/" + id;
    }
  }

  /** Health check settings of a target group. */
  record HealthCheck(
      String path,
      int intervalSeconds,
      int timeoutSeconds,
      int healthyThreshold,
      int unhealthyThreshold,
      String matcher) {}

  /** A target group. */
  record TargetGroup(
      String arn,
      String name,
      String id,
      String protocol,
      int port,
      String vpcId,
      HealthCheck healthCheck,
      Map<String, String> attributes) {
    /** The "targetgroup/name/id" form CloudWatch uses as the TargetGroup dimension. */
    String fullName() {
      return "targetgroup/" + name + "/" + id;
    }

    int deregistrationDelaySeconds() {
      return Integer.parseInt(
          attributes.getOrDefault("deregistration_delay.timeout_seconds", "300"));
    }
  }

  /** A listener; {@code localPort} is the 127.0.0.1 port HAProxy binds for it. */
  record Listener(
      String arn,
      String loadBalancerArn,
      String id,
      String protocol,
      int port,
      int localPort,
      String defaultRuleArn,
      String defaultRuleId,
      List<Action> defaultActions) {
    /** The same listener with other default actions (ModifyListener, ModifyRule on "default"). */
    Listener withDefaultActions(List<Action> actions) {
      return new Listener(
          arn,
          loadBalancerArn,
          id,
          protocol,
          port,
          localPort,
          defaultRuleArn,
          defaultRuleId,
          actions);
    }
  }

  /** A non-default listener rule. */
  record Rule(
      String arn,
      String listenerArn,
      String id,
      int priority,
      List<RuleCondition> conditions,
      List<Action> actions) {}

  /** A registered target; mutable because health and draining change over its life. */
  static final class Target {
    final String targetGroupArn;
    final String id;
    final int port;
    final Instant registeredAt;
    Instant drainDeadline;
    boolean seenHealthy;

    Target(String targetGroupArn, String id, int port, Instant registeredAt) {
      this.registeredAt = registeredAt;
      this.targetGroupArn = targetGroupArn;
      this.id = id;
      this.port = port;
    }

    boolean draining() {
      return drainDeadline != null;
    }

    String key() {
      return id + ":" + port;
    }
  }

  final Map<String, LoadBalancer> loadBalancers = new LinkedHashMap<>();
  final Map<String, TargetGroup> targetGroups = new LinkedHashMap<>();
  final Map<String, Listener> listeners = new LinkedHashMap<>();
  final Map<String, Rule> rules = new LinkedHashMap<>();

  /**
   * Rule ARN → the resolved template properties a stack last deployed the rule from: CloudFormation
   * modifies a rule only when they change.
   */
  final Map<String, com.fasterxml.jackson.databind.JsonNode> ruleTemplates = new LinkedHashMap<>();

  final Map<String, Map<String, Target>> targets = new LinkedHashMap<>();
  int nextLoadBalancerIndex;

  LoadBalancer loadBalancer(String arn) {
    var lb = loadBalancers.get(arn);
    if (lb == null) {
      throw Elbv2Errors.loadBalancerNotFound(arn);
    }
    return lb;
  }

  TargetGroup targetGroup(String arn) {
    var tg = targetGroups.get(arn);
    if (tg == null) {
      throw Elbv2Errors.targetGroupNotFound(arn);
    }
    return tg;
  }

  Listener listener(String arn) {
    var l = listeners.get(arn);
    if (l == null) {
      throw Elbv2Errors.listenerNotFound(arn);
    }
    return l;
  }

  Optional<Listener> listenerByDefaultRule(String ruleArn) {
    return listeners.values().stream().filter(l -> l.defaultRuleArn().equals(ruleArn)).findFirst();
  }

  List<Rule> rulesOf(String listenerArn) {
    var out = new ArrayList<Rule>();
    for (var r : rules.values()) {
      if (r.listenerArn().equals(listenerArn)) {
        out.add(r);
      }
    }
    out.sort((a, b) -> Integer.compare(a.priority(), b.priority()));
    return out;
  }

  /** Removes a listener and its rules. */
  void removeListener(String arn) {
    rules.values().removeIf(rule -> rule.listenerArn().equals(arn));
    listeners.remove(arn);
  }

  Map<String, Target> targetsOf(String targetGroupArn) {
    return targets.computeIfAbsent(targetGroupArn, k -> new LinkedHashMap<>());
  }

  /** Target groups some listener or rule forwards to: the others' targets are "unused". */
  boolean inUse(String targetGroupArn) {
    for (var l : listeners.values()) {
      if (Actions.targetGroupWeights(l.defaultActions()).containsKey(targetGroupArn)) {
        return true;
      }
    }
    for (var r : rules.values()) {
      if (Actions.targetGroupWeights(r.actions()).containsKey(targetGroupArn)) {
        return true;
      }
    }
    return false;
  }
}
