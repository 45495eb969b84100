package dev.slipway.localcloud.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Every host process local mode starts (function JVMs, the local endpoint itself) gets a file
 * {@code <state>/processes/<pid>.pid} with its label and start time, removed when it exits. After a
 * crash, {@link #cleanUpLeftovers} stops what the files still name — only when the pid's start time
 * matches, so a recycled pid is never killed.
 */
public final class ProcessRegistry {
  private final Path dir;

  /** Keeps its files in {@code dir}. */
  public ProcessRegistry(Path dir) {
    this.dir = dir;
  }

  /** A recorded process. */
  public record Entry(long pid, String label, Instant started, boolean alive) {}

  /** Records a started process; the file goes away when the process exits. */
  public void started(Process process, String label) {
    record(process.toHandle(), label);
    process.onExit().thenRun(() -> forget(process.pid()));
  }

  /** Records any process handle (e.g. the local endpoint's own JVM). */
  public void record(ProcessHandle handle, String label) {
    try {
      Files.createDirectories(dir);
      Instant start = handle.info().startInstant().orElse(Instant.EPOCH);
      Files.writeString(file(handle.pid()), label + "\n" + start + "\n");
    } catch (IOException e) {
      throw new IllegalStateException("cannot record process " + handle.pid() + " in " + dir, e);
    }
  }

  /** Removes a process's file. */
  public void forget(long pid) {
    try {
      Files.deleteIfExists(file(pid));
    } catch (IOException e) {
      // a stale file is cleaned up next time
    }
  }

  /** The recorded processes, with whether each still runs (same pid and start time). */
  public List<Entry> entries() {
    List<Entry> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".pid")).sorted().toList()) {
        try {
          List<String> lines = Files.readAllLines(f);
          long pid = Long.parseLong(f.getFileName().toString().replace(".pid", ""));
          Instant started = Instant.parse(lines.get(1));
          out.add(new Entry(pid, lines.get(0), started, live(pid, started).isPresent()));
        } catch (IOException | RuntimeException e) {
          Files.deleteIfExists(f);
        }
      }
    } catch (IOException e) {
      return out;
    }
    return out;
  }

  /** Stops every recorded process still running (SIGTERM, SIGKILL after {@code grace}). */
  public List<Entry> cleanUpLeftovers(Duration grace, long exceptPid) {
    List<Entry> stopped = new ArrayList<>();
    for (Entry e : entries()) {
      if (e.pid() == exceptPid) {
        continue;
      }
      Optional<ProcessHandle> handle = live(e.pid(), e.started());
      handle.ifPresent(
          h -> {
            terminate(h, grace);
            stopped.add(e);
          });
      forget(e.pid());
    }
    return stopped;
  }

  /** SIGTERM, then SIGKILL after {@code grace}. */
  public static void terminate(ProcessHandle h, Duration grace) {
    h.destroy();
    try {
      h.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      h.destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      h.destroyForcibly();
    }
  }

  private static Optional<ProcessHandle> live(long pid, Instant started) {
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .filter(h -> h.info().startInstant().map(started::equals).orElse(false));
  }

  private Path file(long pid) {
    return dir.resolve(pid + ".pid");
  }
}
