package dev.slipway.localcloud.iam;

import java.util.Locale;

/**
 * How local mode treats requests the callers' policies would not allow: {@code enforce} (the
 * default) answers AWS's access denied error, as an account would; {@code audit} logs each would-be
 * denial and lets the request through; {@code off} evaluates nothing. Set with the {@code
 * SLIPWAY_IAM} environment variable or the {@code slipway.iam} system property.
 */
public enum IamMode {
  /** Evaluate and log; never deny. */
  AUDIT,
  /** Evaluate and deny as AWS would. */
  ENFORCE,
  /** Do not evaluate. */
  OFF;

  /** The mode from {@code -Dslipway.iam}, else {@code SLIPWAY_IAM}, else enforce. */
  public static IamMode configured() {
    String v = System.getProperty("slipway.iam");
    if (v == null || v.isBlank()) {
      v = System.getenv("SLIPWAY_IAM");
    }
    return parse(v);
  }

  /** {@code audit}, {@code enforce} or {@code off} (any case); blank means enforce. */
  public static IamMode parse(String value) {
    if (value == null || value.isBlank()) {
      return ENFORCE;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "audit" -> AUDIT;
      case "enforce" -> ENFORCE;
      case "off" -> OFF;
      default ->
          throw new IllegalArgumentException(
              "SLIPWAY_IAM must be audit, enforce or off, got " + value);
    };
  }
}
