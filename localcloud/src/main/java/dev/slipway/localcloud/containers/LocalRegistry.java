package dev.slipway.localcloud.containers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * The local OCI registry: {@code docker-registry serve <config.yml>} (the Distribution registry),
 * bound to 127.0.0.1, storing blobs under {@code <stateDir>/registry/data}. It is local mode's ECR
 * storage; podman reaches it over plain HTTP (registries.conf marks 127.0.0.1 insecure).
 */
public final class LocalRegistry implements AutoCloseable {
  private final Path dir;
  private final int port;
  private final Process process;
  private final PidFile pidFile;

  private LocalRegistry(Path dir, int port, Process process, PidFile pidFile) {
    this.dir = dir;
    this.port = port;
    this.process = process;
    this.pidFile = pidFile;
  }

  /**
   * Starts the registry on 127.0.0.1:{@code port} (0 = a free port) and waits until it answers;
   * stops a registry a crashed local mode left behind for the same state dir first.
   */
  public static LocalRegistry start(Path stateDir, int port, Duration startTimeout) {
    if (!HostCommand.onPath("docker-registry")) {
      throw new IllegalStateException(
          "docker-registry is not installed; local mode's ECR needs it: apt-get install docker-registry"
              + " (scripts/setup does this)");
    }
    Path dir = stateDir.toAbsolutePath().resolve("registry");
    Path config = dir.resolve("config.yml");
    PidFile pidFile = new PidFile(dir.resolve("registry.pid"), config.toString());
    pidFile.stopLeftover(Duration.ofSeconds(5));
    int chosen = port == 0 ? freePort() : port;
    try {
      Files.createDirectories(dir.resolve("data"));
      Files.writeString(config, config(dir.resolve("data"), chosen));
      ProcessBuilder builder = new ProcessBuilder("docker-registry", "serve", config.toString());
      // the registry reads REGISTRY_* variables as settings; REGISTRY_AUTH_FILE (podman's) breaks
      // it
      builder.environment().keySet().removeIf(k -> k.startsWith("REGISTRY_"));
      builder.redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile());
      Process process = builder.start();
      pidFile.write(process.toHandle());
      LocalRegistry registry = new LocalRegistry(dir, chosen, process, pidFile);
      registry.awaitReady(startTimeout);
      return registry;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start docker-registry in " + dir, e);
    }
  }

  /** {@code 127.0.0.1:<port>}: the host part of every image reference in this registry. */
  public String address() {
    return "127.0.0.1:" + port;
  }

  /** The registry's port on 127.0.0.1. */
  public int port() {
    return port;
  }

  /** The registry's base URL, {@code http://127.0.0.1:<port>}. */
  public URI baseUri() {
    return URI.create("http://" + address());
  }

  /** The registry process (for local mode's process bookkeeping). */
  public ProcessHandle process() {
    return process.toHandle();
  }

  /** The registry's log file (requests and errors). */
  public Path logFile() {
    return dir.resolve("registry.log");
  }

  /** Where the registry stores blobs and manifests. */
  public Path dataDir() {
    return dir.resolve("data");
  }

  /** Stops the registry process (the stored images stay). */
  @Override
  public void close() {
    PidFile.terminate(process.toHandle(), Duration.ofSeconds(5));
    pidFile.delete();
  }

  private void awaitReady(Duration limit) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    Instant deadline = Instant.now().plus(limit);
    HttpRequest ping =
        HttpRequest.newBuilder(baseUri().resolve("/v2/")).timeout(Duration.ofSeconds(2)).build();
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "docker-registry exited at start (exit " + process.exitValue() + "): " + logTail());
      }
      try {
        if (http.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      waitBriefly();
    }
    close();
    throw new IllegalStateException(
        "docker-registry did not answer on "
            + address()
            + " within "
            + limit.toMillis()
            + " ms: "
            + logTail());
  }

  private static void waitBriefly() {
    // a registry answers within ~50 ms of start; a short park keeps the poll cheap
    java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(25).toNanos());
  }

  private String logTail() {
    try (InputStream in = Files.newInputStream(logFile())) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
      return text.length() > 1500 ? text.substring(text.length() - 1500) : text;
    } catch (IOException e) {
      return "(no log)";
    }
  }

  static String config(Path dataDir, int port) {
    return """
        # written by Slipway local mode; the local ECR's storage
        version: 0.1
        log:
          level: warn
          accesslog:
            disabled: true
        storage:
          filesystem:
            rootdirectory: %s
          delete:
            enabled: true
        http:
          addr: 127.0.0.1:%d
          relativeurls: true
        """
        .formatted(dataDir, port);
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress("127.0.0.1", 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on 127.0.0.1", e);
    }
  }
}
