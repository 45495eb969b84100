package dev.slipway.localcloud.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.localcloud.server.SnapshotFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.model.*;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/**
 * ECS saved to a file and started again from it, as after a kill of local mode: the services,
 * revisions and deployments come back under their ids, a deployment that was in progress completes
 * with its own COMPLETED event, and nothing is registered or deployed a second time.
 */
class EcsRestartTest {
  private static final String TG =
      "arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/web/1";
  private static final AtomicInteger IDS = new AtomicInteger();

  @TempDir Path dir;
  private final List<EcsService> started = new ArrayList<>();

  /** One ECS process: its own (fake) containers and events, the shared snapshot file. */
  private record Run(
      EcsService ecs, FakeContainers containers, List<PutEventsRequestEntry> events) {}

  private Run start(Path snapshot) {
    return start(snapshot, new FakeContainers());
  }

  /** A run on {@code containers}: the same engine as an earlier run's, whose containers live on. */
  private Run start(Path snapshot, FakeContainers containers) {
    var events = new CopyOnWriteArrayList<PutEventsRequestEntry>();
    var ecs =
        new EcsService(
            containers,
            new FakeTargets(),
            r -> GetSecretValueResponse.builder().secretString("s").build(),
            r -> events.addAll(r.entries()),
            Clock.systemUTC(),
            () -> String.format("%032x", IDS.incrementAndGet()),
            Duration.ofMillis(20),
            "us-east-1",
            "000000000000",
            new SnapshotFile(snapshot));
    started.add(ecs);
    return new Run(ecs, containers, events);
  }

  @AfterEach
  void stop() {
    started.forEach(EcsService::close);
  }

  private static RegisterTaskDefinitionRequest definition(String image) {
    return RegisterTaskDefinitionRequest.builder()
        .family("web")
        .containerDefinitions(
            ContainerDefinition.builder()
                .name("app")
                .image(image)
                .portMappings(PortMapping.builder().containerPort(8080).build())
                .build())
        .build();
  }

  private static void createService(EcsService ecs, String td) {
    ecs.createCluster(CreateClusterRequest.builder().clusterName("c").build());
    ecs.createService(
        CreateServiceRequest.builder()
            .cluster("c")
            .serviceName("web")
            .taskDefinition(td)
            .desiredCount(2)
            .loadBalancers(
                LoadBalancer.builder()
                    .targetGroupArn(TG)
                    .containerName("app")
                    .containerPort(8080)
                    .build())
            .deploymentConfiguration(
                DeploymentConfiguration.builder()
                    .minimumHealthyPercent(100)
                    .maximumPercent(200)
                    .deploymentCircuitBreaker(c -> c.enable(true).rollback(true))
                    .build())
            .build());
  }

  private static Service service(EcsService ecs) {
    return ecs.describeServices(
            DescribeServicesRequest.builder().cluster("c").services("web").build())
        .services()
        .get(0);
  }

  private static boolean completedWith(EcsService ecs, int running) {
    var d = service(ecs).deployments();
    return d.size() == 1
        && d.get(0).rolloutState() == DeploymentRolloutState.COMPLETED
        && d.get(0).runningCount() == running;
  }

  private static List<String> deploymentEvents(List<PutEventsRequestEntry> events, String id)
      throws Exception {
    var out = new ArrayList<String>();
    for (var e : events) {
      var d = new ObjectMapper().readTree(e.detail());
      if (e.detailType().equals(EcsEvents.DEPLOYMENT)
          && d.path("deploymentId").asText().equals(id)) {
        out.add(d.path("eventName").asText());
      }
    }
    return out;
  }

