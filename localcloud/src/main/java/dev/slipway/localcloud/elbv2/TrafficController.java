package dev.slipway.localcloud.elbv2;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricDataRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealth;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthReasonEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;

/**
 * Keeps HAProxy in step with the ELBv2 state and watches it: every tick it reads the per-server
 * stats, notes targets that passed their checks, completes drains (no request in flight, or the
 * deregistration delay is over), samples the targets' health and accumulates metrics per calendar
 * minute, publishing each minute once it has ended and the publication delay has passed. Closing
 * publishes what was gathered, the current minute included, so a clean stop loses nothing; after a
 * crash the minutes not yet published are lost.
 */
final class TrafficController implements AutoCloseable {
  private static final Duration TICK = Duration.ofMillis(250);

  private final Elbv2State state;
  private final Haproxy haproxy;
  private final TrafficRouter router;
  private final TargetGroupMetrics metrics = new TargetGroupMetrics();
  private final MetricsSink sink;
  private final Duration metricsDelay;
  private final Clock clock;
  private final ScheduledExecutorService ticker;
  private HaproxyStats lastStats = new HaproxyStats(List.of());

  TrafficController(
      Elbv2State state, Haproxy haproxy, MetricsSink sink, Duration metricsDelay, Clock clock) {
    this.state = state;
    this.haproxy = haproxy;
    this.sink = sink;
    this.metricsDelay = metricsDelay;
    this.clock = clock;
    this.router =
        new TrafficRouter(
            haproxy, stats -> metrics.observe(stats, seriesByServer(), clock.instant()));
    this.ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              var t = new Thread(r, "elbv2-haproxy-watch");
              t.setDaemon(true);
              return t;
            });
    ticker.scheduleWithFixedDelay(
        this::tickSafely, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Applies the current state; the caller holds the state lock. */
  void apply() {
    router.apply(Topology.of(state), clock.instant());
  }

  /** The target's health as ELBv2 reports it; the caller holds the state lock. */
  TargetHealth health(Elbv2State.Target t, Elbv2State.TargetGroup tg) {
    if (t.draining()) {
      return health(
          TargetHealthStateEnum.DRAINING,
          TargetHealthReasonEnum.TARGET_DEREGISTRATION_IN_PROGRESS,
          "Target deregistration is in progress");
    }
    if (!state.inUse(tg.arn())) {
      return health(
          TargetHealthStateEnum.UNUSED,
          TargetHealthReasonEnum.TARGET_NOT_IN_USE,
          "Target group is not configured to receive traffic from the load balancer");
    }
    var rows = lastStats.rowsForServer(Topology.serverName(tg, t));
    if (rows.stream().anyMatch(HaproxyStats.Row::up) || t.seenHealthy && rows.isEmpty()) {
      return TargetHealth.builder().state(TargetHealthStateEnum.HEALTHY).build();
    }
    var check = rows.isEmpty() ? "" : rows.get(0).checkStatus();
    var failing = check.startsWith("L4") || check.startsWith("L7") || check.startsWith("L6");
    var hc = tg.healthCheck();
    var grace = Duration.ofSeconds((long) hc.intervalSeconds() * hc.unhealthyThreshold());
    if (!t.seenHealthy && (!failing || clock.instant().isBefore(t.registeredAt.plus(grace)))) {
      return health(
          TargetHealthStateEnum.INITIAL,
          TargetHealthReasonEnum.ELB_REGISTRATION_IN_PROGRESS,
          "Target registration is in progress");
    }
    if (check.endsWith("TOUT")) {
      return health(
          TargetHealthStateEnum.UNHEALTHY,
          TargetHealthReasonEnum.TARGET_TIMEOUT,
          "Request timed out");
    }
    if (check.equals("L7STS")) {
      return health(
          TargetHealthStateEnum.UNHEALTHY,
          TargetHealthReasonEnum.TARGET_RESPONSE_CODE_MISMATCH,
          "Health checks failed with an unexpected response code");
    }
    return health(
        TargetHealthStateEnum.UNHEALTHY,
        TargetHealthReasonEnum.TARGET_FAILED_HEALTH_CHECKS,
        "Health checks failed");
  }

  private static TargetHealth health(
      TargetHealthStateEnum s, TargetHealthReasonEnum reason, String description) {
    return TargetHealth.builder().state(s).reason(reason).description(description).build();
  }

  /** Reads fresh stats now (for callers that must not wait for the next tick). */
  void refresh() {
    if (haproxy.running()) {
      lastStats = haproxy.runtime().stats();
      noteHealthy();
    }
  }

  private void tickSafely() {
    try {
      tick();
    } catch (RuntimeException e) {
      System.err.println("elbv2: watching HAProxy failed: " + e);
    }
  }

  private void tick() {
    List<PutMetricDataRequest> out;
    synchronized (state) {
      if (!haproxy.running()) {
        return;
      }
      refresh();
      var now = clock.instant();
      metrics.observe(lastStats, seriesByServer(), now);
      metrics.observeHealth(hostCounts(), now);
      if (finishDrains()) {
        apply();
      }
      router.reap(lastStats, clock.instant());
      out = metrics.drainPublishable(clock.instant(), metricsDelay);
    }
    out.forEach(sink::putMetricData);
  }

  /**
   * Healthy and unhealthy targets per target group and load balancer routing to it, as
   * DescribeTargetHealth reports them (initial, draining and unused targets count as neither).
   */
  private Map<TargetGroupMetrics.Series, int[]> hostCounts() {
    var out = new HashMap<TargetGroupMetrics.Series, int[]>();
    for (var tg : state.targetGroups.values()) {
      var loadBalancers = loadBalancersRoutingTo(tg.arn());
      if (loadBalancers.isEmpty()) {
        continue;
      }
      int healthy = 0;
      int unhealthy = 0;
      for (var t : state.targetsOf(tg.arn()).values()) {
        var s = health(t, tg).state();
        if (s == TargetHealthStateEnum.HEALTHY) {
          healthy++;
        } else if (s == TargetHealthStateEnum.UNHEALTHY) {
          unhealthy++;
        }
      }
      for (var lb : loadBalancers) {
        out.put(
            new TargetGroupMetrics.Series(tg.fullName(), lb.fullName()),
            new int[] {healthy, unhealthy});
      }
    }
    return out;
  }

  private Set<Elbv2State.LoadBalancer> loadBalancersRoutingTo(String targetGroupArn) {
    var out = new LinkedHashSet<Elbv2State.LoadBalancer>();
    for (var l : state.listeners.values()) {
      var routes = Actions.targetGroupWeights(l.defaultActions()).containsKey(targetGroupArn);
      for (var r : state.rules.values()) {
        if (r.listenerArn().equals(l.arn())
            && Actions.targetGroupWeights(r.actions()).containsKey(targetGroupArn)) {
          routes = true;
        }
      }
      var lb = state.loadBalancers.get(l.loadBalancerArn());
      if (routes && lb != null) {
        out.add(lb);
      }
    }
    return out;
  }

  private void noteHealthy() {
    for (var tg : state.targetGroups.values()) {
      for (var t : state.targetsOf(tg.arn()).values()) {
        if (!t.seenHealthy
            && lastStats.rowsForServer(Topology.serverName(tg, t)).stream()
                .anyMatch(HaproxyStats.Row::up)) {
          t.seenHealthy = true;
        }
      }
    }
  }

  /** Removes drained targets; true when something was removed. */
  private boolean finishDrains() {
    var now = clock.instant();
    var changed = false;
    for (var tg : state.targetGroups.values()) {
      var done = new ArrayList<String>();
      for (var t : state.targetsOf(tg.arn()).values()) {
        if (!t.draining()) {
          continue;
        }
        var inFlight =
            lastStats.rowsForServer(Topology.serverName(tg, t)).stream()
                .mapToInt(HaproxyStats.Row::currentSessions)
                .sum();
        if (inFlight == 0 || !now.isBefore(t.drainDeadline)) {
          done.add(t.key());
        }
      }
      for (var key : done) {
        state.targetsOf(tg.arn()).remove(key);
        changed = true;
      }
    }
    return changed;
  }

  private Map<String, TargetGroupMetrics.Series> seriesByServer() {
    var out = new HashMap<String, TargetGroupMetrics.Series>();
    for (var b : router.applied().entrySet()) {
      for (var s : b.getValue().values()) {
        var tg = state.targetGroups.get(s.targetGroupArn());
        var lb = state.loadBalancers.get(s.loadBalancerArn());
        if (tg != null && lb != null) {
          out.put(
              b.getKey() + "/" + s.name(),
              new TargetGroupMetrics.Series(tg.fullName(), lb.fullName()));
        }
      }
    }
    return out;
  }

  /**
   * Publishes everything gathered now, the current minute included, without waiting for the
   * publication delay (at shutdown, and for tests that cannot wait for minutes to end).
   */
  void flushMetrics() {
    List<PutMetricDataRequest> out;
    synchronized (state) {
      refresh();
      metrics.observe(lastStats, seriesByServer(), clock.instant());
      out = metrics.drainAll();
    }
    out.forEach(sink::putMetricData);
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    try {
      ticker.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      flushMetrics();
    } catch (RuntimeException e) {
      System.err.println("elbv2: publishing the last metrics failed: " + e);
    }
    haproxy.close();
  }
}
