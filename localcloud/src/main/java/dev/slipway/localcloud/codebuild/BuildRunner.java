package dev.slipway.localcloud.codebuild;

import dev.slipway.localcloud.codebuild.BuildRecord.PhaseRecord;
import dev.slipway.localcloud.codebuild.BuildShell.Outcome;
import dev.slipway.localcloud.codebuild.BuildSpec.Phase;
import dev.slipway.localcloud.codebuild.BuildSpec.PhaseSpec;
import dev.slipway.localcloud.containers.CommandResult;
import dev.slipway.localcloud.containers.HostCommand;
import dev.slipway.localcloud.logs.LogSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs one build on the host, phase by phase as CodeBuild does: SUBMITTED … DOWNLOAD_SOURCE (a
 * clean clone of the local repository at sourceVersion), INSTALL, PRE_BUILD, BUILD, POST_BUILD,
 * UPLOAD_ARTIFACTS, FINALIZING. A failed install or pre_build skips to FINALIZING; a failed build
 * still runs post_build (with CODEBUILD_BUILD_SUCCEEDING=0) unless its on-failure is ABORT.
 */
final class BuildRunner implements Runnable {
  private static final DateTimeFormatter LOG_TIME =
      DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

  private final BuildRecord build;
  private final Path repository;
  private final Path workDir;
  private final String buildspecOverride;
  private final Map<String, String> hostEnvironment;
  private final java.util.function.Supplier<Map<String, String>> localDefaults;
  private final Map<String, String> overrides;
  private final Clock clock;
  private final Consumer<BuildRecord> onChange;
  private final LogSink logs;
  private final Instant deadline;
  private volatile BuildShell shell;
  private volatile boolean stopRequested;

  BuildRunner(
      BuildRecord build,
      Path repository,
      Path workDir,
      String buildspecOverride,
      Map<String, String> hostEnvironment,
      java.util.function.Supplier<Map<String, String>> localDefaults,
      Map<String, String> overrides,
      Clock clock,
      Consumer<BuildRecord> onChange,
      LogSink logs) {
    this.logs = logs;
    this.build = build;
    this.repository = repository;
    this.workDir = workDir;
    this.buildspecOverride = buildspecOverride;
    this.hostEnvironment = hostEnvironment;
    this.localDefaults = localDefaults;
    this.overrides = overrides;
    this.clock = clock;
    this.onChange = onChange;
    this.deadline = build.startTime.plus(Duration.ofMinutes(build.timeoutInMinutes));
  }

  /** Stops the build: the running command is killed, the build ends STOPPED. */
  void stop() {
    stopRequested = true;
    BuildShell s = shell;
    if (s != null) {
      s.stop();
    }
  }

  @Override
  public void run() {
    String status;
    Map<String, String> exported = Map.of();
    BuildLogTail tail =
        build.project.cloudWatchLogs()
            ? BuildLogTail.start(
                logFile(), logs, build.project.logGroup(), build.project.logStream(build.id), clock)
            : null;
    try {
      quickPhase("SUBMITTED");
      quickPhase("QUEUED");
      quickPhase("PROVISIONING");
      BuildSpec spec = downloadSource();
      if (spec == null) {
        status = "FAILED";
      } else {
        status = runPhases(spec);
        if (shell != null) {
          exported = shell.values(spec.exportedVariables());
        }
      }
    } catch (IOException | RuntimeException e) {
      log("Phase context status code: CLIENT_ERROR Message: " + e.getMessage());
      status = "FAULT";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      status = "STOPPED";
    }
    quickPhase("UPLOAD_ARTIFACTS");
    quickPhase("FINALIZING");
    log("Build " + status);
    if (tail != null) {
      tail.finish();
    }
    deleteWorkDir();
    build.finish(status, clock.instant(), exported);
    onChange.accept(build);
  }

