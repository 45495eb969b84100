package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.localcloud.containers.ContainerState;
import dev.slipway.localcloud.containers.Podman;
import dev.slipway.localcloud.containers.PodmanEnvironment;
import dev.slipway.localcloud.demo.DeploymentRecords;
import dev.slipway.localcloud.demo.ExecutionWatch;
import dev.slipway.localcloud.demo.LoadCounts;
import dev.slipway.pipeline.model.DeploymentKind;
import dev.slipway.pipeline.model.DeploymentOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.DeploymentRolloutState;
import software.amazon.awssdk.services.ecs.model.ServiceDeploymentBrief;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;

/**
 * Local mode killed with SIGKILL while the pipeline waits on its task token for an ECS deployment
 * in flight, then started again with {@code slipway up}: production keeps serving through it (the
 * same tasks, HAProxy handing its sockets over, no failed request under steady load), the same
 * execution completes, the new SHA serves in production, and nothing was built, registered or
 * deployed twice. Killed again during the production canary's second step, the canary resumes at
 * that step: weights, status and the steps after it. Runs last: it kills the suite's shared local
 * mode.
 */
@ExtendWith(LocalMode.class)
@Order(9)
class CrashResumeIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Labels local mode's ECS puts on every task container, and the task's ARN. */
  private static final String ECS_LABEL = "dev.slipway.localcloud.ecs";

  private static final String TASK_LABEL = "dev.slipway.localcloud.ecs.task";

  /** The deployment a pipeline state waits for, as DeployService stored its callback. */
  record Waiting(
      String execution, String environment, String cluster, String service, String deploymentId) {}

  @Test
  void killedMidDeployTheRunCompletesAndNothingIsDeployedTwice(LocalModeRun local)
      throws Exception {
    String before = local.ensureServing();
    local.load(); // the canary analysis after the restart needs production traffic
    local.repo.write("CHANGES.md", "# Changes\n\n- survives a crash of local mode\n");
    String sha = local.repo.commit("A change deployed across a crash");
    Instant pushed = Instant.now();
    local.repo.push();
    ExecutionListItem execution = local.watch.awaitExecution(sha, Duration.ofSeconds(90));

    try (EcsClient ecs = local.state.client(EcsClient.builder())) {
      Waiting waiting = awaitDeploymentInFlight(local, ecs, execution.name());
      Podman podman = new Podman(PodmanEnvironment.create(local.stateDir));
      Map<String, String> serving = runningTasksOutside(ecs, waiting);
      assertThat(serving).as("production's tasks while staging deploys").isNotEmpty();
      System.out.println("killing local mode while " + waiting + " is in progress");
      LoadCounts beforeKill = local.load().counts();

      local.crashAndRestart();
      Thread.sleep(5_000); // a few hundred requests through the restarted load balancers
      LoadCounts acrossRestart = local.load().counts().since(beforeKill);
      System.out.printf(
          "across the SIGKILL and slipway up: %d requests, %d failed%n",
          acrossRestart.requests(), acrossRestart.failed());
      assertThat(acrossRestart.requests()).isGreaterThan(50);
      assertThat(acrossRestart.failed())
          .as("failed production requests across the kill and restart")
          .isZero();
      assertThat(runningTasksOutside(ecs, waiting))
          .as("the same tasks and containers serve production after the restart")
          .isEqualTo(serving);

      try (WeightWatch weights = WeightWatch.start(local)) {
        killDuringTheSecondCanaryStep(local, weights);
      }

      ExecutionWatch.Finished run =
          local.watch.follow(execution, Duration.ofMinutes(15), line -> System.out.println(line));
      List<String> states = run.states().stream().map(s -> s.label()).toList();
      assertThat(run.status())
          .as("states %s, cause %s", states, run.cause())
          .isEqualTo("SUCCEEDED");
      assertThat(run.endState()).isEqualTo("Deployed");
      assertThat(local.watch.executionsOf(sha)).as("the same execution, no second one").hasSize(1);
      assertThat(Versions.serving(local)).isNotEqualTo(before).isEqualTo(sha);

      assertDeployedOnce(local, ecs, sha, pushed, waiting);
      assertThat(Builds.of(local, run.executionName(), execution.executionArn()).forSha(sha))
          .as("builds of %s", sha)
          .hasSize(1);
      assertNoLeftoverContainers(podman, ecs);
    }
  }

  /**
   * Kills local mode a second time, three seconds into the bake of the canary's second step (25 %),
   * and starts it again: production keeps serving with no failed request, the weights stay at
   * 75/25, {@code slipway status} shows the run at step 2 of 4, and the canary goes on from there
   * (50/50, then 100/0) without shifting traffic back to the first step's 5 %.
   */
  private static void killDuringTheSecondCanaryStep(LocalModeRun local, WeightWatch weights)
      throws Exception {
    await()
        .atMost(Duration.ofMinutes(10))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> weights.latest().equals(List.of(75, 25)));
    Thread.sleep(3_000);
    System.out.println("killing local mode during the 25 % canary step's bake");
    LoadCounts beforeKill = local.load().counts();
    int seenBefore = weights.seen().size();
    local.crashAndRestart();
    Instant restarted = Instant.now();
    assertThat(Versions.liveWeights(local)).as("weights after the restart").containsExactly(75, 25);
    Path status = Files.createTempFile("slipway-status", ".log");
    assertThat(local.slipway(status, Duration.ofMinutes(1), "status")).isZero();
    assertThat(Files.readString(status))
        .as("slipway status after the restart")
        .contains("canary at 25 % (step 2 of 4)");
    Thread.sleep(3_000);
    LoadCounts acrossRestart = local.load().counts().since(beforeKill);
    System.out.printf(
        "across the SIGKILL and slipway up mid-canary: %d requests, %d failed%n",
        acrossRestart.requests(), acrossRestart.failed());
    assertThat(acrossRestart.requests()).isGreaterThan(50);
    assertThat(acrossRestart.failed())
        .as("failed production requests across the kill and restart mid-canary")
        .isZero();

    await()
        .atMost(Duration.ofMinutes(5))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> weights.latest().equals(List.of(100, 0)));
    System.out.printf(
        "the canary left 25 %% %d s after slipway up returned%n",
        Duration.between(restarted, weights.firstAfter(seenBefore, List.of(50, 50))).toSeconds());
    assertThat(weights.seen().subList(seenBefore - 1, weights.seen().size()))
        .extracting(Seen::weights)
        .as("the production weights from the second kill on, in the order they were seen")
        .containsExactly(List.of(75, 25), List.of(50, 50), List.of(100, 0));
  }

  /** Production weights seen, and when; consecutive repeats are not recorded again. */
  record Seen(Instant at, List<Integer> weights) {}

  /**
   * Reads the production listener's weights every 250 ms in the background; reads that fail while
   * local mode is down are skipped.
   */
  static final class WeightWatch implements AutoCloseable {
    private final List<Seen> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Thread thread;

    private WeightWatch(LocalModeRun local) {
      thread =
          Thread.ofPlatform()
              .daemon()
              .name("weight-watch")
              .start(
                  () -> {
                    while (!Thread.currentThread().isInterrupted()) {
                      try {
                        List<Integer> w = Versions.liveWeights(local);
                        if (seen.isEmpty() || !seen.getLast().weights().equals(w)) {
                          seen.add(new Seen(Instant.now(), w));
                        }
                      } catch (RuntimeException | AssertionError downOrChanging) {
                        // local mode is restarting: read again on the next tick
                      }
                      try {
                        Thread.sleep(250);
                      } catch (InterruptedException e) {
                        return;
                      }
                    }
                  });
    }

    static WeightWatch start(LocalModeRun local) {
      return new WeightWatch(local);
    }

    List<Seen> seen() {
      return List.copyOf(seen);
    }

    List<Integer> latest() {
      return seen.isEmpty() ? List.of() : seen.getLast().weights();
    }

    /** When {@code weights} were first seen at or after index {@code from}. */
    Instant firstAfter(int from, List<Integer> weights) {
      return seen.subList(from, seen.size()).stream()
          .filter(s -> s.weights().equals(weights))
          .findFirst()
          .map(Seen::at)
          .orElseThrow(() -> new AssertionError("weights " + weights + " never seen: " + seen));
    }

    @Override
    public void close() {
      thread.interrupt();
    }
  }

  /**
   * Waits until the execution waits on a deploy state's task token (its callback is stored in the
   * locks table) and ECS shows that deployment IN_PROGRESS: the moment to kill.
   */
  private static Waiting awaitDeploymentInFlight(
      LocalModeRun local, EcsClient ecs, String executionName) {
    String locks = local.locksTable();
    AtomicReference<Waiting> found = new AtomicReference<>();
    await()
        .atMost(Duration.ofMinutes(10))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              for (var item : local.dynamo.scan(r -> r.tableName(locks)).items()) {
                Optional<Waiting> w = waiting(item, executionName);
                if (w.isPresent() && inProgress(ecs, w.get())) {
                  found.set(w.get());
                  return true;
                }
              }
              return false;
            });
    return found.get();
  }

  private static Optional<Waiting> waiting(Map<String, AttributeValue> item, String execution)
      throws Exception {
    String id = item.get("id").s();
    if (!id.startsWith("run#" + execution + "#") || !item.containsKey("pending")) {
      return Optional.empty();
    }
    JsonNode p = JSON.readTree(item.get("pending").s());
    if (!"DEPLOY".equals(p.path("kind").asText())) {
      return Optional.empty();
    }
    return Optional.of(
        new Waiting(
            execution,
            p.path("environment").asText(),
            p.path("cluster").asText(),
            p.path("service").asText(),
            p.path("deploymentId").asText()));
  }

  private static boolean inProgress(EcsClient ecs, Waiting w) {
    return deployments(ecs, w).stream()
        .anyMatch(
            d ->
                d.id().equals(w.deploymentId())
                    && d.rolloutState() == DeploymentRolloutState.IN_PROGRESS);
  }

  private static List<Deployment> deployments(EcsClient ecs, Waiting w) {
    return ecs.describeServices(r -> r.cluster(w.cluster()).services(w.service()))
        .services()
        .getFirst()
        .deployments();
  }

  /**
   * One deployment record (a run records its production deploy), and in every environment: the
   * deployment the run waited for is its service's PRIMARY, COMPLETED, and the only ECS deployment
   * of that service since the push, of the only task definition revision pinned to the SHA. In the
   * environment deploying at the kill, it is the deployment that was in flight then.
   */
  private static void assertDeployedOnce(
      LocalModeRun local, EcsClient ecs, String sha, Instant pushed, Waiting killedDuring)
      throws Exception {
    assertThat(DeploymentRecords.read(local.dynamo).stream().filter(r -> r.sha().equals(sha)))
        .as("deployment records of %s", sha)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.environment()).isEqualTo(local.settings.production());
              assertThat(r.kind()).isEqualTo(DeploymentKind.DEPLOY);
              assertThat(r.result()).isEqualTo(DeploymentOutcome.SUCCEEDED);
            });
    List<Waiting> waited = waited(local, killedDuring);
    assertThat(waited)
        .extracting(Waiting::environment)
        .contains(killedDuring.environment(), local.settings.production());
    assertThat(waited).contains(killedDuring);
    for (Waiting w : waited) {
      Deployment primary =
          deployments(ecs, w).stream()
              .filter(d -> "PRIMARY".equals(d.status()))
              .findFirst()
              .orElseThrow();
      assertThat(primary.id()).as("PRIMARY of %s", w.service()).isEqualTo(w.deploymentId());
      assertThat(primary.rolloutState()).isEqualTo(DeploymentRolloutState.COMPLETED);
      assertThat(revisionsFor(ecs, primary.taskDefinition(), sha))
          .as("revisions of %s's family for %s", primary.taskDefinition(), sha)
          .hasSize(1);
      assertThat(
              ecs
                  .listServiceDeployments(r -> r.cluster(w.cluster()).service(w.service()))
                  .serviceDeployments()
                  .stream()
                  .map(ServiceDeploymentBrief::createdAt)
                  .filter(at -> at != null && at.isAfter(pushed)))
          .as("ECS deployments of %s since the push", w.service())
          .hasSize(1);
    }
  }

  /** The deployment the run last waited for in each environment (the locks table's run items). */
  private static List<Waiting> waited(LocalModeRun local, Waiting killedDuring) throws Exception {
    String execution = killedDuring.execution();
    List<Waiting> out = new java.util.ArrayList<>();
    for (var item : local.dynamo.scan(r -> r.tableName(local.locksTable())).items()) {
      waiting(item, execution).ifPresent(out::add);
    }
    return out;
  }

  /** The revisions of the task definition's family whose container runs {@code sha}. */
  private static List<String> revisionsFor(EcsClient ecs, String taskDefinitionArn, String sha) {
    String familyAndRevision = taskDefinitionArn.substring(taskDefinitionArn.indexOf('/') + 1);
    String family = familyAndRevision.substring(0, familyAndRevision.lastIndexOf(':'));
    int latest =
        ecs.describeTaskDefinition(r -> r.taskDefinition(family)).taskDefinition().revision();
    return java.util.stream.IntStream.rangeClosed(1, latest)
        .mapToObj(
            n ->
                ecs.describeTaskDefinition(r -> r.taskDefinition(family + ":" + n))
                    .taskDefinition())
        .filter(
            td ->
                td.containerDefinitions().stream()
                    .flatMap(c -> c.environment().stream())
                    .anyMatch(v -> v.name().equals("SLIPWAY_VERSION") && v.value().equals(sha)))
        .map(td -> td.taskDefinitionArn())
        .toList();
  }

  /**
   * The RUNNING tasks of every service but the one deploying at the kill: task ARN → its
   * containers' runtime ids.
   */
  private static Map<String, String> runningTasksOutside(EcsClient ecs, Waiting deploying) {
    Map<String, String> out = new java.util.TreeMap<>();
    for (String cluster : ecs.listClusters().clusterArns()) {
      for (String service : ecs.listServices(r -> r.cluster(cluster)).serviceArns()) {
        String deployingName =
            deploying.service().substring(deploying.service().lastIndexOf('/') + 1);
        if (service.substring(service.lastIndexOf('/') + 1).equals(deployingName)) {
          continue;
        }
        var arns = ecs.listTasks(r -> r.cluster(cluster).serviceName(service)).taskArns();
        if (arns.isEmpty()) {
          continue;
        }
        for (var t : ecs.describeTasks(r -> r.cluster(cluster).tasks(arns)).tasks()) {
          if ("RUNNING".equals(t.lastStatus())) {
            out.put(
                t.taskArn(),
                String.join(",", t.containers().stream().map(c -> c.runtimeId()).toList()));
          }
        }
      }
    }
    return out;
  }

  /**
   * Once tasks stopping after the roll-out are removed, every task container left is a RUNNING task
   * of the restarted ECS: none orphaned.
   */
  private static void assertNoLeftoverContainers(Podman podman, EcsClient ecs) {
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(
            () -> {
              List<ContainerState> now =
                  podman.inspectAll(podman.containers(Map.of(ECS_LABEL, "true")));
              assertThat(now).isNotEmpty().allMatch(ContainerState::running, "running");
              for (ContainerState c : now) {
                String task = c.labels().get(TASK_LABEL);
                String cluster = task.split("/")[1]; // arn:…:task/<cluster>/<id>
                assertThat(ecs.describeTasks(r -> r.cluster(cluster).tasks(task)).tasks())
                    .as("ECS task of container %s (%s)", c.name(), task)
                    .singleElement()
                    .satisfies(t -> assertThat(t.lastStatus()).isEqualTo("RUNNING"));
              }
            });
  }
}
