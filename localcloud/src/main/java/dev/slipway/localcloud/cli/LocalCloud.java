package dev.slipway.localcloud.cli;

import dev.slipway.localcloud.cloudformation.LocalCloudFormation;
import dev.slipway.localcloud.cloudwatch.LocalCloudWatch;
import dev.slipway.localcloud.deploy.CloudAssembly;
import dev.slipway.localcloud.deploy.LogResources;
import dev.slipway.localcloud.deploy.MessagingResources;
import dev.slipway.localcloud.deploy.ServerlessResources;
import dev.slipway.localcloud.deploy.TemplateDeployer;
import dev.slipway.localcloud.dynamodb.LocalDynamoDb;
import dev.slipway.localcloud.events.LocalEventBridge;
import dev.slipway.localcloud.github.GitHubRoute;
import dev.slipway.localcloud.iam.FunctionPolicies;
import dev.slipway.localcloud.iam.IamGate;
import dev.slipway.localcloud.iam.IamMode;
import dev.slipway.localcloud.iam.IamResources;
import dev.slipway.localcloud.iam.Principals;
import dev.slipway.localcloud.iam.ResourceLookup;
import dev.slipway.localcloud.lambda.FunctionUrlRoute;
import dev.slipway.localcloud.lambda.LambdaEnvironment;
import dev.slipway.localcloud.lambda.LocalLambda;
import dev.slipway.localcloud.logs.LocalCloudWatchLogs;
import dev.slipway.localcloud.protocol.ServiceDescriptor;
import dev.slipway.localcloud.secretsmanager.LocalSecretsManager;
import dev.slipway.localcloud.server.LocalAws;
import dev.slipway.localcloud.server.LocalCloudServer;
import dev.slipway.localcloud.server.PortBlock;
import dev.slipway.localcloud.server.ProcessRegistry;
import dev.slipway.localcloud.server.StateDatabase;
import dev.slipway.localcloud.sns.LocalSns;
import dev.slipway.localcloud.sns.NotificationDelivery;
import dev.slipway.localcloud.stepfunctions.StepFunctionsApi;
import dev.slipway.localcloud.stepfunctions.StepFunctionsEngine;
import dev.slipway.localcloud.stepfunctions.asl.exec.EngineClock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Consumer;
import java.util.logging.Logger;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretRequest;

/**
 * Local mode, assembled: the endpoint on 127.0.0.1, every service on the state database under the
 * state dir, the Step Functions engine with its tasks wired to Lambda and the other services, the
 * template deployer, and the extensions (container services) found on the classpath.
 */
