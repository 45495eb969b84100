package dev.slipway.localcloud.ecs;

import static dev.slipway.localcloud.server.LocalEndpoint.client;

import dev.slipway.localcloud.cloudwatch.LocalCloudWatch;
import dev.slipway.localcloud.containers.LocalContainers;
import dev.slipway.localcloud.containers.Podman;
import dev.slipway.localcloud.elbv2.Elbv2Service;
import dev.slipway.localcloud.protocol.ServiceDescriptor;
import dev.slipway.localcloud.secretsmanager.LocalSecretsManager;
import dev.slipway.localcloud.server.LocalCloudServer;
import dev.slipway.localcloud.server.PortBlock;
import dev.slipway.localcloud.server.StateDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupAttribute;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Local mode's container half for tests and the benchmark: podman and the registry, HAProxy-backed
 * ELBv2, ECS, CloudWatch and Secrets Manager behind one local endpoint, real SDK clients to it, and
 * the {@link VersionedServer} image pushed to the registry in two versions.
 */
final class EcsFixture implements AutoCloseable {
  static final int LB_BASE_PORT = PortBlock.find();

  final LocalContainers containers;
  final StateDatabase db;
  final LocalCloudServer server;
  final Elbv2Service elbService;
  final EcsService ecsService;
  final List<PutEventsRequestEntry> events = new CopyOnWriteArrayList<>();
  final EcsClient ecs;
  final ElasticLoadBalancingV2Client elb;
  final CloudWatchClient cloudWatch;
  final SecretsManagerClient secrets;
  final String imageV1;
  final String imageV2;

  EcsFixture(Path stateDir) throws IOException {
    Files.createDirectories(stateDir);
    containers = LocalContainers.start(stateDir, 0);
    var base = containers.baseImage();
    imageV1 = pushed(base, "v1");
    imageV2 = pushed(base, "v2");
    // a fresh state database per run: the secret and metrics of an earlier run must not leak in
    var dbFile = Files.createTempFile(stateDir, "ecs-it-state", ".db");
    Files.delete(dbFile);
    db = new StateDatabase(dbFile);
    server = LocalCloudServer.start(0);
    var clock = Clock.systemUTC();
    var cw = new LocalCloudWatch(db, clock);
    server.register(ServiceDescriptor.cloudWatch(cw));
    server.register(ServiceDescriptor.secretsManager(new LocalSecretsManager(db, clock)));
    elbService =
        new Elbv2Service(
            stateDir.resolve("elbv2"), LB_BASE_PORT, cw::putMetricData, Duration.ofSeconds(1));
    server.register(ServiceDescriptor.elbv2(elbService));
    elb = client(ElasticLoadBalancingV2Client.builder(), server.endpoint());
    cloudWatch = client(CloudWatchClient.builder(), server.endpoint());
    secrets = client(SecretsManagerClient.builder(), server.endpoint());
    ecsService =
        new EcsService(
            new PodmanTaskContainers(containers.podman()),
            LoadBalancerTargets.of(
                elb::registerTargets,
                elb::deregisterTargets,
                elb::describeTargetHealth,
                elb::describeTargetGroupAttributes),
            secrets::getSecretValue,
            r -> events.addAll(r.entries()));
    server.register(ServiceDescriptor.ecs(ecsService));
    ecs = client(EcsClient.builder(), server.endpoint());
  }

  /** A load balancer's address and the target group its port-80 listener forwards to. */
  record Endpoint(String dnsName, String targetGroupArn) {}

  /**
   * A load balancer with one listener (port 80) forwarding to a target group that checks {@code
   * /ready} every 5 s (ELB's shortest interval), 2 passes to become healthy, with a 2 s
   * deregistration delay.
   */
  Endpoint loadBalancer(String name) {
    var lb = elb.createLoadBalancer(b -> b.name(name)).loadBalancers().get(0);
    var tg =
        elb.createTargetGroup(
                b ->
                    b.name(name + "-tg")
                        .protocol(ProtocolEnum.HTTP)
                        .port(8080)
                        .targetType(TargetTypeEnum.IP)
                        .healthCheckPath("/ready")
                        .healthCheckIntervalSeconds(5)
                        .healthCheckTimeoutSeconds(2)
                        .healthyThresholdCount(2)
                        .unhealthyThresholdCount(2))
            .targetGroups()
            .get(0);
    elb.modifyTargetGroupAttributes(
        b ->
            b.targetGroupArn(tg.targetGroupArn())
                .attributes(
                    TargetGroupAttribute.builder()
                        .key("deregistration_delay.timeout_seconds")
                        .value("2")
                        .build()));
    elb.createListener(
        b ->
            b.loadBalancerArn(lb.loadBalancerArn())
                .port(80)
                .protocol(ProtocolEnum.HTTP)
                .defaultActions(
                    Action.builder()
                        .type(ActionTypeEnum.FORWARD)
                        .targetGroupArn(tg.targetGroupArn())
                        .build()));
    return new Endpoint(lb.dnsName(), tg.targetGroupArn());
  }

  Podman podman() {
    return containers.podman();
  }

  /** Builds the test service image with VERSION baked in, pushes it, returns repo@digest. */
  private String pushed(String base, String version) throws IOException {
    var podman = containers.podman();
    var context = Files.createTempDirectory("ecs-it-image");
    var classFile = VersionedServer.class.getName().replace('.', '/') + ".class";
    var target = context.resolve("app").resolve(classFile);
    Files.createDirectories(target.getParent());
    try (var in = VersionedServer.class.getClassLoader().getResourceAsStream(classFile)) {
      Files.copy(in, target);
    }
    var containerfile = context.resolve("Containerfile");
    Files.writeString(
        containerfile,
        """
        ARG BASE_IMAGE
        FROM ${BASE_IMAGE}
        COPY app/ /app/
        ENV VERSION=%s
        ENTRYPOINT ["java", "-XX:-UsePerfData", "-XX:TieredStopAtLevel=1", "-cp", "/app", "%s"]
        """
            .formatted(version, VersionedServer.class.getName()));
    var local = "localhost/slipway-ecs-it/app:" + version;
    podman.build(context, containerfile, local, Map.of("BASE_IMAGE", base), Duration.ofMinutes(2));
    var repo = containers.registry().address() + "/slipway-ecs-it/app";
    var digest = podman.push(local, repo + ":" + version);
    return repo + "@" + digest;
  }

  @Override
  public void close() {
    ecsService.close();
    ecs.close();
    elb.close();
    cloudWatch.close();
    secrets.close();
    elbService.close();
    server.close();
    db.close();
    containers.close();
  }
}
