package dev.slipway.localcloud.elbv2;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;

/**
 * What HAProxy must look like for a given ELBv2 state: one frontend per listener, one backend per
 * rule (the default rule included) holding the targets of every target group the rule forwards to.
 * A weighted forward becomes server weights inside that one backend, so a weight change is a
 * runtime {@code set weight} and never a reload.
 */
record Topology(List<Frontend> frontends, List<Backend> backends) {

  /** HAProxy's largest server weight. */
  static final int MAX_WEIGHT = 256;

  /** A listener as a frontend. */
  record Frontend(String name, int localPort, List<Route> routes, RouteAction defaultAction) {}

  /** A rule: ACL lines (all must match) and what to do. */
  record Route(String name, List<String> acls, RouteAction action) {}

  /** What a matched request gets. */
  sealed interface RouteAction {
    /** Send it to a backend. */
    record Forward(String backend) implements RouteAction {}

    /** Answer it directly. */
    record FixedResponse(int status, String contentType, String body) implements RouteAction {}

    /**
     * Answer a redirect: {@code location} is a HAProxy log-format; with {@code appendQuery} the
     * request's query string (when it has one) follows after {@code ?}.
     */
    record Redirect(int status, String location, boolean appendQuery) implements RouteAction {}
  }

  /** One rule's servers and the health check of its (first) target group. */
  record Backend(String name, Elbv2State.HealthCheck healthCheck, List<Server> servers) {}

  /** One target inside one rule's backend. */
  record Server(
      String name,
      String targetGroupArn,
      String loadBalancerArn,
      String targetKey,
      String address,
      int port,
      int weight,
      boolean draining,
      boolean passedChecks) {}

  static Topology of(Elbv2State state) {
    var frontends = new ArrayList<Frontend>();
    var backends = new ArrayList<Backend>();
    for (var l : state.listeners.values()) {
      var routes = new ArrayList<Route>();
      for (var r : state.rulesOf(l.arn())) {
        var action = action(state, l, "r_" + r.id(), r.actions(), backends);
        routes.add(new Route("r_" + r.id(), RuleConditions.acls(r.conditions()), action));
      }
      var defaultAction = action(state, l, "r_" + l.defaultRuleId(), l.defaultActions(), backends);
      frontends.add(new Frontend("l_" + l.id(), l.localPort(), routes, defaultAction));
    }
    return new Topology(frontends, backends);
  }

  private static RouteAction action(
      Elbv2State state,
      Elbv2State.Listener listener,
      String backendName,
      List<Action> actions,
      List<Backend> backends) {
    var a = Actions.terminal(actions);
    if (a.type() == ActionTypeEnum.FIXED_RESPONSE) {
      var f = a.fixedResponseConfig();
      return new RouteAction.FixedResponse(
          Integer.parseInt(f.statusCode()),
          f.contentType() == null ? "text/plain" : f.contentType(),
          f.messageBody() == null ? "" : f.messageBody());
    }
    if (a.type() == ActionTypeEnum.REDIRECT) {
      return redirect(state, listener, a.redirectConfig());
    }
    if (a.type() != ActionTypeEnum.FORWARD) {
      throw Elbv2Errors.invalidConfiguration(
          "Local mode supports forward, fixed-response and redirect actions; "
              + a.typeAsString()
              + " is not supported");
    }
    var weights = Actions.targetGroupWeights(List.of(a));
    backends.add(backend(state, listener, backendName, weights));
    return new RouteAction.Forward(backendName);
  }

  /**
   * ELBv2's redirect with its {@code #{protocol}}, {@code #{host}}, {@code #{port}}, {@code
   * #{path}} and {@code #{query}} keywords. HTTPS listeners are served as plain HTTP on their local
   * port, so a redirect to a port of this load balancer goes to {@code http://<host>:<that
   * listener's local port>}; a port no listener has stays as it is.
   */
  private static RouteAction redirect(
      Elbv2State state,
      Elbv2State.Listener listener,
      software.amazon.awssdk.services.elasticloadbalancingv2.model.RedirectActionConfig r) {
    var port = r.port() == null || r.port().equals("#{port}") ? "" + listener.port() : r.port();
    var local = port;
    for (var l : state.listeners.values()) {
      if (l.loadBalancerArn().equals(listener.loadBalancerArn())
          && Integer.toString(l.port()).equals(port)) {
        local = Integer.toString(l.localPort());
      }
    }
    var host = r.host() == null ? "#{host}" : r.host();
    host = host.replace("#{host}", "%[req.hdr(host),field(1,:)]");
    var path = r.path() == null ? "/#{path}" : r.path();
    path = path.replace("/#{path}", "%[path]").replace("#{path}", "%[path,regsub(^/,)]");
    var query = r.query() == null ? "#{query}" : r.query();
    var status = "HTTP_302".equals(r.statusCodeAsString()) ? 302 : 301;
    var location = "http://" + host + ":" + local + path;
    if (query.equals("#{query}")) {
      return new RouteAction.Redirect(status, location, true);
    }
    return new RouteAction.Redirect(
        status,
        location + (query.isEmpty() ? "" : "?" + query.replace("#{query}", "%[query]")),
        false);
  }

