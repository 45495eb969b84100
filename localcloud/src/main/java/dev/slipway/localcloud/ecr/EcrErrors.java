package dev.slipway.localcloud.ecr;

import dev.slipway.localcloud.protocol.AwsErrors;
import software.amazon.awssdk.services.ecr.model.ImageNotFoundException;
import software.amazon.awssdk.services.ecr.model.InvalidParameterException;
import software.amazon.awssdk.services.ecr.model.RepositoryAlreadyExistsException;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;
import software.amazon.awssdk.services.ecr.model.ScanNotFoundException;

/** ECR's modeled errors with the codes and messages AWS sends. */
final class EcrErrors {
  private EcrErrors() {}

  static RepositoryNotFoundException repositoryNotFound(String name, String registryId) {
    return AwsErrors.of(
        RepositoryNotFoundException.builder(),
        400,
        "RepositoryNotFoundException",
        notFoundMessage(name, registryId));
  }

  static String notFoundMessage(String name, String registryId) {
    return "The repository with name '"
        + name
        + "' does not exist in the registry with id '"
        + registryId
        + "'";
  }

  static RepositoryAlreadyExistsException alreadyExists(String name, String registryId) {
    return AwsErrors.of(
        RepositoryAlreadyExistsException.builder(),
        400,
        "RepositoryAlreadyExistsException",
        "The repository with name '"
            + name
            + "' already exists in the registry with id '"
            + registryId
            + "'");
  }

  static ImageNotFoundException imageNotFound(
      String digest, String tag, String repository, String registryId) {
    return AwsErrors.of(
        ImageNotFoundException.builder(),
        400,
        "ImageNotFoundException",
        "The image with imageId {imageDigest:'"
            + digest
            + "', imageTag:'"
            + tag
            + "'} does not exist within the repository with name '"
            + repository
            + "' in the registry with id '"
            + registryId
            + "'");
  }

  static ScanNotFoundException scanNotFound(
      String digest, String tag, String repository, String registryId) {
    return AwsErrors.of(
        ScanNotFoundException.builder(),
        400,
        "ScanNotFoundException",
        "Image scan does not exist for the image with '{imageDigest:'"
            + digest
            + "', imageTag:'"
            + tag
            + "'}' in the repository with name '"
            + repository
            + "' in the registry with id '"
            + registryId
            + "'");
  }

  static InvalidParameterException invalid(String message) {
    return AwsErrors.of(
        InvalidParameterException.builder(), 400, "InvalidParameterException", message);
  }
}
