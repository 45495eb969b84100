package dev.slipway.functions;

import com.amazonaws.services.lambda.runtime.Context;
import dev.slipway.functions.PendingCallbacks.Kind;
import dev.slipway.functions.PendingCallbacks.Pending;
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
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * "Deploy to &lt;environment&gt;": registers a task definition pinned to the verified digest and
 * starts the ECS deployment; the state waits on its task token until {@link
 * OnDeploymentStateChange} sees <em>this</em> deployment complete.
 *
 * <p>Rolling deploys update the environment's blue service in place. Blue-green and canary deploy
 * to the idle colour's service with no production traffic yet (the test listener points at it;
 * {@link ShiftTraffic} moves production traffic), except on a first deploy, which has no baseline
 * and rolls out in place. The result's {@code trafficPercent} says which happened (0 or 100).
 */
public final class DeployService extends StepHandler<DeploymentResult> {
  private static final Logger LOG = LoggerFactory.getLogger(DeployService.class);

  private final TaskDefinitions taskDefinitions;
  private final EcsDeployments deployments;
  private final Traffic traffic;
  private final DeploymentCallbacks resolver;
  private final DeploymentHistory history;
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
    super("DeployService", CancelRequests.from(() -> dynamo, env));
    this.taskDefinitions = new TaskDefinitions(ecs);
    this.deployments = new EcsDeployments(ecs);
    this.traffic = new Traffic(elb);
    this.resolver =
        new DeploymentCallbacks(
            new PendingCallbacks(dynamo, env.required("LOCKS_TABLE"), clock),
            new TaskTokens(sfn),
            clock);
    this.history = new DeploymentHistory(dynamo, env.required("DEPLOYMENTS_TABLE"));
    this.environments = ServiceEnvironments.from(env);
    this.clock = clock;
  }

  /** Which service gets the revision, what served before, and how much traffic it takes now. */
  private record Plan(String service, String baselineService, int trafficPercent) {}

  @Override
  protected DeploymentResult handle(Step step, Context context) {
    StepInput input = step.input();
    String environment = input.requireEnvironment();
    String token = input.requireTaskToken();
    PipelineState state = input.state();
    EnvironmentTarget target = environments.get(environment);
    if (state.image() == null) {
      throw new IllegalStateException(
          "no verified image in the state ($.image); Verify image must run before deploying");
    }
    String image = state.image().reference();
    Strategy strategy = strategyFor(state.prepare().config(), environment);
    Instant startedAt = clock.instant();

    String taskDefinition =
        taskDefinitions.ensure(
            target.taskFamily(), target.containerName(), image, state.push().sha());
    var lastGood = history.lastGood(state.service(), environment);
    Plan plan = plan(target, environment, strategy, lastGood.isPresent());
    // What served before; on a retried step the service may already run the new revision, and
    // then the last-known-good record still knows the old one.
    String previous =
        deployments
            .currentTaskDefinition(target.cluster(), plan.baselineService())
            .filter(arn -> !arn.equals(taskDefinition))
            .or(() -> lastGood.map(r -> r.taskDefinitionArn()))
            .orElse(null);
    String deploymentId = start(target, plan, taskDefinition);
    DeploymentResult pending =
        new DeploymentResult(
            environment,
            strategy,
            taskDefinition,
            previous,
            deploymentId,
            image,
            plan.trafficPercent(),
            startedAt,
            null);
    resolver.await(
        new Pending(
            Kind.DEPLOY,
            token,
            toJson(pending),
            input.execution(),
            environment,
            target.cluster(),
            plan.service(),
            deploymentId),
        deployments);
    return pending;
  }

  /** Points the test listener at an idle-service deploy, then starts the ECS deployment. */
  private String start(EnvironmentTarget target, Plan plan, String taskDefinition) {
    int count =
        target.desiredCount() != null
            ? target.desiredCount()
            : Math.max(1, deployments.desiredCount(target.cluster(), plan.baselineService()));
    if (plan.trafficPercent() == 0 && target.testListenerArn() != null) {
      traffic.pointTestListener(target, target.targetGroupOf(plan.service()));
    }
    return deployments
        .deploy(target.cluster(), plan.service(), taskDefinition, count)
        .deploymentId();
  }

  private Plan plan(
      EnvironmentTarget target, String environment, Strategy strategy, boolean hasBaseline) {
    if (strategy == Strategy.ROLLING) {
      // in place on whichever service has the traffic: after a blue-green or canary deploy (or
      // a strategy change) that may be green
      String live = traffic.liveService(target);
      return new Plan(live, live, 100);
    }
    if (!target.supportsWeightedTraffic()) {
      throw new IllegalStateException(
          "strategy "
              + strategy.wireName()
              + " needs greenService, blueTargetGroupArn, greenTargetGroupArn and ruleArn (or"
              + " listenerArn) for environment '"
              + environment
              + "' in "
              + ServiceEnvironments.VARIABLE);
    }
    var split = traffic.current(target);
    String live = target.serviceFor(split.liveTargetGroup());
    if (!hasBaseline) {
      LOG.info("First deploy to {}: no baseline, rolling out in place", environment);
      return new Plan(live, live, 100);
    }
    return new Plan(target.serviceFor(split.otherTargetGroup()), live, 0);
  }

  /** Pre-production environments always roll; production uses the configured strategy. */
  static Strategy strategyFor(PipelineConfig config, String environment) {
    return environment.equals(config.productionEnvironment())
        ? config.strategy()
        : Strategy.ROLLING;
  }
}
