package dev.slipway.infra;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.StateMachineType;
import software.constructs.Construct;

/**
 * The pipeline: {@code statemachines/pipeline.asl.json} loaded as it is, with its {@code ${...}}
 * placeholders resolved by CloudFormation ({@code DefinitionSubstitutions}). The state machine has
 * a fixed name so the handlers that call back into it can be given its ARN without a dependency
 * cycle (it invokes them, they resume it).
 */
public final class PipelineStateMachine extends Construct {
  /** Inputs of the state machine. */
  public record Props(
      String service,
      Path definitionFile,
      Map<Handler, Function> steps,
      InfraSettings settings,
      RetentionDays logRetention) {}

  private final StateMachine stateMachine;

  public PipelineStateMachine(Construct scope, String id, Props props) {
    super(scope, id);
    LogGroup logs =
        LogGroup.Builder.create(this, "Logs")
            .logGroupName(ResourceNames.stateMachineLogGroup(props.service()))
            .retention(props.logRetention())
            .removalPolicy(RemovalPolicy.DESTROY)
            .build();
    stateMachine =
        StateMachine.Builder.create(this, "StateMachine")
            .stateMachineName(name(props.service()))
            .stateMachineType(StateMachineType.STANDARD)
            .definitionBody(DefinitionBody.fromFile(props.definitionFile().toString()))
            .definitionSubstitutions(substitutions(props))
            .tracingEnabled(true)
            // execution data stays out of the logs: the history in Step Functions has it
            .logs(
                LogOptions.builder()
                    .destination(logs)
                    .level(LogLevel.ALL)
                    .includeExecutionData(false)
                    .build())
            .build();
    stateMachine.addToRolePolicy(
        PolicyStatement.Builder.create()
            .actions(List.of("lambda:InvokeFunction"))
            .resources(props.steps().values().stream().map(Function::getFunctionArn).toList())
            .build());
  }

  /** The state machine's name for a service. */
  public static String name(String service) {
    return ResourceNames.stateMachine(service);
  }

  /** The state machine's ARN, built from its name (no reference to the resource). */
  public static String arn(Stack stack, String service) {
    return stack.formatArn(
        ArnComponents.builder()
            .service("states")
            .resource("stateMachine")
            .resourceName(name(service))
            .arnFormat(ArnFormat.COLON_RESOURCE_NAME)
            .build());
  }

  private static Map<String, String> substitutions(Props props) {
    var values = new LinkedHashMap<String, String>();
    props.steps().forEach((handler, fn) -> values.put(handler.placeholder(), fn.getFunctionArn()));
    InfraSettings s = props.settings();
    int buildSeconds = s.buildTimeoutMinutes() * 60;
    // a little longer than CodeBuild's own timeout, so the build's FAILED/TIMED_OUT event wins
    values.put("BuildTimeoutSeconds", Integer.toString(buildSeconds + 300));
    // CodeBuild sends a phase-change event at least at every phase; the longest phase is the build
    values.put("BuildHeartbeatSeconds", Integer.toString(buildSeconds));
    values.put("DeployTimeoutSeconds", Integer.toString(s.deployTimeoutMinutes() * 60));
    values.put(
        "ApprovalTimeoutSeconds",
        Long.toString(Duration.hours(s.approvalTimeoutHours()).toSeconds().longValue()));
    return values;
  }

  /** The state machine. */
  public StateMachine stateMachine() {
    return stateMachine;
  }
}
