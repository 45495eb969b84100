package dev.slipway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookBodyTest {
  private static final String JSON = "{\"ref\":\"refs/heads/main\",\"msg\":\"a+b & c = \\u2665\"}";

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"application/json", "application/json; charset=utf-8", "text/plain"})
  void aJsonBodyIsTheDocument(String contentType) {
    assertThat(WebhookBody.json(bytes(JSON), contentType)).isEqualTo(bytes(JSON));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "application/x-www-form-urlencoded",
        "APPLICATION/X-WWW-FORM-URLENCODED",
        " application/x-www-form-urlencoded ; charset=UTF-8"
      })
  void aFormBodyIsItsDecodedPayloadParameter(String contentType) {
    String form =
        "payload=%7B%22ref%22%3A%22refs%2Fheads%2Fmain%22%2C%22msg%22%3A%22a%2Bb+%26+c+%3D+"
            + "%5Cu2665%22%7D";

    assertThat(new String(WebhookBody.json(bytes(form), contentType), StandardCharsets.UTF_8))
        .isEqualTo(JSON);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "hook_id=1", "payloads=%7B%7D"})
  void aFormWithoutPayloadNamesTheParameter(String form) {
    assertThatThrownBy(() -> WebhookBody.json(bytes(form), "application/x-www-form-urlencoded"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'payload' parameter");
  }

  @ParameterizedTest
  @ValueSource(strings = {"other=1&payload=%7B%7D", "payload=%7B%7D&other=1"})
  void findsThePayloadAmongOtherParameters(String form) {
    assertThat(WebhookBody.json(bytes(form), "application/x-www-form-urlencoded"))
        .isEqualTo(bytes("{}"));
  }
}
