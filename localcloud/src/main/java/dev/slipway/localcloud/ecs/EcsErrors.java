package dev.slipway.localcloud.ecs;

import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ecs.model.ClientException;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.ServiceDeploymentNotFoundException;
import software.amazon.awssdk.services.ecs.model.ServiceNotActiveException;
import software.amazon.awssdk.services.ecs.model.ServiceNotFoundException;

/** ECS's modeled errors, with AWS's error codes and statuses. */
final class EcsErrors {
  private EcsErrors() {}

  static AwsServiceException clientException(String message) {
    return build(ClientException::builder, "ClientException", message);
  }

  static AwsServiceException invalidParameter(String message) {
    return build(InvalidParameterException::builder, "InvalidParameterException", message);
  }

  static AwsServiceException clusterNotFound(String cluster) {
    return build(
        ClusterNotFoundException::builder,
        "ClusterNotFoundException",
        "Cluster not found: " + cluster);
  }

  static AwsServiceException serviceNotFound(String service) {
    return build(
        ServiceNotFoundException::builder,
        "ServiceNotFoundException",
        "Service not found: " + service);
  }

  static AwsServiceException serviceNotActive(String service) {
    return build(
        ServiceNotActiveException::builder,
        "ServiceNotActiveException",
        "Service is not ACTIVE: " + service);
  }

  static AwsServiceException serviceDeploymentNotFound(String arn) {
    return build(
        ServiceDeploymentNotFoundException::builder,
        "ServiceDeploymentNotFoundException",
        "Service deployment not found: " + arn);
  }

  private static AwsServiceException build(
      Supplier<? extends AwsServiceException.Builder> builder, String code, String message) {
    return builder
        .get()
        .awsErrorDetails(
            AwsErrorDetails.builder()
                .errorCode(code)
                .errorMessage(message)
                .serviceName("ECS")
                .build())
        .statusCode(400)
        .message(message)
        .build();
  }
}
