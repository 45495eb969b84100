package dev.slipway.localcloud.elbv2;

import dev.slipway.localcloud.server.SnapshotFile;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.*;

/**
 * ELBv2 (Application Load Balancers) for local mode, backed by HAProxy 2.6 on 127.0.0.1. See the
 * package documentation for the port layout and the differences from AWS.
 */
public final class Elbv2Service implements AutoCloseable {
  private final Elbv2State state = new Elbv2State();
  private final TrafficController traffic;
  private final ElbTargets targets;
  private final ElbLoadBalancers loadBalancers;
  private final ListenerPorts ports;
  private final Supplier<String> ids;
  private final String arnPrefix;
  private final Clock clock;
  private volatile SnapshotFile saved;
  private final Path stateDir;
  private final Haproxy haproxy;

  /**
   * @param stateDir where haproxy.cfg, its admin socket and logs live (a short path: the socket
   *     path must stay under 108 bytes)
   * @param basePort first 127.0.0.1 port of the listener layout
   * @param metrics where target group metrics go
   * @param metricsDelay how long after a minute ends its metrics are published (see {@link
   *     AlbMetricsDelay}); metrics are gathered per calendar minute, as on AWS
   */
  public Elbv2Service(Path stateDir, int basePort, MetricsSink metrics, Duration metricsDelay) {
    this(
        stateDir,
        basePort,
        metrics,
        metricsDelay,
        Clock.systemUTC(),
        randomIds(),
        "us-east-1",
        "000000000000");
  }

  /**
   * As {@link #Elbv2Service(Path, int, MetricsSink, Duration)}, with load balancers, target groups,
   * listeners and rules saved to {@code saved} on every change and restored from it here: HAProxy
   * starts again on the same ports with the same rules, weights and targets; a HAProxy a crashed
   * run left serving hands its sockets over to it, so the load balancers never stop answering.
   */
  public static Elbv2Service restoring(
      Path stateDir, int basePort, MetricsSink metrics, Duration metricsDelay, SnapshotFile saved) {
    var elb =
        new Elbv2Service(
            stateDir,
            basePort,
            metrics,
            metricsDelay,
            Clock.systemUTC(),
            randomIds(),
            "us-east-1",
            "000000000000",
            true);
    elb.restore(saved);
    return elb;
  }

  void restore(SnapshotFile file) {
    synchronized (state) {
      file.read().ifPresent(text -> Elbv2Snapshot.restore(text, state));
      saved = file;
      if (state.loadBalancers.isEmpty()) {
        Haproxy.cleanAfterCrash(stateDir);
      } else {
        // stops what a crashed run left when it cannot be taken over
        haproxy.adoptRunning();
      }
      // a HAProxy left by a crash hands its sockets to this one: no request is refused
      traffic.apply();
    }
  }

  /** Saves the state after a change, if it is kept in a file. */
  private <T> T saved(T response) {
    var file = saved;
    if (file != null) {
      synchronized (state) {
        file.write(Elbv2Snapshot.write(state));
      }
    }
    return response;
  }

  Elbv2Service(
      Path stateDir,
      int basePort,
      MetricsSink metrics,
      Duration metricsDelay,
      Clock clock,
      Supplier<String> ids,
      String region,
      String account) {
    this(stateDir, basePort, metrics, metricsDelay, clock, ids, region, account, false);
  }

  /**
   * @param adopting whether a HAProxy a crashed run left may be taken over by {@link #restore}
   *     (else it is stopped here)
   */
  private Elbv2Service(
      Path stateDir,
      int basePort,
      MetricsSink metrics,
      Duration metricsDelay,
      Clock clock,
      Supplier<String> ids,
      String region,
      String account,
      boolean adopting) {
    if (!adopting) {
      Haproxy.cleanAfterCrash(stateDir);
    }
    this.stateDir = stateDir;
    this.haproxy = new Haproxy(stateDir);
    this.traffic = new TrafficController(state, haproxy, metrics, metricsDelay, clock);
    this.targets = new ElbTargets(state, traffic, clock);
    this.ports = new ListenerPorts(basePort);
    this.loadBalancers = new ElbLoadBalancers(state, traffic, ports, clock);
    this.ids = ids;
    this.clock = clock;
    this.arnPrefix = "arn:aws:elasticloadbalancing:" + region + ":" + account + ":";
  }

