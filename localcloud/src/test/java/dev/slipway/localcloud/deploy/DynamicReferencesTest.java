package dev.slipway.localcloud.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DynamicReferencesTest {
  private static final String ARN =
      "arn:aws:secretsmanager:us-east-1:000000000000:secret:TestListenerSecret-AbCdEf";
  private final List<String> asked = new ArrayList<>();

  private String value(String id, String stage) {
    asked.add(id + "|" + stage);
    return id.equals(ARN) ? "{\"user\":\"u\",\"password\":\"p\"}" : "plain-" + id;
  }

  @Test
  void replacesSecretsManagerReferencesWhereverTheyAreInTheProperties() throws Exception {
    var properties =
        new ObjectMapper()
            .readTree(
                """
                {"Conditions": [{"Field": "http-header", "HttpHeaderConfig": {
                  "HttpHeaderName": "X-Slipway-Test",
                  "Values": ["{{resolve:secretsmanager:name-only:SecretString:::}}"]}}],
                 "Other": "a {{resolve:secretsmanager:%s:SecretString:password::}} b",
                 "Ssm": "{{resolve:ssm:/x}}", "Port": 8080}
                """
                    .formatted(ARN));

    var resolved = DynamicReferences.resolve(properties, this::value);

    assertThat(resolved.at("/Conditions/0/HttpHeaderConfig/Values/0").asText())
        .isEqualTo("plain-name-only");
    assertThat(resolved.path("Other").asText()).isEqualTo("a p b");
    assertThat(resolved.path("Ssm").asText()).isEqualTo("{{resolve:ssm:/x}}");
    assertThat(resolved.path("Port").asInt()).isEqualTo(8080);
    assertThat(asked).containsExactly("name-only|null", ARN + "|null");
  }

  @Test
  void aVersionStageIsPassedOnAndAVersionIdIsRefused() {
    DynamicReferences.text("{{resolve:secretsmanager:s:SecretString::AWSCURRENT:}}", this::value);
    assertThat(asked).containsExactly("s|AWSCURRENT");
    assertThatThrownBy(
            () ->
                DynamicReferences.text(
                    "{{resolve:secretsmanager:s:SecretString:::v1}}", this::value))
        .isInstanceOf(TemplateException.class)
        .hasMessageContaining("version id");
  }
}
