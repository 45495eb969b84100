package dev.slipway.localcloud.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.localcloud.server.SnapshotFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.model.*;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/**
 * Task containers whose definition uses the awslogs driver have their output followed from their
 * start, finished after they stop and before they are removed, and followed again when a restart
 * adopts them; other containers are not followed.
 */
class EcsTaskLogsTest {
  private static final AtomicInteger IDS = new AtomicInteger();

  @TempDir Path dir;
  private final List<EcsService> started = new ArrayList<>();
  private final List<String> calls = new CopyOnWriteArrayList<>();

  private EcsService start(FakeContainers engine, Path snapshot) {
    TaskLogs logs =
        TaskLogs.of(
            (TaskLogs.Follow)
                (id, file, to) ->
                    calls.add(
                        "follow " + id + " " + file + " -> " + to.group() + " " + to.stream()),
            id -> calls.add("finish " + id + (engine.removed.contains(id) ? " removed" : "")));
    var ecs =
        new EcsService(
            engine,
            new FakeTargets(),
            r -> GetSecretValueResponse.builder().secretString("s").build(),
            r -> {},
            Clock.systemUTC(),
            () -> String.format("%032x", IDS.incrementAndGet()),
            Duration.ofMillis(20),
            "us-east-1",
            "000000000000",
            new SnapshotFile(snapshot),
            logs);
    started.add(ecs);
    return ecs;
  }

  @AfterEach
  void stop() {
    started.forEach(EcsService::close);
  }

  private static void run(EcsService ecs) {
    var td =
        ecs.registerTaskDefinition(
                RegisterTaskDefinitionRequest.builder()
                    .family("web")
                    .containerDefinitions(
                        ContainerDefinition.builder()
                            .name("app")
                            .image("app:1")
                            .logConfiguration(
                                LogConfiguration.builder()
                                    .logDriver(LogDriver.AWSLOGS)
                                    .options(
                                        Map.of(
                                            "awslogs-group", "g", "awslogs-stream-prefix", "web"))
                                    .build())
                            .build(),
                        ContainerDefinition.builder().name("sidecar").image("side:1").build())
                    .build())
            .taskDefinition();
    ecs.createCluster(CreateClusterRequest.builder().clusterName("c").build());
    ecs.createService(
        CreateServiceRequest.builder()
            .cluster("c")
            .serviceName("web")
            .taskDefinition(td.taskDefinitionArn())
            .desiredCount(1)
            .build());
  }

  private static boolean running(EcsService ecs) {
    var d =
        ecs.describeServices(DescribeServicesRequest.builder().cluster("c").services("web").build())
            .services()
            .get(0)
            .deployments();
    return d.size() == 1 && d.get(0).runningCount() == 1;
  }

  @Test
  void onlyAwslogsContainersAreFollowedAndTheyAreFinishedBeforeRemoval() {
    var engine = new FakeContainers();
    var ecs = start(engine, dir.resolve("ecs.json"));
    run(ecs);
    await().atMost(Duration.ofSeconds(10)).until(() -> running(ecs));
    var app = appContainer(engine);
    // the awslogs driver's stream: <prefix>/<container name>/<task id>
    assertThat(calls)
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .matches("follow " + app + " /fake-logs/" + app + "\\.log -> g web/app/[0-9a-f]{32}");
    ecs.close();
    assertThat(calls).contains("finish " + app).doesNotContain("finish " + app + " removed");
    assertThat(engine.removed).contains(app);
  }

  @Test
  void anAdoptedContainerIsFollowedAgain() throws Exception {
    var engine = new FakeContainers();
    var file = dir.resolve("ecs.json");
    var before = start(engine, file);
    run(before);
    await().atMost(Duration.ofSeconds(10)).until(() -> running(before));
    var app = appContainer(engine);
    var killed = dir.resolve("killed.json");
    Files.copy(file, killed);
    before.abandon();
    var followedBefore = List.copyOf(calls);
    calls.clear();
    var after = start(engine, killed);
    // the same file into the same group and stream
    assertThat(calls).containsExactlyElementsOf(followedBefore);
    assertThat(calls.getFirst()).startsWith("follow " + app + " /fake-logs/" + app + ".log -> g ");
    assertThat(engine.launches).hasSize(2); // nothing started again
  }

  private static String appContainer(FakeContainers engine) {
    // containers are numbered in start order; the app container is the task's first
    var index =
        engine.launches.stream().map(TaskContainers.Launch::image).toList().indexOf("app:1");
    assertThat(index).isNotNegative();
    return "c" + (index + 1);
  }
}
