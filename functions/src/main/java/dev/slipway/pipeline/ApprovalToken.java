package dev.slipway.pipeline;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.slipway.pipeline.model.PipelineJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed, expiring approval links: {@code p = base64url(claim JSON)}, then {@code p "."
 * base64url(HMAC-SHA256 of p)}. The claim binds the decision to one execution and one SHA, so a
 * link can never promote another commit. Single use is the Approve handler's job (it closes the
 * task token once).
 */
public final class ApprovalToken {
  private static final String ALGORITHM = "HmacSHA256";
  private static final int MIN_KEY_BYTES = 16;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final SecretKeySpec key;
  private final InstantSource clock;

  /**
   * @param key the signing key from Secrets Manager, at least 16 bytes
   */
  public ApprovalToken(byte[] key, InstantSource clock) {
    if (key.length < MIN_KEY_BYTES) {
      throw new IllegalArgumentException(
          "approval signing key has "
              + key.length
              + " bytes; use at least "
              + MIN_KEY_BYTES
              + " random bytes (Secrets Manager GenerateSecretString)");
    }
    this.key = new SecretKeySpec(key, ALGORITHM);
    this.clock = clock;
  }

  /**
   * The signed content of a link.
   *
   * @param nonce the id of the pending request; the handler answers a request only while its stored
   *     nonce still matches (single use, and a newer request withdraws an older link)
   * @param approve true for the approve link, false for the reject link
   */
  public record Claim(
      @JsonProperty("service") String service,
      @JsonProperty("execution") String execution,
      @JsonProperty("sha") String sha,
      @JsonProperty("nonce") String nonce,
      @JsonProperty("approve") boolean approve,
      @JsonProperty("expiresAt") Instant expiresAt) {}

  /** The result of checking a token. */
  public sealed interface Verification {
    /** Signature good and not expired. */
    record Valid(Claim claim) implements Verification {}

    /** Refused; {@code message} is safe to show (it never contains the token or key). */
    record Invalid(Reason reason, String message) implements Verification {}
  }

  /** Why a token is refused. */
  public enum Reason {
    MALFORMED,
    BAD_SIGNATURE,
    EXPIRED
  }

  /** A token for the decision on {@code sha} in {@code execution}, valid for {@code ttl}. */
  public String issue(
      boolean approve, String service, String execution, String sha, String nonce, Duration ttl) {
    return issue(new Claim(service, execution, sha, nonce, approve, clock.instant().plus(ttl)));
  }

  /** A token for the claim as given. */
  public String issue(Claim claim) {
    String payload;
    try {
      payload = ENCODER.encodeToString(PipelineJson.mapper().writeValueAsBytes(claim));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise approval claim", e);
    }
    return payload + "." + ENCODER.encodeToString(sign(payload));
  }

  /** Checks signature (constant-time) and expiry. */
  public Verification verify(String token) {
    int dot = token == null ? -1 : token.indexOf('.');
    if (dot <= 0 || dot != token.lastIndexOf('.')) {
      return invalid(Reason.MALFORMED, "approval link is incomplete; copy the whole link");
    }
    String payload = token.substring(0, dot);
    byte[] signature;
    try {
      signature = DECODER.decode(token.substring(dot + 1));
    } catch (IllegalArgumentException e) {
      return invalid(Reason.MALFORMED, "approval link is not valid base64url");
    }
    if (!MessageDigest.isEqual(sign(payload), signature)) {
      return invalid(Reason.BAD_SIGNATURE, "approval link signature does not match");
    }
    Claim claim;
    try {
      claim = PipelineJson.mapper().readValue(DECODER.decode(payload), Claim.class);
    } catch (IOException | IllegalArgumentException e) {
      return invalid(Reason.MALFORMED, "approval link content is unreadable");
    }
    if (claim.expiresAt() == null || !clock.instant().isBefore(claim.expiresAt())) {
      return invalid(
          Reason.EXPIRED,
          "approval link for "
              + claim.sha()
              + " expired at "
              + claim.expiresAt()
              + "; ask for a new one");
    }
    return new Verification.Valid(claim);
  }

  private static Verification invalid(Reason reason, String message) {
    return new Verification.Invalid(reason, message);
  }

  /** HMAC of the encoded payload text, as JWS signs its encoded segments. */
  private byte[] sign(String encodedPayload) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac.doFinal(encodedPayload.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }

  @Override
  public String toString() {
    return "ApprovalToken[key hidden]";
  }
}
