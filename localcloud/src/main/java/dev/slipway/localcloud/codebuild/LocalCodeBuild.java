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
import java.nio.file.attribute.PosixFilePermissions;
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
  private final Path shimDir;

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
    this.shimDir = settings.stateDir().toAbsolutePath().resolve("codebuild/bin");
    writeDockerShim();
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
    ObjectNode in = JSON.createObjectNode();
    in.put("name", properties.path("Name").asText(generatedName));
    JsonNode source = properties.path("Source");
    ObjectNode s = in.putObject("source").put("type", source.path("Type").asText("NO_SOURCE"));
    if (source.hasNonNull("Location")) {
      s.put("location", source.path("Location").asText());
    }
    if (source.hasNonNull("BuildSpec")) {
      s.put("buildspec", source.path("BuildSpec").asText());
    }
    JsonNode env = properties.path("Environment");
    ObjectNode e = in.putObject("environment");
    e.put("image", env.path("Image").asText("aws/codebuild/standard:7.0"));
    e.put("computeType", env.path("ComputeType").asText("BUILD_GENERAL1_SMALL"));
    ArrayNode vars = e.putArray("environmentVariables");
    for (JsonNode v : env.path("EnvironmentVariables")) {
      vars.addObject()
          .put("name", v.path("Name").asText())
          .put("value", v.path("Value").asText(""))
          .put("type", v.path("Type").asText("PLAINTEXT"));
    }
    in.put("timeoutInMinutes", properties.path("TimeoutInMinutes").asInt(60));
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
    String uuid = UUID.randomUUID().toString();
    String id = name + ":" + uuid;
    Path workDir =
        settings.stateDir().toAbsolutePath().resolve("codebuild/builds/" + name + "/" + uuid);
    Path log =
        settings
            .stateDir()
            .toAbsolutePath()
            .resolve("codebuild/logs/" + name + "/" + uuid + ".log");
    try {
      Files.createDirectories(workDir);
      Files.createDirectories(log.getParent());
      Files.writeString(log, "");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the build directory " + workDir, e);
    }
    BuildRecord build =
        new BuildRecord(
            id,
            "arn:aws:codebuild:" + settings.region() + ":" + settings.account() + ":build/" + id,
            buildNumbers.computeIfAbsent(name, k -> new AtomicLong()).incrementAndGet(),
            project,
            input.path("sourceVersion").asText(null),
            settings.clock().instant(),
            timeout,
            log.toString(),
            overrides);
    builds.put(id, build);
    if (!token.isEmpty()) {
      idempotent.put(name + "/" + token, id);
    }
    BuildRunner runner =
        new BuildRunner(
            build,
            repository,
            workDir,
            input.path("buildspecOverride").asText(null),
            hostEnvironment(),
            settings.localDefaults().get(),
            overrides,
            settings.clock(),
            this::changed);
    runners.put(id, runner);
    emit(build);
    executor.submit(
        () -> {
          try {
            runner.run();
          } finally {
            runners.remove(id);
          }
        });
    ObjectNode out = JSON.createObjectNode();
    out.set("build", build.toBuildJson());
    return out;
  }

  private JsonNode batchGetBuilds(JsonNode input) {
    ObjectNode out = JSON.createObjectNode();
    ArrayNode found = out.putArray("builds");
    ArrayNode missing = out.putArray("buildsNotFound");
    for (JsonNode n : input.path("ids")) {
      BuildRecord b = builds.get(buildId(n.asText()));
      if (b == null) {
        missing.add(n.asText());
      } else {
        found.add(b.toBuildJson());
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
    builds.values().stream()
        .filter(b -> b.project.name().equals(name))
        .sorted((a, b) -> Long.compare(b.buildNumber, a.buildNumber))
        .forEach(b -> ids.add(b.id));
    return out;
  }

  private void changed(BuildRecord build) {
    if (build.complete()) {
      emit(build);
    }
  }

  private void emit(BuildRecord build) {
    PutEventsRequestEntry entry =
        PutEventsRequestEntry.builder()
            .source("aws.codebuild")
            .detailType("CodeBuild Build State Change")
            .resources(build.arn)
            .detail(build.toEventDetail().toString())
            .time(settings.clock().instant())
            .build();
    try {
      settings.events().putEvents(PutEventsRequest.builder().entries(entry).build());
    } catch (RuntimeException e) {
      // a lost event is covered by the pipeline's status-check fallback; the build goes on
      System.getLogger(LocalCodeBuild.class.getName())
          .log(System.Logger.Level.WARNING, "could not put build event for " + build.id, e);
    }
  }

  private Map<String, String> hostEnvironment() {
    Map<String, String> env = new LinkedHashMap<>();
    Map<String, String> host = System.getenv();
    for (String key :
        List.of("HOME", "JAVA_HOME", "LANG", "USER", "MAVEN_OPTS", "M2_HOME", "TMPDIR", "TERM")) {
      if (host.containsKey(key)) {
        env.put(key, host.get(key));
      }
    }
    env.put("PATH", shimDir + ":" + host.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
    env.putAll(settings.podmanEnvironment());
    if (settings.endpointUrl() != null) {
      env.put("AWS_ENDPOINT_URL", settings.endpointUrl());
    }
    env.put("AWS_REGION", settings.region());
    env.put("AWS_DEFAULT_REGION", settings.region());
    // the local endpoint accepts any credentials; these are placeholders, not secrets
    env.put("AWS_ACCESS_KEY_ID", "local");
    env.put("AWS_SECRET_ACCESS_KEY", "local");
    return env;
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

  private void writeDockerShim() {
    try {
      Files.createDirectories(shimDir);
      writeExecutable(
          shimDir.resolve("docker"),
          "#!/bin/sh\n# local mode: docker is podman with local mode's configuration\n"
              + "exec podman \"$@\"\n");
      // CLIs older than AWS_ENDPOINT_URL support (Debian's 2.9) would call real AWS
      writeExecutable(
          shimDir.resolve("aws"),
          """
          #!/bin/sh
          # local mode: every aws call goes to the local endpoint
          shim_dir=$(dirname "$0")
          PATH=$(printf '%s' "$PATH" | tr ':' '\\n' | grep -vx "$shim_dir" | paste -sd: -)
          export PATH
          if [ -n "$AWS_ENDPOINT_URL" ]; then exec aws --endpoint-url "$AWS_ENDPOINT_URL" "$@"; fi
          exec aws "$@"
          """);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the docker and aws shims under " + shimDir, e);
    }
  }

  private static void writeExecutable(Path file, String text) throws IOException {
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private static AwsServiceException invalid(String message) {
    return AwsErrors.generic(400, "InvalidInputException", message);
  }
}
