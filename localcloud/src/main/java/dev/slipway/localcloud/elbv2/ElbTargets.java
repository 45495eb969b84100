package dev.slipway.localcloud.elbv2;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.*;

/** Target groups and their targets: the operations, on the shared state. */
final class ElbTargets {
  private static final Map<String, String> DEFAULT_ATTRIBUTES =
      Map.of(
          "deregistration_delay.timeout_seconds", "300",
          "stickiness.enabled", "false",
          "load_balancing.algorithm.type", "round_robin",
          "slow_start.duration_seconds", "0");

  private final Elbv2State state;
  private final TrafficController traffic;
  private final Clock clock;

  ElbTargets(Elbv2State state, TrafficController traffic, Clock clock) {
    this.state = state;
    this.traffic = traffic;
    this.clock = clock;
  }

  CreateTargetGroupResponse createTargetGroup(
      CreateTargetGroupRequest r, String id, String arnPrefix) {
    synchronized (state) {
      var name = r.name();
      if (name == null || !name.matches("[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?")) {
        throw Elbv2Errors.validation(
            "Target group name '" + name + "' must be 1-32 alphanumerics or hyphens");
      }
      var hc =
          new Elbv2State.HealthCheck(
              r.healthCheckPath() == null ? "/" : r.healthCheckPath(),
              r.healthCheckIntervalSeconds() == null ? 30 : r.healthCheckIntervalSeconds(),
              r.healthCheckTimeoutSeconds() == null ? 5 : r.healthCheckTimeoutSeconds(),
              r.healthyThresholdCount() == null ? 5 : r.healthyThresholdCount(),
              r.unhealthyThresholdCount() == null ? 2 : r.unhealthyThresholdCount(),
              r.matcher() == null || r.matcher().httpCode() == null
                  ? "200"
                  : r.matcher().httpCode());
      HaproxyConfig.statusRegex(hc.matcher());
      checkHealthCheck(hc);
      String protocol = r.protocol() == null ? "HTTP" : r.protocolAsString();
      int port = r.port() == null ? 80 : r.port();
      for (var existing : state.targetGroups.values()) {
        if (existing.name().equals(name)) {
          // the same settings again succeed, as on AWS; other settings under a taken name do not
          if (existing.healthCheck().equals(hc)
              && existing.protocol().equals(protocol)
              && existing.port() == port) {
            return CreateTargetGroupResponse.builder()
                .targetGroups(Elbv2Views.targetGroup(state, existing))
                .build();
          }
          throw Elbv2Errors.duplicateTargetGroup(name);
        }
      }
      var tg =
          new Elbv2State.TargetGroup(
              arnPrefix + "targetgroup/" + name + "/" + id,
              name,
              id,
              protocol,
              port,
              r.vpcId(),
              hc,
              new LinkedHashMap<>(DEFAULT_ATTRIBUTES));
      state.targetGroups.put(tg.arn(), tg);
      return CreateTargetGroupResponse.builder()
          .targetGroups(Elbv2Views.targetGroup(state, tg))
          .build();
    }
  }

  /**
   * ELB's limits on a health check: the API model's ranges (answered as a validation error naming
   * the field, as AWS does), and a timeout shorter than the interval.
   */
  static void checkHealthCheck(Elbv2State.HealthCheck hc) {
    within("healthCheckIntervalSeconds", hc.intervalSeconds(), 5, 300);
    within("healthCheckTimeoutSeconds", hc.timeoutSeconds(), 2, 120);
    within("healthyThresholdCount", hc.healthyThreshold(), 2, 10);
    within("unhealthyThresholdCount", hc.unhealthyThreshold(), 2, 10);
    if (hc.timeoutSeconds() >= hc.intervalSeconds()) {
      throw Elbv2Errors.validation("Health check interval must be greater than the timeout.");
    }
  }

