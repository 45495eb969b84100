package dev.slipway.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.codebuild.IProject;
import software.amazon.awscdk.services.events.EventBus;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.IEventBus;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.events.targets.LambdaFunctionProps;
import software.amazon.awscdk.services.events.targets.SfnStateMachine;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.stepfunctions.IStateMachine;
import software.constructs.Construct;

/**
 * The event wiring: the Slipway bus, where ReceiveWebhook puts pushes; a rule per pipeline input
 * (push to the configured branch, manual rollback) that starts the state machine with the event as
 * its input; and, on the default bus, the CodeBuild and ECS state-change events of this service's
 * build project and services, routed to the handlers that resume the waiting states.
 */
public final class EventRouting extends Construct {
  /** The {@code source} ReceiveWebhook uses. */
  public static final String PUSH_SOURCE = "slipway.github";

  /** The {@code source} of a manual rollback request. */
  public static final String MANUAL_SOURCE = "slipway.manual";

  private final EventBus bus;

  public EventRouting(Construct scope, String id, String service) {
    super(scope, id);
    bus = EventBus.Builder.create(this, "Bus").eventBusName(ResourceNames.bus(service)).build();
  }

  /** Starts the pipeline on pushes to {@code branch} and on manual rollback requests. */
  public void startPipeline(IStateMachine pipeline, String service, String branch) {
    Rule.Builder.create(this, "PushRule")
        .eventBus(bus)
        .description("A push to " + branch + " of " + service + " starts the pipeline")
        .eventPattern(
            EventPattern.builder()
                .source(List.of(PUSH_SOURCE))
                .detailType(List.of("push"))
                .detail(Map.of("service", List.of(service), "branch", List.of(branch)))
                .build())
        .targets(List.of(new SfnStateMachine(pipeline)))
        .build();
    Rule.Builder.create(this, "ManualRollbackRule")
        .eventBus(bus)
        .description("A rollback request for " + service + " starts the pipeline in rollback mode")
        .eventPattern(
            EventPattern.builder()
                .source(List.of(MANUAL_SOURCE))
                .detailType(List.of("rollback"))
                .detail(Map.of("service", List.of(service)))
                .build())
        .targets(List.of(new SfnStateMachine(pipeline)))
        .build();
  }

  /** CodeBuild build and phase changes of the project go to OnBuildStateChange. */
  public void buildEvents(IProject project, IFunction handler) {
    Rule.Builder.create(this, "BuildStateRule")
        .description("Build and phase changes of " + "the pipeline's CodeBuild project")
        .eventPattern(
            EventPattern.builder()
                .source(List.of("aws.codebuild"))
                .detailType(List.of("CodeBuild Build State Change", "CodeBuild Build Phase Change"))
                .detail(Map.of("project-name", List.of(project.getProjectName())))
                .build())
        .targets(List.of(lambda(handler)))
        .build();
  }

  /** ECS deployment state changes of the services go to OnDeploymentStateChange. */
  public void deploymentEvents(List<String> serviceArns, IFunction handler) {
    Rule.Builder.create(this, "DeploymentStateRule")
        .description("ECS deployment state changes of the pipeline's services")
        .eventPattern(
            EventPattern.builder()
                .source(List.of("aws.ecs"))
                .detailType(List.of("ECS Deployment State Change"))
                .resources(serviceArns)
                .build())
        .targets(List.of(lambda(handler)))
        .build();
  }

  private static LambdaFunction lambda(IFunction handler) {
    return new LambdaFunction(
        handler,
        LambdaFunctionProps.builder().retryAttempts(8).maxEventAge(Duration.hours(1)).build());
  }

  /** The Slipway event bus. */
  public IEventBus bus() {
    return bus;
  }
}
