package dev.slipway.localcloud.codebuild;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** CodeBuild events write times as "Sep 1, 2017 4:12:29 PM" (UTC), not ISO 8601. */
final class EventTime {
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("MMM d, yyyy h:mm:ss a", Locale.US).withZone(ZoneOffset.UTC);

  private EventTime() {}

  static String format(Instant t) {
    return FORMAT.format(t);
  }
}
