package dev.slipway.pipeline;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.pipeline.ApprovalToken.Claim;
import dev.slipway.pipeline.ApprovalToken.Reason;
import dev.slipway.pipeline.ApprovalToken.Verification;
import dev.slipway.pipeline.model.ModelFixtures;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ApprovalTokenTest {
  private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(UTF_8);
  private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
  private final AtomicReference<Instant> now = new AtomicReference<>(NOW);
  private final InstantSource clock = now::get;
  private final ApprovalToken tokens = new ApprovalToken(KEY, clock);

  private String issue() {
    return tokens.issue(
        true, "hello", "hello-fd48986-d1", ModelFixtures.SHA, "n-1", Duration.ofHours(24));
  }

  @Test
  void validTokenCarriesItsClaim() {
    String token = issue();

    assertThat(token).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
    assertThat(tokens.verify(token))
        .isEqualTo(
            new Verification.Valid(
                new Claim(
                    "hello",
                    "hello-fd48986-d1",
                    ModelFixtures.SHA,
                    "n-1",
                    true,
                    NOW.plus(Duration.ofHours(24)))));
  }

  @Test
  void acceptsATokenBuiltToTheDocumentedFormat() throws Exception {
    // p = base64url(claim JSON), token = p "." base64url(HMAC-SHA256(key, p))
    String json =
        "{\"service\":\"hello\",\"execution\":\"e-1\",\"sha\":\""
            + ModelFixtures.SHA
            + "\",\"nonce\":\"n-9\",\"approve\":false,\"expiresAt\":\"2026-03-02T11:00:00Z\"}";
    var b64 = Base64.getUrlEncoder().withoutPadding();
    String payload = b64.encodeToString(json.getBytes(UTF_8));
    var mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(new javax.crypto.spec.SecretKeySpec(KEY, "HmacSHA256"));
    String token = payload + "." + b64.encodeToString(mac.doFinal(payload.getBytes(UTF_8)));

    assertThat(tokens.verify(token))
        .isEqualTo(
            new Verification.Valid(
                new Claim(
                    "hello",
                    "e-1",
                    ModelFixtures.SHA,
                    "n-9",
                    false,
                    Instant.parse("2026-03-02T11:00:00Z"))));
  }

  @Test
  void expiresExactlyAtItsExpiry() {
    String token = issue();

    now.set(NOW.plus(Duration.ofHours(24)).minusMillis(1));
    assertThat(tokens.verify(token)).isInstanceOf(Verification.Valid.class);
    now.set(NOW.plus(Duration.ofHours(24)));
    assertThat(reason(tokens.verify(token))).isEqualTo(Reason.EXPIRED);
    assertThat(((Verification.Invalid) tokens.verify(token)).message())
        .contains("expired at 2026-03-03T10:00:00Z");
  }

  @Test
  void aChangedClaimBreaksTheSignature() {
    String token = issue();
    String payload =
        new String(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))), UTF_8);
    String otherSha = payload.replace(ModelFixtures.SHA, ModelFixtures.BEFORE_SHA);
    String forged =
        Base64.getUrlEncoder().withoutPadding().encodeToString(otherSha.getBytes(UTF_8))
            + token.substring(token.indexOf('.'));

    assertThat(otherSha).isNotEqualTo(payload);
    assertThat(reason(tokens.verify(forged))).isEqualTo(Reason.BAD_SIGNATURE);
  }

  @Test
  void anotherKeysTokenIsRefused() {
    var other = new ApprovalToken("another-key-of-32-bytes-length!!".getBytes(UTF_8), clock);

    assertThat(reason(other.verify(issue()))).isEqualTo(Reason.BAD_SIGNATURE);
  }

  @Test
  void garbageIsMalformed() {
    assertThat(reason(tokens.verify(null))).isEqualTo(Reason.MALFORMED);
    assertThat(reason(tokens.verify("no-dot"))).isEqualTo(Reason.MALFORMED);
    assertThat(reason(tokens.verify(".sig"))).isEqualTo(Reason.MALFORMED);
    assertThat(reason(tokens.verify("a.b.c"))).isEqualTo(Reason.MALFORMED);
    assertThat(reason(tokens.verify("%%%.@@@"))).isEqualTo(Reason.MALFORMED);
  }

  @Test
  void signedClaimWithoutExpiryNeverVerifies() {
    // only possible with the key, but a link must never be valid forever
    String token = tokens.issue(new Claim(null, null, null, null, true, null));

    assertThat(reason(tokens.verify(token))).isEqualTo(Reason.EXPIRED);
  }

  @Test
  void refusesAShortKeyAndHidesTheKey() {
    assertThatThrownBy(() -> new ApprovalToken(new byte[8], clock))
        .hasMessageContaining("at least 16");
    assertThat(tokens.toString()).doesNotContain("0123456789abcdef");
  }

  private static Reason reason(Verification verification) {
    return ((Verification.Invalid) verification).reason();
  }
}
