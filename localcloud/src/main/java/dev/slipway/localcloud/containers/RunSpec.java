package dev.slipway.localcloud.containers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link Podman#run} starts: image, name, environment, published ports (always on 127.0.0.1),
 * labels, an optional health check and command. Built fluently: {@code
 * RunSpec.of("127.0.0.1:5000/app@sha256:…").name("web-1").env("PORT", "8080").publish(0, 8080)}.
 */
public final class RunSpec {
  private final String image;
  private String name;
  private final Map<String, String> env = new LinkedHashMap<>();
  private final Map<String, String> secretEnv = new LinkedHashMap<>();
  private final Map<String, String> labels = new LinkedHashMap<>();
  private final List<PortMapping> ports = new ArrayList<>();
  private final List<String> command = new ArrayList<>();
  private List<String> entryPoint = List.of();
  private List<String> healthCommand = List.of();
  private Duration healthInterval = Duration.ofSeconds(5);
  private Duration stopTimeout = Duration.ofSeconds(10);
  private String memory;
  private boolean logFile;

  private RunSpec(String image) {
    if (image == null || image.isBlank()) {
      throw new IllegalArgumentException("a container needs an image reference; got none");
    }
    this.image = image;
  }

  /** A container of {@code image} (tag or {@code repo@sha256:digest}). */
  public static RunSpec of(String image) {
    return new RunSpec(image);
  }

  /** The container's name (unique within this local mode). */
  public RunSpec name(String value) {
    this.name = value;
    return this;
  }

  /** One environment variable inside the container. */
  public RunSpec env(String key, String value) {
    env.put(key, value);
    return this;
  }

  /** Several environment variables inside the container. */
  public RunSpec env(Map<String, String> values) {
    env.putAll(values);
    return this;
  }

  /**
   * An environment variable whose value must not appear on podman's command line (a secret): the
   * argument is {@code --env NAME} and podman reads the value from its own environment.
   */
  public RunSpec secretEnv(String key, String value) {
    secretEnv.put(key, value);
    return this;
  }

  /** The secret variables, for the podman process's environment. */
  Map<String, String> secretEnvironment() {
    return Map.copyOf(secretEnv);
  }

  /** A label on the container (podman filters and cleanup use them). */
  public RunSpec label(String key, String value) {
    labels.put(key, value);
    return this;
  }

  /** Publishes {@code containerPort} on 127.0.0.1:{@code hostPort}; host port 0 = any free one. */
  public RunSpec publish(int hostPort, int containerPort) {
    ports.add(new PortMapping(hostPort, containerPort));
    return this;
  }

  /** Arguments after the image (replacing the image's CMD). */
  public RunSpec command(List<String> args) {
    command.clear();
    command.addAll(args);
    return this;
  }

  /** Replaces the image's ENTRYPOINT (exec form). */
  public RunSpec entryPoint(List<String> args) {
    this.entryPoint = List.copyOf(args);
    return this;
  }

  /** An exec-form health check run inside the container every {@code interval}. */
  public RunSpec healthCheck(List<String> exec, Duration interval) {
    this.healthCommand = List.copyOf(exec);
    this.healthInterval = interval;
    return this;
  }

  /** Time between SIGTERM and SIGKILL when the container is stopped. */
  public RunSpec stopTimeout(Duration value) {
    this.stopTimeout = value;
    return this;
  }

  /** Memory limit in podman's syntax, e.g. {@code 256m}. */
  public RunSpec memory(String value) {
    this.memory = value;
    return this;
  }

  /**
   * Logs to a file podman writes ({@code --log-driver k8s-file}) whatever podman's default driver
   * is (journald on machines with systemd), so local mode can read the container's output.
   */
  public RunSpec logFile() {
    this.logFile = true;
    return this;
  }

  /** The image reference. */
  public String image() {
    return image;
  }

  /** The configured stop timeout. */
  public Duration stopTimeout() {
    return stopTimeout;
  }

  /** The {@code podman run -d …} arguments (after "podman"). */
  List<String> arguments() {
    List<String> args = new ArrayList<>(List.of("run", "-d", "--pull=missing"));
    if (name != null) {
      args.addAll(List.of("--name", name));
    }
    env.forEach((k, v) -> args.addAll(List.of("--env", k + "=" + v)));
    secretEnv.keySet().forEach(k -> args.addAll(List.of("--env", k)));
    args.addAll(List.of("--label", Podman.OWNER_LABEL + "=true"));
    labels.forEach((k, v) -> args.addAll(List.of("--label", k + "=" + v)));
    for (PortMapping p : ports) {
      args.addAll(
          List.of(
              "--publish",
              "127.0.0.1:" + (p.hostPort() == 0 ? "" : p.hostPort()) + ":" + p.containerPort()));
    }
    if (!healthCommand.isEmpty()) {
      args.add("--health-cmd=" + toJsonArray(healthCommand));
      args.add("--health-interval=" + healthInterval.toMillis() + "ms");
    }
    args.add("--stop-timeout=" + Math.max(0, stopTimeout.toSeconds()));
    if (memory != null) {
      args.add("--memory=" + memory);
    }
    if (logFile) {
      args.add("--log-driver=k8s-file");
    }
    if (!entryPoint.isEmpty()) {
      args.add("--entrypoint=" + toJsonArray(entryPoint));
    }
    args.add(image);
    args.addAll(command);
    return args;
  }

  private static String toJsonArray(List<String> items) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < items.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append('"').append(items.get(i).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
    }
    return sb.append(']').toString();
  }

  /** A published port: host side on 127.0.0.1, container side. */
  public record PortMapping(int hostPort, int containerPort) {}
}
