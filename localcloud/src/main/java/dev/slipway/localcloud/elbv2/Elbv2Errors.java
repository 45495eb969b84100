package dev.slipway.localcloud.elbv2;

import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DuplicateListenerException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DuplicateLoadBalancerNameException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DuplicateTargetGroupNameException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ElasticLoadBalancingV2Exception;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.InvalidConfigurationRequestException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.InvalidTargetException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ListenerNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.OperationNotPermittedException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.PriorityInUseException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ResourceInUseException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RuleNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupNotFoundException;

/** ELBv2's modeled errors, with the error codes and HTTP statuses AWS answers them with. */
final class Elbv2Errors {
  private Elbv2Errors() {}

  static AwsServiceException loadBalancerNotFound(String arn) {
    return build(
        LoadBalancerNotFoundException::builder,
        "LoadBalancerNotFound",
        400,
        "Load balancer '" + arn + "' not found");
  }

  static AwsServiceException targetGroupNotFound(String arn) {
    return build(
        TargetGroupNotFoundException::builder,
        "TargetGroupNotFound",
        400,
        "Target group '" + arn + "' not found");
  }

  static AwsServiceException listenerNotFound(String arn) {
    return build(
        ListenerNotFoundException::builder,
        "ListenerNotFound",
        400,
        "Listener '" + arn + "' not found");
  }

  static AwsServiceException ruleNotFound(String arn) {
    return build(
        RuleNotFoundException::builder, "RuleNotFound", 400, "Rule '" + arn + "' not found");
  }

  static AwsServiceException duplicateLoadBalancer(String name) {
    return build(
        DuplicateLoadBalancerNameException::builder,
        "DuplicateLoadBalancerName",
        400,
        "A load balancer with the same name '" + name + "' exists, but with different settings");
  }

  static AwsServiceException duplicateTargetGroup(String name) {
    return build(
        DuplicateTargetGroupNameException::builder,
        "DuplicateTargetGroupName",
        400,
        "A target group with the same name '" + name + "' exists, but with different settings");
  }

  static AwsServiceException duplicateListener(int port) {
    return build(
        DuplicateListenerException::builder,
        "DuplicateListener",
        400,
        "A listener already exists on this port (" + port + ") of the load balancer");
  }

  static AwsServiceException priorityInUse(int priority) {
    return build(
        PriorityInUseException::builder,
        "PriorityInUse",
        400,
        "Priority '" + priority + "' is currently in use");
  }

  static AwsServiceException invalidConfiguration(String message) {
    return build(
        InvalidConfigurationRequestException::builder, "InvalidConfigurationRequest", 400, message);
  }

  static AwsServiceException invalidTarget(String message) {
    return build(InvalidTargetException::builder, "InvalidTarget", 400, message);
  }

  static AwsServiceException resourceInUse(String message) {
    return build(ResourceInUseException::builder, "ResourceInUse", 400, message);
  }

  static AwsServiceException operationNotPermitted(String message) {
    return build(OperationNotPermittedException::builder, "OperationNotPermitted", 400, message);
  }

  static AwsServiceException validation(String message) {
    return build(ElasticLoadBalancingV2Exception::builder, "ValidationError", 400, message);
  }

  private static AwsServiceException build(
      Supplier<? extends AwsServiceException.Builder> builder,
      String code,
      int status,
      String message) {
    return builder
        .get()
        .awsErrorDetails(
            AwsErrorDetails.builder()
                .errorCode(code)
                .errorMessage(message)
                .serviceName("ElasticLoadBalancingV2")
                .build())
        .statusCode(status)
        .message(message)
        .build();
  }
}
