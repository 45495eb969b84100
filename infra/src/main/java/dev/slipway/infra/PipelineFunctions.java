package dev.slipway.infra;

import static dev.slipway.infra.Handler.*;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.codebuild.IProject;
import software.amazon.awscdk.services.ecr.IRepository;
import software.amazon.awscdk.services.events.IEventBus;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.sns.ITopic;
import software.constructs.Construct;

/**
 * Every handler as a function, with exactly the environment variables of CONTRACT.md's table and a
 * role that allows only what that handler calls ({@link FunctionPermissions}).
 */
public final class PipelineFunctions extends Construct {
  /** What the handlers talk to. */
  public record Props(
      String service,
      Code code,
      RetentionDays logRetention,
      String pipelineConfigJson,
      String environmentsJson,
      List<ServiceEnvironment> environments,
      DeploymentStore store,
      IEventBus bus,
      ISecret webhookSecret,
      ISecret approvalSecret,
      ISecret testListenerSecret,
      ISecret slackWebhook,
      ITopic topic,
      IProject buildProject,
      IRepository images,
      String stateMachineName,
      String stateMachineArn,
      int approvalTimeoutSeconds) {}

  private final Map<Handler, HandlerFunction> functions = new EnumMap<>(Handler.class);

  public PipelineFunctions(Construct scope, String id, Props props) {
    super(scope, id);
    for (Handler handler : Handler.values()) {
      functions.put(
          handler,
          new HandlerFunction(
              this,
              handler,
              props.code(),
              props.service(),
              environment(handler, props),
              props.logRetention()));
    }
    new FunctionPermissions(props, functions).apply();
  }

  /**
   * Gives Notify the approval endpoint's URL for its links. (Approve itself cannot be given its own
   * URL: the URL resource depends on the function, so that would be a dependency cycle.)
   */
  public void approvalBaseUrl(String url) {
    functions.get(NOTIFY).function().addEnvironment("APPROVAL_BASE_URL", url);
  }