  /** The clone and session files go once the build is done; the log stays for `slipway logs`. */
  private void deleteWorkDir() {
    try (var paths = Files.walk(workDir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException ignored) {
      // a leftover work dir only costs disk space; `slipway down` removes the state dir's builds
    }
  }

  private BuildSpec downloadSource() throws IOException {
    Instant start = clock.instant();
    build.currentPhase("DOWNLOAD_SOURCE");
    Path src = workDir.resolve("src");
    String version = build.sourceVersion == null ? "HEAD" : build.sourceVersion;
    log("Waiting for agent ping");
    log("Processing environment variables");
    CommandResult clone =
        HostCommand.of(
                "git", "clone", "--quiet", "--no-hardlinks", repository.toString(), src.toString())
            .timeout(Duration.ofMinutes(5))
            .run();
    CommandResult checkout =
        clone.succeeded()
            ? HostCommand.of(
                    "git", "-C", src.toString(), "checkout", "--quiet", "--detach", version)
                .timeout(Duration.ofMinutes(1))
                .run()
            : clone;
    if (!checkout.succeeded()) {
      return failSource(
          start,
          "CLIENT_ERROR",
          "reference not found for primary source and source version "
              + version
              + " ("
              + checkout.outputTail()
              + ")");
    }
    String sha =
        HostCommand.of("git", "-C", src.toString(), "rev-parse", "HEAD")
            .runOrThrow("git rev-parse")
            .strip();
    build.resolvedSourceVersion(sha);
    BuildSpec spec;
    try {
      spec = BuildSpec.parse(buildspecText(src));
    } catch (IllegalArgumentException e) {
      return failSource(start, "YAML_FILE_ERROR", e.getMessage());
    }
    shell = new BuildShell(workDir.resolve("session"), src, logFile(), environment(spec, src, sha));
    if (stopRequested) {
      shell.stop();
    }
    build.phase(
        new PhaseRecord("DOWNLOAD_SOURCE", start, clock.instant(), "SUCCEEDED", null, null));
    log("Phase complete: DOWNLOAD_SOURCE State: SUCCEEDED");
    return spec;
  }

  private BuildSpec failSource(Instant start, String code, String message) {
    log("Phase complete: DOWNLOAD_SOURCE State: FAILED");
    log("Phase context status code: " + code + " Message: " + message);
    build.phase(
        new PhaseRecord("DOWNLOAD_SOURCE", start, clock.instant(), "FAILED", code, message));
    return null;
  }

  private String buildspecText(Path src) throws IOException {
    String named = buildspecOverride != null ? buildspecOverride : build.project.buildspec();
    if (named == null || named.isBlank()) {
      named = "buildspec.yml";
    }
    String trimmed = named.strip();
    // inline buildspecs: YAML, or the JSON CDK's BuildSpec.fromObject writes into the template
    if (named.contains("\n") || trimmed.startsWith("version") || trimmed.startsWith("{")) {
      return named;
    }
    Path file = src.resolve(named);
    if (!Files.exists(file)) {
      throw new IllegalArgumentException(
          "YAML_FILE_ERROR: no buildspec " + named + " in the source at " + build.sourceVersion);
    }
    return Files.readString(file);
  }

  private String runPhases(BuildSpec spec) throws IOException, InterruptedException {
    String status = "SUCCEEDED";
    boolean skipRest = false;
    for (Phase phase : Phase.values()) {
      if (skipRest) {
        continue;
      }
      PhaseSpec p = spec.phases().get(phase);
      switch (runPhase(phase, p)) {
        case SUCCEEDED -> {}
        case FAILED -> {
          status = "FAILED";
          shell.buildSucceeding(false);
          boolean explicit = p != null && p.explicitOnFailure();
          boolean continues = explicit && !p.abortOnFailure();
          // without on-failure, a failed BUILD still runs POST_BUILD; install/pre_build do not
          skipRest = !continues && (explicit || phase != Phase.BUILD);
        }
        case TIMED_OUT -> {
          status = "TIMED_OUT";
          skipRest = true;
        }
        case STOPPED -> {
          status = "STOPPED";
          skipRest = true;
        }
      }
    }
    return status;
  }

  private Outcome runPhase(Phase phase, PhaseSpec spec) throws IOException, InterruptedException {
    Instant start = clock.instant();
    build.currentPhase(phase.name());
    onChange.accept(build);
    Outcome outcome = Outcome.SUCCEEDED;
    String failedCommand = null;
    int exit = 0;
    List<String> commands = spec == null ? List.of() : spec.commands();
    if (phase == Phase.INSTALL && spec != null) {
      log("Ignoring runtime-versions: local mode builds with the host's tools");
    }
    log("Entering phase " + phase.name());
    for (String command : commands) {
      log("Running command " + command);
      BuildShell.Result r = shell.run(command, deadline);
      if (r.outcome() != Outcome.SUCCEEDED) {
        outcome = r.outcome();
        failedCommand = command;
        exit = r.exitCode();
        break;
      }
    }
    for (String command : spec == null ? List.<String>of() : spec.finallyCommands()) {
      log("Running command " + command);
      BuildShell.Result r = shell.run(command, deadline);
      if (outcome == Outcome.SUCCEEDED && r.outcome() != Outcome.SUCCEEDED) {
        outcome = r.outcome();
        failedCommand = command;
        exit = r.exitCode();
      }
    }
    String code = null;
    String message = null;
    switch (outcome) {
      case FAILED -> {
        code = "COMMAND_EXECUTION_ERROR";
        message =
            "Error while executing command: " + failedCommand + ". Reason: exit status " + exit;
      }
      case TIMED_OUT -> {
        code = "BUILD_TIMED_OUT";
        message =
            "Build has timed out. The build ran longer than " + build.timeoutInMinutes + " minutes";
      }
      case STOPPED -> {
        code = "BUILD_STOPPED";
        message = "Build was stopped";
      }
      case SUCCEEDED -> {}
    }
    build.phase(
        new PhaseRecord(phase.name(), start, clock.instant(), outcome.name(), code, message));
    log("Phase complete: " + phase.name() + " State: " + outcome.name());
    if (code != null) {
      log("Phase context status code: " + code + " Message: " + message);
    }
    return outcome;
  }

  private Map<String, String> environment(BuildSpec spec, Path src, String sha) {
    Map<String, String> env = new LinkedHashMap<>(hostEnvironment);
    // lowest to highest precedence, as CodeBuild documents it
    env.putAll(spec.variables());
    // e.g. BASE_IMAGE: may build the jlink base image on first use, so it runs here, not in
    // the StartBuild call
    env.putAll(localDefaults.get());
    env.putAll(build.project.variables());
    env.putAll(overrides);
    env.put("CODEBUILD_BUILD_ID", build.id);
    env.put("CODEBUILD_BUILD_ARN", build.arn);
    env.put("CODEBUILD_BUILD_NUMBER", Long.toString(build.buildNumber));
    env.put("CODEBUILD_BUILD_IMAGE", build.project.image());
    env.put("CODEBUILD_INITIATOR", "slipway-local");
    env.put("CODEBUILD_SOURCE_VERSION", build.sourceVersion == null ? sha : build.sourceVersion);
    env.put("CODEBUILD_RESOLVED_SOURCE_VERSION", sha);
    env.put("CODEBUILD_SRC_DIR", src.toString());
    env.put("CODEBUILD_START_TIME", Long.toString(build.startTime.toEpochMilli()));
    env.put("CODEBUILD_BUILD_SUCCEEDING", "1");
    return env;
  }

  private void quickPhase(String type) {
    Instant now = clock.instant();
    build.currentPhase(type);
    build.phase(new PhaseRecord(type, now, now, "SUCCEEDED", null, null));
  }

  private Path logFile() {
    return Path.of(build.logFile);
  }

  private void log(String line) {
    try {
      Files.writeString(
          logFile(),
          "[Container] " + LOG_TIME.format(clock.instant()) + " " + line + "\n",
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException ignored) {
      // the build goes on without this log line
    }
  }
}
