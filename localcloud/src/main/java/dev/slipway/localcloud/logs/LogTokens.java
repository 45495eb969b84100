package dev.slipway.localcloud.logs;

import dev.slipway.localcloud.protocol.AwsErrors;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import software.amazon.awssdk.services.cloudwatchlogs.model.InvalidParameterException;

/**
 * The pagination tokens of the local CloudWatch Logs. GetLogEvents' tokens look like AWS's: {@code
 * f/} or {@code b/} and 56 digits, here an event position (20 digits of timestamp, 36 of arrival)
 * that is a boundary: a forward token reads the events at or after it, a backward token those
 * before it. The other operations' tokens are opaque, as on AWS.
 */
final class LogTokens {
  private LogTokens() {}

  /** {@code f/…} or {@code b/…} for a boundary position. */
  static String stream(char direction, LogStore.Position p) {
    return direction + "/" + digits(p);
  }

  /** The 56 digits of a position (also a FilterLogEvents event id). */
  static String digits(LogStore.Position p) {
    return String.format("%020d%036d", p.ts(), p.seq());
  }

  /** The direction ({@code f} or {@code b}) and position of a GetLogEvents token. */
  record StreamToken(char direction, LogStore.Position position) {}

  static StreamToken parseStream(String token) {
    if (token == null || !token.matches("[fb]/[0-9]{56}")) {
      throw invalid();
    }
    try {
      return new StreamToken(
          token.charAt(0),
          new LogStore.Position(
              Long.parseLong(token.substring(2, 22)), Long.parseLong(token.substring(22))));
    } catch (NumberFormatException e) {
      throw invalid();
    }
  }

  /** An opaque token carrying {@code kind} and {@code value}. */
  static String opaque(String kind, String value) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((kind + ":" + value).getBytes(StandardCharsets.UTF_8));
  }

  /** The value of an opaque token of {@code kind}. */
  static String parseOpaque(String kind, String token) {
    try {
      String s = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (!s.startsWith(kind + ":")) {
        throw invalid();
      }
      return s.substring(kind.length() + 1);
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
  }

  static InvalidParameterException invalid() {
    return AwsErrors.of(
        InvalidParameterException.builder(),
        400,
        "InvalidParameterException",
        "The specified nextToken is invalid.");
  }
}
