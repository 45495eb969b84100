package dev.slipway.localcloud.logs;

import static dev.slipway.localcloud.server.LocalEndpoint.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.localcloud.codebuild.LocalBuildStack;
import dev.slipway.localcloud.codebuild.LocalCodeBuild;
import dev.slipway.localcloud.containers.CommandResult;
import dev.slipway.localcloud.ecs.TaskLogs;
import dev.slipway.localcloud.lambda.FunctionConfig;
import dev.slipway.localcloud.lambda.LambdaEnvironment;
import dev.slipway.localcloud.lambda.LocalLambda;
import dev.slipway.localcloud.protocol.Json;
import dev.slipway.localcloud.protocol.ServiceDescriptor;
import dev.slipway.localcloud.server.AwsCli;
import dev.slipway.localcloud.server.LocalCloudServer;
import dev.slipway.localcloud.server.ProcessRegistry;
import dev.slipway.localcloud.server.StateDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.LogConfiguration;
import software.amazon.awssdk.services.ecs.model.LogDriver;
import software.amazon.awssdk.services.lambda.model.InvokeRequest;

/**
 * The AWS CLI's {@code aws logs} commands against local mode holding what AWS would: a real
 * function JVM's output with Lambda's START/END/REPORT lines, a task container's awslogs lines
 * (read from a podman k8s-file log by the container log reader) and a local CodeBuild build's log.
 */
class CloudWatchLogsIT {
  static final String TASK_ARN =
      "arn:aws:ecs:us-east-1:000000000000:task/slipway-hello/0123456789abcdef0123456789abcdef";

  static Path state;
  static StateDatabase db;
  static LocalCloudWatchLogs logs;
  static LocalCloudServer server;
  static LocalLambda lambda;
  static LocalCodeBuild codeBuild;
  static ContainerLogReader containers;
  static String buildId;
  static TaskLogs.Destination task;

  @BeforeAll
  static void start() throws Exception {
    state = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "logs-it-");
    db = new StateDatabase(state.resolve("localcloud.db"));
    logs = new LocalCloudWatchLogs(db, Clock.systemUTC());
    server = LocalCloudServer.start(0);
    server.register(ServiceDescriptor.cloudWatchLogs(logs));

