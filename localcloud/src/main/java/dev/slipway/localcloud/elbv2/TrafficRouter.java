package dev.slipway.localcloud.elbv2;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Brings HAProxy to a {@link Topology}: a reload when frontends, rules or backends change, runtime
 * commands when only targets or weights do (so a weight shift or a registration drops nothing).
 */
final class TrafficRouter {
  private final Haproxy haproxy;
  private final Consumer<HaproxyStats> beforeServerDelete;
  private String appliedStructure;
  private Map<String, Map<String, Topology.Server>> applied = Map.of();
  private Map<String, Topology.Backend> appliedBackends = Map.of();

  TrafficRouter(Haproxy haproxy, Consumer<HaproxyStats> beforeServerDelete) {
    this.haproxy = haproxy;
    this.beforeServerDelete = beforeServerDelete;
  }

  synchronized void apply(Topology t) {
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
          // a server new to this backend starts UP after a (re)load; ELBv2 calls it "initial"
          // until it passes its checks, so it must wait for them
          if (!known && !s.draining() && b.healthCheck() != null) {
            cmds.add("set server " + b.name() + "/" + s.name() + " health down");
          }
        }
      }
      haproxy.runtime().commands(cmds);
    } else {
      haproxy.runtime().commands(runtimeCommands(t));
    }
    remember(t, structure);
  }

  /** Commands turning the applied servers into the wanted ones, deletions last. */
  List<String> runtimeCommands(Topology t) {
    var cmds = new ArrayList<String>();
    var deletes = new ArrayList<String>();
    for (var b : t.backends()) {
      var was = applied.getOrDefault(b.name(), Map.of());
      var checked = b.healthCheck() != null;
      for (var s : b.servers()) {
        var id = b.name() + "/" + s.name();
        var old = was.get(s.name());
        if (old == null) {
          if (s.draining()) {
            continue;
          }
          // "add server" starts in maintenance; leaving it marks the server UP, so it is forced
          // down at weight 0 before it gets its weight: traffic waits for passing checks
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
          if (checked) {
            cmds.add("set server " + id + " health down");
          }
          cmds.add("set weight " + id + " " + s.weight());
        } else if (s.draining() && !old.draining()) {
          cmds.add("set server " + id + " state drain");
        } else if (!s.draining() && s.weight() != old.weight()) {
          cmds.add("set weight " + id + " " + s.weight());
        }
      }
      var now = new HashMap<String, Topology.Server>();
      b.servers().forEach(s -> now.put(s.name(), s));
      for (var old : was.values()) {
        if (!now.containsKey(old.name())) {
          var id = b.name() + "/" + old.name();
          deletes.add("set server " + id + " state maint");
          deletes.add("shutdown sessions server " + id);
          deletes.add("del server " + id);
        }
      }
    }
    if (!deletes.isEmpty()) {
      // "del server" drops the server's counters: read them first
      beforeServerDelete.accept(haproxy.runtime().stats());
    }
    cmds.addAll(deletes);
    return cmds;
  }

  /** The servers HAProxy has now, by backend then name. */
  synchronized Map<String, Map<String, Topology.Server>> applied() {
    return applied;
  }

  synchronized Map<String, Topology.Backend> appliedBackends() {
    return appliedBackends;
  }

  private void remember(Topology t, String structure) {
    var servers = new LinkedHashMap<String, Map<String, Topology.Server>>();
    var backends = new LinkedHashMap<String, Topology.Backend>();
    for (var b : t.backends()) {
      var m = new LinkedHashMap<String, Topology.Server>();
      b.servers().forEach(s -> m.put(s.name(), s));
      servers.put(b.name(), m);
      backends.put(b.name(), b);
    }
    applied = servers;
    appliedBackends = backends;
    appliedStructure = structure;
  }
}
