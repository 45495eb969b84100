package dev.slipway.pipeline.model;

import java.util.List;
import java.util.regex.Pattern;

/** Validation shared by the records' compact constructors. */
final class Fields {
  private static final Pattern GIT_SHA = Pattern.compile("[0-9a-f]{40}");
  private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

  private Fields() {}

  static <T> T required(String field, T value) {
    if (value == null) {
      throw new InvalidFieldException(field, "is required");
    }
    return value;
  }

  static String text(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new InvalidFieldException(field, "is required (a non-empty string)");
    }
    return value;
  }

  static String sha(String field, String value) {
    text(field, value);
    if (!GIT_SHA.matcher(value).matches()) {
      throw new InvalidFieldException(
          field, "'" + value + "' is not a full 40-character lowercase hex git SHA");
    }
    return value;
  }

  static String optionalSha(String field, String value) {
    return value == null ? null : sha(field, value);
  }

  static String digest(String field, String value) {
    text(field, value);
    if (!DIGEST.matcher(value).matches()) {
      throw new InvalidFieldException(
          field, "'" + value + "' is not an image digest of the form sha256:<64 hex digits>");
    }
    return value;
  }

  static int atLeast(String field, int value, int min) {
    if (value < min) {
      throw new InvalidFieldException(field, value + " is below the minimum " + min);
    }
    return value;
  }

  static int percent(String field, int value) {
    if (value < 0 || value > 100) {
      throw new InvalidFieldException(field, value + " is not a percentage between 0 and 100");
    }
    return value;
  }

  static <T> List<T> list(List<T> value) {
    return value == null ? List.of() : List.copyOf(value);
  }

  static <T> List<T> list(List<T> value, List<T> defaultValue) {
    return value == null ? defaultValue : List.copyOf(value);
  }
}
