package dev.slipway.infra;

import dev.slipway.pipeline.model.PipelineConfig;
import dev.slipway.pipeline.model.PipelineConfigs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.FunctionUrl;
import software.amazon.awscdk.services.lambda.FunctionUrlAuthType;
import software.amazon.awscdk.services.lambda.FunctionUrlOptions;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.constructs.Construct;

/** Everything one service's pipeline needs, wired together (the constructs hold the detail). */
public final class SlipwayStack extends Stack {
  /** What the stack is built from. */
  public record Inputs(ServiceSettings service, Code handlerCode, Path definitionFile) {}

  private final PipelineConfig config;
  private final InfraSettings settings;
  private final String service;
  private final RetentionDays retention;
  private final Vpc vpc;
  private final DeploymentStore store;
  private final ImageRepository images;
  private final Notifications notifications;
  private final BuildProject build;
  private final List<ServiceEnvironment> environments = new ArrayList<>();
  private final EventRouting events;
  private final WebhookIngress webhook;
  private final Secret approvalSigningKey;
  private final Secret testListenerSecret;
  private final PipelineFunctions functions;
  private final FunctionUrl approvalUrl;
  private final PipelineStateMachine pipeline;
  private final Monitoring monitoring;

  public SlipwayStack(Construct scope, String id, StackProps props, Inputs in) {
    super(scope, id, props);
    config = in.service().pipeline();
    settings = in.service().infra();
    service = config.service();
    retention = RetentionDays.valueOf(retentionName(settings.logRetentionDays()));

    vpc = network();
    // the value the test listeners' rules require in X-Slipway-Test: the template holds only a
    // dynamic reference, CloudFormation resolves it into the rule at deploy time
    testListenerSecret =
        GeneratedSecret.create(
            this,
            "TestListenerSecret",
            "Slipway " + service + " test listener header (X-Slipway-Test) value",
            32);
    store = new DeploymentStore(this, "DeploymentStore");
    images =
        new ImageRepository(this, "ImageRepository", service, settings.existingImageRepository());
    notifications =
        new Notifications(
            this,
            "Notifications",
            service,
            config.notifications().emails(),
            config.notifications().slack());
    build =
        new BuildProject(
            this,
            "Build",
            new BuildProject.Props(
                service,
                config.repository(),
                settings.connectionArn(),
                images.repository(),
                settings.buildTimeoutMinutes(),
                retention));
    Map<String, Object> descriptors = createEnvironments();
    events = new EventRouting(this, "Events", service);
    webhook = new WebhookIngress(this, "Webhook", service);
    approvalSigningKey =
        GeneratedSecret.create(
            this, "ApprovalSigningKey", "Signs Slipway " + service + " approval links", 64);
    functions = handlers(in.handlerCode(), toJsonString(descriptors));
    webhook.receiveWith(functions.serving(Handler.RECEIVE_WEBHOOK));
    approvalUrl =
        functions
            .function(Handler.APPROVE)
            .addFunctionUrl(
                FunctionUrlOptions.builder().authType(FunctionUrlAuthType.NONE).build());
    functions.approvalBaseUrl(approvalUrl.getUrl());
    pipeline = stateMachine(in.definitionFile());
    route();
    monitoring =
        new Monitoring(
            this,
            "Monitoring",
            service,
            pipeline.stateMachine(),
            List.of(Handler.values()).stream().map(functions::function).toList(),
            notifications.topic());
    outputs();
    NagSuppressions.apply(this);
  }

  private Vpc network() {
    return Vpc.Builder.create(this, "Network")
        .maxAzs(2)
        // public subnets only: tasks get public IPs to reach ECR, so no NAT gateway to pay for
        .natGateways(0)
        .subnetConfiguration(
            List.of(
                SubnetConfiguration.builder()
                    .name("public")
                    .subnetType(SubnetType.PUBLIC)
                    .cidrMask(24)
                    .build()))
        .flowLogs(
            Map.of(
                "FlowLogs",
                FlowLogOptions.builder()
                    .destination(FlowLogDestination.toCloudWatchLogs())
                    .build()))
        .build();
  }

  /** One {@link ServiceEnvironment} per configured environment; returns their descriptors. */
  private Map<String, Object> createEnvironments() {
    var descriptors = new LinkedHashMap<String, Object>();
    for (String environment : config.environments()) {
      var env =
          new ServiceEnvironment(
              this,
              "Env-" + environment,
              new ServiceEnvironment.Props(
                  service,
                  environment,
                  vpc,
                  images.repository(),
                  settings,
                  retention,
                  testListenerSecret.getSecretValue().unsafeUnwrap()));
      environments.add(env);
      descriptors.put(environment, env.descriptor());
    }
    return descriptors;
  }

