package dev.slipway.localcloud.iam;

import java.util.Locale;

/**
 * IAM's wildcard matching: {@code *} matches any run of characters (also none), {@code ?} exactly
 * one. Actions compare case-insensitively; ARNs compare per colon-separated component, as {@code
 * Resource} and {@code ArnLike} do.
 */
final class Wildcards {
  private Wildcards() {}

  /** True when {@code value} matches {@code pattern}; {@code ignoreCase} for action names. */
  static boolean matches(String pattern, String value, boolean ignoreCase) {
    if (pattern == null || value == null) {
      return false;
    }
    if (ignoreCase) {
      pattern = pattern.toLowerCase(Locale.ROOT);
      value = value.toLowerCase(Locale.ROOT);
    }
    return glob(pattern, value);
  }

  /**
   * An ARN against an ARN pattern: {@code *} alone matches everything; otherwise the six components
   * ({@code arn:partition:service:region:account:resource}) match one by one, the resource
   * component keeping its own colons and slashes.
   */
  static boolean arnMatches(String pattern, String arn) {
    if (pattern == null || arn == null) {
      return false;
    }
    if (pattern.equals("*")) {
      return true;
    }
    String[] p = pattern.split(":", 6);
    String[] a = arn.split(":", 6);
    if (p.length != 6 || a.length != 6) {
      return glob(pattern, arn);
    }
    for (int i = 0; i < 6; i++) {
      if (!glob(p[i], a[i])) {
        return false;
      }
    }
    return true;
  }

  /** Iterative glob with backtracking to the last {@code *}. */
  private static boolean glob(String pattern, String value) {
    int p = 0;
    int v = 0;
    int star = -1;
    int mark = 0;
    while (v < value.length()) {
      if (p < pattern.length()
          && (pattern.charAt(p) == '?' || pattern.charAt(p) == value.charAt(v))) {
        p++;
        v++;
      } else if (p < pattern.length() && pattern.charAt(p) == '*') {
        star = p++;
        mark = v;
      } else if (star >= 0) {
        p = star + 1;
        v = ++mark;
      } else {
        return false;
      }
    }
    while (p < pattern.length() && pattern.charAt(p) == '*') {
      p++;
    }
    return p == pattern.length();
  }
}
