package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.slipway.localcloud.containers.CommandResult;
import dev.slipway.localcloud.server.AwsCli;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a user types to inspect a pipeline, with the AWS CLI (every one installed: the Debian
 * package {@code scripts/setup} installs, and the one on {@code PATH}) against the demo's local
 * mode: the read calls of each service the pipeline uses, each answered, and what they answer is
 * what the demo did. A client that is not the Java SDK speaks other protocols (query to CloudWatch
 * for the CLI v2.9) and parses strictly, so a call only the Java SDK gets right fails here.
 */
@ExtendWith(LocalMode.class)
@Order(1)
class RealClientsIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One CLI against the local endpoint, collecting every call that fails. */
  private static final class Session {
    final AwsCli cli;
    final LocalModeRun local;
    final List<String> failures = new ArrayList<>();
    int calls;
    long millis;

    Session(AwsCli cli, LocalModeRun local) {
      this.cli = cli;
      this.local = local;
    }

    JsonNode call(String... args) {
      calls++;
      CommandResult r = cli.run(local.state.endpoint(), AwsCli.ADMIN, args);
      if (!r.succeeded()) {
        failures.add(String.join(" ", args) + ": " + r.outputTail().strip());
        return MissingNode.getInstance();
      }
      try {
        return r.stdout().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.stdout());
      } catch (Exception e) {
        failures.add(String.join(" ", args) + ": not JSON: " + r.stdout());
        return MissingNode.getInstance();
      }
    }
  }

  @Test
  void theReadCallsOfEveryServiceAnswerWhatTheDemoDid(LocalModeRun local) {
    List<AwsCli> clis = AwsCli.installed();
    assumeFalse(clis.isEmpty(), "skipped: aws CLI not installed");
    // one thread per CLI: each call is a process start, so the CLIs overlap
    List<CompletableFuture<Session>> runs = new ArrayList<>();
    for (AwsCli cli : clis) {
      runs.add(
          CompletableFuture.supplyAsync(
              () -> {
                long start = System.nanoTime();
                Session s = new Session(cli, local);
                readEverything(s, local);
                s.millis = (System.nanoTime() - start) / 1_000_000;
                return s;
              }));
    }
    for (CompletableFuture<Session> run : runs) {
      Session s = run.join();
      local.print(
          "real clients: "
              + s.cli
              + " made "
              + s.calls
              + " read calls in "
              + s.millis
              + " ms, "
              + s.failures.size()
              + " failed");
      assertThat(s.failures).as(s.cli + ": calls that failed").isEmpty();
    }
  }

  private static void readEverything(Session s, LocalModeRun local) {
    String machine = local.state.requireOutput("StateMachineArn");
    assertThat(s.call("sts", "get-caller-identity").path("Account").asText())
        .isEqualTo("000000000000");

    // CloudFormation: the stack's outputs, as the README reads them on AWS, and its resources
    JsonNode stack =
        s.call("cloudformation", "describe-stacks", "--stack-name", "Slipway-hello")
            .path("Stacks")
            .path(0);
    assertThat(stack.path("StackStatus").asText()).endsWith("_COMPLETE");
    assertThat(texts(stack, "Outputs", "OutputValue")).contains(machine);
    assertThat(
            texts(
                s.call("cloudformation", "list-stack-resources", "--stack-name", "Slipway-hello"),
                "StackResourceSummaries",
                "ResourceType"))
        .contains("AWS::StepFunctions::StateMachine", "AWS::ECS::Service");

    // Step Functions: the pipeline and its runs
    assertThat(
            texts(
                s.call("stepfunctions", "list-state-machines"), "stateMachines", "stateMachineArn"))
        .contains(machine);
    JsonNode described =
        s.call("stepfunctions", "describe-state-machine", "--state-machine-arn", machine);
    assertThat(described.path("definition").asText()).contains("Build image");
    JsonNode executions =
        s.call("stepfunctions", "list-executions", "--state-machine-arn", machine);
    List<String> runs = texts(executions, "executions", "executionArn");
    assertThat(runs).as("one execution per demo push").hasSizeGreaterThanOrEqualTo(3);
    String run = runs.getLast();
    assertThat(
            s.call("stepfunctions", "describe-execution", "--execution-arn", run)
                .path("status")
                .asText())
        .isEqualTo("SUCCEEDED");
    assertThat(
            s.call("stepfunctions", "get-execution-history", "--execution-arn", run).path("events"))
        .isNotEmpty();

    // DynamoDB: the deployment records
    List<String> tables = texts(s.call("dynamodb", "list-tables"), "TableNames", null);
    String deployments =
        tables.stream().filter(t -> t.contains("Deployments")).findFirst().orElse("Deployments");
    s.call(
        "dynamodb", "describe-table", "--table-name", local.state.requireOutput("LocksTableName"));
    assertThat(s.call("dynamodb", "scan", "--table-name", deployments).path("Count").asInt())
        .as("a record per demo deploy")
        .isGreaterThanOrEqualTo(3);

    // ECS: clusters, services, tasks, task definitions
    List<String> clusters = texts(s.call("ecs", "list-clusters"), "clusterArns", null);
    assertThat(clusters).hasSize(2);
    List<String> describe = new ArrayList<>(List.of("ecs", "describe-clusters", "--clusters"));
    describe.addAll(clusters);
    assertThat(s.call(describe.toArray(String[]::new)).path("clusters")).hasSize(2);
    String production =
        clusters.stream().filter(c -> c.endsWith("-production")).findFirst().orElseThrow();
    List<String> services =
        texts(s.call("ecs", "list-services", "--cluster", production), "serviceArns", null);
    assertThat(services).as("the blue and green services of the environment").hasSize(2);
    List<String> describeServices =
        new ArrayList<>(List.of("ecs", "describe-services", "--cluster", production, "--services"));
    describeServices.addAll(services);
    JsonNode service =
        StreamSupport.stream(
                s.call(describeServices.toArray(String[]::new)).path("services").spliterator(),
                false)
            .filter(x -> x.path("runningCount").asInt() > 0)
            .findFirst()
            .orElse(MissingNode.getInstance());
    assertThat(service.path("status").asText()).isEqualTo("ACTIVE");
    assertThat(service.path("runningCount").asInt()).isPositive();
    List<String> tasks =
        texts(
            s.call(
                "ecs",
                "list-tasks",
                "--cluster",
                production,
                "--service-name",
                service.path("serviceName").asText()),
            "taskArns",
            null);
    assertThat(tasks).isNotEmpty();
    assertThat(
            s.call("ecs", "describe-tasks", "--cluster", production, "--tasks", tasks.getFirst())
                .path("tasks")
                .path(0)
                .path("lastStatus")
                .asText())
        .isEqualTo("RUNNING");
    assertThat(texts(s.call("ecs", "list-task-definitions"), "taskDefinitionArns", null))
        .isNotEmpty();
    assertThat(texts(s.call("ecs", "list-task-definition-families"), "families", null))
        .isNotEmpty();
    assertThat(
            s.call(
                    "ecs",
                    "describe-task-definition",
                    "--task-definition",
                    service.path("taskDefinition").asText())
                .path("taskDefinition")
                .path("containerDefinitions"))
        .isNotEmpty();

    // ELBv2: the load balancers, target groups, listeners and rules
    JsonNode balancers = s.call("elbv2", "describe-load-balancers").path("LoadBalancers");
    assertThat(balancers).as("staging and production").hasSizeGreaterThanOrEqualTo(2);
    List<String> groups =
        texts(s.call("elbv2", "describe-target-groups"), "TargetGroups", "TargetGroupArn");
    assertThat(groups).isNotEmpty();
    s.call("elbv2", "describe-target-health", "--target-group-arn", groups.getFirst());
    String listener =
        s.call(
                "elbv2",
                "describe-listeners",
                "--load-balancer-arn",
                balancers.path(0).path("LoadBalancerArn").asText())
            .path("Listeners")
            .path(0)
            .path("ListenerArn")
            .asText();
    assertThat(s.call("elbv2", "describe-rules", "--listener-arn", listener).path("Rules"))
        .isNotEmpty();

    // ECR: the images, one per built SHA
    JsonNode repos = s.call("ecr", "describe-repositories").path("repositories");
    String repo = repos.path(0).path("repositoryName").asText();
    assertThat(repo).isEqualTo("slipway/hello");
    assertThat(s.call("ecr", "list-images", "--repository-name", repo).path("imageIds"))
        .isNotEmpty();
    assertThat(s.call("ecr", "describe-images", "--repository-name", repo).path("imageDetails"))
        .hasSizeGreaterThanOrEqualTo(3);

    // CodeBuild: the project and its builds
    String project = local.state.requireOutput("BuildProjectName");
    assertThat(texts(s.call("codebuild", "list-projects"), "projects", null)).contains(project);
    assertThat(s.call("codebuild", "batch-get-projects", "--names", project).path("projects"))
        .hasSize(1);
    List<String> builds = texts(s.call("codebuild", "list-builds"), "ids", null);
    assertThat(builds).hasSizeGreaterThanOrEqualTo(3);
    assertThat(
            s.call("codebuild", "batch-get-builds", "--ids", builds.getFirst())
                .path("builds")
                .path(0)
                .path("buildStatus")
                .asText())
        .isNotEmpty();

    // Lambda: the handlers, ReceiveWebhook's SnapStart version behind its alias and URL
    String webhook = "slipway-hello-ReceiveWebhook";
    assertThat(texts(s.call("lambda", "list-functions"), "Functions", "FunctionName"))
        .contains(webhook, "slipway-hello-Prepare");
    s.call("lambda", "get-function", "--function-name", "slipway-hello-Prepare");
    s.call(
        "lambda", "get-function-configuration", "--function-name", webhook, "--qualifier", "live");
    assertThat(
            texts(
                s.call("lambda", "list-versions-by-function", "--function-name", webhook),
                "Versions",
                "Version"))
        .contains("$LATEST", "1");
    assertThat(
            texts(s.call("lambda", "list-aliases", "--function-name", webhook), "Aliases", "Name"))
        .containsExactly("live");
    assertThat(
            s.call("lambda", "get-alias", "--function-name", webhook, "--name", "live")
                .path("FunctionVersion")
                .asText())
        .isEqualTo("1");
    assertThat(
            s.call(
                    "lambda",
                    "get-function-url-config",
                    "--function-name",
                    webhook,
                    "--qualifier",
                    "live")
                .path("FunctionUrl")
                .asText())
        .isEqualTo(local.state.requireOutput("WebhookUrl"));

    // EventBridge: buses, rules, targets
    assertThat(texts(s.call("events", "list-event-buses"), "EventBuses", "Name"))
        .contains("default");
    List<String> rules = texts(s.call("events", "list-rules"), "Rules", "Name");
    assertThat(rules).isNotEmpty();
    s.call("events", "describe-rule", "--name", rules.getFirst());
    s.call("events", "list-targets-by-rule", "--rule", rules.getFirst());

    // SNS and Secrets Manager
    String topic = local.state.requireOutput("NotificationTopicArn");
    assertThat(texts(s.call("sns", "list-topics"), "Topics", "TopicArn")).contains(topic);
    s.call("sns", "list-subscriptions");
    assertThat(
            s.call("sns", "get-topic-attributes", "--topic-arn", topic)
                .path("Attributes")
                .path("TopicArn")
                .asText())
        .isEqualTo(topic);
    assertThat(texts(s.call("secretsmanager", "list-secrets"), "SecretList", "ARN"))
        .contains(local.state.requireOutput("WebhookSecretArn"));
    assertThat(
            s.call(
                    "secretsmanager",
                    "describe-secret",
                    "--secret-id",
                    local.state.requireOutput("WebhookSecretArn"))
                .has("SecretString"))
        .as("describe never shows the value")
        .isFalse();

    // CloudWatch Logs: the handlers' log groups with the template's retention, their lines
    String prepareLogs = "/aws/lambda/slipway-hello-Prepare";
    JsonNode logGroups =
        s.call(
            "logs", "describe-log-groups", "--log-group-name-prefix", "/aws/lambda/slipway-hello-");
    assertThat(texts(logGroups, "logGroups", "logGroupName")).contains(prepareLogs);
    assertThat(texts(logGroups, "logGroups", "retentionInDays"))
        .as("the template's retention")
        .containsOnly("30");
    assertThat(
            texts(
                s.call(
                    "logs",
                    "filter-log-events",
                    "--log-group-name",
                    prepareLogs,
                    "--filter-pattern",
                    "REPORT"),
                "events",
                "message"))
        .as("Lambda's REPORT line of each Prepare run")
        .hasSizeGreaterThanOrEqualTo(3)
        .allMatch(line -> line.startsWith("REPORT RequestId: "));
    if (s.cli.version().startsWith("aws-cli/2.")) {
      // a command of the CLI v2 only; it reads with FilterLogEvents
      CommandResult tail =
          s.cli.run(
              local.state.endpoint(), AwsCli.ADMIN, "logs", "tail", prepareLogs, "--since", "1h");
      s.calls++;
      if (!tail.succeeded() || !tail.stdout().contains("REPORT RequestId: ")) {
        s.failures.add("logs tail " + prepareLogs + ": " + tail.outputTail());
      }
    }

    // CloudWatch: the sample service's own metrics the canary was judged on
    assertThat(
            texts(
                s.call("cloudwatch", "list-metrics", "--namespace", "HelloService"),
                "Metrics",
                "MetricName"))
        .contains("Requests");
    Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    JsonNode metric =
        s.call(
                "cloudwatch",
                "list-metrics",
                "--namespace",
                "HelloService",
                "--metric-name",
                "Requests")
            .path("Metrics")
            .path(0);
    List<String> stats =
        new ArrayList<>(
            List.of(
                "cloudwatch",
                "get-metric-statistics",
                "--namespace",
                "HelloService",
                "--metric-name",
                "Requests",
                "--start-time",
                now.minus(2, ChronoUnit.HOURS).toString(),
                "--end-time",
                now.plus(1, ChronoUnit.MINUTES).toString(),
                "--period",
                "60",
                "--statistics",
                "Sum",
                "--dimensions"));
    for (JsonNode d : metric.path("Dimensions")) {
      stats.add("Name=" + d.path("Name").asText() + ",Value=" + d.path("Value").asText());
    }
    assertThat(s.call(stats.toArray(String[]::new)).path("Datapoints"))
        .as("the demo's requests, per minute")
        .isNotEmpty();
  }

  /**
   * The text of {@code field} of each element of the array {@code array} (the element itself when
   * null).
   */
  private static List<String> texts(JsonNode response, String array, String field) {
    return StreamSupport.stream(response.path(array).spliterator(), false)
        .map(n -> field == null ? n.asText() : n.path(field).asText())
        .toList();
  }
}
