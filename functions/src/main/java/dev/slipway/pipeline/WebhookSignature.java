package dev.slipway.pipeline;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * GitHub's {@code X-Hub-Signature-256}: {@code sha256=} + hex HMAC-SHA256 of the raw request body
 * with the webhook secret (docs.github.com, "Validating webhook deliveries"). The body must be the
 * exact bytes received, never a re-serialised JSON. Never log the secret or a signature.
 */
public final class WebhookSignature {
  /** The request header GitHub puts the signature in. */
  public static final String HEADER = "X-Hub-Signature-256";

  private static final String PREFIX = "sha256=";
  private static final String ALGORITHM = "HmacSHA256";
  private static final int DIGEST_BYTES = 32;

  private final SecretKeySpec key;

  private WebhookSignature(byte[] secret) {
    if (secret.length == 0) {
      throw new IllegalArgumentException(
          "webhook secret is empty; set the same non-empty secret in GitHub and Secrets Manager");
    }
    this.key = new SecretKeySpec(secret, ALGORITHM);
  }

  /** A verifier for the secret as configured in GitHub (UTF-8). */
  public static WebhookSignature withSecret(String secret) {
    return new WebhookSignature(secret.getBytes(StandardCharsets.UTF_8));
  }

  /** The header value GitHub would send for this body. */
  public String sign(byte[] body) {
    return PREFIX + HexFormat.of().formatHex(hmac(body));
  }

  /** Checks a received header against the body in constant time. */
  public Check verify(byte[] body, String header) {
    if (header == null || header.isEmpty()) {
      return Check.MISSING;
    }
    if (!header.startsWith(PREFIX) || header.length() != PREFIX.length() + 2 * DIGEST_BYTES) {
      return Check.MALFORMED;
    }
    byte[] received;
    try {
      received = HexFormat.of().parseHex(header, PREFIX.length(), header.length());
    } catch (IllegalArgumentException e) {
      return Check.MALFORMED;
    }
    // constant-time: a timing side channel must not reveal how many leading bytes matched
    return MessageDigest.isEqual(hmac(body), received) ? Check.VALID : Check.MISMATCH;
  }

  private byte[] hmac(byte[] body) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }

  @Override
  public String toString() {
    return "WebhookSignature[secret hidden]";
  }

  /** The result of a check; only {@link #VALID} may be accepted. */
  public enum Check {
    /** The signature matches the body. */
    VALID,
    /** No {@code X-Hub-Signature-256} header. */
    MISSING,
    /** Not {@code sha256=} followed by 64 hex digits. */
    MALFORMED,
    /** Well-formed, but signed with another secret or over other bytes. */
    MISMATCH;

    /** Whether the request may be processed. */
    public boolean isValid() {
      return this == VALID;
    }
  }
}