public final class LocalCloud implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(LocalCloud.class.getName());

  private final Path stateDir;
  private final LocalCloudServer server;
  private final StateDatabase db;
  private final ProcessRegistry processes;
  private final LocalLambda lambda;
  private final LocalEventBridge events;
  private final NotificationDelivery notifications;
  private final StepFunctionsEngine engine;
  private final TemplateDeployer deployer = new TemplateDeployer();
  private final LocalCloudFormation stacks;
  private final GitHubRoute github;
  private final LocalCloudWatchLogs logs;
  private final List<LocalModeExtension> extensions = new ArrayList<>();
  private boolean resumed;

  private LocalCloud(
      Path stateDir, int port, Path projectRoot, boolean prewarm, Consumer<String> progress)
      throws Exception {
    this.stateDir = stateDir;
    Clock clock = Clock.systemUTC();
    processes = new ProcessRegistry(stateDir.resolve("processes"));
    server = LocalCloudServer.start(port == 0 ? PortBlock.find() : port);
    db = new StateDatabase(stateDir.resolve("localcloud.db"));
    LocalSecretsManager secrets = new LocalSecretsManager(db, clock);
    LocalDynamoDb dynamo = new LocalDynamoDb(db, clock);
    notifications =
        new NotificationDelivery(stateDir.resolve("notifications.log"), Duration.ofSeconds(1));
    LocalSns sns = new LocalSns(db, clock, notifications);
    logs = new LocalCloudWatchLogs(db, clock);
    IamMode iamMode = IamMode.configured();
    Principals principals = new Principals();
    FunctionPolicies functionPolicies = new FunctionPolicies();
    IamGate iam =
        new IamGate(
            iamMode,
            principals,
            functionPolicies,
            new ResourceLookup() {
              @Override
              public Optional<String> stateMachineOfTaskToken(String token) {
                return engine.stateMachineOfTaskToken(token);
              }

              @Override
              public Optional<String> secretArn(String nameOrArn) {
                try {
                  return Optional.of(
                      secrets
                          .describeSecret(
                              DescribeSecretRequest.builder().secretId(nameOrArn).build())
                          .arn());
                } catch (RuntimeException e) {
                  return Optional.empty();
                }
              }
            },
            stateDir.resolve("logs/iam-denials.log"),
            clock);
    lambda =
        new LocalLambda(
            new LambdaEnvironment(
                server.endpoint(),
                stateDir.resolve("logs/lambda"),
                processes,
                function -> functionCredentials(principals, iamMode, function),
                logs.sink()),
            stateDir,
            Duration.ofSeconds(1));
    events =
        new LocalEventBridge(
            db, clock, new EventTargets(server.registry(), iam), Duration.ofSeconds(1));
    engine =
        new StepFunctionsEngine(
            stateDir.resolve("stepfunctions"),
            EngineClock.system(),
            new StateMachineTasks(lambda, server.registry(), iam));
    server.register(ServiceDescriptor.secretsManager(secrets));
    server.register(ServiceDescriptor.dynamoDb(dynamo));
    server.register(ServiceDescriptor.sns(sns));
    server.register(ServiceDescriptor.cloudWatch(new LocalCloudWatch(db, clock)));
    stacks = new LocalCloudFormation(clock);
    server.register(ServiceDescriptor.cloudFormation(stacks));
    server.register(ServiceDescriptor.cloudWatchLogs(logs));
    server.register(ServiceDescriptor.lambda(lambda));
    server.register(ServiceDescriptor.eventBridge(events));
    server.register(
        ServiceDescriptor.stepFunctions(
            new StepFunctionsApi(engine, LocalAws.REGION, LocalAws.ACCOUNT_ID)));
    server.route(
        FunctionUrlRoute.PREFIX, new FunctionUrlRoute(lambda, clock, iam::functionUrlAllowed));
    github = new GitHubRoute(GitHubRoute.gitDirOf(stateDir), server.endpoint(), server.registry());
    server.route(GitHubRoute.PREFIX, github);
    IamResources.register(deployer, principals, functionPolicies);
    server.iam(iam);
    ServerlessResources.register(deployer, lambda, dynamo, secrets, prewarm);
    MessagingResources.register(deployer, sns, events, server.registry());
    LogResources.register(deployer, logs);
    for (LocalModeExtension extension : ServiceLoader.load(LocalModeExtension.class)) {
      progress.accept("starting " + extension.name());
      extension.start(
          new LocalModeExtension.Context(
              server, deployer, db, processes, stateDir, projectRoot, logs.sink()));
      extensions.add(extension);
    }
  }

  /**
   * A function's credentials: its execution role's session keys, so its calls are evaluated against
   * that role's policies; the administrator's dummy keys when IAM is off or the function has no
   * role from the template.
   */
  private static Map<String, String> functionCredentials(
      Principals principals, IamMode mode, String function) {
    if (mode == IamMode.OFF) {
      return LambdaEnvironment.ADMINISTRATOR;
    }
    return principals
        .roleOfFunction(function)
        .map(role -> principals.credentials(role, function).environment())
        .orElse(LambdaEnvironment.ADMINISTRATOR);
  }

  /** Starts local mode on {@code port} with its state in {@code stateDir}. */
  public static LocalCloud start(
      Path stateDir, int port, Path projectRoot, boolean prewarm, Consumer<String> progress)
      throws Exception {
    return new LocalCloud(stateDir, port, projectRoot, prewarm, progress);
  }

  /** Deploys every stack of the cloud assembly in {@code cdkOut}. */
  public List<TemplateDeployer.Report> deploy(Path cdkOut, Consumer<String> progress) {
    List<TemplateDeployer.Report> reports = new ArrayList<>();
    for (CloudAssembly.Stack stack : CloudAssembly.read(cdkOut)) {
      progress.accept("deploying stack " + stack.name());
      TemplateDeployer.Report report = deployer.deploy(stack, progress);
      stacks.deployed(stack, report);
      reports.add(report);
      connectRepository(stack, report, progress);
    }
    resumeExecutions();
    return reports;
  }

  /**
   * Resumes the executions a previous process left RUNNING, once, after the template is deployed:
   * their next task may call a function, which exists only from then on.
   */
  public synchronized void resumeExecutions() {
    if (!resumed) {
      resumed = true;
      engine.start();
    }
  }

  /**
   * A stack with a webhook (outputs WebhookUrl and WebhookSecretArn) gets a local repository named
   * after its pipeline's GitHub repository (from the Prepare function's pipeline config).
   */
  private void connectRepository(
      CloudAssembly.Stack stack, TemplateDeployer.Report report, Consumer<String> progress) {
    String url = report.outputs().get("WebhookUrl");
    String secret = report.outputs().get("WebhookSecretArn");
    if (url == null || secret == null) {
      return;
    }
    String repository = "local/" + stack.name();
    for (var resource : stack.template().path("Resources").properties()) {
      var config =
          resource
              .getValue()
              .path("Properties")
              .path("Environment")
              .path("Variables")
              .path("SLIPWAY_PIPELINE_CONFIG");
      if (config.isTextual()) {
        try {
          repository =
              dev.slipway.localcloud.protocol.Json.MAPPER
                  .readTree(config.asText())
                  .path("repository")
                  .asText(repository);
        } catch (IOException e) {
          // keep the fallback name
        }
      }
    }
    try {
      var repo = github.connect(repository, url, secret);
      progress.accept("git repository for " + repository + ": " + repo.path());
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot create the local repository " + repository + ": " + e.getMessage(), e);
    }
  }

  public GitHubRoute github() {
    return github;
  }

  /** Deploys one stack (tests use hand-written templates). */
  public TemplateDeployer.Report deploy(CloudAssembly.Stack stack, Consumer<String> progress) {
    TemplateDeployer.Report report = deployer.deploy(stack, progress);
    stacks.deployed(stack, report);
    resumeExecutions();
    return report;
  }

  public LocalCloudServer server() {
    return server;
  }

  public LocalLambda lambda() {
    return lambda;
  }

  public LocalEventBridge events() {
    return events;
  }

  public ProcessRegistry processes() {
    return processes;
  }

  public TemplateDeployer deployer() {
    return deployer;
  }

  public Path stateDir() {
    return stateDir;
  }

  /** Stops everything local mode started: extensions, function JVMs, engine, endpoint. */
  @Override
  public void close() {
    for (LocalModeExtension e : extensions.reversed()) {
      try {
        e.close();
      } catch (RuntimeException ex) {
        LOG.warning(e.name() + " did not stop cleanly: " + ex.getMessage());
      }
    }
    lambda.close();
    events.close();
    engine.close();
    notifications.close();
    server.close();
    logs.close();
    db.close();
  }
}
