package dev.slipway.localcloud.containers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A pid file for a host process local mode starts (registry, load balancer), so a later start can
 * stop a process left behind by a crashed local mode. The process is only stopped when its command
 * line still names {@code marker} (e.g. its config file), so a recycled pid is never killed.
 */
public final class PidFile {
  private final Path file;
  private final String marker;

  /** A pid file at {@code file} for a process whose command line contains {@code marker}. */
  public PidFile(Path file, String marker) {
    this.file = file;
    this.marker = marker;
  }

  /** Records {@code process}'s pid. */
  public void write(ProcessHandle process) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, Long.toString(process.pid()) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write pid file " + file, e);
    }
  }

  /** The live process recorded in the file, if it still runs the same command. */
  public Optional<ProcessHandle> liveProcess() {
    try {
      if (!Files.exists(file)) {
        return Optional.empty();
      }
      long pid = Long.parseLong(Files.readString(file).strip());
      return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(this::matches);
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Stops a leftover process (SIGTERM, SIGKILL after {@code grace}); true if one was running. */
  public boolean stopLeftover(Duration grace) {
    Optional<ProcessHandle> process = liveProcess();
    process.ifPresent(p -> terminate(p, grace));
    delete();
    return process.isPresent();
  }

  /** Removes the file. */
  public void delete() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete pid file " + file, e);
    }
  }

  /** SIGTERM, wait up to {@code grace}, then SIGKILL. */
  public static void terminate(ProcessHandle process, Duration grace) {
    process.destroy();
    try {
      process.onExit().get(grace.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    } catch (java.util.concurrent.ExecutionException e) {
      process.destroyForcibly();
    }
  }

  private boolean matches(ProcessHandle process) {
    // /proc/<pid>/cmdline holds the full command line even when ProcessHandle.info() cannot
    Path cmdline = Path.of("/proc", Long.toString(process.pid()), "cmdline");
    try {
      return new String(Files.readAllBytes(cmdline), java.nio.charset.StandardCharsets.UTF_8)
          .contains(marker);
    } catch (IOException e) {
      return false;
    }
  }
}
