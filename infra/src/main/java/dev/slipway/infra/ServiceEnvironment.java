package dev.slipway.infra;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ecr.IRepository;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.ContainerInsights;
import software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.LogDriver;
import software.amazon.awscdk.services.ecs.PortMapping;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationListener;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationListenerRule;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancer;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationProtocol;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationTargetGroup;
import software.amazon.awscdk.services.elasticloadbalancingv2.BaseApplicationListenerProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.FixedResponseOptions;
import software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerAction;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerCertificate;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerCondition;
import software.amazon.awscdk.services.elasticloadbalancingv2.RedirectOptions;
import software.amazon.awscdk.services.elasticloadbalancingv2.SslPolicy;
import software.amazon.awscdk.services.elasticloadbalancingv2.TargetType;
import software.amazon.awscdk.services.elasticloadbalancingv2.WeightedTargetGroup;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * One environment of a service: an ECS cluster with two Fargate services (blue and green, both
 * created with 0 tasks; DeployService sets the count), each behind its own target group of one
 * internet-facing ALB. The production listener (80, or 443 with {@code infra.certificateArn}, when
 * 80 answers a redirect to HTTPS) forwards through one weighted rule (blue 100 / green 0 at
 * creation) that ShiftTraffic and Rollback change. The test listener (8080) answers 404 unless the
 * request carries {@link #TEST_HEADER} with the stack's generated test-listener secret: then its
 * rule forwards to the idle target group, for smoke tests before a switch. The port stays open to
 * the internet because the SmokeTest function runs outside the VPC, from addresses no security
 * group can name; the header is what keeps unreleased versions private.
 */
public final class ServiceEnvironment extends Construct {
  /** The container name in the task definition (DeployService swaps its image). */
  public static final String CONTAINER_NAME = "app";

  static final int PRODUCTION_PORT = 80;
  static final int HTTPS_PORT = 443;
  static final int TEST_PORT = 8080;

  /** The request header the test listener's rule requires (ALB matches its name in any case). */
  public static final String TEST_HEADER = "X-Slipway-Test";

  /** Inputs of one environment. */
  public record Props(
      String service,
      String environment,
      IVpc vpc,
      IRepository images,
      InfraSettings settings,
      RetentionDays logRetention,
      String testHeaderValue) {}

  private final Cluster cluster;
  private final FargateTaskDefinition taskDefinition;
  private final FargateTaskDefinition bootstrapDefinition;
  private final FargateService blue;
  private final FargateService green;
  private final ApplicationLoadBalancer loadBalancer;
  private final ApplicationTargetGroup blueTargets;
  private final ApplicationTargetGroup greenTargets;
  private final ApplicationListener listener;
  private final ApplicationListener testListener;
  private final ApplicationListenerRule rule;
  private final ApplicationListenerRule testRule;
  private final ApplicationListener redirectListener;
  private final String productionUrl;
  private final SecurityGroup loadBalancerSecurityGroup;
  private final String family;
  private final int desiredCount;

  public ServiceEnvironment(Construct scope, String id, Props props) {
    super(scope, id);
    String name = ResourceNames.cluster(props.service(), props.environment());
    InfraSettings settings = props.settings();
    desiredCount = settings.desiredCount();
    cluster =
        Cluster.Builder.create(this, "Cluster")
            .clusterName(name)
            .vpc(props.vpc())
            .containerInsightsV2(ContainerInsights.ENABLED)
            .build();

    family = ResourceNames.taskFamily(props.service(), props.environment());
    taskDefinition = taskDefinition(props);
    bootstrapDefinition = bootstrapDefinition(props);

    loadBalancerSecurityGroup =
        SecurityGroup.Builder.create(this, "LoadBalancerSecurityGroup")
            .vpc(props.vpc())
            .description(name + " load balancer: public HTTP and the test listener")
            .allowAllOutbound(false)
            .build();
    loadBalancerSecurityGroup.addIngressRule(
        Peer.anyIpv4(),
        Port.tcp(PRODUCTION_PORT),
        settings.https() ? "redirect to HTTPS" : "production traffic");
    if (settings.https()) {
      loadBalancerSecurityGroup.addIngressRule(
          Peer.anyIpv4(), Port.tcp(HTTPS_PORT), "production traffic (HTTPS)");
    }
    // SmokeTest calls from outside the VPC (no fixed source address); the listener's rule
    // forwards only requests with the secret header, everything else gets a 404
    loadBalancerSecurityGroup.addIngressRule(
        Peer.anyIpv4(), Port.tcp(TEST_PORT), "test listener (header-gated)");
    SecurityGroup taskSecurityGroup =
        SecurityGroup.Builder.create(this, "TaskSecurityGroup")
            .vpc(props.vpc())
            .description(name + " tasks: only the load balancer may connect")
            .allowAllOutbound(true)
            .build();
    taskSecurityGroup.addIngressRule(
        loadBalancerSecurityGroup, Port.tcp(settings.containerPort()), "from the load balancer");
    loadBalancerSecurityGroup.addEgressRule(
        taskSecurityGroup, Port.tcp(settings.containerPort()), "to the tasks");

    loadBalancer =
        ApplicationLoadBalancer.Builder.create(this, "LoadBalancer")
            .vpc(props.vpc())
            .internetFacing(true)
            .securityGroup(loadBalancerSecurityGroup)
            .dropInvalidHeaderFields(true)
            .build();
    blueTargets = targetGroup("BlueTargets", props, settings);
    greenTargets = targetGroup("GreenTargets", props, settings);

    ListenerAction noRoute =
        ListenerAction.fixedResponse(
            404, FixedResponseOptions.builder().messageBody("no route").build());
    if (settings.https()) {
      listener =
          loadBalancer.addListener(
              "HttpsListener",
              BaseApplicationListenerProps.builder()
                  .port(HTTPS_PORT)
                  .protocol(ApplicationProtocol.HTTPS)
                  .certificates(List.of(ListenerCertificate.fromArn(settings.certificateArn())))
                  .sslPolicy(SslPolicy.RECOMMENDED_TLS)
                  .open(false)
                  .defaultAction(noRoute)
                  .build());
      redirectListener =
          listener(
              "Listener",
              PRODUCTION_PORT,
              ListenerAction.redirect(
                  RedirectOptions.builder().protocol("HTTPS").port("443").permanent(true).build()));
      productionUrl = "https://" + settings.domainNames().get(props.environment());
    } else {
      listener = listener("Listener", PRODUCTION_PORT, noRoute);
      redirectListener = null;
      productionUrl = null;
    }
    rule =
        ApplicationListenerRule.Builder.create(this, "WeightedRule")
            .listener(listener)
            .priority(10)
            .conditions(List.of(ListenerCondition.pathPatterns(List.of("/*"))))
            .action(
                ListenerAction.weightedForward(
                    List.of(
                        WeightedTargetGroup.builder().targetGroup(blueTargets).weight(100).build(),
                        WeightedTargetGroup.builder().targetGroup(greenTargets).weight(0).build())))
            .build();
    testListener =
        listener(
            "TestListener",
            TEST_PORT,
            ListenerAction.fixedResponse(
                404, FixedResponseOptions.builder().messageBody("no test route").build()));
    // DeployService moves this rule's forward to the target group of the version under test
    testRule =
        ApplicationListenerRule.Builder.create(this, "TestRule")
            .listener(testListener)
            .priority(10)
            .conditions(
                List.of(
                    ListenerCondition.httpHeader(TEST_HEADER, List.of(props.testHeaderValue()))))
            .action(ListenerAction.forward(List.of(greenTargets)))
            .build();

    blue =
        service(
            "Blue",
            ResourceNames.ecsService(props.service(), props.environment(), "blue"),
            props,
            taskSecurityGroup);
    green =
        service(
            "Green",
            ResourceNames.ecsService(props.service(), props.environment(), "green"),
            props,
            taskSecurityGroup);
    blue.attachToApplicationTargetGroup(blueTargets);
    green.attachToApplicationTargetGroup(greenTargets);
    // both target groups must be in a listener before a service can register into them
    blue.getNode().addDependency(rule);
    green.getNode().addDependency(rule, testRule);
  }

  /**
   * What the two services are created with, and what CloudFormation keeps them on: a definition
   * whose properties do not depend on the settings a user changes (cpu, memory, logs), so that a
   * later {@code cdk deploy} of changed settings leaves the services' properties as they were and
   * CloudFormation does not update them. An update would set every service back to this
   * never-pushed image and to 0 tasks: production would go dark. Changed settings reach the
   * services through the pipeline instead: DeployService copies the latest revision of {@link
   * #family}, which {@code cdk deploy} registers with the new settings.
   */
  private FargateTaskDefinition bootstrapDefinition(Props props) {
    var definition =
        FargateTaskDefinition.Builder.create(this, "BootstrapTaskDefinition")
            .family(ResourceNames.bootstrapFamily(props.service(), props.environment()))
            .cpu(256)
            .memoryLimitMiB(512)
            .build();
    definition.addContainer(
        CONTAINER_NAME,
        ContainerDefinitionOptions.builder()
            // never pulled: the services are created with 0 tasks
            .image(ContainerImage.fromEcrRepository(props.images(), "bootstrap"))
            .portMappings(
                List.of(
                    PortMapping.builder().containerPort(props.settings().containerPort()).build()))
            .build());
    return definition;
  }

  /**
   * The settings every deploy starts from: DeployService copies the family's latest revision and
   * pins the image to the verified digest.
   */
  private FargateTaskDefinition taskDefinition(Props props) {
    InfraSettings settings = props.settings();
    var definition =
        FargateTaskDefinition.Builder.create(this, "TaskDefinition")
            .family(family)
            .cpu(settings.cpu())
            .memoryLimitMiB(settings.memoryMiB())
            .build();
    LogGroup logs =
        LogGroup.Builder.create(this, "Logs")
            .retention(props.logRetention())
            .removalPolicy(RemovalPolicy.DESTROY)
            .build();
    definition.addContainer(
        CONTAINER_NAME,
        ContainerDefinitionOptions.builder()
            // never pulled: both services start with 0 tasks, and DeployService registers a
            // revision pinned to the verified digest before it sets a desired count
            .image(ContainerImage.fromEcrRepository(props.images(), "bootstrap"))
            .portMappings(
                List.of(PortMapping.builder().containerPort(settings.containerPort()).build()))
            .logging(
                LogDriver.awsLogs(
                    AwsLogDriverProps.builder()
                        .logGroup(logs)
                        .streamPrefix(props.environment())
                        .build()))
            .stopTimeout(Duration.seconds(30))
            .build());
    return definition;
  }

  private ApplicationListener listener(String id, int port, ListenerAction defaultAction) {
    return loadBalancer.addListener(
        id,
        BaseApplicationListenerProps.builder()
            .port(port)
            .protocol(ApplicationProtocol.HTTP)
            // the security group opens the ports; the listener must not add its own rule
            .open(false)
            .defaultAction(defaultAction)
            .build());
  }

  private ApplicationTargetGroup targetGroup(String id, Props props, InfraSettings settings) {
    return ApplicationTargetGroup.Builder.create(this, id)
        .vpc(props.vpc())
        .targetType(TargetType.IP)
        .port(settings.containerPort())
        .protocol(ApplicationProtocol.HTTP)
        .deregistrationDelay(Duration.seconds(settings.deregistrationDelaySeconds()))
        .healthCheck(
            HealthCheck.builder()
                .path(settings.healthCheckPath())
                .interval(Duration.seconds(settings.healthCheckIntervalSeconds()))
                .timeout(Duration.seconds(settings.healthCheckTimeoutSeconds()))
                .healthyThresholdCount(2)
                .unhealthyThresholdCount(3)
                .build())
        .build();
  }

  private FargateService service(
      String id, String serviceName, Props props, SecurityGroup securityGroup) {
    return FargateService.Builder.create(this, id)
        .serviceName(serviceName)
        .cluster(cluster)
        .taskDefinition(bootstrapDefinition)
        .desiredCount(0)
        .minHealthyPercent(100)
        .maxHealthyPercent(200)
        .circuitBreaker(DeploymentCircuitBreaker.builder().enable(true).rollback(true).build())
        .assignPublicIp(true)
        .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PUBLIC).build())
        .securityGroups(List.of(securityGroup))
        .healthCheckGracePeriod(Duration.seconds(30))
        .build();
  }

  /**
   * This environment's entry of {@code SLIPWAY_ENVIRONMENTS} (CONTRACT.md); the values are
   * CloudFormation tokens, resolved at deploy time. Kept to what handlers need: Lambda allows 4 KB
   * of environment variables per function.
   */
  public Map<String, Object> descriptor() {
    var d = new LinkedHashMap<String, Object>();
    d.put("cluster", cluster.getClusterName());
    d.put("service", blue.getServiceName());
    d.put("greenService", green.getServiceName());
    d.put("taskFamily", family);
    d.put("containerName", CONTAINER_NAME);
    // the services are created with 0 tasks (nothing is built yet); every deploy sets this count
    d.put("desiredCount", desiredCount);
    d.put("listenerArn", listener.getListenerArn());
    d.put("testListenerArn", testListener.getListenerArn());
    d.put("ruleArn", rule.getListenerRuleArn());
    d.put("blueTargetGroupArn", blueTargets.getTargetGroupArn());
    d.put("greenTargetGroupArn", greenTargets.getTargetGroupArn());
    d.put("loadBalancerFullName", loadBalancer.getLoadBalancerFullName());
    d.put("url", url());
    d.put("testUrl", "http://" + loadBalancer.getLoadBalancerDnsName() + ":" + TEST_PORT);
    return d;
  }

  /**
   * Where production is reached: {@code https://<infra.domainNames[environment]>} with a
   * certificate (TLS is verified against that name), else {@code http://<the load balancer's DNS
   * name>}.
   */
  public String url() {
    return productionUrl != null
        ? productionUrl
        : "http://" + loadBalancer.getLoadBalancerDnsName();
  }

  public Cluster cluster() {
    return cluster;
  }

  public FargateTaskDefinition taskDefinition() {
    return taskDefinition;
  }

  /** The definition the services are created with and CloudFormation keeps them on. */
  public FargateTaskDefinition bootstrapDefinition() {
    return bootstrapDefinition;
  }

  /** Both ECS services, blue first. */
  public List<FargateService> services() {
    return List.of(blue, green);
  }

  public ApplicationLoadBalancer loadBalancer() {
    return loadBalancer;
  }

  public ApplicationListener listener() {
    return listener;
  }

  public ApplicationListener testListener() {
    return testListener;
  }

  public ApplicationListenerRule rule() {
    return rule;
  }

  /** The test listener's header-gated rule, which forwards to the version under test. */
  public ApplicationListenerRule testRule() {
    return testRule;
  }

  /** Port 80's listener when production is HTTPS (it redirects); {@code null} otherwise. */
  public ApplicationListener redirectListener() {
    return redirectListener;
  }

  /** Both target groups, blue first. */
  public List<ApplicationTargetGroup> targetGroups() {
    return List.of(blueTargets, greenTargets);
  }

  public SecurityGroup loadBalancerSecurityGroup() {
    return loadBalancerSecurityGroup;
  }

  /** The name of the environment (from the pipeline config). */
  public String family() {
    return family;
  }
}
