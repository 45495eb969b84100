package dev.slipway.localcloud.ecs;

import dev.slipway.localcloud.cli.LocalModeExtension;
import dev.slipway.localcloud.containers.LocalContainers;
import dev.slipway.localcloud.containers.Podman;
import dev.slipway.localcloud.containers.PodmanEnvironment;
import dev.slipway.localcloud.deploy.ResourceProvisioner.Provisioned;
import dev.slipway.localcloud.deploy.TemplateDeployer;
import dev.slipway.localcloud.elbv2.AlbMetricsDelay;
import dev.slipway.localcloud.elbv2.Elbv2Resources;
import dev.slipway.localcloud.elbv2.Elbv2Service;
import dev.slipway.localcloud.logs.ContainerLogReader;
import dev.slipway.localcloud.protocol.ServiceDescriptor;
import dev.slipway.localcloud.server.ServiceRegistry;
import dev.slipway.localcloud.server.SnapshotFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricDataResponse;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/**
 * Plugs ECS and ELBv2 into {@code slipway up}: HAProxy-backed load balancers on 127.0.0.1 from
 * {@link #LOAD_BALANCER_PORT_OFFSET} above the endpoint's port (4600 by default), task containers
 * on the shared podman, secrets from the local Secrets Manager, state change events on the local
 * EventBridge, target group metrics in the local CloudWatch, the embedded metric format lines of
 * task containers that log with the awslogs driver as metrics in the local CloudWatch (as
 * CloudWatch Logs extracts them), and the template provisioners for ECS, ELBv2 and the VPC
 * resources around them (which have no local effect).
 */
public final class ContainerServicesExtension implements LocalModeExtension {
  /**
   * Load balancers start this far above the endpoint's port: clear of the endpoint and of ECR's
   * registry address (endpoint + 1), ten ports per load balancer.
   */
  public static final int LOAD_BALANCER_PORT_OFFSET = 34;

  /**
   * Where ECS keeps its state across restarts: a restart after a crash or a {@code slipway down}
   * brings the services and their deployments back, and their tasks start again. One file per
   * endpoint port, since the state holds addresses derived from it (ECR's image addresses in task
   * definitions, the load balancers' ports): local mode on another port starts from the template.
   */
  public static Path ecsState(Path stateDir, int endpointPort) {
    return stateDir.resolve("ecs/state-" + endpointPort + ".json");
  }

  /** Where ELBv2 keeps its load balancers, listeners, rules and weights (see {@link #ecsState}). */
  public static Path elbv2State(Path stateDir, int endpointPort) {
    return stateDir.resolve("elbv2/state-" + endpointPort + ".json");
  }

  /**
   * How far the task containers' log files were read (see {@link #ecsState}): a restart that adopts
   * the containers goes on from there.
   */
  public static Path logOffsets(Path stateDir, int endpointPort) {
    return stateDir.resolve("logs/offsets-" + endpointPort + ".properties");
  }

  private LocalContainers containers;
  private ContainerLogReader logs;
  private Elbv2Service elb;
  private EcsService ecs;

  @Override
  public String name() {
    return "ECS and ELBv2 (podman tasks, HAProxy load balancers)";
  }

  @Override
  public void start(Context c) {
    Path state = c.stateDir();
    ServiceRegistry aws = c.server().registry();
    int port = c.server().port();
    containers = LocalContainers.shared(state, 0);
    elb =
        Elbv2Service.restoring(
            elbStateDir(state),
            port + LOAD_BALANCER_PORT_OFFSET,
            request -> aws.call(request),
            AlbMetricsDelay.configured(),
            new SnapshotFile(elbv2State(state, port)));
    logs =
        new ContainerLogReader(
            logOffsets(state, port), request -> aws.<PutMetricDataResponse>call(request), c.logs());
    ecs =
        new EcsService(
            new PodmanTaskContainers(containers.podman()),
            LoadBalancerTargets.of(
                elb::registerTargets,
                elb::deregisterTargets,
                elb::describeTargetHealth,
                elb::describeTargetGroupAttributes),
            request -> aws.<GetSecretValueResponse>call(request),
            request -> aws.call(request),
            new SnapshotFile(ecsState(state, port)),
            TaskLogs.of(
                (TaskLogs.Follow) (id, file, to) -> logs.follow(id, file, to.group(), to.stream()),
                logs::finish));
    c.server().register(ServiceDescriptor.elbv2(elb));
    c.server().register(ServiceDescriptor.ecs(ecs));
    Elbv2Resources.register(c.deployer(), elb);
    EcsResources.register(c.deployer(), ecs, "127.0.0.1:" + (port + 1));
    registerNetwork(c.deployer());
  }

