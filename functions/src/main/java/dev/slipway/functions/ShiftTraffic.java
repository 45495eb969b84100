package dev.slipway.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.slipway.pipeline.model.DeploymentResult;
import dev.slipway.pipeline.model.PipelineState;
import java.time.Instant;
import java.time.InstantSource;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

/**
 * "Shift traffic" / "Switch traffic to green": sets the production rule's weighted forward so the
 * newly deployed service gets {@code trafficPercent} %. With {@code "action": "retire"} it instead
 * scales the service that no longer takes traffic to zero. Both are idempotent.
 */
public final class ShiftTraffic extends StepHandler<ShiftTraffic.TrafficResult> {

  /** Where traffic went. */
  public record TrafficResult(
      @JsonProperty("environment") String environment,
      @JsonProperty("newService") String newService,
      @JsonProperty("newTargetGroupArn") String newTargetGroupArn,
      @JsonProperty("trafficPercent") int trafficPercent,
      @JsonProperty("retiredService") String retiredService,
      @JsonProperty("at") Instant at) {}

  private final Traffic traffic;
  private final EcsDeployments deployments;
  private final ServiceEnvironments environments;
  private final InstantSource clock;

  /** Real clients, built once per container. */
  public ShiftTraffic() {
    this(
        AwsClients.elb(),
        AwsClients.ecs(),
        Env.system(),
        InstantSource.system(),
        CancelRequests.from(AwsClients::dynamoDb, Env.system()));
  }

  ShiftTraffic(ElasticLoadBalancingV2Client elb, EcsClient ecs, Env env, InstantSource clock) {
    this(elb, ecs, env, clock, CancelRequests.NONE);
  }

  ShiftTraffic(
      ElasticLoadBalancingV2Client elb,
      EcsClient ecs,
      Env env,
      InstantSource clock,
      CancelRequests cancels) {
    super("ShiftTraffic", cancels);
    this.traffic = new Traffic(elb);
    this.deployments = new EcsDeployments(ecs);
    this.environments = ServiceEnvironments.from(env);
    this.clock = clock;
  }

  /**
   * Retiring the previous version runs once the new one serves all traffic and passed its smoke
   * test: the deploy is done, so a cancel no longer stops it.
   */
  @Override
  protected boolean cancellable(Step step) {
    return step.text("action").filter("retire"::equals).isEmpty();
  }

  @Override
  protected TrafficResult handle(Step step, Context context) {
    String environment = step.input().requireEnvironment();
    EnvironmentTarget target = environments.get(environment);
    if (!target.supportsWeightedTraffic()) {
      throw new IllegalStateException(
          "environment " + environment + " has no weighted target groups to shift between");
    }
    String newService = newService(target, step.state(), environment);
    String newGroup = target.targetGroupOf(newService);
    if (step.text("action").filter("retire"::equals).isPresent()) {
      String old = target.serviceFor(target.otherTargetGroup(newGroup));
      var split = traffic.current(target);
      int newShare =
          split.liveTargetGroup().equals(newGroup)
              ? split.livePercent()
              : 100 - split.livePercent();
      if (newShare != 100) {
        throw new StepFailedException(
            "will not retire "
                + old
                + ": it still takes "
                + (100 - newShare)
                + " % of "
                + environment
                + "'s traffic");
      }
      deployments.scale(target.cluster(), old, 0);
      return new TrafficResult(environment, newService, newGroup, 100, old, clock.instant());
    }
    int percent =
        step.input().trafficPercent() != null
            ? step.input().trafficPercent()
            : step.integer("trafficPercent")
                .orElseThrow(() -> new IllegalStateException("trafficPercent is required"));
    traffic.shift(target, newGroup, percent);
    return new TrafficResult(environment, newService, newGroup, percent, null, clock.instant());
  }

  /** The service running the revision this run deployed to the environment. */
  private String newService(EnvironmentTarget target, PipelineState state, String environment) {
    DeploymentResult deployed =
        environment.equals(state.prepare().config().productionEnvironment())
            ? state.production()
            : state.staging();
    if (deployed == null) {
      throw new IllegalStateException(
          "no deployment of "
              + environment
              + " in the state; Deploy must run before traffic moves");
    }
    var service = deployments.serviceRunning(target, deployed.taskDefinitionArn());
    if (service.isPresent()) {
      return service.get();
    }
    throw new IllegalStateException(
        "neither "
            + target.blueService()
            + " nor "
            + target.greenService()
            + " runs "
            + deployed.taskDefinitionArn());
  }
}