  private PipelineFunctions handlers(Code code, String environmentsJson) {
    return new PipelineFunctions(
        this,
        "Handlers",
        new PipelineFunctions.Props(
            service,
            code,
            retention,
            PipelineConfigs.toJson(config),
            environmentsJson,
            environments,
            store,
            events.bus(),
            webhook.secret(),
            approvalSigningKey,
            testListenerSecret,
            notifications.slackWebhook(),
            notifications.topic(),
            build.project(),
            images.repository(),
            PipelineStateMachine.name(service),
            PipelineStateMachine.arn(this, service),
            settings.approvalTimeoutHours() * 3600));
  }

  private PipelineStateMachine stateMachine(Path definitionFile) {
    return new PipelineStateMachine(
        this,
        "Pipeline",
        new PipelineStateMachine.Props(
            service, definitionFile, functions.pipelineSteps(), settings, retention));
  }

  private void route() {
    events.startPipeline(pipeline.stateMachine(), service, config.branch());
    events.buildEvents(build.project(), functions.function(Handler.ON_BUILD_STATE_CHANGE));
    var serviceArns = new ArrayList<String>();
    for (ServiceEnvironment env : environments) {
      env.services().stream().map(FargateService::getServiceArn).forEach(serviceArns::add);
    }
    events.deploymentEvents(serviceArns, functions.function(Handler.ON_DEPLOYMENT_STATE_CHANGE));
  }

  private void outputs() {
    output(
        "WebhookUrl",
        webhook.url().getUrl(),
        "GitHub webhook payload URL (content type application/json or application/x-www-form-urlencoded)");
    output(
        "WebhookSecretArn",
        webhook.secret().getSecretArn(),
        "Secrets Manager secret whose value goes into the GitHub webhook's Secret field");
    if (notifications.slackWebhook() != null) {
      output(
          "SlackWebhookSecretArn",
          notifications.slackWebhook().getSecretArn(),
          "Secrets Manager secret to put the Slack incoming-webhook URL in");
    }
    output(
        "TestListenerSecretArn",
        testListenerSecret.getSecretArn(),
        "Secrets Manager secret whose value the test listeners (port 8080) require in the "
            + ServiceEnvironment.TEST_HEADER
            + " header");
    output("ApprovalUrl", approvalUrl.getUrl(), "Approval endpoint (links in notifications)");
    output("StateMachineArn", pipeline.stateMachine().getStateMachineArn(), "The pipeline");
    output("NotificationTopicArn", notifications.topic().getTopicArn(), "Pipeline notifications");
    output(
        "LocksTableName",
        store.locks().getTableName(),
        "Deploy locks and queued pushes (`slipway unlock` releases a lock kept after a failed"
            + " rollback)");
    output(
        "BuildProjectName",
        build.project().getProjectName(),
        "The CodeBuild project that builds each push (`slipway cancel` stops a run's build)");
    output("EcrRepositoryUri", ImageRepository.uri(images.repository()), "Images, by git SHA");
    for (int i = 0; i < environments.size(); i++) {
      String env = config.environments().get(i);
      output("Url" + capitalize(env), environments.get(i).url(), "The " + env + " endpoint");
    }
  }

  private void output(String id, String value, String description) {
    CfnOutput.Builder.create(this, id).value(value).description(description).build();
  }

  private static String capitalize(String s) {
    StringBuilder out = new StringBuilder();
    for (String part : s.split("-")) {
      out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
    }
    return out.toString();
  }

  private static String retentionName(int days) {
    return switch (days) {
      case 1 -> "ONE_DAY";
      case 3 -> "THREE_DAYS";
      case 5 -> "FIVE_DAYS";
      case 7 -> "ONE_WEEK";
      case 14 -> "TWO_WEEKS";
      case 30 -> "ONE_MONTH";
      case 60 -> "TWO_MONTHS";
      case 90 -> "THREE_MONTHS";
      case 120 -> "FOUR_MONTHS";
      case 150 -> "FIVE_MONTHS";
      case 180 -> "SIX_MONTHS";
      case 365 -> "ONE_YEAR";
      case 400 -> "THIRTEEN_MONTHS";
      case 545 -> "EIGHTEEN_MONTHS";
      case 731 -> "TWO_YEARS";
      case 1827 -> "FIVE_YEARS";
      default -> "TEN_YEARS";
    };
  }

  public Vpc vpc() {
    return vpc;
  }

  public DeploymentStore store() {
    return store;
  }

  public ImageRepository images() {
    return images;
  }

  public Notifications notifications() {
    return notifications;
  }

  public BuildProject build() {
    return build;
  }

  public List<ServiceEnvironment> environments() {
    return List.copyOf(environments);
  }

  public EventRouting events() {
    return events;
  }

  public WebhookIngress webhook() {
    return webhook;
  }

  /** The value the test listeners' rules require in {@code X-Slipway-Test}. */
  public Secret testListenerSecret() {
    return testListenerSecret;
  }

  /** The key that signs approval links. */
  public Secret approvalSigningKey() {
    return approvalSigningKey;
  }

  public PipelineFunctions functions() {
    return functions;
  }

  public PipelineStateMachine pipeline() {
    return pipeline;
  }

  public Monitoring monitoring() {
    return monitoring;
  }
}