  /**
   * Stops the HAProxy processes a local mode with this state dir left running ({@code slipway
   * down}, or the next start after a crash).
   */
  public static void cleanUp(Path stateDir) {
    Haproxy.cleanAfterCrash(stateDir);
  }

  /**
   * The listener ports a HAProxy left by a crashed run on {@code stateDir} still holds, which the
   * next {@link #restoring} takes over (empty when none runs).
   */
  public static java.util.Set<Integer> adoptablePorts(Path stateDir, SnapshotFile saved) {
    if (!Haproxy.leftBehind(stateDir)) {
      return java.util.Set.of();
    }
    var ports = new java.util.HashSet<Integer>();
    saved
        .read()
        .ifPresent(
            text -> {
              var restored = new Elbv2State();
              Elbv2Snapshot.restore(text, restored);
              restored.listeners.values().forEach(l -> ports.add(l.localPort()));
            });
    return ports;
  }

  static Supplier<String> randomIds() {
    var random = new SecureRandom();
    return () -> {
      var b = new byte[8];
      random.nextBytes(b);
      return HexFormat.of().formatHex(b);
    };
  }

  public CreateLoadBalancerResponse createLoadBalancer(CreateLoadBalancerRequest r) {
    return saved(loadBalancers.create(r, ids, arnPrefix));
  }

  public DescribeLoadBalancersResponse describeLoadBalancers(DescribeLoadBalancersRequest r) {
    return loadBalancers.describe(r);
  }

  public DeleteLoadBalancerResponse deleteLoadBalancer(DeleteLoadBalancerRequest r) {
    return saved(loadBalancers.delete(r));
  }

  public CreateTargetGroupResponse createTargetGroup(CreateTargetGroupRequest r) {
    return saved(targets.createTargetGroup(r, ids.get(), arnPrefix));
  }

  public DescribeTargetGroupsResponse describeTargetGroups(DescribeTargetGroupsRequest r) {
    return targets.describeTargetGroups(r);
  }

  public ModifyTargetGroupResponse modifyTargetGroup(ModifyTargetGroupRequest r) {
    return saved(targets.modifyTargetGroup(r));
  }

  public DescribeTargetGroupAttributesResponse describeTargetGroupAttributes(
      DescribeTargetGroupAttributesRequest r) {
    return targets.describeTargetGroupAttributes(r);
  }

  public ModifyTargetGroupAttributesResponse modifyTargetGroupAttributes(
      ModifyTargetGroupAttributesRequest r) {
    return saved(targets.modifyTargetGroupAttributes(r));
  }

  public DeleteTargetGroupResponse deleteTargetGroup(DeleteTargetGroupRequest r) {
    return saved(targets.deleteTargetGroup(r));
  }

  public RegisterTargetsResponse registerTargets(RegisterTargetsRequest r) {
    return saved(targets.registerTargets(r));
  }

  public DeregisterTargetsResponse deregisterTargets(DeregisterTargetsRequest r) {
    return saved(targets.deregisterTargets(r));
  }

  public DescribeTargetHealthResponse describeTargetHealth(DescribeTargetHealthRequest r) {
    return targets.describeTargetHealth(r);
  }

  public CreateListenerResponse createListener(CreateListenerRequest r) {
    synchronized (state) {
      var lb = state.loadBalancer(r.loadBalancerArn());
      var port = r.port() == null ? 80 : r.port();
      var taken = new HashSet<Integer>();
      for (var l : state.listeners.values()) {
        if (l.loadBalancerArn().equals(lb.arn()) && l.port() == port) {
          // CreateListener is idempotent on AWS: the same settings again return the listener (an
          // SDK retry after a slow first attempt relies on it); other settings on the port conflict
          var protocol = r.protocol() == null ? "HTTP" : r.protocolAsString();
          if (l.protocol().equals(protocol) && l.defaultActions().equals(r.defaultActions())) {
            return CreateListenerResponse.builder().listeners(Elbv2Views.listener(l)).build();
          }
          throw Elbv2Errors.duplicateListener(port);
        }
        taken.add(l.localPort());
      }
      validateActions(r.defaultActions());
      var id = ids.get();
      var base = "app/" + lb.name() + "/" + lb.id() + "/" + id;
      var ruleId = ids.get();
      var l =
          new Elbv2State.Listener(
              arnPrefix + "listener/" + base,
              lb.arn(),
              id,
              r.protocol() == null ? "HTTP" : r.protocolAsString(),
              port,
              ports.localPort(lb.index(), port, taken),
              arnPrefix + "listener-rule/" + base + "/" + ruleId,
              ruleId,
              List.copyOf(r.defaultActions()));
      state.listeners.put(l.arn(), l);
      traffic.apply();
      return saved(CreateListenerResponse.builder().listeners(Elbv2Views.listener(l)).build());
    }
  }

