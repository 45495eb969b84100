package dev.slipway.functions;

import com.amazonaws.services.lambda.runtime.Context;
import dev.slipway.pipeline.model.DeploymentResult;
import dev.slipway.pipeline.model.PipelineConfig;
import dev.slipway.pipeline.model.PipelineState;
import dev.slipway.pipeline.model.StepInput;
import dev.slipway.pipeline.model.Strategy;
import java.time.Instant;
import java.time.InstantSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.DeploymentRolloutState;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * "Deploy to &lt;environment&gt;": registers a task definition pinned to the verified digest and
 * starts the ECS deployment; the state waits on its task token until {@link
 * OnDeploymentStateChange} sees <em>this</em> deployment complete.
 *
 * <p>Rolling deploys update the environment's service. Blue-green and canary deploy to the idle
 * colour's service with no traffic yet ({@link ShiftTraffic} moves it), except on a service's first
 * deploy, which has no baseline and rolls out plainly.
 */
public final class DeployService extends JsonStreamHandler<StepInput, DeploymentResult> {
  private static final Logger LOG = LoggerFactory.getLogger(DeployService.class);

  private final TaskDefinitions taskDefinitions;
  private final EcsDeployments deployments;
  private final Traffic traffic;
  private final PendingCallbacks callbacks;
  private final DeploymentHistory history;
  private final TaskTokens tokens;
  private final ServiceEnvironments environments;
  private final InstantSource clock;

  /** Real clients, built once per container. */
  public DeployService() {
    this(
        AwsClients.ecs(),
        AwsClients.elb(),
        AwsClients.dynamoDb(),
        AwsClients.sfn(),
        Env.system(),
        InstantSource.system());
  }

  DeployService(
      EcsClient ecs,
      ElasticLoadBalancingV2Client elb,
      DynamoDbClient dynamo,
      SfnClient sfn,
      Env env,
      InstantSource clock) {
    super(StepInput.class, "DeployService");
    this.taskDefinitions = new TaskDefinitions(ecs);
    this.deployments = new EcsDeployments(ecs);
    this.traffic = new Traffic(elb);
    this.callbacks = new PendingCallbacks(dynamo, env.required("LOCKS_TABLE"), clock);
    this.history = new DeploymentHistory(dynamo, env.required("DEPLOYMENTS_TABLE"));
    this.tokens = new TaskTokens(sfn);
    this.environments = ServiceEnvironments.from(env);
    this.clock = clock;
  }

  @Override
  protected String correlationId(StepInput request) {
    return request.execution();
  }

  @Override
  protected DeploymentResult handle(StepInput input, Context context) {
    String environment = input.requireEnvironment();
    String token = input.requireTaskToken();
    PipelineState state = input.state();
    PipelineConfig config = state.prepare().config();
    EnvironmentTarget target = environments.get(environment);
    if (state.image() == null) {
      throw new IllegalStateException(
          "no verified image in the state ($.image); Verify image must run before deploying");
    }
    String image = state.image().reference();
    Strategy strategy =
        environment.equals(config.productionEnvironment()) ? config.strategy() : Strategy.ROLLING;
    Instant startedAt = clock.instant();

    String taskDefinition =
        taskDefinitions.ensure(
            target.taskFamily(), target.containerName(), image, state.push().sha());
    var lastGood = history.lastGood(state.service(), environment);
    String service = target.service();
    String baselineService = service;
    int trafficPercent = 100;
    if (strategy != Strategy.ROLLING) {
      requireWeighted(target, environment, strategy);
      var split = traffic.current(target);
      baselineService = target.serviceFor(split.liveTargetGroup());
      if (lastGood.isPresent()) {
        service = target.serviceFor(split.otherTargetGroup());
        trafficPercent = 0;
      } else {
        LOG.info("First deploy to {}: no baseline, rolling out plainly", environment);
        service = baselineService;
      }
    }
    // What served before; on a retried step the service may already run the new revision, and
    // then the last-known-good record still knows the old one.
    String previous =
        deployments
            .currentTaskDefinition(target.cluster(), baselineService)
            .filter(arn -> !arn.equals(taskDefinition))
            .or(() -> lastGood.map(r -> r.taskDefinitionArn()))
            .orElse(null);
    var started = deployments.deploy(target.cluster(), service, taskDefinition);
    DeploymentResult pending =
        new DeploymentResult(
            environment,
            strategy,
            taskDefinition,
            previous,
            started.deploymentId(),
            image,
            trafficPercent,
            startedAt,
            null);
    callbacks.put(
        started.deploymentId(),
        new PendingCallbacks.Pending(token, toJson(pending), input.execution()));
    resolveIfAlreadyDone(target, service, pending, token);
    return pending;
  }

  /**
   * The deployment may have finished before its callback was stored (or this is a retry of a step
   * whose deployment finished since): then its event has passed, so resume the state here.
   */
  private void resolveIfAlreadyDone(
      EnvironmentTarget target, String service, DeploymentResult pending, String token) {
    var now = deployments.find(target.cluster(), service, pending.deploymentId());
    if (now.isEmpty()) {
      return;
    }
    if (now.get().state() == DeploymentRolloutState.COMPLETED) {
      tokens.succeed(token, toJson(OnDeploymentStateChange.finished(pending, clock.instant())));
      callbacks.delete(pending.deploymentId());
    } else if (now.get().state() == DeploymentRolloutState.FAILED) {
      tokens.fail(
          token,
          OnDeploymentStateChange.FAILED_ERROR,
          OnDeploymentStateChange.failureCause(pending, now.get().reason()));
      callbacks.delete(pending.deploymentId());
    }
  }

  private static void requireWeighted(
      EnvironmentTarget target, String environment, Strategy strategy) {
    if (!target.supportsWeightedTraffic()) {
      throw new IllegalStateException(
          "strategy "
              + strategy.wireName()
              + " needs greenService, blueTargetGroupArn, greenTargetGroupArn and listenerArn or"
              + " ruleArn for environment '"
              + environment
              + "' in "
              + ServiceEnvironments.VARIABLE);
    }
  }
}
