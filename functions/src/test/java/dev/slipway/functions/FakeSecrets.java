package dev.slipway.functions;

import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/** Secrets Manager holding fixed secrets by ARN; counts reads to show caching. */
final class FakeSecrets implements SecretsManagerClient {
  final Map<String, String> values = new HashMap<>();
  int reads;

  FakeSecrets with(String arn, String value) {
    values.put(arn, value);
    return this;
  }

  @Override
  public String serviceName() {
    return "secretsmanager";
  }

  @Override
  public void close() {}

  @Override
  public GetSecretValueResponse getSecretValue(GetSecretValueRequest request) {
    reads++;
    String value = values.get(request.secretId());
    if (value == null) {
      throw ResourceNotFoundException.builder().message("no secret " + request.secretId()).build();
    }
    return GetSecretValueResponse.builder().arn(request.secretId()).secretString(value).build();
  }
}