  public DescribeListenersResponse describeListeners(DescribeListenersRequest r) {
    synchronized (state) {
      var out = new ArrayList<Listener>();
      if (r.hasListenerArns()) {
        r.listenerArns().forEach(a -> out.add(Elbv2Views.listener(state.listener(a))));
      } else {
        state.loadBalancer(r.loadBalancerArn());
        for (var l : state.listeners.values()) {
          if (l.loadBalancerArn().equals(r.loadBalancerArn())) {
            out.add(Elbv2Views.listener(l));
          }
        }
      }
      return DescribeListenersResponse.builder().listeners(out).build();
    }
  }

  public ModifyListenerResponse modifyListener(ModifyListenerRequest r) {
    synchronized (state) {
      var l = state.listener(r.listenerArn());
      if (r.port() != null && r.port() != l.port()) {
        throw Elbv2Errors.operationNotPermitted(
            "Local mode cannot move listener " + l.arn() + " to another port; create a new one");
      }
      var actions = r.hasDefaultActions() ? List.copyOf(r.defaultActions()) : l.defaultActions();
      validateActions(actions);
      var next = l.withDefaultActions(actions);
      state.listeners.put(l.arn(), next);
      traffic.apply();
      return saved(ModifyListenerResponse.builder().listeners(Elbv2Views.listener(next)).build());
    }
  }

  public DeleteListenerResponse deleteListener(DeleteListenerRequest r) {
    synchronized (state) {
      state.listener(r.listenerArn());
      state.removeListener(r.listenerArn());
      traffic.apply();
      return saved(DeleteListenerResponse.builder().build());
    }
  }

  public CreateRuleResponse createRule(CreateRuleRequest r) {
    return saved(new ElbRules(state, traffic).create(r, ids.get(), arnPrefix));
  }

  public ModifyRuleResponse modifyRule(ModifyRuleRequest r) {
    return saved(new ElbRules(state, traffic).modify(r));
  }

  /** The template properties a stack last deployed the rule from, or null. */
  com.fasterxml.jackson.databind.JsonNode ruleTemplate(String ruleArn) {
    synchronized (state) {
      return state.ruleTemplates.get(ruleArn);
    }
  }

  /** Records the template properties a stack deploy left the rule with. */
  void rememberRuleTemplate(String ruleArn, com.fasterxml.jackson.databind.JsonNode properties) {
    synchronized (state) {
      state.ruleTemplates.put(ruleArn, properties.deepCopy());
    }
    saved(ruleArn);
  }

  public DescribeRulesResponse describeRules(DescribeRulesRequest r) {
    return new ElbRules(state, traffic).describe(r);
  }

  public DeleteRuleResponse deleteRule(DeleteRuleRequest r) {
    return saved(new ElbRules(state, traffic).delete(r));
  }

  void validateActions(List<Action> actions) {
    if (actions == null || actions.isEmpty()) {
      throw Elbv2Errors.validation("At least one action is required");
    }
    Actions.terminal(actions);
    for (var tg : Actions.targetGroupWeights(actions).keySet()) {
      state.targetGroup(tg);
    }
  }

  /** The 127.0.0.1 port a listener is served on (its DNS name + port on AWS). */
  public int localPort(String listenerArn) {
    synchronized (state) {
      return state.listener(listenerArn).localPort();
    }
  }

  /**
   * {@code text} with each {@code <DNSName>:<listener port>} (how a template addresses a listener
   * other than port 80) replaced by the 127.0.0.1 address the listener is served on.
   */
  public String localAddresses(String text) {
    synchronized (state) {
      return ListenerAddresses.local(text, state);
    }
  }

  /**
   * Publishes the target group metrics gathered so far now, the current minute included, without
   * waiting for minutes to end and the publication delay to pass.
   */
  public void flushMetrics() {
    traffic.flushMetrics();
  }

  /** Publishes the metrics gathered so far, then stops HAProxy. */
  @Override
  public void close() {
    traffic.close();
  }
}
