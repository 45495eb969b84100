package dev.slipway.localcloud.codebuild;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.localcloud.logs.LogSink;
import dev.slipway.localcloud.protocol.AwsErrors;
import dev.slipway.localcloud.protocol.RawJsonService;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

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
  private final Map<String, AtomicLong> buildNumbers = new ConcurrentHashMap<>();

  /** {@code <project>/<idempotency token>} → the build it started and the request's parameters. */
  private final Map<String, Idempotent> idempotent = new ConcurrentHashMap<>();

  private record Idempotent(String buildId, JsonNode parameters) {}

  private final BuildJournal journal;
  private final BuildLauncher launcher;
  private final Map<String, ObjectNode> stored = new ConcurrentHashMap<>();
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
   * @param logs where builds' log lines go in CloudWatch Logs (the project's group and stream)
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
      Clock clock,
      LogSink logs) {

    /** Build logs stay in their files only. */
    public Settings(
        Path stateDir,
        Map<String, String> podmanEnvironment,
        String endpointUrl,
        String region,
        String account,
        Function<String, Path> repositoryFor,
        Supplier<Map<String, String>> localDefaults,
        BuildEventSink events,
        Clock clock) {
      this(
          stateDir,
          podmanEnvironment,
          endpointUrl,
          region,
          account,
          repositoryFor,
          localDefaults,
          events,
          clock,
          LogSink.NONE);
    }
  }

  /** CodeBuild with {@code settings}; writes the {@code docker} shim under the state dir. */
  public LocalCodeBuild(Settings settings) {
    this.settings = settings;
    this.journal =
        new BuildJournal(settings.stateDir().toAbsolutePath().resolve("codebuild/journal"));
    this.launcher = new BuildLauncher(settings, journal);
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
      case "ListBuilds" -> listBuilds(input);
      case "ListProjects" -> listProjects(input);
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
    // builds of this project that a crash interrupted run again now that it exists
    resumeInterrupted();
    return in.path("name").asText();
  }

  /** The ARN of project {@code name} (CloudFormation's {@code Fn::GetAtt Project.Arn}). */
  public String projectArn(String name) {
    return "arn:aws:codebuild:" + settings.region() + ":" + settings.account() + ":project/" + name;
  }

  /** The live log file of a build ({@code slipway logs}), if the build exists. */
  public Optional<Path> logFile(String buildId) {
    return launcher.build(buildId).map(b -> Path.of(b.logFile));
  }

  /** Stops running builds (their processes are killed). */
  @Override
  public void close() {
    launcher.close();
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
    ObjectNode parameters = input.deepCopy();
    parameters.remove("idempotencyToken");
    if (!token.isEmpty()) {
      // a retried StartBuild with the same token gets the build it already started (AWS: 5 min);
      // the same token with other parameters is an error, not a second build
      Idempotent used = idempotent.get(name + "/" + token);
      BuildRecord earlier = used == null ? null : launcher.build(used.buildId()).orElse(null);
      if (earlier != null
          && earlier
              .startTime
              .plus(java.time.Duration.ofMinutes(5))
              .isAfter(settings.clock().instant())) {
        if (!used.parameters().equals(parameters)) {
          throw invalid(
              "Parameter mismatch: idempotency token "
                  + token
                  + " was used in the last 5 minutes by a StartBuild request with different"
                  + " parameters (build "
                  + earlier.id
                  + ")");
        }
        ObjectNode out = JSON.createObjectNode();
        out.set("build", earlier.toBuildJson());
        return out;
      }
    }
    String uuid = UUID.randomUUID().toString();
    long number = buildNumbers.computeIfAbsent(name, k -> new AtomicLong()).incrementAndGet();
    BuildRecord build = launcher.launch(project, input, uuid, number, false);
    if (!token.isEmpty()) {
      idempotent.put(name + "/" + token, new Idempotent(build.id, parameters));
    }
    ObjectNode out = JSON.createObjectNode();
    out.set("build", build.toBuildJson());
    return out;
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
      launcher.launch(project, e.startInput(), e.uuid(), e.buildNumber(), true);
      resumed++;
    }
    return resumed;
  }

  private JsonNode batchGetBuilds(JsonNode input) {
    ObjectNode out = JSON.createObjectNode();
    ArrayNode found = out.putArray("builds");
    ArrayNode missing = out.putArray("buildsNotFound");
    for (JsonNode n : input.path("ids")) {
      BuildRecord b = launcher.build(buildId(n.asText())).orElse(null);
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
    BuildRecord build =
        launcher
            .build(id)
            .orElseThrow(
                () ->
                    AwsErrors.generic(400, "ResourceNotFoundException", "Build not found: " + id));
    launcher.stop(id);
    ObjectNode out = JSON.createObjectNode();
    out.set("build", build.toBuildJson());
    return out;
  }

  private JsonNode listBuildsForProject(JsonNode input) {
    String name = input.path("projectName").asText("");
    if (!projects.containsKey(name)) {
      throw AwsErrors.generic(400, "ResourceNotFoundException", "Project not found: " + name);
    }
    return buildIds(name, input);
  }

  /** ListBuilds: every project's build ids, newest first unless sortOrder is ASCENDING. */
  private JsonNode listBuilds(JsonNode input) {
    return buildIds(null, input);
  }

  /**
   * Build ids of {@code project} (all projects when null), ordered by start as CodeBuild orders
   * them: DESCENDING (the default) or ASCENDING.
   */
  private JsonNode buildIds(String project, JsonNode input) {
    boolean ascending = sortOrder(input).equals("ASCENDING");
    // start time, then the project's build number: a build's place among all of them
    Map<String, long[]> order = new java.util.HashMap<>();
    stored.values().stream()
        .filter(b -> project == null || b.path("projectName").asText().equals(project))
        .forEach(
            b ->
                order.put(
                    b.path("id").asText(),
                    new long[] {
                      Math.round(b.path("startTime").asDouble() * 1000),
                      b.path("buildNumber").asLong()
                    }));
    launcher.builds().stream()
        .filter(b -> project == null || b.project.name().equals(project))
        .forEach(b -> order.put(b.id, new long[] {b.startTime.toEpochMilli(), b.buildNumber}));
    java.util.Comparator<Map.Entry<String, long[]>> byStart =
        java.util.Comparator.<Map.Entry<String, long[]>>comparingLong(e -> e.getValue()[0])
            .thenComparingLong(e -> e.getValue()[1]);
    ObjectNode out = JSON.createObjectNode();
    ArrayNode ids = out.putArray("ids");
    order.entrySet().stream()
        .sorted(ascending ? byStart : byStart.reversed())
        .forEach(e -> ids.add(e.getKey()));
    return out;
  }

  /** ListProjects: the project names, by name unless sortBy says otherwise. */
  private JsonNode listProjects(JsonNode input) {
    String sortBy = input.path("sortBy").asText("NAME");
    if (!java.util.Set.of("NAME", "CREATED_TIME", "LAST_MODIFIED_TIME").contains(sortBy)) {
      throw invalid(
          "1 validation error detected: Value '"
              + sortBy
              + "' at 'sortBy' failed to satisfy constraint: Member must satisfy enum value set:"
              + " [NAME, CREATED_TIME, LAST_MODIFIED_TIME]");
    }
    boolean descending = sortOrder(input).equals("DESCENDING") && input.has("sortOrder");
    List<String> names = new java.util.ArrayList<>(projects.keySet());
    // projects keep their creation order; NAME sorts them
    if (sortBy.equals("NAME")) {
      java.util.Collections.sort(names);
    }
    if (descending) {
      java.util.Collections.reverse(names);
    }
    ObjectNode out = JSON.createObjectNode();
    ArrayNode list = out.putArray("projects");
    names.forEach(list::add);
    return out;
  }

  private static String sortOrder(JsonNode input) {
    String order = input.path("sortOrder").asText("DESCENDING");
    if (!order.equals("ASCENDING") && !order.equals("DESCENDING")) {
      throw invalid(
          "1 validation error detected: Value '"
              + order
              + "' at 'sortOrder' failed to satisfy constraint: Member must satisfy enum value set:"
              + " [ASCENDING, DESCENDING]");
    }
    return order;
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

  static AwsServiceException invalid(String message) {
    return AwsErrors.generic(400, "InvalidInputException", message);
  }
}
