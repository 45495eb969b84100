package dev.slipway.localcloud.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.localcloud.protocol.Json;
import org.junit.jupiter.api.Test;

/** What the console must never show: tokens, secrets, signed links — also inside JSON text. */
class RedactionTest {
  @Test
  void hidesSensitiveKeysNestedJsonTextAndSignedLinks() throws Exception {
    JsonNode in =
        Json.MAPPER.readTree(
            """
            {"taskToken":"AAAA-token-value","sha":"abc","nested":{"webhookSecret":"s3cr3t",
             "password":"p","count":3},
             "parameters":"{\\"Payload\\":{\\"taskToken\\":\\"BBBB-token\\",\\"keep\\":\\"yes\\"}}",
             "links":{"approve":"http://127.0.0.1:4566/lambda-url/approve/?t=eyJzZXJ2aWNlIjoi.c2ln",
                      "docs":"http://127.0.0.1:4566/console/?view=1"},
             "secrets":{"name":"visible-name"}}
            """);
    String out = Redaction.redact(in).toString();
    assertThat(out)
        .doesNotContain("AAAA-token-value", "s3cr3t", "BBBB-token", "eyJzZXJ2aWNlIjoi")
        .contains("\"sha\":\"abc\"", "\"count\":3", "keep", "view=1", "visible-name")
        .contains("?t=" + Redaction.HIDDEN);
  }

  @Test
  void leavesPlainValuesAlone() throws Exception {
    JsonNode in = Json.MAPPER.readTree("{\"message\":\"Add {braces} to the greeting\",\"n\":1}");
    assertThat(Redaction.redact(in)).isEqualTo(in);
  }
}
