package dev.slipway.localcloud.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ecs.model.Secret;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

class TaskSecretsTest {
  private static final String ARN =
      "arn:aws:secretsmanager:us-east-1:000000000000:secret:app-AbC123";

  @Test
  void parsesTheArnWithOptionalJsonKeyStageAndVersion() {
    assertThat(TaskSecrets.parse(ARN)).isEqualTo(new TaskSecrets.Reference(ARN, null, null, null));
    assertThat(TaskSecrets.parse(ARN + ":password::"))
        .isEqualTo(new TaskSecrets.Reference(ARN, "password", null, null));
    assertThat(TaskSecrets.parse(ARN + ":password:AWSPREVIOUS:"))
        .isEqualTo(new TaskSecrets.Reference(ARN, "password", "AWSPREVIOUS", null));
  }

  @Test
  void rejectsAParameterStoreReferenceNamingIt() {
    assertThatThrownBy(() -> TaskSecrets.parse("arn:aws:ssm:us-east-1:000000000000:parameter/db"))
        .isInstanceOf(AwsServiceException.class)
        .hasMessageContaining("parameter/db")
        .hasMessageContaining("Secrets Manager");
  }

  @Test
  void resolvesWholeSecretsAndJsonKeysThroughGetSecretValue() {
    var asked = new ArrayList<GetSecretValueRequest>();
    SecretSource source =
        r -> {
          asked.add(r);
          return GetSecretValueResponse.builder()
              .secretString("{\"password\":\"s3cr3t\",\"port\":5432}")
              .build();
        };
    var values =
        TaskSecrets.resolve(
            List.of(
                Secret.builder().name("ALL").valueFrom(ARN).build(),
                Secret.builder().name("PASSWORD").valueFrom(ARN + ":password::").build(),
                Secret.builder().name("PORT").valueFrom(ARN + ":port:AWSCURRENT:").build()),
            source);
    assertThat(values)
        .containsEntry("PASSWORD", "s3cr3t")
        .containsEntry("PORT", "5432")
        .containsEntry("ALL", "{\"password\":\"s3cr3t\",\"port\":5432}");
    assertThat(asked).extracting(GetSecretValueRequest::secretId).containsOnly(ARN);
    assertThat(asked.get(2).versionStage()).isEqualTo("AWSCURRENT");
  }

  @Test
  void aMissingJsonKeyIsNamedWithoutRevealingTheSecret() {
    SecretSource source =
        r -> GetSecretValueResponse.builder().secretString("{\"password\":\"s3cr3t\"}").build();
    assertThatThrownBy(
            () ->
                TaskSecrets.resolve(
                    List.of(Secret.builder().name("X").valueFrom(ARN + ":user::").build()), source))
        .hasMessageContaining("'user'")
        .hasMessageNotContaining("s3cr3t");
  }
}
