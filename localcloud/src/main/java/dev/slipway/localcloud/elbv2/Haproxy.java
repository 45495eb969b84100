package dev.slipway.localcloud.elbv2;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The HAProxy process(es) behind ELBv2. A reload starts a new process that takes the listening
 * sockets over the admin socket ({@code -x}) and tells the old one to finish its connections and
 * exit ({@code -sf}); health states carry over through the server-state file. Every pid started is
 * written to {@code haproxy.pids}, so {@link #cleanAfterCrash} can stop what a crashed run left, or
 * {@link #adoptRunning} take it over when local mode restarts on the same state.
 */
final class Haproxy implements AutoCloseable {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);

  private final Path dir;
  private final HaproxyRuntime runtime;
  private final List<Process> processes = new ArrayList<>();
  private Process current;

  /**
   * The HAProxy a crashed local mode left serving on this directory's config, taken over by the
   * first {@link #apply} (it hands its listening sockets to the new process and finishes its
   * connections), so a restart of local mode drops no request.
   */
  private ProcessHandle adopted;

  Haproxy(Path dir) {
    this.dir = dir;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.runtime = new HaproxyRuntime(adminSocket());
  }

  Path adminSocket() {
    return dir.resolve("admin.sock");
  }

  Path serverStateFile() {
    return dir.resolve("server-state");
  }

  Path config() {
    return dir.resolve("haproxy.cfg");
  }

  HaproxyRuntime runtime() {
    return runtime;
  }

  boolean running() {
    return current != null && current.isAlive() || adopted != null && adopted.isAlive();
  }

  /**
   * Takes over the HAProxy a crashed run left on this directory's config (the newest live one in
   * {@code haproxy.pids}; older ones are stopped): it keeps serving until the next {@link #apply}
   * replaces it without a drop. True if one was found.
   */
  synchronized boolean adoptRunning() {
    var live = leftovers(dir);
    if (live.isEmpty()) {
      cleanAfterCrash(dir);
      return false;
    }
    adopted = live.getLast();
    for (var h : live.subList(0, live.size() - 1)) {
      stop(h);
    }
    if (!runtime.answers() || runtime.pid() != adopted.pid()) {
      // it does not answer on the admin socket, so it cannot hand its sockets over
      stop(adopted);
      adopted = null;
      cleanAfterCrash(dir);
      return false;
    }
    return true;
  }

  /** Writes the config and starts HAProxy on it, or reloads the running one without a drop. */
  synchronized void apply(String config) {
    var next = dir.resolve("haproxy.cfg.next");
    write(next, config);
    check(next);
    try {
      Files.move(next, config(), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    var cmd = new ArrayList<>(List.of("haproxy", "-db", "-f", config().toString()));
    Long previous =
        current != null && current.isAlive()
            ? Long.valueOf(current.pid())
            : adopted != null && adopted.isAlive() ? Long.valueOf(adopted.pid()) : null;
    if (previous != null) {
      write(serverStateFile(), runtime.command("show servers state"));
      cmd.addAll(List.of("-x", adminSocket().toString(), "-sf", Long.toString(previous)));
    } else {
      write(serverStateFile(), "");
    }
    current = start(cmd);
    awaitAnswering(current);
    adopted = null; // told to finish its connections and exit (-sf)
  }

  private Process start(List<String> cmd) {
    try {
      var p =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("haproxy.log").toFile()))
              .start();
      processes.add(p);
      Files.writeString(
          dir.resolve("haproxy.pids"),
          p.pid() + "\n",
          StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
      return p;
    } catch (IOException e) {
      throw new IllegalStateException(
          "Could not start haproxy (" + e.getMessage() + "); install it: apt-get install haproxy",
          e);
    }
  }

  private void awaitAnswering(Process p) {
    var deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IllegalStateException(
            "haproxy exited with "
                + p.exitValue()
                + " ("
                + lastLogLines(3)
                + "); see "
                + dir.resolve("haproxy.log"));
      }
      if (runtime.answers() && runtime.pid() == p.pid()) {
        return;
      }
      pause();
    }
    throw new IllegalStateException(
        "haproxy did not answer on " + adminSocket() + " within " + READY_TIMEOUT);
  }

  /** The end of haproxy's log, which names the cause (a port in use, a bad line). */
  private String lastLogLines(int n) {
    try {
      List<String> lines = Files.readAllLines(dir.resolve("haproxy.log"), StandardCharsets.UTF_8);
      return String.join(" | ", lines.subList(Math.max(0, lines.size() - n), lines.size())).strip();
    } catch (IOException e) {
      return "no log: " + e.getMessage();
    }
  }

  private void check(Path cfg) {
    try {
      var p =
          new ProcessBuilder("haproxy", "-c", "-f", cfg.toString())
              .redirectErrorStream(true)
              .start();
      var out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.waitFor() != 0) {
        throw new IllegalStateException(
            "HAProxy rejected the generated config " + cfg + ": " + out);
      }
    } catch (IOException e) {
      throw new IllegalStateException(
          "Could not run haproxy (" + e.getMessage() + "); install it: apt-get install haproxy", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Stops every HAProxy process this object started. */
  @Override
  public synchronized void close() {
    for (var p : processes) {
      p.destroy();
    }
    for (var p : processes) {
      try {
        if (!p.waitFor(3, TimeUnit.SECONDS)) {
          p.destroyForcibly().waitFor(3, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    processes.clear();
    current = null;
    if (adopted != null) {
      stop(adopted);
      adopted = null;
    }
    try {
      Files.deleteIfExists(dir.resolve("haproxy.pids"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Stops HAProxy processes a crashed run left behind: the pids in {@code haproxy.pids} that are
   * still haproxy running on this directory's config (a reused pid is left alone).
   */
  static void cleanAfterCrash(Path dir) {
    var pids = dir.resolve("haproxy.pids");
    if (!Files.exists(pids)) {
      return;
    }
    leftovers(dir).forEach(Haproxy::stop);
    try {
      Files.delete(pids);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The live processes of {@code haproxy.pids}, oldest first, that still are haproxy running on
   * this directory's config (a reused pid is left alone).
   */
  private static List<ProcessHandle> leftovers(Path dir) {
    var pids = dir.resolve("haproxy.pids");
    if (!Files.exists(pids)) {
      return List.of();
    }
    var cfg = dir.resolve("haproxy.cfg").toString();
    var out = new ArrayList<ProcessHandle>();
    try {
      for (var line : Files.readAllLines(pids)) {
        if (line.isBlank()) {
          continue;
        }
        ProcessHandle.of(Long.parseLong(line.strip()))
            .filter(ProcessHandle::isAlive)
            .filter(h -> h.info().commandLine().map(c -> c.contains(cfg)).orElse(false))
            .ifPresent(out::add);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** Whether a HAProxy a crashed run started on {@code dir}'s config still runs. */
  static boolean leftBehind(Path dir) {
    return !leftovers(dir).isEmpty();
  }

  private static void stop(ProcessHandle h) {
    h.destroyForcibly();
    h.onExit().orTimeout(5, TimeUnit.SECONDS).exceptionally(t -> h).join();
  }

  private static void write(Path p, String text) {
    try {
      Files.writeString(p, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void pause() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
