package dev.slipway.pipeline;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.pipeline.WebhookSignature.Check;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WebhookSignatureTest {

  static Stream<Arguments> publishedVectors() {
    List<Arguments> cases = new ArrayList<>();
    for (JsonNode v : Conformance.json("signature-vectors.json")) {
      cases.add(
          Arguments.of(
              v.get("source").asText().split(",")[0],
              v.get("secret").asText(),
              v.get("payload").asText().getBytes(UTF_8),
              v.get("signature").asText()));
    }
    return cases.stream();
  }

  static Stream<Arguments> payloadFileVectors() {
    List<Arguments> cases = new ArrayList<>();
    for (JsonNode v :
        Conformance.json("signature-vectors-derived.json").get("payload_file_vectors")) {
      String file = v.get("payload_file").asText();
      cases.add(
          Arguments.of(
              file,
              v.get("secret").asText(),
              Conformance.bytes(file),
              v.get("signature").asText()));
    }
    return cases.stream();
  }

  static Stream<Arguments> negativeVectors() {
    List<Arguments> cases = new ArrayList<>();
    for (JsonNode v : Conformance.json("signature-vectors-derived.json").get("negative_vectors")) {
      assertThat(v.get("valid").asBoolean()).isFalse();
      cases.add(
          Arguments.of(
              v.get("why").asText(),
              v.get("secret").asText(),
              v.get("payload").asText().getBytes(UTF_8),
              v.get("signature").asText()));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource({"publishedVectors", "payloadFileVectors"})
  void acceptsKnownGoodSignature(String name, String secret, byte[] body, String signature) {
    WebhookSignature verifier = WebhookSignature.withSecret(secret);

    assertThat(verifier.verify(body, signature)).isEqualTo(Check.VALID);
    assertThat(verifier.sign(body)).isEqualTo(signature);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("negativeVectors")
  void rejectsKnownBadSignature(String why, String secret, byte[] body, String signature) {
    assertThat(WebhookSignature.withSecret(secret).verify(body, signature).isValid()).isFalse();
  }

  @Test
  void gitHubDocsVectorMatchesTheDocumentedValue() {
    var verifier = WebhookSignature.withSecret("It's a Secret to Everybody");

    assertThat(verifier.sign("Hello, World!".getBytes(UTF_8)))
        .isEqualTo("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
  }

  @Test
  void classifiesWhyASignatureIsRejected() {
    var verifier = WebhookSignature.withSecret("s3cret");
    byte[] body = "{}".getBytes(UTF_8);
    String good = verifier.sign(body);

    assertThat(verifier.verify(body, null)).isEqualTo(Check.MISSING);
    assertThat(verifier.verify(body, "")).isEqualTo(Check.MISSING);
    assertThat(verifier.verify(body, "sha1=" + good.substring(7))).isEqualTo(Check.MALFORMED);
    assertThat(verifier.verify(body, good.substring(0, good.length() - 2)))
        .isEqualTo(Check.MALFORMED);
    assertThat(verifier.verify(body, good.substring(0, good.length() - 1) + "g"))
        .isEqualTo(Check.MALFORMED);
    assertThat(verifier.verify("{ }".getBytes(UTF_8), good)).isEqualTo(Check.MISMATCH);
    assertThat(WebhookSignature.withSecret("other").verify(body, good)).isEqualTo(Check.MISMATCH);
  }

  @Test
  void everySingleBitFlipInBodyOrSignatureIsRejected() {
    // seed 20261125: random bodies, each with one flipped bit in the body and one in the digest
    var random = new Random(20261125L);
    var verifier = WebhookSignature.withSecret("flip");
    for (int i = 0; i < 200; i++) {
      byte[] body = new byte[1 + random.nextInt(300)];
      random.nextBytes(body);
      String signature = verifier.sign(body);
      assertThat(verifier.verify(body, signature)).isEqualTo(Check.VALID);

      byte[] flipped = body.clone();
      flipped[random.nextInt(flipped.length)] ^= (byte) (1 << random.nextInt(8));
      assertThat(verifier.verify(flipped, signature)).isEqualTo(Check.MISMATCH);

      char[] chars = signature.toCharArray();
      int at = 7 + random.nextInt(64);
      chars[at] = chars[at] == '0' ? '1' : '0';
      assertThat(verifier.verify(body, new String(chars))).isEqualTo(Check.MISMATCH);
    }
  }

  @Test
  void neverShowsTheSecret() {
    assertThat(WebhookSignature.withSecret("hunter2").toString()).doesNotContain("hunter2");
  }

  @Test
  void refusesAnEmptySecret() {
    assertThatThrownBy(() -> WebhookSignature.withSecret(""))
        .hasMessageContaining("webhook secret is empty");
  }
}
