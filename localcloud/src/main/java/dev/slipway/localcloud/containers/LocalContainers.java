package dev.slipway.localcloud.containers;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The container half of one local mode: podman configured under the state dir, the local registry,
 * and the jlink base image. {@link #start} first removes what a crashed local mode left behind (its
 * containers but the {@link #ADOPTABLE_LABEL} ones, and its registry process); {@link #close}
 * removes the containers this state dir's podman runs and stops the registry.
 */
public final class LocalContainers implements AutoCloseable {
  /**
   * Label of containers a restarted local mode adopts rather than removes (ECS task containers: ECS
   * reconciles them with its saved tasks, so production keeps serving across a crash).
   */
  public static final String ADOPTABLE_LABEL = "dev.slipway.localcloud.ecs";

  private final Podman podman;
  private final LocalRegistry registry;
  private static final java.util.Map<Path, LocalContainers> SHARED = new java.util.HashMap<>();

  private String baseImage;
  private Path sharedKey;
  private int shares;

  private LocalContainers(Podman podman, LocalRegistry registry) {
    this.podman = podman;
    this.registry = registry;
  }

  /**
   * Configures podman under {@code stateDir}, cleans up after a crash and starts the registry on
   * 127.0.0.1:{@code registryPort} (0 = a free port).
   */
  public static LocalContainers start(Path stateDir, int registryPort) {
    requireTools();
    PodmanEnvironment environment = PodmanEnvironment.create(stateDir);
    Podman podman = new Podman(environment);
    podman.removeAllContainersExcept(ADOPTABLE_LABEL);
    LocalRegistry registry = LocalRegistry.start(stateDir, registryPort, Duration.ofSeconds(15));
    return new LocalContainers(podman, registry);
  }

  /**
   * The one instance for {@code stateDir} in this JVM, started on first use: local mode's parts
   * that run containers (CodeBuild/ECR, ECS) share it, since a second {@link #start} on the same
   * state dir would treat the first one's registry and containers as a crash's leftovers. Each
   * caller hands its share back with {@link #release}.
   */
  public static synchronized LocalContainers shared(Path stateDir, int registryPort) {
    Path key = stateDir.toAbsolutePath().normalize();
    LocalContainers existing = SHARED.get(key);
    if (existing == null) {
      existing = start(stateDir, registryPort);
      existing.sharedKey = key;
      SHARED.put(key, existing);
    }
    existing.shares++;
    return existing;
  }

  /** Gives back a share from {@link #shared}; the last one closes. */
  public void release() {
    synchronized (LocalContainers.class) {
      if (--shares > 0) {
        return;
      }
      SHARED.remove(sharedKey);
    }
    close();
  }

  /**
   * Removes what a local mode with {@code stateDir} started, whether or not it still runs: its
   * containers and its registry process ({@code slipway down}, or after a crash).
   */
  public static void cleanUp(Path stateDir) {
    Podman podman = new Podman(PodmanEnvironment.create(stateDir));
    podman.removeAllContainers();
    Path config = stateDir.toAbsolutePath().resolve("registry/config.yml");
    new PidFile(config.resolveSibling("registry.pid"), config.toString())
        .stopLeftover(Duration.ofSeconds(5));
  }

  /** The podman command line, configured for this local mode. */
  public Podman podman() {
    return podman;
  }

  /** The running local registry. */
  public LocalRegistry registry() {
    return registry;
  }

  /** The jlink base image reference, built on first use from this JVM's JDK. */
  public synchronized String baseImage() {
    if (baseImage == null) {
      baseImage = JlinkBaseImage.ofCurrentJdk(podman).ensureBuilt();
    }
    return baseImage;
  }

  /** Removes this local mode's containers and stops the registry. */
  @Override
  public void close() {
    try {
      podman.removeAllContainers();
    } finally {
      registry.close();
    }
  }

  private static void requireTools() {
    List<String> missing =
        List.of("podman", "runc", "docker-registry").stream()
            .filter(
                t ->
                    !HostCommand.onPath(t)
                        && !java.nio.file.Files.isExecutable(Path.of("/usr/sbin", t)))
            .toList();
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          "local mode runs containers with podman, runc and docker-registry; missing: "
              + String.join(", ", missing)
              + ". Install them with scripts/setup (or apt-get install "
              + String.join(" ", missing)
              + ")");
    }
  }
}
