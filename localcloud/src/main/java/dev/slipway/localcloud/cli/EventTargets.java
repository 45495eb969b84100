package dev.slipway.localcloud.cli;

import dev.slipway.localcloud.events.TargetInvoker;
import dev.slipway.localcloud.server.ServiceRegistry;
import java.util.UUID;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeRequest;
import software.amazon.awssdk.services.sfn.model.StartExecutionRequest;
import software.amazon.awssdk.services.sns.model.PublishRequest;

/**
 * EventBridge rule targets as AWS calls them: Step Functions StartExecution, Lambda Invoke
 * (asynchronous, as EventBridge invokes functions), SNS Publish — through the services' APIs.
 */
final class EventTargets implements TargetInvoker {
  private final ServiceRegistry registry;

  EventTargets(ServiceRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void deliver(String arn, String input) {
    String service = arn.split(":")[2];
    switch (service) {
      case "states" ->
          registry.call(
              StartExecutionRequest.builder()
                  .stateMachineArn(arn)
                  .name(UUID.randomUUID().toString())
                  .input(input)
                  .build());
      case "lambda" ->
          registry.call(
              InvokeRequest.builder()
                  .functionName(arn)
                  .invocationType(InvocationType.EVENT)
                  .payload(SdkBytes.fromUtf8String(input))
                  .build());
      case "sns" -> registry.call(PublishRequest.builder().topicArn(arn).message(input).build());
      case "events" ->
          throw new IllegalStateException(
              "bus-to-bus targets are not supported in local mode: " + arn);
      default ->
          throw new IllegalStateException(
              "target service " + service + " is not supported in local mode: " + arn);
    }
  }
}
