package dev.slipway.localcloud.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.*;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/** The ECS scheduler on an in-memory engine and load balancer: no processes, fast ticks. */
class EcsSchedulerTest {
  private static final String TG =
      "arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/web/1";
  private final FakeContainers containers = new FakeContainers();
  private final FakeTargets targets = new FakeTargets();
  private final List<PutEventsRequestEntry> events = new CopyOnWriteArrayList<>();
  private EcsService ecs;

  @BeforeEach
  void start() {
    var n = new AtomicInteger();
    ecs =
        new EcsService(
            containers,
            targets,
            r -> GetSecretValueResponse.builder().secretString("pa55").build(),
            r -> events.addAll(r.entries()),
            Clock.systemUTC(),
            () -> String.format("%032x", n.incrementAndGet()),
            Duration.ofMillis(20),
            "us-east-1",
            "000000000000",
            null);
    ecs.createCluster(CreateClusterRequest.builder().clusterName("c").build());
  }

  @AfterEach
  void stop() {
    ecs.close();
  }

  private String register(String image) {
    return ecs.registerTaskDefinition(
            RegisterTaskDefinitionRequest.builder()
                .family("web")
                .containerDefinitions(
                    ContainerDefinition.builder()
                        .name("app")
                        .image(image)
                        .portMappings(PortMapping.builder().containerPort(8080).build())
                        .environment(KeyValuePair.builder().name("MODE").value("x").build())
                        .secrets(
                            Secret.builder()
                                .name("TOKEN")
                                .valueFrom("arn:aws:secretsmanager:us-east-1:0:secret:t-AbCdEf")
                                .build())
                        .stopTimeout(7)
                        .build())
                .build())
        .taskDefinition()
        .taskDefinitionArn();
  }

