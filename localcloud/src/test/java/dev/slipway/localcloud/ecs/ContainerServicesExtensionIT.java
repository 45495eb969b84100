package dev.slipway.localcloud.ecs;

import static dev.slipway.localcloud.server.LocalEndpoint.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.slipway.localcloud.cli.LocalCloud;
import dev.slipway.localcloud.cli.SynthesizedAssembly;
import dev.slipway.localcloud.containers.ContainerTestSupport;
import dev.slipway.localcloud.containers.LocalContainers;
import dev.slipway.localcloud.deploy.TemplateDeployer;
import dev.slipway.localcloud.elbv2.AlbMetricsDelay;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.Secret;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * {@code slipway up}'s container services end to end: the synthesized template deployed by the real
 * deployer with {@link ContainerServicesExtension} loaded, then — with the real SDK clients — a
 * task definition for a locally built image registered, the production blue service updated to it,
 * and HTTP 200 from the production load balancer's listener on 127.0.0.1; its target group's
 * metrics reach CloudWatch; closing local mode removes the task containers and stops HAProxy.
 */
class ContainerServicesExtensionIT {
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  @Test
  void templateServiceServesALocallyBuiltImageThroughItsLoadBalancer() throws Exception {
    Path root = Path.of(System.getProperty("slipway.root"));
    Path cdkOut = SynthesizedAssembly.locate(root);
    Path state = ContainerTestSupport.stateDir();
    Files.createDirectories(state);
    Files.deleteIfExists(state.resolve("localcloud.db"));
    // a fresh start: no ECS or ELBv2 state saved by an earlier run in this state dir
    for (String service : List.of("ecs", "elbv2")) {
      if (Files.isDirectory(state.resolve(service))) {
        try (var saved = Files.newDirectoryStream(state.resolve(service), "state-*.json")) {
          for (Path p : saved) {
            Files.delete(p);
          }
        }
      }
    }
    String message = "wiring-" + UUID.randomUUID();
    int port80;
    LocalContainers containers = null;
    System.setProperty(AlbMetricsDelay.PROPERTY, "0");
    try (LocalCloud cloud = LocalCloud.start(state, 0, root, false, l -> {})) {
      containers = LocalContainers.shared(state, 0);
      var report = stack(cloud.deploy(cdkOut, l -> {}), "Slipway-hello");
      assertThat(report.unsupported().keySet())
          .noneMatch(t -> t.startsWith("AWS::ECS::") || t.startsWith("AWS::ElasticLoadBalancing"))
          .noneMatch(t -> t.startsWith("AWS::EC2::"));
      String production = report.outputs().get("UrlProduction");
      assertThat(production)
          .isEqualTo(
              "http://127.0.0.1:"
                  + ContainerServicesExtension.loadBalancerPort(cloud.server().port(), 0));

      assertThat(report.outputs().get("UrlStaging"))
          .isEqualTo(
              "http://127.0.0.1:"
                  + ContainerServicesExtension.loadBalancerPort(cloud.server().port(), 1));

      String image = pushedImage(containers, report.outputs().get("EcrRepositoryUri"), message);
      URI endpoint = cloud.server().endpoint();
      try (EcsClient ecs = client(EcsClient.builder(), endpoint);
          ElasticLoadBalancingV2Client elb =
              client(ElasticLoadBalancingV2Client.builder(), endpoint);
          CloudWatchClient cloudWatch = client(CloudWatchClient.builder(), endpoint);
          SecretsManagerClient secrets = client(SecretsManagerClient.builder(), endpoint);
          EventBridgeClient events = client(EventBridgeClient.builder(), endpoint);
          SnsClient sns = client(SnsClient.builder(), endpoint)) {
        // ECS events reach the default bus: a rule forwards them to a topic (notifications.log)
        String topic = sns.createTopic(b -> b.name("wiring-it-ecs-events")).topicArn();
        events.putRule(
            b ->
                b.name("wiring-it-ecs-events")
                    .eventPattern(
                        "{\"source\":[\"aws.ecs\"],"
                            + "\"detail-type\":[\"ECS Deployment State Change\"]}"));
        events.putTargets(
            b ->
                b.rule("wiring-it-ecs-events")
                    .targets(Target.builder().id("topic").arn(topic).build()));
        // the answer the task serves comes from Secrets Manager, as a task secret
        String secretArn =
            secrets
                .createSecret(b -> b.name("wiring-it/message-" + message).secretString(message))
                .arn();
        String family = "slipway-hello-production";
        String arn = registerWithImage(ecs, family, image, secretArn);
        ecs.updateService(
            b -> b.cluster(family).service(family + "-blue").taskDefinition(arn).desiredCount(1));

        LoadBalancer lb =
            elb.describeLoadBalancers(b -> {}).loadBalancers().stream()
                .filter(l -> production.equals("http://" + l.dnsName()))
                .findFirst()
                .orElseThrow();
        var listener =
            elb.describeListeners(b -> b.loadBalancerArn(lb.loadBalancerArn())).listeners().stream()
                .filter(l -> l.port() == 80)
                .findFirst()
                .orElseThrow();
        port80 = Integer.parseInt(lb.dnsName().substring(lb.dnsName().indexOf(':') + 1));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        var request =
            HttpRequest.newBuilder(URI.create(production + "/"))
                .timeout(Duration.ofSeconds(3))
                .build();
        await()
            .atMost(DEADLINE)
            .pollInterval(Duration.ofMillis(500))
            .ignoreExceptions()
            .untilAsserted(
                () -> {
                  var response = http.send(request, HttpResponse.BodyHandlers.ofString());
                  assertThat(response.statusCode()).isEqualTo(200);
                  assertThat(response.body()).isEqualTo(message);
                });
        assertThat(listener.listenerArn())
            .startsWith(lb.loadBalancerArn().replace(":loadbalancer/", ":listener/"));

        var service =
            ecs.describeServices(b -> b.cluster(family).services(family + "-blue"))
                .services()
                .get(0);
        assertThat(service.runningCount()).isEqualTo(1);
        assertThat(service.taskDefinition()).isEqualTo(arn);
        // settings from the template's AWS::ECS::Service
        assertThat(service.healthCheckGracePeriodSeconds()).isEqualTo(30);
        assertThat(service.deploymentConfiguration().deploymentCircuitBreaker().rollback())
            .isTrue();
        assertThat(service.loadBalancers())
            .singleElement()
            .satisfies(
                l -> {
                  assertThat(l.containerPort()).isEqualTo(8080);
                  assertThat(l.targetGroupArn()).contains(":targetgroup/");
                });
        Path notifications = state.resolve("notifications.log");
        await()
            .atMost(Duration.ofSeconds(20))
            .pollInterval(Duration.ofMillis(500))
            .until(
                () ->
                    Files.exists(notifications)
                        && Files.readAllLines(notifications).stream()
                            .anyMatch(
                                l ->
                                    l.contains(topic)
                                        && l.contains("SERVICE_DEPLOYMENT_COMPLETED")
                                        && l.contains(service.serviceArn())));

        // the blue target group's requests are published to the local CloudWatch once their
        // minute has ended (the publication delay is 0 here)
        await()
            .atMost(Duration.ofSeconds(75))
            .pollInterval(Duration.ofSeconds(1))
            .until(
                () ->
                    cloudWatch
                        .listMetrics(
                            b -> b.namespace("AWS/ApplicationELB").metricName("RequestCount"))
                        .metrics()
                        .stream()
                        .anyMatch(
                            m ->
                                m.dimensions().stream()
                                    .anyMatch(
                                        d ->
                                            d.name().equals("LoadBalancer")
                                                && lb.loadBalancerArn().endsWith(d.value()))));
      }
    } finally {
      System.clearProperty(AlbMetricsDelay.PROPERTY);
      if (containers != null) {
        assertThat(containers.podman().containers(Map.of(PodmanTaskContainers.ECS_LABEL, "true")))
            .as("task containers left after close")
            .isEmpty();
        containers.release();
      }
    }
    int closedPort = port80;
    assertThatThrownBy(
            () -> {
              try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", closedPort), 1000);
              }
            })
        .isInstanceOf(ConnectException.class);
  }

  private static TemplateDeployer.Report stack(List<TemplateDeployer.Report> reports, String name) {
    return reports.stream().filter(r -> r.stackName().equals(name)).findFirst().orElseThrow();
  }

  /**
   * Builds the tiny HTTP app answering {@code message}, pushes it through ECR, returns repo@digest.
   */
  private static String pushedImage(LocalContainers containers, String repositoryUri, String tag)
      throws IOException {
    var podman = containers.podman();
    String local = "localhost/slipway-wiring-it/app:latest";
    ContainerTestSupport.buildTinyApp(podman, containers.baseImage(), local);
    String digest = podman.push(local, repositoryUri + ":" + tag);
    return repositoryUri + "@" + digest;
  }

  /**
   * The family's template revision with {@code image} and MESSAGE from the secret, registered anew.
   */
  private static String registerWithImage(
      EcsClient ecs, String family, String image, String secretArn) {
    TaskDefinition current =
        ecs.describeTaskDefinition(b -> b.taskDefinition(family)).taskDefinition();
    List<ContainerDefinition> containers = new ArrayList<>();
    for (ContainerDefinition c : current.containerDefinitions()) {
      containers.add(
          c.toBuilder()
              .image(image)
              .secrets(Secret.builder().name("MESSAGE").valueFrom(secretArn).build())
              .build());
    }
    return ecs.registerTaskDefinition(
            b ->
                b.family(family)
                    .containerDefinitions(containers)
                    .cpu(current.cpu())
                    .memory(current.memory())
                    .networkMode(current.networkMode())
                    .requiresCompatibilities(current.requiresCompatibilities())
                    .executionRoleArn(current.executionRoleArn())
                    .taskRoleArn(current.taskRoleArn()))
        .taskDefinition()
        .taskDefinitionArn();
  }
}
