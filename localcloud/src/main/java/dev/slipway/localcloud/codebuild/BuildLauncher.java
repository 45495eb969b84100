package dev.slipway.localcloud.codebuild;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

/**
 * Runs builds: work dir and log per attempt, a {@link BuildRunner} on its own thread, the journal
 * entry and the events at every change.
 */
final class BuildLauncher implements AutoCloseable {
  private final LocalCodeBuild.Settings settings;
  private final BuildHost host;
  private final BuildJournal journal;
  private final Map<String, BuildRecord> builds = new ConcurrentHashMap<>();
  private final Map<String, BuildRunner> runners = new ConcurrentHashMap<>();
  private final Map<String, JsonNode> inputs = new ConcurrentHashMap<>();
  private final Map<String, Path> workDirs = new ConcurrentHashMap<>();
  private final Map<String, Integer> phaseEventsSent = new ConcurrentHashMap<>();
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private volatile boolean closing;

  BuildLauncher(LocalCodeBuild.Settings settings, BuildJournal journal) {
    this.settings = settings;
    this.host = new BuildHost(settings);
    this.journal = journal;
  }

  /** A build started by this instance, if any. */
  Optional<BuildRecord> build(String id) {
    return Optional.ofNullable(builds.get(id));
  }

  /** Builds started by this instance. */
  java.util.Collection<BuildRecord> builds() {
    return builds.values();
  }

  /** Stops a running build; false when it is not running here. */
  boolean stop(String id) {
    BuildRunner runner = runners.get(id);
    if (runner != null) {
      runner.stop();
    }
    return runner != null;
  }

  @Override
  public void close() {
    // local mode going down is not the build's end: the journal keeps the build in progress, no
    // STOPPED event goes out, and the next start runs it again (as after a crash)
    closing = true;
    runners.values().forEach(BuildRunner::stop);
    executor.shutdown();
    try {
      // stopped builds end within moments; let them finish their bookkeeping and clean up
      if (!executor.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      executor.shutdownNow();
    }
  }

  /** Starts build {@code uuid} (new, or again after a crash) on its own thread. */
  BuildRecord launch(
      BuildProject project, JsonNode input, String uuid, long number, boolean resumed) {
    Path repository = settings.repositoryFor().apply(project.sourceLocation());
    int timeout = input.path("timeoutInMinutesOverride").asInt(project.timeoutInMinutes());
    Map<String, String> overrides = new LinkedHashMap<>();
    for (JsonNode v : input.path("environmentVariablesOverride")) {
      if (!v.path("type").asText("PLAINTEXT").equals("PLAINTEXT")) {
        throw LocalCodeBuild.invalid(
            "environment variable override "
                + v.path("name").asText()
                + " must be PLAINTEXT in local mode");
      }
      overrides.put(v.path("name").asText(), v.path("value").asText(""));
    }
    String name = project.name();
    String id = name + ":" + uuid;
    // one work dir per attempt: a resumed build never shares files with its crashed run
    Path workDir =
        settings
            .stateDir()
            .toAbsolutePath()
            .resolve(
                "codebuild/builds/"
                    + name
                    + "/"
                    + uuid
                    + "/"
                    + UUID.randomUUID().toString().substring(0, 8));
    Path log =
        settings
            .stateDir()
            .toAbsolutePath()
            // under <stateDir>/logs, where `slipway logs <project>` finds it
            .resolve("logs/codebuild/" + name.replace('/', '-') + "-" + uuid + ".log");
    try {
      Files.createDirectories(workDir);
      Files.createDirectories(log.getParent());
      if (resumed) {
        Files.writeString(
            log,
            "\n[Container] local mode restarted during this build; running it again from the start\n",
            java.nio.file.StandardOpenOption.CREATE,
            java.nio.file.StandardOpenOption.APPEND);
      } else {
        Files.writeString(log, "");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the build directory " + workDir, e);
    }
    BuildRecord build =
        new BuildRecord(
            id,
            "arn:aws:codebuild:" + settings.region() + ":" + settings.account() + ":build/" + id,
            number,
            project,
            input.path("sourceVersion").asText(null),
            settings.clock().instant(),
            timeout,
            log.toString(),
            overrides);
    builds.put(id, build);
    inputs.put(id, input);
    workDirs.put(id, workDir);
    BuildRunner runner =
        new BuildRunner(
            build,
            repository,
            workDir,
            input.path("buildspecOverride").asText(null),
            host.environment(),
            settings.localDefaults(),
            overrides,
            settings.clock(),
            this::changed,
            settings.logs());
    runners.put(id, runner);
    changed(build);
    emit(build);
    executor.submit(
        () -> {
          try {
            runner.run();
          } finally {
            runners.remove(id);
          }
        });
    return build;
  }

  void changed(BuildRecord build) {
    if (closing) {
      return;
    }
    journal.write(
        build.id.substring(build.id.indexOf(':') + 1),
        inputs.get(build.id),
        workDirs.get(build.id),
        build);
    // one phase change event per completed phase, as CodeBuild sends them (heartbeats)
    int count = build.phaseCount();
    int sent = phaseEventsSent.getOrDefault(build.id, 0);
    for (int i = sent; i < count; i++) {
      send(build, build.toPhaseChangeEntry(i, settings.clock().instant()));
    }
    phaseEventsSent.put(build.id, count);
    if (build.complete()) {
      emit(build);
    }
  }

  private void emit(BuildRecord build) {
    send(build, build.toEventEntry(settings.clock().instant()));
  }

  private void send(BuildRecord build, PutEventsRequestEntry entry) {
    try {
      settings.events().putEvents(PutEventsRequest.builder().entries(entry).build());
    } catch (RuntimeException e) {
      // a lost event is covered by the pipeline's status-check fallback; the build goes on
      System.getLogger(LocalCodeBuild.class.getName())
          .log(System.Logger.Level.WARNING, "could not put build event for " + build.id, e);
    }
  }
}
