package dev.slipway.localcloud.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.localcloud.containers.ContainerTestSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.DeploymentConfiguration;
import software.amazon.awssdk.services.ecs.model.DeploymentRolloutState;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.LoadBalancer;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.Secret;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceDeploymentStatus;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskStopCode;

/**
 * ECS services as podman containers behind HAProxy, driven through the real SDK clients on the
 * local endpoint: a rolling update under load, a dead container replaced, a task that cannot start
 * tripping the circuit breaker. The tests run in order on one service to keep the suite short.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EcsServiceIT {
  private static final String CLUSTER = "it";
  private static final String SERVICE = "web";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static EcsFixture fx;
  private static URI url;
  private static String deploymentV2;

  @BeforeAll
  static void start() throws Exception {
    fx = new EcsFixture(ContainerTestSupport.stateDir());
    var endpoint = fx.loadBalancer("web");
    url = URI.create("http://" + endpoint.dnsName() + "/");
    var secretArn =
        fx.secrets
            .createSecret(b -> b.name("web/greeting").secretString("{\"greeting\":\"hello\"}"))
            .arn();
    fx.ecs.createCluster(b -> b.clusterName(CLUSTER));
    var v1 = register(fx.imageV1, secretArn, List.of());
    fx.ecs.createService(
        b ->
            b.cluster(CLUSTER)
                .serviceName(SERVICE)
                .taskDefinition(v1)
                .desiredCount(2)
                .healthCheckGracePeriodSeconds(10)
                .loadBalancers(
                    LoadBalancer.builder()
                        .targetGroupArn(endpoint.targetGroupArn())
                        .containerName("app")
                        .containerPort(8080)
                        .build())
                .deploymentConfiguration(
                    DeploymentConfiguration.builder()
                        .minimumHealthyPercent(100)
                        .maximumPercent(200)
                        .deploymentCircuitBreaker(c -> c.enable(true).rollback(true))
                        .build()));
    awaitCompleted(Duration.ofSeconds(60));
  }

  @AfterAll
  static void stop() {
    if (fx != null) {
      fx.close();
    }
  }

  static String register(String image, String secretArn, List<KeyValuePair> env) {
    return fx.ecs
        .registerTaskDefinition(
            b ->
                b.family("web")
                    .cpu("256")
                    .memory("512")
                    .containerDefinitions(
                        ContainerDefinition.builder()
                            .name("app")
                            .image(image)
                            .essential(true)
                            .portMappings(PortMapping.builder().containerPort(8080).build())
                            .environment(env)
                            .secrets(
                                Secret.builder()
                                    .name("GREETING")
                                    .valueFrom(secretArn + ":greeting::")
                                    .build())
                            .stopTimeout(5)
                            .build()))
        .taskDefinition()
        .taskDefinitionArn();
  }

  static Service service() {
    return fx.ecs.describeServices(b -> b.cluster(CLUSTER).services(SERVICE)).services().get(0);
  }

  static void awaitCompleted(Duration limit) {
    try {
      await()
          .atMost(limit)
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                var d = service().deployments();
                return d.size() == 1
                    && d.get(0).rolloutState() == DeploymentRolloutState.COMPLETED
                    && d.get(0).runningCount() == 2;
              });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      var all =
          fx.ecs
              .listTasks(b -> b.cluster(CLUSTER).serviceName(SERVICE).desiredStatus("STOPPED"))
              .taskArns();
      throw new AssertionError(
          "deployment did not complete: "
              + service().deployments()
              + "\nrunning: "
              + runningTasks()
              + "\nstopped: "
              + (all.isEmpty()
                  ? "[]"
                  : fx.ecs.describeTasks(b -> b.cluster(CLUSTER).tasks(all)).tasks()),
          e);
    }
  }

  static List<Task> runningTasks() {
    var arns = fx.ecs.listTasks(b -> b.cluster(CLUSTER).serviceName(SERVICE)).taskArns();
    return fx.ecs.describeTasks(b -> b.cluster(CLUSTER).tasks(arns)).tasks();
  }

  static String get(String path) throws Exception {
    return HTTP.send(
            HttpRequest.newBuilder(url.resolve(path)).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /** The detail of every ECS Deployment State Change event so far. */
  static List<JsonNode> deploymentEvents() throws Exception {
    var json = new ObjectMapper();
    var out = new java.util.ArrayList<JsonNode>();
    for (var e : fx.events) {
      if (e.detailType().equals("ECS Deployment State Change")) {
        out.add(json.readTree(e.detail()));
      }
    }
    return out;
  }

  @Test
  @Order(1)
  void servesTheFirstDeploymentWithItsSecretThroughTheLoadBalancer() throws Exception {
    assertThat(get("/")).isEqualTo("v1");
    assertThat(get("/secret")).isEqualTo("length=5");
    var tasks = runningTasks();
    assertThat(tasks).hasSize(2).allSatisfy(t -> assertThat(t.lastStatus()).isEqualTo("RUNNING"));
    assertThat(tasks.get(0).containers().get(0).imageDigest()).startsWith("sha256:");
    assertThat(fx.events)
        .anySatisfy(e -> assertThat(e.detail()).contains("SERVICE_DEPLOYMENT_COMPLETED"))
        .noneSatisfy(e -> assertThat(e.detail()).contains("hello"));
  }

  @Test
  @Order(2)
  void rollsToANewImageUnderSteadyLoadWithoutAFailedRequest() throws Exception {
    var secretArn = fx.secrets.describeSecret(b -> b.secretId("web/greeting")).arn();
    var v2 = register(fx.imageV2, secretArn, List.of());
    var load = new SteadyLoad(url, Duration.ofMillis(10));
    try {
      deploymentV2 =
          fx.ecs
              .updateService(b -> b.cluster(CLUSTER).service(SERVICE).taskDefinition(v2))
              .service()
              .deployments()
              .get(0)
              .id();
      awaitCompleted(Duration.ofSeconds(90));
      await().atMost(Duration.ofSeconds(5)).until(() -> load.bodies.getOrDefault("v2", 0) > 20);
    } finally {
      load.stop();
    }
    assertThat(load.failed.get()).as("failed requests: %s", load.bodies).isZero();
    assertThat(load.bodies.keySet()).containsExactlyInAnyOrder("v1", "v2");
    assertThat(get("/")).isEqualTo("v2");
    assertThat(service().deployments().get(0).id()).isEqualTo(deploymentV2);
    assertThat(deploymentEvents())
        .filteredOn(d -> d.get("deploymentId").asText().equals(deploymentV2))
        .extracting(d -> d.get("eventName").asText())
        .containsExactly("SERVICE_DEPLOYMENT_IN_PROGRESS", "SERVICE_DEPLOYMENT_COMPLETED");
    var deployments =
        fx.ecs
            .listServiceDeployments(b -> b.cluster(CLUSTER).service(SERVICE))
            .serviceDeployments();
    assertThat(deployments).hasSize(2);
    assertThat(deployments.get(0).status()).isEqualTo(ServiceDeploymentStatus.SUCCESSFUL);
  }

  @Test
  @Order(3)
  void replacesATaskWhoseContainerDies() throws Exception {
    var victim = runningTasks().get(0);
    fx.podman().kill(victim.containers().get(0).runtimeId(), "KILL");
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              var t = fx.ecs.describeTasks(b -> b.cluster(CLUSTER).tasks(victim.taskArn())).tasks();
              return t.get(0).lastStatus().equals("STOPPED");
            });
    var stopped =
        fx.ecs.describeTasks(b -> b.cluster(CLUSTER).tasks(victim.taskArn())).tasks().get(0);
    assertThat(stopped.stopCode()).isEqualTo(TaskStopCode.ESSENTIAL_CONTAINER_EXITED);
    assertThat(stopped.containers().get(0).exitCode()).isEqualTo(137);
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                runningTasks().stream()
                        .filter(t -> t.lastStatus().equals("RUNNING"))
                        .filter(t -> !t.taskArn().equals(victim.taskArn()))
                        .count()
                    == 2);
    assertThat(get("/")).isEqualTo("v2");
  }

  @Test
  @Order(4)
  void aTaskThatFailsToStartTripsTheCircuitBreakerAndRollsBack() throws Exception {
    var secretArn = fx.secrets.describeSecret(b -> b.secretId("web/greeting")).arn();
    var broken =
        register(
            fx.imageV2,
            secretArn,
            List.of(KeyValuePair.builder().name("CRASH").value("1").build()));
    var failing =
        fx.ecs
            .updateService(b -> b.cluster(CLUSTER).service(SERVICE).taskDefinition(broken))
            .service()
            .deployments()
            .get(0)
            .id();
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                deploymentEvents().stream()
                    .anyMatch(
                        d ->
                            d.get("deploymentId").asText().equals(failing)
                                && d.get("eventName")
                                    .asText()
                                    .equals("SERVICE_DEPLOYMENT_FAILED")));
    awaitCompleted(Duration.ofSeconds(60));
    var primary = service().deployments().get(0);
    assertThat(primary.id()).isNotEqualTo(failing);
    assertThat(primary.taskDefinition()).doesNotContain(":3");
    var sd =
        fx.ecs
            .describeServiceDeployments(
                b ->
                    b.serviceDeploymentArns(
                        fx.ecs
                            .listServiceDeployments(x -> x.cluster(CLUSTER).service(SERVICE))
                            .serviceDeployments()
                            .get(0)
                            .serviceDeploymentArn()))
            .serviceDeployments()
            .get(0);
    assertThat(sd.status()).isEqualTo(ServiceDeploymentStatus.ROLLBACK_SUCCESSFUL);
    assertThat(sd.deploymentCircuitBreaker().failureCount()).isGreaterThanOrEqualTo(3);
    assertThat(get("/")).isEqualTo("v2");
  }
}
