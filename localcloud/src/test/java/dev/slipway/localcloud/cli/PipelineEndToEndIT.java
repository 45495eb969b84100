package dev.slipway.localcloud.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.localcloud.deploy.TemplateDeployer;
import dev.slipway.localcloud.protocol.Json;
import dev.slipway.localcloud.server.LocalEndpoint;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/**
 * {@code up} from the synthesized template, then one real run: git push → post-receive hook →
 * signed GitHub webhook → ReceiveWebhook (a real JVM) → EventBridge → Step Functions → Prepare
 * (another real JVM), with IAM enforced and no denial on the way.
 */
class PipelineEndToEndIT {
  @TempDir Path state;
  @TempDir Path project;

  @Test
  void pushStartsThePipelineAndPrepareRunsInItsOwnJvm() throws Exception {
    Path root = Path.of(System.getProperty("slipway.root"));
    Path assembly = SynthesizedAssembly.locate(root);
    try (LocalCloud cloud = LocalCloud.start(state, 0, root, false, line -> {})) {
      List<TemplateDeployer.Report> reports = cloud.deploy(assembly, line -> {});
      assertThat(reports).hasSize(1);
      assertThat(cloud.lambda().names())
          .contains("slipway-hello-ReceiveWebhook", "slipway-hello-Prepare");
      var repo = cloud.github().repositories().get("slipway-dev/hello-service");
      assertThat(repo).as("local repository of the pipeline").isNotNull();

      String sha = commit(project, "examples/hello-service/CHANGE", "first deploy");
      String pushOutput = git(project, "push", repo.path().toString(), "HEAD:refs/heads/main");
      assertThat(pushOutput).contains("HTTP 202");

      String machine = reports.getFirst().outputs().get("StateMachineArn");
      try (SfnClient sfn =
          SfnClient.builder()
              .endpointOverride(cloud.server().endpoint())
              .region(Region.US_EAST_1)
              .credentialsProvider(
                  StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
              .build()) {
        ExecutionListItem execution =
            await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(
                    () ->
                        sfn.listExecutions(r -> r.stateMachineArn(machine)).executions().stream()
                            .findFirst()
                            .orElse(null),
                    e -> e != null);
        JsonNode input =
            Json.MAPPER.readTree(
                sfn.describeExecution(r -> r.executionArn(execution.executionArn())).input());
        assertThat(input.path("source").asText()).isEqualTo("slipway.github");
        assertThat(input.path("detail").path("sha").asText()).isEqualTo(sha);
        assertThat(input.path("detail").path("service").asText()).isEqualTo("hello");
        // the push waits out its quiet period (newer pushes would supersede it), then proceeds:
        // QUEUED first when its Prepare runs within the 5 s, at once when a cold Prepare starts
        // later; either way it proceeds no earlier than 5 s after the push was received
        List<String> decisions =
            await()
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .until(
                    () -> prepareDecisions(sfn, execution.executionArn()),
                    d -> d.contains("PROCEED"));
        assertThat(decisions.getLast()).isEqualTo("PROCEED");
        assertThat(decisions.subList(0, decisions.size() - 1)).containsOnly("QUEUED");
        java.time.Instant received =
            java.time.Instant.parse(input.path("detail").path("receivedAt").asText());
        assertThat(proceededAt(sfn, execution.executionArn()))
            .isAfterOrEqualTo(received.plusSeconds(5));
      }
      assertThat(cloud.lambda().pids().get("slipway-hello-Prepare")).isNotEmpty();
      // Prepare's output is in the log group its LoggingConfig names (the template's
      // AWS::Logs::LogGroup, with its retention), one stream per JVM, as Lambda writes it
      try (CloudWatchLogsClient logs =
          LocalEndpoint.client(CloudWatchLogsClient.builder(), cloud.server().endpoint())) {
        String group = "/aws/lambda/slipway-hello-Prepare";
        var described =
            logs.describeLogGroups(r -> r.logGroupNamePrefix(group)).logGroups().getFirst();
        assertThat(described.logGroupName()).isEqualTo(group);
        assertThat(described.retentionInDays()).isNotNull();
        List<String> lines =
            await()
                .atMost(Duration.ofSeconds(10))
                .until(
                    () ->
                        logs.filterLogEventsPaginator(r -> r.logGroupName(group)).events().stream()
                            .map(e -> e.message())
                            .toList(),
                    l -> l.stream().anyMatch(m -> m.startsWith("REPORT RequestId: ")));
        assertThat(lines).anyMatch(m -> m.startsWith("START RequestId: "));
        assertThat(
                logs.describeLogStreams(r -> r.logGroupName(group))
                    .logStreams()
                    .getFirst()
                    .logStreamName())
            .matches("\\d{4}/\\d{2}/\\d{2}/\\[\\$LATEST\\][0-9a-f]{32}");
      }
      // the webhook URL targets the live alias, so ReceiveWebhook's published SnapStart version
      // answered the push, not $LATEST
      assertThat(cloud.lambda().pids().get("slipway-hello-ReceiveWebhook:1")).isNotEmpty();
      // every principal on the way (the functions' roles, the rule target's role starting the
      // execution, the state machine's role invoking Prepare) was allowed what it did
      assertThat(
              dev.slipway.localcloud.iam.IamGate.readDenials(state.resolve("logs/iam-denials.log")))
          .isEmpty();
    }
  }

  /** When the execution's Prepare that decided PROCEED exited. */
  private static java.time.Instant proceededAt(SfnClient sfn, String executionArn)
      throws Exception {
    for (HistoryEvent h :
        sfn.getExecutionHistoryPaginator(r -> r.executionArn(executionArn)).events()) {
      if (h.stateExitedEventDetails() != null
          && h.stateExitedEventDetails().name().equals("Prepare")
          && Json.MAPPER
              .readTree(h.stateExitedEventDetails().output())
              .path("prepare")
              .path("decision")
              .asText()
              .equals("PROCEED")) {
        return h.timestamp();
      }
    }
    throw new AssertionError("no Prepare decided PROCEED");
  }

  /** The decision of each Prepare the execution ran, in order. */
  private static List<String> prepareDecisions(SfnClient sfn, String executionArn)
      throws Exception {
    List<String> decisions = new ArrayList<>();
    for (HistoryEvent h :
        sfn.getExecutionHistoryPaginator(r -> r.executionArn(executionArn)).events()) {
      if (h.stateExitedEventDetails() != null
          && h.stateExitedEventDetails().name().equals("Prepare")) {
        decisions.add(
            Json.MAPPER
                .readTree(h.stateExitedEventDetails().output())
                .path("prepare")
                .path("decision")
                .asText());
      }
    }
    return decisions;
  }

  static String commit(Path dir, String file, String message) throws Exception {
    if (!Files.isDirectory(dir.resolve(".git"))) {
      git(dir, "init", "-q", "-b", "main");
    }
    Path f = dir.resolve(file);
    Files.createDirectories(f.getParent());
    Files.writeString(f, message + " " + System.nanoTime() + "\n");
    git(dir, "add", "-A");
    git(
        dir,
        "-c",
        "user.name=Dev",
        "-c",
        "user.email=dev@example.com",
        "commit",
        "-q",
        "-m",
        message);
    return git(dir, "rev-parse", "HEAD").strip();
  }

  static String git(Path dir, String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("git"));
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("git " + String.join(" ", args) + " failed: " + out);
    }
    return out;
  }
}
