package dev.slipway.localcloud.containers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The podman command line, run with local mode's {@link PodmanEnvironment} and a timeout on every
 * call. Failures throw {@link CommandFailedException} naming the command and podman's message.
 */
public final class Podman {
  /** Label put on every container started through {@link #run}, so cleanup finds them. */
  public static final String OWNER_LABEL = "dev.slipway.localcloud";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final PodmanEnvironment environment;
  private final Duration timeout;

  /** Podman with the default per-call timeout (2 minutes; builds take their own). */
  public Podman(PodmanEnvironment environment) {
    this(environment, Duration.ofMinutes(2));
  }

  /** Podman with {@code timeout} for each call that does not take its own. */
  public Podman(PodmanEnvironment environment, Duration timeout) {
    this.environment = environment;
    this.timeout = timeout;
  }

  /** The configuration every call runs with. */
  public PodmanEnvironment environment() {
    return environment;
  }

  /**
   * Builds {@code containerfile} in {@code context} as {@code tag} and returns the image id. Build
   * args are passed as {@code --build-arg}.
   */
  public String build(
      Path context, Path containerfile, String tag, Map<String, String> buildArgs, Duration limit) {
    List<String> args = new ArrayList<>(List.of("build", "-q", "-f", containerfile.toString()));
    args.addAll(List.of("-t", tag));
    buildArgs.forEach((k, v) -> args.addAll(List.of("--build-arg", k + "=" + v)));
    args.add(context.toString());
    String out = call(args, limit).strip();
    return out.substring(out.lastIndexOf('\n') + 1).strip();
  }

