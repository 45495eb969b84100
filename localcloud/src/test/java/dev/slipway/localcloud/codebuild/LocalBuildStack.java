package dev.slipway.localcloud.codebuild;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.localcloud.containers.HostCommand;
import dev.slipway.localcloud.containers.LocalContainers;
import dev.slipway.localcloud.ecr.LocalEcr;
import dev.slipway.localcloud.protocol.ServiceDescriptor;
import dev.slipway.localcloud.server.LocalCloudServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import software.amazon.awssdk.services.ecr.model.CreateRepositoryRequest;
import software.amazon.awssdk.services.ecr.model.ImageTagMutability;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

/**
 * Containers, registry, ECR and CodeBuild behind one local endpoint, for tests and benchmarks that
 * build the sample service for real.
 */
public final class LocalBuildStack implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  final LocalContainers containers;
  final LocalEcr ecr;
  final LocalCodeBuild codeBuild;
  final LocalCloudServer server;
  final List<PutEventsRequestEntry> events = new CopyOnWriteArrayList<>();

  private LocalBuildStack(Path state) throws IOException {
    Files.createDirectories(state);
    containers = LocalContainers.start(state, 0);
    ecr =
        LocalEcr.start(containers.registry(), 0, state.resolve("findings.json"), Clock.systemUTC());
    server = LocalCloudServer.start(0);
    codeBuild =
        new LocalCodeBuild(
            new LocalCodeBuild.Settings(
                state,
                containers.podman().environment().variables(),
                server.endpoint().toString(),
                "us-east-1",
                LocalEcr.REGISTRY_ID,
                LocalCodeBuild::localPathRepository,
                () -> Map.of("BASE_IMAGE", containers.baseImage()),
                request -> events.addAll(request.entries()),
                Clock.systemUTC()));
    server.register(ServiceDescriptor.ecr(ecr));
    server.register(ServiceDescriptor.codeBuild(codeBuild));
  }

  /** Containers, registry and base image. */
  public LocalContainers containers() {
    return containers;
  }

  /** Starts everything with its state under {@code state}. */
  public static LocalBuildStack start(Path state) throws IOException {
    return new LocalBuildStack(state);
  }

  /** Creates an immutable ECR repository and a CodeBuild project building {@code repo} into it. */
  public String project(String name, Path repo) {
    String uri =
        ecr.createRepository(
                CreateRepositoryRequest.builder()
                    .repositoryName(name)
                    .imageTagMutability(ImageTagMutability.IMMUTABLE)
                    .build())
            .repository()
            .repositoryUri();
    ObjectNode input = JSON.createObjectNode().put("name", name).put("timeoutInMinutes", 10);
    input.putObject("source").put("type", "GITHUB").put("location", repo.toString());
    ObjectNode env = input.putObject("environment").put("image", "aws/codebuild/standard:7.0");
    env.putArray("environmentVariables")
        .addObject()
        .put("name", "ECR_REPOSITORY_URI")
        .put("value", uri);
    codeBuild.call("CreateProject", input);
    return uri;
  }

  /** Starts a build of {@code sha} and waits for it to complete; returns the Build JSON. */
  public JsonNode build(String project, String sha, Duration limit) {
    ObjectNode start =
        JSON.createObjectNode().put("projectName", project).put("sourceVersion", sha);
    String id = codeBuild.call("StartBuild", start).path("build").path("id").asText();
    Instant deadline = Instant.now().plus(limit);
    while (Instant.now().isBefore(deadline)) {
      JsonNode b = get(id);
      if (b.path("buildComplete").asBoolean()) {
        return b;
      }
      java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
    }
    throw new IllegalStateException("build " + id + " did not finish within " + limit);
  }

  /** The build's log. */
  public String log(String buildId) throws IOException {
    return Files.readString(codeBuild.logFile(buildId).orElseThrow());
  }

  private JsonNode get(String id) {
    ObjectNode in = JSON.createObjectNode();
    in.putArray("ids").add(id);
    return codeBuild.call("BatchGetBuilds", in).path("builds").get(0);
  }

  @Override
  public void close() {
    codeBuild.close();
    server.close();
    ecr.close();
    containers.close();
  }

  /**
   * A git repository holding a copy of examples/hello-service (sources, Dockerfile, buildspec), as
   * the demo's local GitHub repository does; returns it with one commit.
   */
  public static Path sampleServiceRepository(Path dir) throws IOException {
    Path source = Path.of(System.getProperty("slipway.root"), "examples/hello-service");
    try (Stream<Path> files = Files.walk(source)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Path rel = source.relativize(f);
        if (rel.startsWith("target")) {
          continue;
        }
        Path target = dir.resolve(rel.toString());
        Files.createDirectories(target.getParent());
        Files.copy(f, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
    Files.writeString(dir.resolve(".gitignore"), "target/\n");
    return newRepository(dir, "hello-service");
  }

  /** Makes {@code dir} a git repository on {@code main} with one commit of what it holds. */
  public static Path newRepository(Path dir, String message) {
    git(dir, "init", "-q", "-b", "main");
    commitAll(dir, message);
    return dir;
  }

  /** Commits everything in {@code dir}; returns the new HEAD SHA. */
  public static String commitAll(Path dir, String message) {
    git(dir, "add", "-A");
    git(
        dir,
        "-c",
        "user.name=Slipway",
        "-c",
        "user.email=demo@slipway.invalid",
        "commit",
        "--allow-empty",
        "-q",
        "-m",
        message);
    return HostCommand.of("git", "-C", dir.toString(), "rev-parse", "HEAD")
        .runOrThrow("git rev-parse")
        .strip();
  }

  private static void git(Path dir, String... args) {
    List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
    command.addAll(List.of(args));
    HostCommand.of(command).timeout(Duration.ofSeconds(30)).runOrThrow("git " + args[0]);
  }
}
