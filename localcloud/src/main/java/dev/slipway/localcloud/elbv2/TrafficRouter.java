package dev.slipway.localcloud.elbv2;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Brings HAProxy to a {@link Topology}: a reload when frontends, rules or backends change, runtime
 * commands when only targets or weights do, so a weight shift, a registration or pointing a rule at
 * another target group drops nothing. A server leaving a backend is drained first and deleted once
 * it has no request in flight ({@link #reap}).
 */
final class TrafficRouter {
  /** How long a server leaving a backend may finish its requests before it is cut off. */
  static final Duration RETIRE_LIMIT = Duration.ofSeconds(60);

  private final Haproxy haproxy;
  private final Consumer<HaproxyStats> beforeServerDelete;
  private String appliedStructure;
  private Map<String, Map<String, Topology.Server>> applied = Map.of();
  private final Map<String, Instant> retiring = new LinkedHashMap<>();

  TrafficRouter(Haproxy haproxy, Consumer<HaproxyStats> beforeServerDelete) {
    this.haproxy = haproxy;
    this.beforeServerDelete = beforeServerDelete;
  }

  synchronized void apply(Topology t, Instant now) {
    var structure =
        HaproxyConfig.render(t, haproxy.adminSocket(), haproxy.serverStateFile(), false);
    if (t.frontends().isEmpty() && !haproxy.running()) {
      remember(t, structure);
      return;
    }
    if (!haproxy.running() || !structure.equals(appliedStructure)) {
      var before = applied;
      haproxy.apply(
          HaproxyConfig.render(t, haproxy.adminSocket(), haproxy.serverStateFile(), true));
      var cmds = new ArrayList<String>();
      for (var b : t.backends()) {
        for (var s : b.servers()) {
          var known = before.getOrDefault(b.name(), Map.of()).containsKey(s.name());
          if (!known && !s.draining() && !s.passedChecks() && b.healthCheck() != null) {
            cmds.add("set server " + b.name() + "/" + s.name() + " health down");
          }
        }
      }
      haproxy.runtime().commands(cmds);
      // the previous process finishes the requests of servers this config no longer has
      retiring.clear();
      remember(t, structure);
    } else {
      haproxy.runtime().commands(runtimeCommands(t, now));
      var kept = new LinkedHashMap<String, Map<String, Topology.Server>>();
      for (var b : t.backends()) {
        var servers = new LinkedHashMap<String, Topology.Server>();
        for (var old : applied.getOrDefault(b.name(), Map.of()).values()) {
          if (retiring.containsKey(b.name() + "/" + old.name())) {
            servers.put(old.name(), old);
          }
        }
        b.servers().forEach(s -> servers.put(s.name(), s));
        kept.put(b.name(), servers);
      }
      applied = kept;
      appliedStructure = structure;
    }
  }

  /** Commands turning the applied servers into the wanted ones. */
  List<String> runtimeCommands(Topology t, Instant now) {
    var cmds = new ArrayList<String>();
    for (var b : t.backends()) {
      var was = applied.getOrDefault(b.name(), Map.of());
      var wanted = new HashSet<String>();
      for (var s : b.servers()) {
        wanted.add(s.name());
        var id = b.name() + "/" + s.name();
        var old = was.get(s.name());
        if (old == null) {
          if (!s.draining()) {
            cmds.addAll(addServer(id, s, b.healthCheck() != null));
          }
        } else if (retiring.remove(id) != null && !s.draining()) {
          cmds.add("set server " + id + " state ready");
          cmds.add("set weight " + id + " " + s.weight());
        } else if (s.draining() && !old.draining()) {
          cmds.add("set server " + id + " state drain");
        } else if (!s.draining() && s.weight() != old.weight()) {
          cmds.add("set weight " + id + " " + s.weight());
        }
      }
      for (var old : was.values()) {
        var id = b.name() + "/" + old.name();
        if (!wanted.contains(old.name()) && !retiring.containsKey(id)) {
          cmds.add("set server " + id + " state drain");
          retiring.put(id, now.plus(RETIRE_LIMIT));
        }
      }
    }
    return cmds;
  }

  /**
   * "add server" starts in maintenance and leaving it marks the server UP; a target that has not
   * passed its checks yet (ELBv2's "initial") is forced down at weight 0 before it gets its weight,
   * so traffic waits for passing checks. One that already passed them (it serves through another
   * rule) takes traffic at once, as its target group's health is shared on AWS.
   */
  private static List<String> addServer(String id, Topology.Server s, boolean checked) {
    var cmds = new ArrayList<String>();
    cmds.add(
        "add server "
            + id
            + " "
            + s.address()
            + ":"
            + s.port()
            + " weight 0"
            + (checked ? " check" : ""));
    if (checked) {
      cmds.add("enable health " + id);
    }
    cmds.add("enable server " + id);
    if (checked && !s.passedChecks()) {
      cmds.add("set server " + id + " health down");
    }
    cmds.add("set weight " + id + " " + s.weight());
    return cmds;
  }

  /**
   * Deletes retiring servers that have no request in flight (or ran out of time); "del server"
   * drops a server's counters, so they are read first.
   */
  synchronized boolean reap(HaproxyStats stats, Instant now) {
    var done = new ArrayList<String>();
    for (var e : retiring.entrySet()) {
      var slash = e.getKey().indexOf('/');
      var row = stats.row(e.getKey().substring(0, slash), e.getKey().substring(slash + 1));
      if (row.isEmpty() || row.get().currentSessions() == 0 || !now.isBefore(e.getValue())) {
        done.add(e.getKey());
      }
    }
    if (done.isEmpty()) {
      return false;
    }
    beforeServerDelete.accept(stats);
    var cmds = new ArrayList<String>();
    for (var id : done) {
      cmds.add("set server " + id + " state maint");
      cmds.add("shutdown sessions server " + id);
      cmds.add("del server " + id);
      retiring.remove(id);
      var slash = id.indexOf('/');
      var servers = applied.get(id.substring(0, slash));
      if (servers != null) {
        servers.remove(id.substring(slash + 1));
      }
    }
    haproxy.runtime().commands(cmds);
    return true;
  }

  /** The servers HAProxy has now, by backend then name. */
  synchronized Map<String, Map<String, Topology.Server>> applied() {
    return applied;
  }

  private void remember(Topology t, String structure) {
    var servers = new LinkedHashMap<String, Map<String, Topology.Server>>();
    for (var b : t.backends()) {
      var m = new LinkedHashMap<String, Topology.Server>();
      b.servers().forEach(s -> m.put(s.name(), s));
      servers.put(b.name(), m);
    }
    applied = servers;
    appliedStructure = structure;
  }
}