  private void createService(String td, boolean rollback) {
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
                    .deploymentCircuitBreaker(c -> c.enable(true).rollback(rollback))
                    .build())
            .build());
  }

  private Service service() {
    return ecs.describeServices(
            DescribeServicesRequest.builder().cluster("c").services("web").build())
        .services()
        .get(0);
  }

  private void awaitCompleted() {
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> {
              var d = service().deployments();
              return d.size() == 1
                  && d.get(0).rolloutState() == DeploymentRolloutState.COMPLETED
                  && d.get(0).runningCount() == 2;
            });
  }

  private List<String> deploymentEvents(String id) throws Exception {
    var json = new ObjectMapper();
    var out = new java.util.ArrayList<String>();
    for (var e : events) {
      if (e.detailType().equals("ECS Deployment State Change")) {
        var d = json.readTree(e.detail());
        if (d.get("deploymentId").asText().equals(id)) {
          out.add(d.get("eventName").asText());
        }
      }
    }
    return out;
  }

  /** Updates the service to an image that cannot start and waits for the FAILED event. */
  private void deployFailingImage() throws Exception {
    containers.failingImage = "repo@sha256:bad";
    var failing =
        ecs.updateService(
                UpdateServiceRequest.builder()
                    .cluster("c")
                    .service("web")
                    .taskDefinition(register("repo@sha256:bad"))
                    .build())
            .service()
            .deployments()
            .get(0)
            .id();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> deploymentEvents(failing).contains("SERVICE_DEPLOYMENT_FAILED"));
  }

  @Test
  void rollingUpdateStaysWithinMaximumPercentAndCompletes() throws Exception {
    createService(register("repo@sha256:aaa"), true);
    awaitCompleted();
    var v2 = register("repo@sha256:bbb");
    var id =
        ecs.updateService(
                UpdateServiceRequest.builder()
                    .cluster("c")
                    .service("web")
                    .taskDefinition(v2)
                    .build())
            .service()
            .deployments()
            .get(0)
            .id();
    awaitCompleted();
    assertThat(service().taskDefinition()).isEqualTo(v2);
    assertThat(containers.maxRunning.get()).isLessThanOrEqualTo(4);
    assertThat(containers.running).hasSize(2);
    assertThat(targets.registered).hasSize(2);
    // events go out on their own thread, so the COMPLETED event can trail the service state
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(deploymentEvents(id))
                    .containsExactly(
                        "SERVICE_DEPLOYMENT_IN_PROGRESS", "SERVICE_DEPLOYMENT_COMPLETED"));
    assertThat(containers.stops.values()).allMatch(d -> d.equals(Duration.ofSeconds(7)));
    var launch = containers.launches.get(0);
    assertThat(launch.secrets()).containsEntry("TOKEN", "pa55");
    assertThat(launch.environment()).containsEntry("MODE", "x").doesNotContainKey("TOKEN");
    assertThat(events).noneMatch(e -> e.detail().contains("pa55"));
    var sds =
        ecs.listServiceDeployments(
                ListServiceDeploymentsRequest.builder().cluster("c").service("web").build())
            .serviceDeployments();
    assertThat(sds)
        .extracting(ServiceDeploymentBrief::status)
        .containsExactly(ServiceDeploymentStatus.SUCCESSFUL, ServiceDeploymentStatus.SUCCESSFUL);
  }

  @Test
  void aDeadContainerIsReplaced() {
    createService(register("repo@sha256:aaa"), true);
    awaitCompleted();
    var victim = containers.running.iterator().next();
    containers.running.remove(victim);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> containers.launches.size() == 3 && service().runningCount() == 2);
    var stopped =
        ecs.listTasks(
                ListTasksRequest.builder()
                    .cluster("c")
                    .desiredStatus(DesiredStatus.STOPPED)
                    .build())
            .taskArns();
    var task =
        ecs.describeTasks(DescribeTasksRequest.builder().cluster("c").tasks(stopped).build())
            .tasks()
            .get(0);
    assertThat(task.stopCode()).isEqualTo(TaskStopCode.ESSENTIAL_CONTAINER_EXITED);
    assertThat(task.containers().get(0).exitCode()).isEqualTo(137);
  }

  @Test
  void failingTasksTripTheCircuitBreakerWhichRollsBack() throws Exception {
    var good = register("repo@sha256:aaa");
    createService(good, true);
    awaitCompleted();
    deployFailingImage();
    awaitCompleted();
    assertThat(service().taskDefinition()).isEqualTo(good);
    var sd =
        ecs.describeServiceDeployments(
                DescribeServiceDeploymentsRequest.builder()
                    .serviceDeploymentArns(service().currentServiceDeployment())
                    .build())
            .serviceDeployments()
            .get(0);
    assertThat(sd.status()).isEqualTo(ServiceDeploymentStatus.ROLLBACK_SUCCESSFUL);
    assertThat(sd.deploymentCircuitBreaker().failureCount()).isEqualTo(3);
    assertThat(sd.deploymentCircuitBreaker().threshold()).isEqualTo(3);
    assertThat(sd.deploymentCircuitBreaker().status())
        .isEqualTo(ServiceDeploymentRollbackMonitorsStatus.TRIGGERED);
    assertThat(sd.rollback().serviceRevisionArn()).isNotNull();
    // the service kept its two healthy tasks the whole time (minimumHealthyPercent 100)
    assertThat(containers.launches).hasSize(2);
  }

  @Test
  void withoutRollbackTheFailedDeploymentStopsLaunching() throws Exception {
    createService(register("repo@sha256:aaa"), false);
    awaitCompleted();
    deployFailingImage();
    var primary = service().deployments().get(0);
    assertThat(primary.rolloutState()).isEqualTo(DeploymentRolloutState.FAILED);
    // launches already under way when it tripped may fail too
    assertThat(primary.failedTasks()).isBetween(3, 4);
    assertThat(service().runningCount()).isEqualTo(2);
    var attempts = containers.attempts.get();
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(() -> containers.attempts.get() == attempts);
  }

  @Test
  void aFailingContainerHealthCheckGetsTheTaskReplaced() {
    var td =
        ecs.registerTaskDefinition(
                RegisterTaskDefinitionRequest.builder()
                    .family("checked")
                    .containerDefinitions(
                        ContainerDefinition.builder()
                            .name("app")
                            .image("repo@sha256:ccc")
                            .healthCheck(
                                h -> h.command("CMD", "check").interval(1).retries(1).timeout(1))
                            .build())
                    .build())
            .taskDefinition()
            .taskDefinitionArn();
    ecs.createService(
        CreateServiceRequest.builder()
            .cluster("c")
            .serviceName("checked")
            .taskDefinition(td)
            .desiredCount(1)
            .build());
    await().atMost(Duration.ofSeconds(10)).until(() -> !containers.running.isEmpty());
    var first = containers.running.iterator().next();
    await().atMost(Duration.ofSeconds(10)).until(() -> healthOf("checked") == HealthStatus.HEALTHY);
    containers.unhealthy.add(first);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !containers.running.contains(first) && containers.running.size() == 1);
  }

  private HealthStatus healthOf(String service) {
    var arns =
        ecs.listTasks(ListTasksRequest.builder().cluster("c").serviceName(service).build())
            .taskArns();
    if (arns.isEmpty()) {
      return HealthStatus.UNKNOWN;
    }
    return ecs.describeTasks(DescribeTasksRequest.builder().cluster("c").tasks(arns).build())
        .tasks()
        .get(0)
        .healthStatus();
  }

  @Test
  void badRequestsGetEcsErrorsThatNameTheProblem() {
    assertThatThrownBy(
            () ->
                ecs.describeServices(
                    DescribeServicesRequest.builder().cluster("nope").services("x").build()))
        .isInstanceOf(ClusterNotFoundException.class)
        .hasMessageContaining("nope");
    var td = register("repo@sha256:aaa");
    assertThatThrownBy(
            () ->
                ecs.createService(
                    CreateServiceRequest.builder()
                        .cluster("c")
                        .serviceName("web")
                        .taskDefinition(td)
                        .loadBalancers(
                            LoadBalancer.builder()
                                .targetGroupArn(TG)
                                .containerName("app")
                                .containerPort(9999)
                                .build())
                        .build()))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageContaining("9999");
    assertThatThrownBy(
            () ->
                ecs.describeTaskDefinition(
                    DescribeTaskDefinitionRequest.builder().taskDefinition("web:9").build()))
        .isInstanceOf(ClientException.class)
        .hasMessageContaining("web:9");
  }
}