  private static Backend backend(
      Elbv2State state, Elbv2State.Listener listener, String name, Map<String, Integer> tgWeights) {
    var active = new HashMap<String, Integer>();
    for (var tg : tgWeights.keySet()) {
      state.targetGroup(tg);
      var n = (int) state.targetsOf(tg).values().stream().filter(t -> !t.draining()).count();
      active.put(tg, n);
    }
    var perServer = serverWeights(tgWeights, active);
    var servers = new ArrayList<Server>();
    Elbv2State.HealthCheck hc = null;
    for (var tgArn : tgWeights.keySet()) {
      var tg = state.targetGroup(tgArn);
      hc = hc == null ? tg.healthCheck() : hc;
      for (var t : state.targetsOf(tgArn).values()) {
        servers.add(
            new Server(
                serverName(tg, t),
                tgArn,
                listener.loadBalancerArn(),
                t.key(),
                t.id,
                t.port,
                t.draining() ? 0 : perServer.get(tgArn),
                t.draining(),
                t.seenHealthy));
      }
    }
    return new Backend(name, hc, servers);
  }

  static String serverName(Elbv2State.TargetGroup tg, Elbv2State.Target t) {
    return "t_" + tg.id() + "_" + t.id.replaceAll("[^A-Za-z0-9.-]", "-") + "_" + t.port;
  }

  /**
   * Per-server weight for each target group so that the groups split traffic as their rule weights
   * say, whatever number of targets each holds: weight(tg) ∝ ruleWeight(tg) / targets(tg). HAProxy
   * weights are integers up to {@link #MAX_WEIGHT}, so the scale (the largest weight) is the one
   * whose rounding comes closest to the wanted split (95/5 becomes 247/13, not 256/13); a group
   * with a non-zero rule weight never rounds to 0.
   */
  static Map<String, Integer> serverWeights(
      Map<String, Integer> ruleWeights, Map<String, Integer> activeTargets) {
    var raw = new HashMap<String, Double>();
    var max = 0.0;
    for (var e : ruleWeights.entrySet()) {
      var n = activeTargets.getOrDefault(e.getKey(), 0);
      var r = n == 0 ? 0.0 : (double) e.getValue() / n;
      raw.put(e.getKey(), r);
      max = Math.max(max, r);
    }
    Map<String, Integer> best = null;
    var bestError = Double.MAX_VALUE;
    for (int scale = MAX_WEIGHT; scale >= 1; scale--) {
      var candidate = scaled(raw, max, scale);
      var error = splitError(raw, candidate, activeTargets);
      if (error < bestError - 1e-12) {
        best = candidate;
        bestError = error;
      }
    }
    return best;
  }

  private static Map<String, Integer> scaled(Map<String, Double> raw, double max, int scale) {
    var out = new HashMap<String, Integer>();
    for (var e : raw.entrySet()) {
      out.put(
          e.getKey(),
          e.getValue() == 0.0 ? 0 : (int) Math.max(1, Math.round(scale * e.getValue() / max)));
    }
    return out;
  }

  /** The largest difference between a group's wanted and resulting share of traffic. */
  private static double splitError(
      Map<String, Double> raw, Map<String, Integer> weights, Map<String, Integer> targets) {
    double wantedTotal = 0;
    double actualTotal = 0;
    for (var tg : raw.keySet()) {
      var n = targets.getOrDefault(tg, 0);
      wantedTotal += raw.get(tg) * n;
      actualTotal += weights.get(tg) * n;
    }
    if (wantedTotal == 0 || actualTotal == 0) {
      return 0;
    }
    var error = 0.0;
    for (var tg : raw.keySet()) {
      var n = targets.getOrDefault(tg, 0);
      error =
          Math.max(
              error, Math.abs(raw.get(tg) * n / wantedTotal - weights.get(tg) * n / actualTotal));
    }
    return error;
  }
}
