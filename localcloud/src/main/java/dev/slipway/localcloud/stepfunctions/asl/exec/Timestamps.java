package dev.slipway.localcloud.stepfunctions.asl.exec;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

/** ASL timestamps: RFC 3339 with an explicit offset (uppercase T and Z as AWS requires). */
final class Timestamps {
  private static final DateTimeFormatter OUT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final Pattern SHAPE =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})");

  private Timestamps() {}

  static String format(Instant t) {
    return OUT.format(t.truncatedTo(ChronoUnit.MILLIS));
  }

  /** Parses or returns null when the text is not a valid timestamp. */
  static Instant parse(String s) {
    if (!SHAPE.matcher(s).matches()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
