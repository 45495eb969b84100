package dev.slipway.localcloud.ecs;

import dev.slipway.localcloud.containers.Podman;
import dev.slipway.localcloud.containers.RunSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Task containers on podman: images pulled by reference (a digest in a pipeline), every container
 * port published on 127.0.0.1 at a free host port, health checks run with {@code podman exec}
 * (podman's own health check timers need systemd, which local mode does not assume).
 */
public final class PodmanTaskContainers implements TaskContainers {
  /** Label on every task container, so a later start removes what a crash left. */
  static final String ECS_LABEL = dev.slipway.localcloud.containers.LocalContainers.ADOPTABLE_LABEL;

  private final Podman podman;

  public PodmanTaskContainers(Podman podman) {
    this.podman = podman;
  }

  @Override
  public Started start(Launch l) {
    var spec =
        RunSpec.of(l.image())
            .name(l.name())
            .env(l.environment())
            .label(ECS_LABEL, "true")
            .stopTimeout(l.stopTimeout())
            .logFile();
    l.secrets().forEach(spec::secretEnv);
    l.labels().forEach(spec::label);
    l.containerPorts().forEach(p -> spec.publish(0, p));
    if (!l.entryPoint().isEmpty()) {
      spec.entryPoint(l.entryPoint());
    }
    if (!l.command().isEmpty()) {
      spec.command(l.command());
    }
    var id = podman.run(spec);
    var state =
        podman
            .inspect(id)
            .orElseThrow(() -> new IllegalStateException("container " + id + " vanished"));
    var ports = new HashMap<Integer, Integer>();
    for (var p : l.containerPorts()) {
      ports.put(
          p,
          state
              .hostPort(p)
              .orElseThrow(
                  () -> new IllegalStateException("podman published no host port for " + p)));
    }
    return new Started(id, Map.copyOf(ports));
  }

  @Override
  public Map<String, Observed> observe(Collection<String> ids) {
    var out = new HashMap<String, Observed>();
    for (var s : podman.inspectAll(ids)) {
      out.put(s.id(), new Observed(s.running(), s.exitCode(), s.finishedAt()));
    }
    return out;
  }

  @Override
  public boolean check(String id, List<String> command, Duration timeout) {
    var args = new ArrayList<String>(List.of("exec", id));
    args.addAll(command);
    return podman.exec(args, timeout).succeeded();
  }

  @Override
  public Optional<Integer> stop(String id, Duration grace) {
    podman.stop(id, grace);
    return podman.inspect(id).map(s -> s.exitCode());
  }

  /**
   * The k8s-file log file podman writes (every task container is started with that driver, so a
   * machine whose podman defaults to systemd's journal gives the same; {@code json-file} is
   * podman's alias for the same format). A container started otherwise (adopted from an older local
   * mode) may have no file to read: its output then gives no metrics, which is said once per
   * container.
   */
  @Override
  public Optional<Path> logFile(String id) {
    var result =
        podman.exec(
            List.of(
                "container",
                "inspect",
                "--format",
                "{{.HostConfig.LogConfig.Type}}\t{{.HostConfig.LogConfig.Path}}",
                id),
            Duration.ofSeconds(30));
    if (!result.succeeded()) {
      return Optional.empty();
    }
    var fields = result.stdout().strip().split("\t", 2);
    var type = fields[0];
    if ((type.equals("k8s-file") || type.equals("json-file"))
        && fields.length == 2
        && !fields[1].isBlank()) {
      return Optional.of(Path.of(fields[1].strip()));
    }
    System.err.println(
        "ecs: container "
            + id
            + " logs through podman's "
            + type
            + " log driver, which local mode cannot read: its embedded metric format lines give"
            + " no metrics");
    return Optional.empty();
  }

  @Override
  public void remove(String id) {
    podman.remove(id);
  }

  @Override
  public void removeLeftovers(Set<String> keep) {
    // full ids on both sides: podman ps --no-trunc, and the adopted ones as inspect reported them
    for (var id : podman.containers(Map.of(ECS_LABEL, "true"))) {
      if (!keep.contains(id)) {
        podman.remove(id);
      }
    }
  }
}