  /** Where HAProxy's files live (its admin socket path must stay under 108 bytes). */
  static Path elbStateDir(Path stateDir) {
    return stateDir.resolve("elbv2");
  }

  /** The local port of load balancer {@code n} (creation order) for listener port 80. */
  public static int loadBalancerPort(int endpointPort, int n) {
    return endpointPort + LOAD_BALANCER_PORT_OFFSET + 10 * n;
  }

  /**
   * VPC resources have no local effect (every listener and task is on 127.0.0.1); they get
   * AWS-shaped ids so security group rules, subnets and network configurations resolve.
   */
  public static void registerNetwork(TemplateDeployer deployer) {
    Map<String, String> prefixes =
        Map.ofEntries(
            Map.entry("AWS::EC2::VPC", "vpc"),
            Map.entry("AWS::EC2::Subnet", "subnet"),
            Map.entry("AWS::EC2::SecurityGroup", "sg"),
            Map.entry("AWS::EC2::SecurityGroupIngress", "sgr"),
            Map.entry("AWS::EC2::SecurityGroupEgress", "sgr"),
            Map.entry("AWS::EC2::RouteTable", "rtb"),
            Map.entry("AWS::EC2::Route", "r"),
            Map.entry("AWS::EC2::SubnetRouteTableAssociation", "rtbassoc"),
            Map.entry("AWS::EC2::InternetGateway", "igw"),
            Map.entry("AWS::EC2::VPCGatewayAttachment", "igw-attach"),
            Map.entry("AWS::EC2::FlowLog", "fl"));
    prefixes.forEach(
        (type, prefix) ->
            deployer.register(
                type,
                r -> {
                  String id = prefix + "-" + hex17(r.stackName() + "/" + r.logicalId());
                  return new Provisioned(
                      id,
                      Map.of(
                          "GroupId",
                          id,
                          "VpcId",
                          r.text("VpcId", id),
                          "SubnetId",
                          id,
                          "CidrBlock",
                          r.text("CidrBlock", "10.0.0.0/16")));
                }));
  }

  private static String hex17(String seed) {
    return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8))
        .toString()
        .replace("-", "")
        .substring(0, 17);
  }

  @Override
  public void cleanUpAfterCrash(Path stateDir) {
    Elbv2Service.cleanUp(elbStateDir(stateDir));
    new PodmanTaskContainers(new Podman(PodmanEnvironment.create(stateDir))).removeLeftovers();
  }

  /**
   * Leaves the task containers and HAProxy a crash left: {@link #start} adopts them (ECS keeps the
   * tasks whose containers run, ELBv2 hands HAProxy's sockets to a new process), so production
   * keeps serving across the restart.
   */
  @Override
  public void beforeRestartAfterCrash(Path stateDir) {}

  @Override
  public java.util.Set<Integer> portsToAdopt(Path stateDir, int endpointPort) {
    return Elbv2Service.adoptablePorts(
        elbStateDir(stateDir), new SnapshotFile(elbv2State(stateDir, endpointPort)));
  }

  @Override
  public void close() {
    try {
      if (ecs != null) {
        ecs.close();
      }
      if (logs != null) {
        logs.close();
      }
    } finally {
      try {
        if (elb != null) {
          elb.close();
        }
      } finally {
        if (containers != null) {
          containers.release();
          containers = null;
        }
      }
    }
  }
}
