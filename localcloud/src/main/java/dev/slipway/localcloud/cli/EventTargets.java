package dev.slipway.localcloud.cli;

import dev.slipway.localcloud.events.TargetInvoker;
import dev.slipway.localcloud.iam.AccessDenied;
import dev.slipway.localcloud.iam.AuthorizationRequest;
import dev.slipway.localcloud.iam.IamGate;
import dev.slipway.localcloud.iam.Principals;
import dev.slipway.localcloud.protocol.Json;
import dev.slipway.localcloud.server.LocalAws;
import dev.slipway.localcloud.server.ServiceRegistry;
import java.util.UUID;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeRequest;
import software.amazon.awssdk.services.sfn.model.StartExecutionRequest;
import software.amazon.awssdk.services.sns.model.PublishRequest;

/**
 * EventBridge rule targets as AWS calls them: Step Functions StartExecution, Lambda Invoke
 * (asynchronous, as EventBridge invokes functions), SNS Publish — through the services' APIs. A
 * state machine is started with the target's role: {@code states:StartExecution} its policies do
 * not allow is refused (logged as a denial) and the event is not delivered; a function is invoked
 * by {@code events.amazonaws.com} as its resource-based policy allows.
 */
final class EventTargets implements TargetInvoker {
  private static final String EVENTS = "events.amazonaws.com";
  private final ServiceRegistry registry;
  private final IamGate iam;

  EventTargets(ServiceRegistry registry, IamGate iam) {
    this.registry = registry;
    this.iam = iam;
  }

  @Override
  public void deliver(TargetCall call) throws DeliveryRefused {
    String arn = call.arn();
    String input = call.input();
    String service = arn.split(":")[2];
    switch (service) {
      case "states" -> {
        authorize(call.roleArn(), arn);
        registry.call(
            StartExecutionRequest.builder()
                .stateMachineArn(arn)
                .name(UUID.randomUUID().toString())
                .input(input)
                .build());
      }
      case "lambda" -> {
        authorizeByFunctionPolicy(arn, call.ruleArn());
        registry.call(
            InvokeRequest.builder()
                .functionName(arn)
                .invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromUtf8String(input))
                .build());
      }
      case "sns" -> registry.call(PublishRequest.builder().topicArn(arn).message(input).build());
      case "events" ->
          throw new IllegalStateException(
              "bus-to-bus targets are not supported in local mode: " + arn);
      default ->
          throw new IllegalStateException(
              "target service " + service + " is not supported in local mode: " + arn);
    }
  }

  /**
   * A function target is invoked by {@code events.amazonaws.com}, which the function's policy must
   * allow for the rule ({@code AWS:SourceArn}), as the template's {@code AWS::Lambda::Permission}
   * does.
   */
  private void authorizeByFunctionPolicy(String functionArn, String ruleArn)
      throws DeliveryRefused {
    if (iam == null) {
      return;
    }
    AuthorizationRequest request =
        AuthorizationRequest.of("lambda:InvokeFunction", functionArn)
            .with("aws:SourceAccount", LocalAws.ACCOUNT_ID);
    if (ruleArn != null) {
      request = request.with("aws:SourceArn", ruleArn);
    }
    var denial =
        iam.authorizeFunctionCall(EVENTS, request, AccessDenied.byResourcePolicy(EVENTS, request));
    if (denial.isPresent()) {
      throw new DeliveryRefused("NO_PERMISSIONS", denial.get().message());
    }
  }

  /** {@code states:StartExecution} on the state machine for the target's role. */
  private void authorize(String roleArn, String stateMachineArn) throws DeliveryRefused {
    if (iam == null || roleArn == null) {
      return;
    }
    var denial =
        iam.authorize(
            Principals.serviceSession(roleArn, stateMachineArn),
            "states",
            "StartExecution",
            Json.MAPPER.createObjectNode().put("stateMachineArn", stateMachineArn));
    if (denial.isPresent()) {
      throw new DeliveryRefused("NO_PERMISSIONS", denial.get().message());
    }
  }
}
