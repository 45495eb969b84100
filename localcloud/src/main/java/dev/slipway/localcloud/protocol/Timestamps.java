package dev.slipway.localcloud.protocol;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Timestamp formats of the AWS protocols (epoch seconds, ISO 8601, RFC 822). */
final class Timestamps {
  private Timestamps() {}

  /** Epoch seconds with millisecond fraction, as the JSON protocols send them. */
  static BigDecimal epochSeconds(Instant instant) {
    return BigDecimal.valueOf(instant.toEpochMilli()).movePointLeft(3).stripTrailingZeros();
  }

  /** ISO 8601 with milliseconds, as the query protocol and query strings send them. */
  static String iso(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(
        instant.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
  }

  /** RFC 822 (HTTP date), as REST protocols send timestamps in headers. */
  static String rfc822(Instant instant) {
    return DateTimeFormatter.RFC_1123_DATE_TIME.format(instant.atOffset(ZoneOffset.UTC));
  }

  /** An instant from epoch seconds. */
  static Instant fromEpochSeconds(double seconds) {
    return Instant.ofEpochMilli(Math.round(seconds * 1000));
  }

  /** Parses any of the three text forms, or epoch seconds as text. */
  static Instant parse(String text) {
    String t = text.trim();
    try {
      return fromEpochSeconds(Double.parseDouble(t));
    } catch (NumberFormatException notNumber) {
      // fall through to the date formats
    }
    try {
      return DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(t, Instant::from);
    } catch (DateTimeParseException notIso) {
      try {
        return DateTimeFormatter.RFC_1123_DATE_TIME.parse(t, Instant::from);
      } catch (DateTimeParseException notRfc) {
        throw new IllegalArgumentException(
            "timestamp '" + text + "' is neither epoch seconds, ISO 8601 nor RFC 822");
      }
    }
  }
}
