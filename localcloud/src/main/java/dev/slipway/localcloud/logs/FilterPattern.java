package dev.slipway.localcloud.logs;

import java.util.ArrayList;
import java.util.List;

/**
 * A CloudWatch Logs filter pattern for unstructured events
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html): terms
 * separated by spaces must all occur, {@code "a quoted phrase"} occurs as written, {@code ?term}
 * terms match when any of them occurs, {@code -term} must not occur; matching is case-sensitive. An
 * empty pattern matches every event. JSON ({@code { $.x = … }}), space-delimited ({@code [a, b]})
 * and regular-expression ({@code %…%}) patterns are not supported: {@link #parse} refuses them.
 */
record FilterPattern(List<String> all, List<String> any, List<String> none) {

  /** The pattern, or an IllegalArgumentException saying what local mode cannot match. */
  static FilterPattern parse(String pattern) {
    List<String> all = new ArrayList<>();
    List<String> any = new ArrayList<>();
    List<String> none = new ArrayList<>();
    String p = pattern == null ? "" : pattern.strip();
    if (p.startsWith("{") || p.startsWith("[") || p.startsWith("%")) {
      throw new IllegalArgumentException(
          "local mode matches term and quoted-phrase filter patterns only, not " + pattern);
    }
    int i = 0;
    while (i < p.length()) {
      char c = p.charAt(i);
      if (c == ' ') {
        i++;
        continue;
      }
      List<String> into = all;
      if (c == '?' || c == '-') {
        into = c == '?' ? any : none;
        i++;
        if (i >= p.length()) {
          break;
        }
      }
      String term;
      if (p.charAt(i) == '"') {
        int end = p.indexOf('"', i + 1);
        if (end < 0) {
          throw new IllegalArgumentException(
              "Invalid character(s) in term '" + p.substring(i) + "'");
        }
        term = p.substring(i + 1, end);
        i = end + 1;
      } else {
        int end = p.indexOf(' ', i);
        end = end < 0 ? p.length() : end;
        term = p.substring(i, end);
        i = end;
      }
      if (!term.isEmpty()) {
        into.add(term);
      }
    }
    return new FilterPattern(List.copyOf(all), List.copyOf(any), List.copyOf(none));
  }

  /** Whether {@code message} matches. */
  boolean matches(String message) {
    for (String t : all) {
      if (!message.contains(t)) {
        return false;
      }
    }
    for (String t : none) {
      if (message.contains(t)) {
        return false;
      }
    }
    return any.isEmpty() || any.stream().anyMatch(message::contains);
  }
}
