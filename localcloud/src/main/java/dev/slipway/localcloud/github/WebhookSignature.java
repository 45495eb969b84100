package dev.slipway.localcloud.github;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** GitHub's webhook signatures: HMAC of the raw body with the webhook secret, hex encoded. */
final class WebhookSignature {
  private WebhookSignature() {}

  /** {@code X-Hub-Signature-256}: {@code sha256=<hex HMAC-SHA256>}. */
  static String sha256(String secret, byte[] body) {
    return "sha256=" + hmac("HmacSHA256", secret, body);
  }

  /** The legacy {@code X-Hub-Signature}: {@code sha1=<hex HMAC-SHA1>}. */
  static String sha1(String secret, byte[] body) {
    return "sha1=" + hmac("HmacSHA1", secret, body);
  }

  private static String hmac(String algorithm, String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), algorithm));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(algorithm + " is not available", e);
    }
  }
}