  @Test
  void deploymentInProgressAtAKillCompletesUnderItsIdAfterRestart() throws Exception {
    Path file = dir.resolve("ecs.json");
    var before = start(file);
    createService(
        before.ecs(),
        before.ecs().registerTaskDefinition(definition("v1")).taskDefinition().taskDefinitionArn());
    await().atMost(Duration.ofSeconds(10)).until(() -> completedWith(before.ecs(), 2));
    var v2 = before.ecs().registerTaskDefinition(definition("v2")).taskDefinition();
    var id =
        before
            .ecs()
            .updateService(
                UpdateServiceRequest.builder()
                    .cluster("c")
                    .service("web")
                    .taskDefinition(v2.taskDefinitionArn())
                    .build())
            .service()
            .deployments()
            .get(0)
            .id();
    // what a SIGKILL right after UpdateService returned leaves on disk
    Path killed = dir.resolve("killed.json");
    Files.copy(file, killed);
    before.ecs().close();

    var after = start(killed);
    var restored = service(after.ecs());
    assertThat(restored.desiredCount()).isEqualTo(2);
    assertThat(restored.deployments())
        .extracting(Deployment::id, Deployment::status, Deployment::rolloutState)
        .first()
        .isEqualTo(
            org.assertj.core.groups.Tuple.tuple(id, "PRIMARY", DeploymentRolloutState.IN_PROGRESS));
    await().atMost(Duration.ofSeconds(10)).until(() -> completedWith(after.ecs(), 2));
    assertThat(service(after.ecs()).deployments().get(0).id()).isEqualTo(id);
    assertThat(service(after.ecs()).taskDefinition()).isEqualTo(v2.taskDefinitionArn());
    assertThat(after.containers().launches)
        .as("only the in-progress deployment's tasks start again")
        .extracting(TaskContainers.Launch::image)
        .containsExactly("v2", "v2");
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(deploymentEvents(after.events(), id))
                    .containsExactly("SERVICE_DEPLOYMENT_COMPLETED"));
    assertThat(
            after
                .ecs()
                .describeTaskDefinition(
                    DescribeTaskDefinitionRequest.builder().taskDefinition("web").build())
                .taskDefinition()
                .revision())
        .as("no revision registered again")
        .isEqualTo(2);
    assertThat(
            after
                .ecs()
                .listServiceDeployments(
                    ListServiceDeploymentsRequest.builder().cluster("c").service("web").build())
                .serviceDeployments())
        .extracting(ServiceDeploymentBrief::status)
        .containsExactly(ServiceDeploymentStatus.SUCCESSFUL, ServiceDeploymentStatus.SUCCESSFUL);
  }

  private static List<String> taskArns(EcsService ecs) {
    return ecs.listTasks(
            software.amazon.awssdk.services.ecs.model.ListTasksRequest.builder()
                .cluster("c")
                .serviceName("web")
                .build())
        .taskArns();
  }

  /**
   * A kill of local mode leaves the task containers running: the next start adopts the tasks whose
   * containers still run (nothing starts again, the same tasks serve) and replaces the one whose
   * container died meanwhile.
   */
  @Test
  void tasksWhoseContainersOutliveAKillAreAdoptedAndOnlyTheDeadOneIsReplaced() throws Exception {
    Path file = dir.resolve("ecs.json");
    var engine = new FakeContainers();
    var before = start(file, engine);
    createService(
        before.ecs(),
        before.ecs().registerTaskDefinition(definition("v1")).taskDefinition().taskDefinitionArn());
    await().atMost(Duration.ofSeconds(10)).until(() -> completedWith(before.ecs(), 2));
    var serving = taskArns(before.ecs());
    Path killed = dir.resolve("killed.json");
    Files.copy(file, killed); // what a SIGKILL leaves on disk; the containers keep running
    before.ecs().abandon();

    var after = start(killed, engine);
    assertThat(taskArns(after.ecs()))
        .as("adopted at start")
        .containsExactlyInAnyOrderElementsOf(serving);
    Thread.sleep(200); // ten scheduler ticks
    assertThat(engine.launches).as("nothing started again").hasSize(2);
    assertThat(completedWith(after.ecs(), 2)).isTrue();
    assertThat(
            after
                .ecs()
                .listClusters(
                    software.amazon.awssdk.services.ecs.model.ListClustersRequest.builder().build())
                .clusterArns())
        .singleElement()
        .satisfies(arn -> assertThat(arn).endsWith(":cluster/c"));
    assertThat(
            after
                .ecs()
                .listServices(
                    software.amazon.awssdk.services.ecs.model.ListServicesRequest.builder()
                        .cluster("c")
                        .build())
                .serviceArns())
        .singleElement()
        .satisfies(arn -> assertThat(arn).endsWith("/c/web"));
    assertThat(
            after
                .ecs()
                .listTaskDefinitionFamilies(
                    software.amazon.awssdk.services.ecs.model.ListTaskDefinitionFamiliesRequest
                        .builder()
                        .build())
                .families())
        .containsExactly("web");
    assertThat(
            after
                .ecs()
                .listTaskDefinitions(
                    software.amazon.awssdk.services.ecs.model.ListTaskDefinitionsRequest.builder()
                        .familyPrefix("web")
                        .build())
                .taskDefinitionArns())
        .singleElement()
        .satisfies(arn -> assertThat(arn).endsWith("task-definition/web:1"));

    // the next kill: one container died while local mode was down
    Path killedAgain = dir.resolve("killed-again.json");
    Files.copy(killed, killedAgain);
    after.ecs().abandon();
    String dead = engine.running.stream().sorted().findFirst().orElseThrow();
    engine.running.remove(dead);
    var third = start(killedAgain, engine);
    assertThat(taskArns(third.ecs())).hasSize(1).isSubsetOf(serving);
    await().atMost(Duration.ofSeconds(10)).until(() -> engine.launches.size() == 3);
    await().atMost(Duration.ofSeconds(10)).until(() -> completedWith(third.ecs(), 2));
  }

  @Test
  void shuttingDownIsNotSavedSoTheNextStartRunsTheServiceAgain() {
    Path file = dir.resolve("ecs.json");
    var before = start(file);
    createService(
        before.ecs(),
        before.ecs().registerTaskDefinition(definition("v1")).taskDefinition().taskDefinitionArn());
    await().atMost(Duration.ofSeconds(10)).until(() -> completedWith(before.ecs(), 2));
    before.ecs().close();

    var after = start(file);
    assertThat(service(after.ecs()).status()).isEqualTo("ACTIVE");
    assertThat(service(after.ecs()).desiredCount()).isEqualTo(2);
    await().atMost(Duration.ofSeconds(10)).until(() -> completedWith(after.ecs(), 2));
  }

  @Test
  void snapshotOfARestoredStateIsTheSavedOne() throws Exception {
    Path file = dir.resolve("ecs.json");
    var before = start(file);
    createService(
        before.ecs(),
        before.ecs().registerTaskDefinition(definition("v1")).taskDefinition().taskDefinitionArn());
    await().atMost(Duration.ofSeconds(10)).until(() -> completedWith(before.ecs(), 2));
    before.containers().failingImage = "broken";
    before
        .ecs()
        .updateService(
            UpdateServiceRequest.builder()
                .cluster("c")
                .service("web")
                .taskDefinition(
                    before
                        .ecs()
                        .registerTaskDefinition(definition("broken"))
                        .taskDefinition()
                        .taskDefinitionArn())
                .build());
    // the circuit breaker's rollback: a rollback deployment sharing the failed one's record
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                completedWith(before.ecs(), 2)
                    && service(before.ecs()).taskDefinition().endsWith(":1"));
    before.ecs().close();
    var saved = Files.readString(file);

    var state = new EcsState();
    EcsSnapshot.restore(saved, state);
    assertThat(EcsSnapshot.write(state)).isEqualTo(saved);
    assertThat(saved).contains("ROLLBACK_SUCCESSFUL", "\"breakerTriggered\" : true");
  }

  @Test
  void anUnchangedTemplateTaskDefinitionKeepsItsRevision() {
    var run = start(dir.resolve("ecs.json"));
    var ecs = run.ecs();
    var template = ecs.registerFromTemplate(definition("bootstrap")).taskDefinitionArn();
    var pipeline =
        ecs.registerTaskDefinition(definition("v7")).taskDefinition().taskDefinitionArn();

    assertThat(ecs.registerFromTemplate(definition("bootstrap")).taskDefinitionArn())
        .isEqualTo(template);
    assertThat(
            ecs.describeTaskDefinition(
                    DescribeTaskDefinitionRequest.builder().taskDefinition("web").build())
                .taskDefinition()
                .taskDefinitionArn())
        .as("the pipeline's revision stays the family's latest")
        .isEqualTo(pipeline);
    assertThat(ecs.registerFromTemplate(definition("bootstrap-2")).revision())
        .as("a changed template registers a revision")
        .isEqualTo(3);
  }
}