  private static void within(String field, int value, int min, int max) {
    if (value < min || value > max) {
      throw Elbv2Errors.validation(
          "1 validation error detected: Value '"
              + value
              + "' at '"
              + field
              + "' failed to satisfy constraint: Member must have value "
              + (value < min ? "greater than or equal to " + min : "less than or equal to " + max));
    }
  }

  DescribeTargetGroupsResponse describeTargetGroups(DescribeTargetGroupsRequest r) {
    synchronized (state) {
      var out = new ArrayList<TargetGroup>();
      for (var tg : state.targetGroups.values()) {
        var view = Elbv2Views.targetGroup(state, tg);
        if (r.hasTargetGroupArns() && !r.targetGroupArns().contains(tg.arn())
            || r.hasNames() && !r.names().contains(tg.name())
            || r.loadBalancerArn() != null
                && !view.loadBalancerArns().contains(r.loadBalancerArn())) {
          continue;
        }
        out.add(view);
      }
      if (r.hasTargetGroupArns()) {
        r.targetGroupArns().forEach(state::targetGroup);
      }
      if (r.hasNames() && out.size() < r.names().size()) {
        throw Elbv2Errors.targetGroupNotFound(String.join(",", r.names()));
      }
      return DescribeTargetGroupsResponse.builder().targetGroups(out).build();
    }
  }

  ModifyTargetGroupResponse modifyTargetGroup(ModifyTargetGroupRequest r) {
    synchronized (state) {
      var tg = state.targetGroup(r.targetGroupArn());
      var old = tg.healthCheck();
      var hc =
          new Elbv2State.HealthCheck(
              r.healthCheckPath() == null ? old.path() : r.healthCheckPath(),
              r.healthCheckIntervalSeconds() == null
                  ? old.intervalSeconds()
                  : r.healthCheckIntervalSeconds(),
              r.healthCheckTimeoutSeconds() == null
                  ? old.timeoutSeconds()
                  : r.healthCheckTimeoutSeconds(),
              r.healthyThresholdCount() == null
                  ? old.healthyThreshold()
                  : r.healthyThresholdCount(),
              r.unhealthyThresholdCount() == null
                  ? old.unhealthyThreshold()
                  : r.unhealthyThresholdCount(),
              r.matcher() == null ? old.matcher() : r.matcher().httpCode());
      HaproxyConfig.statusRegex(hc.matcher());
      checkHealthCheck(hc);
      var next =
          new Elbv2State.TargetGroup(
              tg.arn(),
              tg.name(),
              tg.id(),
              tg.protocol(),
              tg.port(),
              tg.vpcId(),
              hc,
              tg.attributes());
      state.targetGroups.put(tg.arn(), next);
      traffic.apply();
      return ModifyTargetGroupResponse.builder()
          .targetGroups(Elbv2Views.targetGroup(state, next))
          .build();
    }
  }

  DescribeTargetGroupAttributesResponse describeTargetGroupAttributes(
      DescribeTargetGroupAttributesRequest r) {
    synchronized (state) {
      var tg = state.targetGroup(r.targetGroupArn());
      return DescribeTargetGroupAttributesResponse.builder().attributes(attributes(tg)).build();
    }
  }

  ModifyTargetGroupAttributesResponse modifyTargetGroupAttributes(
      ModifyTargetGroupAttributesRequest r) {
    synchronized (state) {
      var tg = state.targetGroup(r.targetGroupArn());
      for (var a : r.attributes()) {
        if (a.key().equals("deregistration_delay.timeout_seconds")
            && !a.value().matches("[0-9]{1,4}")) {
          throw Elbv2Errors.validation(
              "deregistration_delay.timeout_seconds must be 0-3600 seconds, got " + a.value());
        }
        tg.attributes().put(a.key(), a.value());
      }
      return ModifyTargetGroupAttributesResponse.builder().attributes(attributes(tg)).build();
    }
  }

