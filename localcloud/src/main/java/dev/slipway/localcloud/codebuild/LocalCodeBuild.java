package dev.slipway.localcloud.codebuild;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.localcloud.protocol.AwsErrors;
import dev.slipway.localcloud.protocol.RawJsonService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

/**
 * Local mode's AWS CodeBuild: projects (from the template), StartBuild / BatchGetBuilds /
 * StopBuild, builds run on the host by {@link BuildRunner} with {@code docker} = podman, live logs
 * in a file per build, and "CodeBuild Build State Change" events to a {@link BuildEventSink}.
 * Answered as plain JSON ({@link RawJsonService}): the CodeBuild SDK model jar is not available
 * here.
 */
public final class LocalCodeBuild implements RawJsonService, AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Settings settings;
  private final Map<String, BuildProject> projects = new ConcurrentHashMap<>();
  private final Map<String, BuildRecord> builds = new ConcurrentHashMap<>();
  private final Map<String, BuildRunner> runners = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> buildNumbers = new ConcurrentHashMap<>();
  private final Map<String, String> idempotent = new ConcurrentHashMap<>();
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final BuildHost host;
  private final BuildJournal journal;
  private final Map<String, ObjectNode> stored = new ConcurrentHashMap<>();
  private final Map<String, JsonNode> inputs = new ConcurrentHashMap<>();
  private final Map<String, Path> workDirs = new ConcurrentHashMap<>();
  private final Map<String, Integer> phaseEventsSent = new ConcurrentHashMap<>();
  private final List<BuildJournal.Entry> interrupted =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  /**
   * How builds run here.
   *
   * @param stateDir local mode's state directory (builds under {@code codebuild/})
   * @param podmanEnvironment the variables that select local mode's podman configuration
   * @param endpointUrl the local AWS endpoint the build's {@code aws} CLI and SDKs use
   * @param region the region reported in ARNs and given to builds
   * @param account the account id in ARNs
   * @param repositoryFor the local git repository for a project's source location
   * @param localDefaults variables local mode adds below the project's own (e.g. BASE_IMAGE)
   * @param events where build state change events go
   * @param clock time source
   */
  public record Settings(
      Path stateDir,
      Map<String, String> podmanEnvironment,
      String endpointUrl,
      String region,
      String account,
      Function<String, Path> repositoryFor,
      Supplier<Map<String, String>> localDefaults,
      BuildEventSink events,
      Clock clock) {}

  /** CodeBuild with {@code settings}; writes the {@code docker} shim under the state dir. */
  public LocalCodeBuild(Settings settings) {
    this.settings = settings;
    this.host = new BuildHost(settings);
    this.journal =
        new BuildJournal(settings.stateDir().toAbsolutePath().resolve("codebuild/journal"));
    for (BuildJournal.Entry e : journal.load()) {
      buildNumbers
          .computeIfAbsent(e.projectName(), k -> new AtomicLong())
          .accumulateAndGet(e.buildNumber(), Math::max);
      if (e.complete()) {
        stored.put(e.build().path("id").asText(), e.build());
      } else {
        interrupted.add(e);
      }
    }
  }

  /** The default repository mapping: a local path or file:// URL is the repository itself. */
  public static Path localPathRepository(String location) {
    if (location != null && (location.startsWith("/") || location.startsWith("file://"))) {
      return Path.of(location.replaceFirst("^file://", ""));
    }
    throw invalid(
        "source location '"
            + location
            + "' is not a local git repository; local mode builds from a local path or file:// URL");
  }

  @Override
  public JsonNode call(String operation, JsonNode input) {
    return switch (operation) {
      case "CreateProject" -> createProject(input);
      case "BatchGetProjects" -> batchGetProjects(input);
      case "StartBuild" -> startBuild(input);
      case "BatchGetBuilds" -> batchGetBuilds(input);
      case "StopBuild" -> stopBuild(input);
      case "ListBuildsForProject" -> listBuildsForProject(input);
      default ->
          throw AwsErrors.generic(
              400,
              "UnknownOperationException",
              "CodeBuild operation " + operation + " is not available in local mode");
    };
  }

  /**
   * Deploys a template's {@code AWS::CodeBuild::Project} (resolved CloudFormation properties):
   * creates the project, or replaces it on redeploy. Returns the project name; its ARN is {@link
   * #projectArn}.
   */
  public String provision(JsonNode properties, String generatedName) {
    ObjectNode in = BuildProject.createProjectInput(properties, generatedName);
    projects.remove(in.path("name").asText());
    createProject(in);
    return in.path("name").asText();
  }

  /** The ARN of project {@code name} (CloudFormation's {@code Fn::GetAtt Project.Arn}). */
  public String projectArn(String name) {
    return "arn:aws:codebuild:" + settings.region() + ":" + settings.account() + ":project/" + name;
  }

  /** The live log file of a build ({@code slipway logs}), if the build exists. */
  public Optional<Path> logFile(String buildId) {
    return Optional.ofNullable(builds.get(buildId)).map(b -> Path.of(b.logFile));
  }

  /** Stops running builds (their processes are killed). */
  @Override
  public void close() {
    runners.values().forEach(BuildRunner::stop);
    executor.shutdownNow();
  }

  private JsonNode createProject(JsonNode input) {
    BuildProject project;
    try {
      project = BuildProject.fromCreateProject(input, settings.region(), settings.account());
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage());
    }
    if (projects.putIfAbsent(project.name(), project) != null) {
      throw AwsErrors.generic(
          400, "ResourceAlreadyExistsException", "Project already exists: " + project.arn());
    }
    ObjectNode out = JSON.createObjectNode();
    out.set("project", projectJson(project));
    return out;
  }

  private JsonNode batchGetProjects(JsonNode input) {
    ObjectNode out = JSON.createObjectNode();
    ArrayNode found = out.putArray("projects");
    ArrayNode missing = out.putArray("projectsNotFound");
    for (JsonNode n : input.path("names")) {
      BuildProject p = projects.get(n.asText().replaceFirst("^arn:.*:project/", ""));
      if (p == null) {
        missing.add(n.asText());
      } else {
        found.add(projectJson(p));
      }
    }
    return out;
  }

  private synchronized JsonNode startBuild(JsonNode input) {
    String name = input.path("projectName").asText("");
    BuildProject project = projects.get(name);
    if (project == null) {
      throw AwsErrors.generic(
          400,
          "ResourceNotFoundException",
          "Project cannot be found: arn:aws:codebuild:"
              + settings.region()
              + ":"
              + settings.account()
              + ":project/"
              + name);
    }
    String token = input.path("idempotencyToken").asText("");
    if (!token.isEmpty()) {
      // a retried StartBuild with the same token gets the build it already started (AWS: 5 min)
      BuildRecord earlier = builds.get(idempotent.getOrDefault(name + "/" + token, ""));
      if (earlier != null
          && earlier
              .startTime
              .plus(java.time.Duration.ofMinutes(5))
              .isAfter(settings.clock().instant())) {
        ObjectNode out = JSON.createObjectNode();
        out.set("build", earlier.toBuildJson());
        return out;
      }
    }
    String uuid = UUID.randomUUID().toString();
    long number = buildNumbers.computeIfAbsent(name, k -> new AtomicLong()).incrementAndGet();
    BuildRecord build = launch(project, input, uuid, number, false);
    if (!token.isEmpty()) {
      idempotent.put(name + "/" + token, build.id);
    }
    ObjectNode out = JSON.createObjectNode();
    out.set("build", build.toBuildJson());
    return out;
  }

  /** Starts build {@code uuid} (new, or again after a crash) on its own thread. */
  private BuildRecord launch(
      BuildProject project, JsonNode input, String uuid, long number, boolean resumed) {
    Path repository = settings.repositoryFor().apply(project.sourceLocation());
    int timeout = input.path("timeoutInMinutesOverride").asInt(project.timeoutInMinutes());
    Map<String, String> overrides = new LinkedHashMap<>();
    for (JsonNode v : input.path("environmentVariablesOverride")) {
      if (!v.path("type").asText("PLAINTEXT").equals("PLAINTEXT")) {
        throw invalid(
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
            .resolve("codebuild/logs/" + name + "/" + uuid + ".log");
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
            settings.localDefaults().get(),
            overrides,
            settings.clock(),
            this::changed);
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

  /**
   * Runs the builds a crashed local mode left unfinished again from the start (same id and number),
   * after killing the commands it left running. Call once the template's projects are provisioned;
   * returns how many builds were restarted.
   */
  public synchronized int resumeInterrupted() {
    int resumed = 0;
    for (BuildJournal.Entry e : List.copyOf(interrupted)) {
      BuildProject project = projects.get(e.projectName());
      if (project == null) {
        continue;
      }
      interrupted.remove(e);
      if (e.workDir() != null) {
        BuildShell.killLeftover(e.workDir().resolve("session"));
      }
      journal.claim(e.uuid());
      launch(project, e.startInput(), e.uuid(), e.buildNumber(), true);
      resumed++;
    }
    return resumed;
  }

  private JsonNode batchGetBuilds(JsonNode input) {
    ObjectNode out = JSON.createObjectNode();
    ArrayNode found = out.putArray("builds");
    ArrayNode missing = out.putArray("buildsNotFound");
    for (JsonNode n : input.path("ids")) {
      BuildRecord b = builds.get(buildId(n.asText()));
      ObjectNode earlier = stored.get(buildId(n.asText()));
      if (b != null) {
        found.add(b.toBuildJson());
      } else if (earlier != null) {
        found.add(earlier);
      } else {
        missing.add(n.asText());
      }
    }
    return out;
  }

  private JsonNode stopBuild(JsonNode input) {
    String id = buildId(input.path("id").asText(""));
    BuildRecord build = builds.get(id);
    if (build == null) {
      throw AwsErrors.generic(400, "ResourceNotFoundException", "Build not found: " + id);
    }
    BuildRunner runner = runners.get(id);
    if (runner != null) {
      runner.stop();
    }
    ObjectNode out = JSON.createObjectNode();
    out.set("build", build.toBuildJson());
    return out;
  }

  private JsonNode listBuildsForProject(JsonNode input) {
    String name = input.path("projectName").asText("");
    if (!projects.containsKey(name)) {
      throw AwsErrors.generic(400, "ResourceNotFoundException", "Project not found: " + name);
    }
    ObjectNode out = JSON.createObjectNode();
    ArrayNode ids = out.putArray("ids");
    Map<String, Long> numbers = new java.util.HashMap<>();
    stored.values().stream()
        .filter(b -> b.path("projectName").asText().equals(name))
        .forEach(b -> numbers.put(b.path("id").asText(), b.path("buildNumber").asLong()));
    builds.values().stream()
        .filter(b -> b.project.name().equals(name))
        .forEach(b -> numbers.put(b.id, b.buildNumber));
    numbers.entrySet().stream()
        .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
        .forEach(e -> ids.add(e.getKey()));
    return out;
  }

  private void changed(BuildRecord build) {
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

  private ObjectNode projectJson(BuildProject p) {
    ObjectNode n = p.raw().deepCopy();
    n.put("arn", p.arn());
    n.put("timeoutInMinutes", p.timeoutInMinutes());
    return n;
  }

  private String buildId(String idOrArn) {
    return idOrArn.replaceFirst("^arn:aws:codebuild:[^:]*:[^:]*:build/", "");
  }

  private static AwsServiceException invalid(String message) {
    return AwsErrors.generic(400, "InvalidInputException", message);
  }
}
