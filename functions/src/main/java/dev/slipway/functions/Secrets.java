package dev.slipway.functions;

import java.time.temporal.ChronoUnit;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.lambda.powertools.parameters.secrets.SecretsProvider;

/**
 * Secret values through Powertools Parameters, cached in the container for five minutes so a warm
 * webhook answers without a Secrets Manager round trip. Values are never logged.
 */
final class Secrets {
  private final SecretsProvider provider;

  Secrets(SecretsManagerClient client) {
    this.provider = SecretsProvider.builder().withClient(client).build();
  }

  /** The secret's string value. */
  String get(String secretArn) {
    String value = provider.withMaxAge(5, ChronoUnit.MINUTES).get(secretArn);
    if (value == null || value.isEmpty()) {
      throw new IllegalStateException("secret " + secretArn + " has no string value");
    }
    return value;
  }
}