  private static java.util.List<TargetGroupAttribute> attributes(Elbv2State.TargetGroup tg) {
    return tg.attributes().entrySet().stream()
        .map(e -> TargetGroupAttribute.builder().key(e.getKey()).value(e.getValue()).build())
        .toList();
  }

  DeleteTargetGroupResponse deleteTargetGroup(DeleteTargetGroupRequest r) {
    synchronized (state) {
      if (state.targetGroups.containsKey(r.targetGroupArn())) {
        if (state.inUse(r.targetGroupArn())) {
          throw Elbv2Errors.resourceInUse(
              "Target group '"
                  + r.targetGroupArn()
                  + "' is currently in use by a listener or a"
                  + " rule");
        }
        state.targetGroups.remove(r.targetGroupArn());
        state.targets.remove(r.targetGroupArn());
      }
      return DeleteTargetGroupResponse.builder().build();
    }
  }

  RegisterTargetsResponse registerTargets(RegisterTargetsRequest r) {
    synchronized (state) {
      var tg = state.targetGroup(r.targetGroupArn());
      var map = state.targetsOf(tg.arn());
      for (var d : r.targets()) {
        var port = d.port() == null ? tg.port() : d.port();
        if (d.id() == null || !d.id().matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}")) {
          throw Elbv2Errors.invalidTarget(
              "Target '" + d.id() + "' is not an IPv4 address; local mode registers ip targets");
        }
        var t = new Elbv2State.Target(tg.arn(), d.id(), port, clock.instant());
        var existing = map.get(t.key());
        // registering a draining target again makes it a fresh registration, as on AWS
        if (existing == null || existing.draining()) {
          map.put(t.key(), t);
        }
      }
      traffic.apply();
      return RegisterTargetsResponse.builder().build();
    }
  }

  DeregisterTargetsResponse deregisterTargets(DeregisterTargetsRequest r) {
    synchronized (state) {
      var tg = state.targetGroup(r.targetGroupArn());
      var map = state.targetsOf(tg.arn());
      for (var d : r.targets()) {
        var key = d.id() + ":" + (d.port() == null ? tg.port() : d.port());
        var t = map.get(key);
        if (t == null) {
          throw Elbv2Errors.invalidTarget(
              "The target " + key + " is not registered in " + tg.arn());
        }
        if (!t.draining()) {
          t.drainDeadline = clock.instant().plusSeconds(tg.deregistrationDelaySeconds());
        }
      }
      traffic.apply();
      return DeregisterTargetsResponse.builder().build();
    }
  }

  DescribeTargetHealthResponse describeTargetHealth(DescribeTargetHealthRequest r) {
    synchronized (state) {
      var tg = state.targetGroup(r.targetGroupArn());
      traffic.refresh();
      var map = state.targetsOf(tg.arn());
      var out = new ArrayList<TargetHealthDescription>();
      if (r.hasTargets()) {
        for (var d : r.targets()) {
          var port = d.port() == null ? tg.port() : d.port();
          var t = map.get(d.id() + ":" + port);
          var health =
              t == null
                  ? TargetHealth.builder()
                      .state(TargetHealthStateEnum.UNUSED)
                      .reason(TargetHealthReasonEnum.TARGET_NOT_REGISTERED)
                      .description("Target is not registered to the target group")
                      .build()
                  : traffic.health(t, tg);
          out.add(description(d.id(), port, health));
        }
      } else {
        for (var t : map.values()) {
          out.add(description(t.id, t.port, traffic.health(t, tg)));
        }
      }
      return DescribeTargetHealthResponse.builder().targetHealthDescriptions(out).build();
    }
  }

  private static TargetHealthDescription description(String id, int port, TargetHealth health) {
    return TargetHealthDescription.builder()
        .target(TargetDescription.builder().id(id).port(port).build())
        .healthCheckPort(Integer.toString(port))
        .targetHealth(health)
        .build();
  }
}
