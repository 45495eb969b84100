package dev.slipway.localcloud.containers;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A container as {@code podman inspect} reports it.
 *
 * @param id full container id
 * @param name container name
 * @param imageId the image's id
 * @param imageName the reference it was started from
 * @param status podman's status: created, running, exited, stopped, …
 * @param running whether the main process is running
 * @param exitCode the main process's exit code (0 while running)
 * @param pid host pid of the main process (0 when not running)
 * @param startedAt when it last started (null if never)
 * @param finishedAt when it last stopped (null if never)
 * @param health health check status ("healthy", "unhealthy", "starting") or empty without one
 * @param hostPorts container port ("8080/tcp") → host port on 127.0.0.1
 * @param labels the container's labels
 */
public record ContainerState(
    String id,
    String name,
    String imageId,
    String imageName,
    String status,
    boolean running,
    int exitCode,
    long pid,
    Instant startedAt,
    Instant finishedAt,
    Optional<String> health,
    Map<String, Integer> hostPorts,
    Map<String, String> labels) {

  /** The host port published for {@code containerPort}/tcp. */
  public Optional<Integer> hostPort(int containerPort) {
    return Optional.ofNullable(hostPorts.get(containerPort + "/tcp"));
  }
}