    lambda =
        new LocalLambda(
            new LambdaEnvironment(
                server.endpoint(),
                state.resolve("logs/lambda"),
                new ProcessRegistry(state.resolve("processes")),
                name -> LambdaEnvironment.ADMINISTRATOR,
                logs.sink()),
            state,
            Duration.ofMillis(50));
    Path code =
        Path.of(CloudWatchLogsIT.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    lambda.deploy(
        new FunctionConfig(
            "orders",
            "dev.slipway.localcloud.logs.fixture.PrintsLines::handleRequest",
            "java21",
            256,
            20,
            Map.of(),
            code,
            1),
        false);
    lambda.invoke(
        InvokeRequest.builder()
            .functionName("orders")
            .payload(SdkBytes.fromUtf8String("{\"order\": 7}"))
            .build());

    containers = new ContainerLogReader(state.resolve("offsets.properties"), r -> {}, logs.sink());
    ContainerDefinition web =
        ContainerDefinition.builder()
            .name("web")
            .logConfiguration(
                LogConfiguration.builder()
                    .logDriver(LogDriver.AWSLOGS)
                    .options(
                        Map.of("awslogs-group", "/ecs/hello", "awslogs-stream-prefix", "hello"))
                    .build())
            .build();
    task = TaskLogs.destination(web, TASK_ARN, "c0ffee");
    Path containerLog = state.resolve("ctr.log");
    String now = Instant.now().toString();
    Files.writeString(
        containerLog,
        now
            + " stdout F hello-service listening on 8080\n"
            + now
            + " stderr F ERROR payment declined for order 7\n",
        StandardCharsets.UTF_8);
    containers.follow("c0ffee", containerLog, task.group(), task.stream());

    codeBuild =
        new LocalCodeBuild(
            new LocalCodeBuild.Settings(
                state,
                Map.of(),
                server.endpoint().toString(),
                "us-east-1",
                "000000000000",
                LocalCodeBuild::localPathRepository,
                Map::of,
                r -> {},
                Clock.systemUTC(),
                logs.sink()));
    server.register(ServiceDescriptor.codeBuild(codeBuild));
    Path repo = repository(state.resolve("repo"));
    ObjectNode project =
        Json.MAPPER
            .createObjectNode()
            .put("name", "hello-build")
            .put("serviceRole", "arn:aws:iam::000000000000:role/build");
    project.putObject("source").put("type", "GITHUB").put("location", repo.toString());
    project.putObject("environment").put("type", "LINUX_CONTAINER");
    project
        .putObject("logsConfig")
        .putObject("cloudWatchLogs")
        .put("status", "ENABLED")
        .put("groupName", "/slipway/builds")
        .put("streamName", "hello");
    codeBuild.call("CreateProject", project);
    buildId =
        codeBuild
            .call("StartBuild", Json.MAPPER.createObjectNode().put("projectName", "hello-build"))
            .path("build")
            .path("id")
            .asText();
    await().atMost(Duration.ofMinutes(2)).until(() -> build().path("buildComplete").asBoolean());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> groups().containsAll(List.of("/aws/lambda/orders", "/ecs/hello")));
  }

  private static JsonNode build() {
    ObjectNode in = Json.MAPPER.createObjectNode();
    in.putArray("ids").add(buildId);
    return codeBuild.call("BatchGetBuilds", in).path("builds").path(0);
  }

  private static Path repository(Path dir) throws Exception {
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve("buildspec.yml"),
        """
        version: 0.2
        phases:
          build:
            commands:
              - echo "compiling module api"
              - echo "tests passed 42"
        """);
    return LocalBuildStack.newRepository(dir, "build");
  }

  @AfterAll
  static void stop() {
    if (containers != null) {
      containers.close();
    }
    if (lambda != null) {
      lambda.close();
    }
    if (server != null) {
      server.close();
    }
    if (logs != null) {
      logs.close();
    }
    if (db != null) {
      db.close();
    }
  }

  static List<String> groups() throws Exception {
    List<String> out = new ArrayList<>();
    aws("logs", "describe-log-groups")
        .path("logGroups")
        .forEach(g -> out.add(g.path("logGroupName").asText()));
    return out;
  }

  static CommandResult run(String... args) {
    return AwsCli.require().run(server.endpoint(), AwsCli.ADMIN, args);
  }

  static JsonNode aws(String... args) throws Exception {
    CommandResult r = run(args);
    assertThat(r.succeeded()).as("aws " + String.join(" ", args) + ": " + r.outputTail()).isTrue();
    return Json.MAPPER.readTree(r.stdout());
  }

  static boolean cliInstalled() {
    return AwsCli.any() != null;
  }

  static List<String> messages(JsonNode events) {
    List<String> out = new ArrayList<>();
    events.forEach(e -> out.add(e.path("message").asText()));
    return out;
  }

  @Test
  void aFunctionsJvmHasAStreamWithItsOutputAndLambdasOwnLines() throws Exception {
    assumeTrue(cliInstalled(), "skipped: aws CLI not installed");
    JsonNode streams =
        aws("logs", "describe-log-streams", "--log-group-name", "/aws/lambda/orders")
            .path("logStreams");
    assertThat(streams).hasSize(1);
    String stream = streams.path(0).path("logStreamName").asText();
    assertThat(stream).matches("\\d{4}/\\d{2}/\\d{2}/\\[\\$LATEST\\][0-9a-f]{32}");
    List<String> lines =
        messages(
            aws(
                    "logs",
                    "get-log-events",
                    "--log-group-name",
                    "/aws/lambda/orders",
                    "--log-stream-name",
                    stream,
                    "--start-from-head")
                .path("events"));
    assertThat(lines).contains("handling order 7", "WARN stock low for order 7");
    assertThat(lines.getFirst()).matches("START RequestId: [0-9a-f-]{36} Version: \\$LATEST");
    String requestId = lines.getFirst().split(" ")[2];
    assertThat(lines.indexOf("handling order 7")).isGreaterThan(0);
    assertThat(lines.get(lines.size() - 2)).isEqualTo("END RequestId: " + requestId);
    assertThat(lines.getLast())
        .startsWith("REPORT RequestId: " + requestId + "\tDuration: ")
        .contains("\tBilled Duration: ", "\tMemory Size: 256 MB\t", "\tMax Memory Used: ")
        .contains("\tInit Duration: ");
  }

  @Test
  void taskContainerLinesAreInTheAwslogsGroupAndFoundByAPhrase() throws Exception {
    assumeTrue(cliInstalled(), "skipped: aws CLI not installed");
    assertThat(task.stream()).isEqualTo("hello/web/0123456789abcdef0123456789abcdef");
    JsonNode found =
        aws(
            "logs",
            "filter-log-events",
            "--log-group-name",
            "/ecs/hello",
            "--filter-pattern",
            "\"payment declined\"");
    assertThat(messages(found.path("events")))
        .containsExactly("ERROR payment declined for order 7");
    assertThat(found.path("events").path(0).path("logStreamName").asText())
        .isEqualTo(task.stream());
    assertThat(
            messages(
                aws("logs", "filter-log-events", "--log-group-name", "/ecs/hello").path("events")))
        .containsExactly("hello-service listening on 8080", "ERROR payment declined for order 7");
  }

  @Test
  void aBuildsLogIsInTheProjectsGroupAndStreamAndBatchGetBuildsNamesThem() throws Exception {
    assumeTrue(cliInstalled(), "skipped: aws CLI not installed");
    JsonNode logsField = build().path("logs");
    String stream = "hello/" + buildId.substring(buildId.indexOf(':') + 1);
    assertThat(logsField.path("groupName").asText()).isEqualTo("/slipway/builds");
    assertThat(logsField.path("streamName").asText()).isEqualTo(stream);
    List<String> lines =
        messages(
            aws(
                    "logs",
                    "get-log-events",
                    "--log-group-name",
                    "/slipway/builds",
                    "--log-stream-name",
                    stream,
                    "--start-from-head")
                .path("events"));
    assertThat(lines).contains("compiling module api", "tests passed 42");
    assertThat(lines).anyMatch(l -> l.startsWith("[Container] ") && l.endsWith("Build SUCCEEDED"));
  }

  @Test
  void describeLogGroupsPagesThroughEveryGroupForTheCli() throws Exception {
    assumeTrue(cliInstalled(), "skipped: aws CLI not installed");
    // the CLI follows nextToken by itself; a page size of 1 makes it take one per group
    JsonNode all = aws("logs", "describe-log-groups", "--page-size", "1");
    List<String> names = new ArrayList<>();
    all.path("logGroups").forEach(g -> names.add(g.path("logGroupName").asText()));
    assertThat(names).containsExactly("/aws/lambda/orders", "/ecs/hello", "/slipway/builds");
    CommandResult missing =
        run("logs", "describe-log-streams", "--log-group-name", "/aws/lambda/missing");
    assertThat(missing.succeeded()).isFalse();
    assertThat(missing.outputTail())
        .contains("ResourceNotFoundException")
        .contains("The specified log group does not exist.");
  }

  @Test
  void tailSinceAnHourPrintsTheFunctionsLines() throws Exception {
    // `logs tail` is a command of the AWS CLI v2 only (the Debian package scripts/setup installs)
    AwsCli v2 =
        AwsCli.installed().stream()
            .filter(cli -> cli.version().startsWith("aws-cli/2."))
            .findFirst()
            .orElse(null);
    assumeTrue(v2 != null, "skipped: aws logs tail needs AWS CLI version 2, not installed");
    CommandResult tail =
        v2.run(
            server.endpoint(), AwsCli.ADMIN, "logs", "tail", "/aws/lambda/orders", "--since", "1h");
    assertThat(tail.succeeded()).as(tail.outputTail()).isTrue();
    assertThat(tail.stdout()).contains("handling order 7").contains("REPORT RequestId: ");
  }

  @Test
  void theSdkClientPagesFilterLogEventsAcrossStreams() {
    try (CloudWatchLogsClient sdk = client(CloudWatchLogsClient.builder(), server.endpoint())) {
      List<String> lines =
          sdk
              .filterLogEventsPaginator(b -> b.logGroupName("/aws/lambda/orders").limit(1))
              .events()
              .stream()
              .map(FilteredLogEvent::message)
              .toList();
      assertThat(lines).hasSize(5).contains("handling order 7");
    }
  }
}