  private static Map<String, String> environment(Handler handler, Props p) {
    var env = new LinkedHashMap<String, String>();
    env.put("SLIPWAY_SERVICE", p.service());
    env.put("POWERTOOLS_SERVICE_NAME", "slipway-" + p.service());
    // the JVM's tiered compilation past C1 costs start-up time a short-lived handler never earns
    // back
    env.put("JAVA_TOOL_OPTIONS", "-XX:TieredStopAtLevel=1");
    String locks = p.store().locks().getTableName();
    String deployments = p.store().deployments().getTableName();
    String deliveries = p.store().deliveries().getTableName();
    switch (handler) {
      case RECEIVE_WEBHOOK -> {
        // a signed push of another repository (an organization webhook, a shared secret) or of a
        // branch that never deploys is answered "ignored" instead of starting a run
        var config = dev.slipway.pipeline.model.PipelineConfigs.parse(p.pipelineConfigJson());
        env.put("SLIPWAY_REPOSITORY", config.repository());
        env.put("SLIPWAY_BRANCH", config.branch());
        env.put("WEBHOOK_SECRET_ARN", p.webhookSecret().getSecretArn());
        env.put("EVENT_BUS_NAME", p.bus().getEventBusName());
        env.put("DELIVERIES_TABLE", deliveries);
        // the newest accepted push, which older runs wait for (a burst deploys its latest)
        env.put("LOCKS_TABLE", locks);
      }
      case PREPARE -> {
        env.put("SLIPWAY_PIPELINE_CONFIG", p.pipelineConfigJson());
        // a manual rollback to a commit whose image expired is refused before the lock
        env.put("ECR_REPOSITORY_NAME", p.images().getRepositoryName());
        env.put("LOCKS_TABLE", locks);
        env.put("DEPLOYMENTS_TABLE", deployments);
        env.put("STATE_MACHINE_ARN", p.stateMachineArn());
      }
      case START_BUILD -> {
        env.put("BUILD_PROJECT_NAME", p.buildProject().getProjectName());
        env.put("ECR_REPOSITORY_NAME", p.images().getRepositoryName());
        env.put("ECR_REPOSITORY_URI", ImageRepository.uri(p.images()));
        // the waiting state's task token is kept here, never in the build's environment
        env.put("LOCKS_TABLE", locks);
      }
      case VERIFY_IMAGE -> {
        env.put("BUILD_PROJECT_NAME", p.buildProject().getProjectName());
        env.put("ECR_REPOSITORY_NAME", p.images().getRepositoryName());
        env.put("ECR_REPOSITORY_URI", ImageRepository.uri(p.images()));
        // a cancelled run (`slipway cancel`) is looked up here before the step runs
        env.put("LOCKS_TABLE", locks);
      }
      case ON_BUILD_STATE_CHANGE -> {
        env.put("BUILD_PROJECT_NAME", p.buildProject().getProjectName());
        env.put("ECR_REPOSITORY_URI", ImageRepository.uri(p.images()));
        env.put("STATE_MACHINE_ARN", p.stateMachineArn());
        env.put("LOCKS_TABLE", locks);
      }
      case DEPLOY_SERVICE, ON_DEPLOYMENT_STATE_CHANGE, ROLLBACK -> {
        env.put("SLIPWAY_ENVIRONMENTS", p.environmentsJson());
        env.put("LOCKS_TABLE", locks);
        env.put("DEPLOYMENTS_TABLE", deployments);
        env.put("STATE_MACHINE_ARN", p.stateMachineArn());
      }
      case SMOKE_TEST -> {
        env.put("SLIPWAY_ENVIRONMENTS", p.environmentsJson());
        // sent as X-Slipway-Test to the test listener, which answers 404 without it
        env.put("TEST_LISTENER_SECRET_ARN", p.testListenerSecret().getSecretArn());
        // a cancelled run (`slipway cancel`) is looked up here before the step runs
        env.put("LOCKS_TABLE", locks);
      }
      case ANALYZE_CANARY, SHIFT_TRAFFIC -> {
        env.put("SLIPWAY_ENVIRONMENTS", p.environmentsJson());
        env.put("LOCKS_TABLE", locks);
      }
      case RECORD_DEPLOYMENT -> {
        env.put("DEPLOYMENTS_TABLE", deployments);
        env.put("LOCKS_TABLE", locks);
      }
      case NOTIFY -> {
        env.put("NOTIFY_TOPIC_ARN", p.topic().getTopicArn());
        if (p.slackWebhook() != null) {
          env.put("SLACK_WEBHOOK_SECRET_ARN", p.slackWebhook().getSecretArn());
        }
        env.put("APPROVAL_SECRET_ARN", p.approvalSecret().getSecretArn());
        // the pending approval (its task token) is kept in the locks table until it expires
        env.put("LOCKS_TABLE", locks);
        env.put("APPROVAL_TIMEOUT_SECONDS", Integer.toString(p.approvalTimeoutSeconds()));
      }
      case APPROVE -> {
        env.put("APPROVAL_SECRET_ARN", p.approvalSecret().getSecretArn());
        env.put("STATE_MACHINE_ARN", p.stateMachineArn());
        env.put("LOCKS_TABLE", locks);
      }
    }
    return env;
  }

  /** One handler's function. */
  public Function function(Handler handler) {
    return functions.get(handler).function();
  }

  /** What callers invoke: the {@code live} alias of a SnapStart handler, else the function. */
  public IFunction serving(Handler handler) {
    HandlerFunction f = functions.get(handler);
    return f.live() != null ? f.live() : f.function();
  }

  /** The functions the state machine invokes: all but the webhook and approval endpoints. */
  public Map<Handler, Function> pipelineSteps() {
    var steps = new EnumMap<Handler, Function>(Handler.class);
    for (Handler h : Handler.values()) {
      if (h != RECEIVE_WEBHOOK && h != APPROVE) {
        steps.put(h, function(h));
      }
    }
    return steps;
  }
}
