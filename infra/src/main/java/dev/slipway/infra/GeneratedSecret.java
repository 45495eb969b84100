package dev.slipway.infra;

import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

/** A secret whose value Secrets Manager generates at deploy time: it is never in the template. */
final class GeneratedSecret {
  private GeneratedSecret() {}

  static Secret create(Construct scope, String id, String name, String description, int length) {
    return Secret.Builder.create(scope, id)
        .secretName(name)
        .description(description)
        .generateSecretString(
            SecretStringGenerator.builder().passwordLength(length).excludePunctuation(true).build())
        .build();
  }
}
