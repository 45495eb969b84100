package dev.slipway.localcloud.ecs;

import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/**
 * Where task secrets come from: Secrets Manager's GetSecretValue, as a {@code SecretsManagerClient}
 * or the local Secrets Manager service object (both fit as a method reference).
 */
@FunctionalInterface
public interface SecretSource {
  GetSecretValueResponse getSecretValue(GetSecretValueRequest request);
}
