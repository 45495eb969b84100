package dev.slipway.localcloud.ecs;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The container engine ECS runs task containers on (podman in local mode). */
public interface TaskContainers {

  /**
   * One container to start. {@code secrets} reach the container's environment without appearing on
   * any command line or in any log.
   */
  record Launch(
      String name,
      String image,
      Map<String, String> environment,
      Map<String, String> secrets,
      List<Integer> containerPorts,
      List<String> entryPoint,
      List<String> command,
      Duration stopTimeout,
      Map<String, String> labels) {}

  /** A started container: its id and the 127.0.0.1 host port of each container port. */
  record Started(String id, Map<Integer, Integer> hostPorts) {}

  /** What a container is doing; {@code exitCode} is meaningful once it stopped. */
  record Observed(boolean running, int exitCode, Instant finishedAt) {}

  /** Pulls the image if needed and starts the container. */
  Started start(Launch launch);

  /** The state of each container, by id; a container that no longer exists is absent. */
  Map<String, Observed> observe(Collection<String> ids);

  /** Runs a health check command inside the container once; true when it exited 0. */
  boolean check(String id, List<String> command, Duration timeout);

  /** SIGTERM, then SIGKILL after {@code grace}; returns the exit code if known. */
  Optional<Integer> stop(String id, Duration grace);

  /**
   * The file the engine writes the container's output to, when it is one local mode reads (podman's
   * k8s-file log driver); empty otherwise.
   */
  default Optional<java.nio.file.Path> logFile(String id) {
    return Optional.empty();
  }

  /** Removes the container (gone already is fine). */
  void remove(String id);

  /** Removes every task container a previous run left (after a crash). */
  default void removeLeftovers() {
    removeLeftovers(java.util.Set.of());
  }

  /** Removes every task container a previous run left except those in {@code keep} (adopted). */
  void removeLeftovers(java.util.Set<String> keep);
}
