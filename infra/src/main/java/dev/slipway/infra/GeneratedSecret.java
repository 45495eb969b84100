package dev.slipway.infra;

import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

/**
 * A secret whose value Secrets Manager generates at deploy time: it is never in the template. Its
 * name is CloudFormation's (logical id and a random suffix), found through the stack's outputs: a
 * fixed name would make a stack deployed again after {@code cdk destroy} fail for 7–30 days, while
 * the deleted secret of that name waits out its recovery window.
 */
final class GeneratedSecret {
  private GeneratedSecret() {}

  static Secret create(Construct scope, String id, String description, int length) {
    return Secret.Builder.create(scope, id)
        .description(description)
        .generateSecretString(
            SecretStringGenerator.builder().passwordLength(length).excludePunctuation(true).build())
        .build();
  }
}