  /** Pushes local image {@code source} to {@code destination} and returns the manifest digest. */
  public String push(String source, String destination) {
    try {
      Path digestFile = Files.createTempFile("slipway-push", ".digest");
      try {
        call(List.of("push", "-q", "--digestfile", digestFile.toString(), source, destination));
        return Files.readString(digestFile).strip();
      } finally {
        Files.deleteIfExists(digestFile);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot use a temporary file for podman push's digest", e);
    }
  }

  /** Pulls {@code reference} (tag or digest) into local storage. */
  public void pull(String reference) {
    call(List.of("pull", "-q", reference));
  }

  /** Adds the name {@code target} to local image {@code image}. */
  public void tag(String image, String target) {
    call(List.of("tag", image, target));
  }

  /** Whether local storage holds {@code reference}. */
  public boolean imageExists(String reference) {
    return exec(List.of("image", "exists", reference), timeout).succeeded();
  }

  /** Removes local image {@code reference} (force); no error when it is already gone. */
  public void removeImage(String reference) {
    CommandResult result = exec(List.of("rmi", "-f", reference), timeout);
    if (!result.succeeded() && !result.stderr().contains("image not known")) {
      throw new CommandFailedException("podman rmi " + reference, result);
    }
  }

  /** Starts a detached container and returns its id. */
  public String run(RunSpec spec) {
    Map<String, String> secrets = spec.secretEnvironment();
    if (secrets.isEmpty()) {
      return call(spec.arguments()).strip();
    }
    List<String> command = new ArrayList<>();
    command.add("podman");
    command.addAll(spec.arguments());
    Map<String, String> variables = new java.util.LinkedHashMap<>(environment.variables());
    variables.putAll(secrets);
    CommandResult result = HostCommand.of(command).environment(variables).timeout(timeout).run();
    if (!result.succeeded()) {
      throw new CommandFailedException("podman run", result);
    }
    return result.stdout().strip();
  }

  /**
   * Stops a container: SIGTERM, then SIGKILL after {@code grace} (what ECS's stopTimeout means).
   */
  public void stop(String container, Duration grace) {
    long seconds = Math.max(0, grace.toSeconds());
    call(List.of("stop", "-t", Long.toString(seconds), container), grace.plus(timeout));
  }

  /** Sends {@code signal} (e.g. "KILL", "TERM") to a container's main process. */
  public void kill(String container, String signal) {
    call(List.of("kill", "--signal", signal, container));
  }

  /** The container's state, or empty when no such container exists. */
  public Optional<ContainerState> inspect(String container) {
    CommandResult result = exec(List.of("container", "inspect", container), timeout);
    if (!result.succeeded()) {
      if (result.stderr().contains("no such container")) {
        return Optional.empty();
      }
      throw new CommandFailedException("podman inspect " + container, result);
    }
    try {
      JsonNode array = JSON.readTree(result.stdout());
      return array.isEmpty() ? Optional.empty() : Optional.of(ContainerInspect.parse(array.get(0)));
    } catch (IOException e) {
      throw new UncheckedIOException("podman inspect printed JSON this code cannot read", e);
    }
  }

  /** The states of several containers in one call; containers that no longer exist are left out. */
  public List<ContainerState> inspectAll(java.util.Collection<String> containers) {
    if (containers.isEmpty()) {
      return List.of();
    }
    List<String> args = new ArrayList<>(List.of("container", "inspect"));
    args.addAll(containers);
    // with one container gone podman exits non-zero but still prints the others
    CommandResult result = exec(args, timeout);
    try {
      JsonNode array = JSON.readTree(result.stdout().isBlank() ? "[]" : result.stdout());
      List<ContainerState> out = new ArrayList<>();
      array.forEach(c -> out.add(ContainerInspect.parse(c)));
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("podman inspect printed JSON this code cannot read", e);
    }
  }

  /** Removes a container, stopping it at once if it runs; no error when it is already gone. */
  public void remove(String container) {
    CommandResult result = exec(List.of("rm", "-f", "-t", "0", container), timeout);
    if (!result.succeeded() && result.stderr().contains("state improper")) {
      // the container exited while podman was killing it: the kill fails with "container state
      // improper: stopped", and a second rm of the now stopped container succeeds
      result = exec(List.of("rm", "-f", "-t", "0", container), timeout);
    }
    if (!result.succeeded() && !result.stderr().contains("no such container")) {
      throw new CommandFailedException("podman rm " + container, result);
    }
  }

  /** The container's output so far (stdout, then stderr). */
  public String logs(String container) {
    CommandResult result = exec(List.of("logs", container), timeout);
    if (!result.succeeded()) {
      throw new CommandFailedException("podman logs " + container, result);
    }
    return result.stdout() + result.stderr();
  }

  /** Runs the container's health check once; true when it passed. */
  public boolean runHealthCheck(String container) {
    return exec(List.of("healthcheck", "run", container), timeout).succeeded();
  }

  /** Ids of the containers (running or not) that carry all of {@code labels}. */
  public List<String> containers(Map<String, String> labels) {
    List<String> args = new ArrayList<>(List.of("ps", "-a", "-q", "--no-trunc"));
    labels.forEach((k, v) -> args.addAll(List.of("--filter", "label=" + k + "=" + v)));
    return call(args).lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  /**
   * Removes every container local mode started in this state dir but those carrying {@code label}
   * (after a crash: what a restarted local mode adopts).
   */
  public int removeAllContainersExcept(String label) {
    var keep = new java.util.HashSet<>(containers(Map.of(label, "true")));
    List<String> ids = containers(Map.of(OWNER_LABEL, "true"));
    int removed = 0;
    for (String id : ids) {
      if (!keep.contains(id)) {
        remove(id);
        removed++;
      }
    }
    return removed;
  }

  /** Removes every container local mode started in this state dir (after a crash, too). */
  public int removeAllContainers() {
    List<String> ids = containers(Map.of(OWNER_LABEL, "true"));
    for (String id : ids) {
      remove(id);
    }
    return ids.size();
  }

  /** Runs {@code podman <args>} and returns the result, whatever its exit code. */
  public CommandResult exec(List<String> args, Duration limit) {
    List<String> command = new ArrayList<>();
    command.add("podman");
    command.addAll(args);
    return HostCommand.of(command).environment(environment.variables()).timeout(limit).run();
  }

  private String call(List<String> args) {
    return call(args, timeout);
  }

  private String call(List<String> args, Duration limit) {
    CommandResult result = exec(args, limit);
    if (!result.succeeded()) {
      throw new CommandFailedException("podman " + args.get(0), result);
    }
    return result.stdout();
  }
}
