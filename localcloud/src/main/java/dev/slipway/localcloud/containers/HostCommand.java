package dev.slipway.localcloud.containers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one host program with a timeout and captures its output.
 *
 * <p>Output goes to temporary files, not pipes: {@code podman run -d} leaves conmon running, and a
 * daemon that inherited a pipe would keep a pipe reader waiting forever.
 */
public final class HostCommand {
  private final List<String> command;
  private Map<String, String> environment = Map.of();
  private Path workDir;
  private Duration timeout = Duration.ofMinutes(1);
  private String stdin;

  private HostCommand(List<String> command) {
    this.command = List.copyOf(command);
  }

  /** A command line; the first element is the program. */
  public static HostCommand of(List<String> command) {
    return new HostCommand(command);
  }

  /** A command line; the first element is the program. */
  public static HostCommand of(String... command) {
    return new HostCommand(List.of(command));
  }

  /** Variables added to (or replacing those of) this JVM's environment. */
  public HostCommand environment(Map<String, String> variables) {
    this.environment = Map.copyOf(variables);
    return this;
  }

  /** The working directory; this JVM's when not set. */
  public HostCommand workDir(Path dir) {
    this.workDir = dir;
    return this;
  }

  /** How long the command may run before it is killed (with its children). */
  public HostCommand timeout(Duration limit) {
    this.timeout = limit;
    return this;
  }

  /** Text written to the command's standard input. */
  public HostCommand stdin(String text) {
    this.stdin = text;
    return this;
  }

  /** Runs the command and returns its result, whatever the exit code. */
  public CommandResult run() {
    long start = System.nanoTime();
    Path out = null;
    Path err = null;
    try {
      out = Files.createTempFile("slipway-cmd", ".out");
      err = Files.createTempFile("slipway-cmd", ".err");
      ProcessBuilder builder = new ProcessBuilder(command);
      builder.environment().putAll(environment);
      if (workDir != null) {
        builder.directory(workDir.toFile());
      }
      builder.redirectOutput(out.toFile()).redirectError(err.toFile());
      if (stdin == null) {
        builder.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
      }
      Process process = builder.start();
      if (stdin != null) {
        try (var in = process.getOutputStream()) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        kill(process);
        throw new CommandFailedException(
            "'"
                + String.join(" ", command)
                + "' did not finish within "
                + timeout.toSeconds()
                + " s and was killed; output so far: "
                + tail(Files.readString(err)),
            (Throwable) null);
      }
      return new CommandResult(
          command,
          process.exitValue(),
          Files.readString(out),
          Files.readString(err),
          Duration.ofNanos(System.nanoTime() - start));
    } catch (IOException e) {
      throw new CommandFailedException(
          "could not run '" + String.join(" ", command) + "': " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CommandFailedException("interrupted while running " + command.get(0), e);
    } finally {
      deleteQuietly(out);
      deleteQuietly(err);
    }
  }

  /** Runs the command and returns its stdout; a non-zero exit throws, naming {@code what}. */
  public String runOrThrow(String what) {
    CommandResult result = run();
    if (!result.succeeded()) {
      throw new CommandFailedException(what, result);
    }
    return result.stdout();
  }

  /** Whether {@code program} can be found on PATH. */
  public static boolean onPath(String program) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  private static void kill(Process process) throws InterruptedException {
    List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
    tree.forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    process.waitFor(5, TimeUnit.SECONDS);
  }

  private static String tail(String text) {
    return text.length() <= 2000 ? text : text.substring(text.length() - 2000);
  }

  private static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // a leftover temp file is harmless
      }
    }
  }
}
