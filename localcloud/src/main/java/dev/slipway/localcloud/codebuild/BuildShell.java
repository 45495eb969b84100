package dev.slipway.localcloud.codebuild;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs buildspec commands the way CodeBuild does: one after another in what behaves like a single
 * bash session — variables set by one command (exported or not) and the working directory carry
 * over to the next. Each command is its own bash process that restores the session from files and
 * saves it again, so a command can be killed (stop, timeout) without losing the build's state.
 * Output goes to the build's log file.
 */
final class BuildShell {
  /** What a command did. */
  enum Outcome {
    SUCCEEDED,
    FAILED,
    TIMED_OUT,
    STOPPED
  }

  private final Path sessionDir;
  private final Path logFile;
  private final Map<String, String> baseEnvironment;
  private volatile Process running;
  private volatile boolean stopped;
  private volatile boolean succeeding = true;

  BuildShell(Path sessionDir, Path workDir, Path logFile, Map<String, String> environment)
      throws IOException {
    this.sessionDir = Files.createDirectories(sessionDir);
    this.logFile = logFile;
    this.baseEnvironment = Map.copyOf(environment);
    Files.writeString(sessionDir.resolve("cwd"), workDir.toString());
    Files.writeString(sessionDir.resolve("env.sh"), "");
  }

  /** Runs one command until it ends or {@code deadline} passes; returns the exit code holder. */
  Result run(String command, Instant deadline) throws IOException, InterruptedException {
    if (stopped) {
      return new Result(Outcome.STOPPED, -1);
    }
    Path script = sessionDir.resolve("command.sh");
    Files.writeString(script, script(command), StandardCharsets.UTF_8);
    ProcessBuilder builder = new ProcessBuilder("bash", script.toString());
    builder.environment().clear();
    builder.environment().putAll(baseEnvironment);
    builder
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Process process = builder.start();
    running = process;
    // a restarted local mode finds and kills a command this process left running when it died
    Files.writeString(sessionDir.resolve("running.pid"), Long.toString(process.pid()));
    try {
      long millis = Math.max(0, Duration.between(Instant.now(), deadline).toMillis());
      if (!process.waitFor(millis, TimeUnit.MILLISECONDS)) {
        kill(process);
        return new Result(stopped ? Outcome.STOPPED : Outcome.TIMED_OUT, -1);
      }
      if (stopped) {
        return new Result(Outcome.STOPPED, process.exitValue());
      }
      return new Result(
          process.exitValue() == 0 ? Outcome.SUCCEEDED : Outcome.FAILED, process.exitValue());
    } finally {
      running = null;
      Files.deleteIfExists(sessionDir.resolve("running.pid"));
    }
  }

  /**
   * Kills a command a crashed local mode left running in {@code sessionDir} (and its children);
   * only a process whose command line names that session's script is touched.
   */
  static void killLeftover(Path sessionDir) {
    Path pidFile = sessionDir.resolve("running.pid");
    try {
      if (!Files.exists(pidFile)) {
        return;
      }
      long pid = Long.parseLong(Files.readString(pidFile).strip());
      Path cmdline = Path.of("/proc", Long.toString(pid), "cmdline");
      if (Files.exists(cmdline)
          && new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8)
              .contains(sessionDir.toString())) {
        ProcessHandle.of(pid)
            .ifPresent(
                p -> {
                  p.descendants().forEach(ProcessHandle::destroyForcibly);
                  p.destroyForcibly();
                });
      }
      Files.deleteIfExists(pidFile);
    } catch (IOException | NumberFormatException e) {
      // nothing to kill
    }
  }

  /** Sets CODEBUILD_BUILD_SUCCEEDING for the following commands. */
  void buildSucceeding(boolean value) {
    succeeding = value;
  }

  /** Stops the running command and every later one. */
  void stop() {
    stopped = true;
    Process p = running;
    if (p != null) {
      kill(p);
    }
  }

  /** The values of {@code names} in the session now (empty string when unset). */
  Map<String, String> values(List<String> names) throws IOException, InterruptedException {
    Map<String, String> out = new LinkedHashMap<>();
    if (names.isEmpty()) {
      return out;
    }
    List<String> command = new ArrayList<>(List.of("bash", "-c", readScript(), "values"));
    command.addAll(names);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().clear();
    builder.environment().putAll(baseEnvironment);
    builder.environment().put("SLIPWAY_SESSION", sessionDir.toString());
    Process p = builder.redirectErrorStream(true).start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(10, TimeUnit.SECONDS);
    String[] parts = text.split("\0", -1);
    for (int i = 0; i < names.size() && i < parts.length; i++) {
      out.put(names.get(i), parts[i]);
    }
    return out;
  }

  private String script(String command) {
    String session = sessionDir.toString();
    return "set -a\n"
        + ". '"
        + session
        + "/env.sh'\n"
        + "CODEBUILD_BUILD_SUCCEEDING="
        + (succeeding ? "1" : "0")
        + "\n"
        + "cd \"$(cat '"
        + session
        + "/cwd')\"\n"
        + command
        + "\n__slipway_rc=$?\n"
        + "export -p > '"
        + session
        + "/env.sh'\n"
        + "pwd > '"
        + session
        + "/cwd'\n"
        + "exit $__slipway_rc\n";
  }

  private static String readScript() {
    return "set -a; . \"$SLIPWAY_SESSION/env.sh\"; for n in \"$@\"; do printf '%s\\0' \"${!n}\"; done";
  }

  private static void kill(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A command's outcome and exit code (-1 when killed). */
  record Result(Outcome outcome, int exitCode) {}
}
