package dev.slipway.pipeline;

import java.text.Normalizer;

/**
 * Makes a notification's subject one SNS accepts. SNS Publish refuses a {@code Subject} that is not
 * "ASCII text that begins with a letter, number, or punctuation mark; must not include line breaks
 * or control characters; and must be less than 100 characters long" (SNS API Reference, Publish),
 * and the notice is lost. Slipway's subjects put what matters first, so a long one keeps its
 * beginning and ends in "...".
 */
public final class NotificationSubject {
  /** SNS's limit is "less than 100 characters". */
  public static final int MAX_LENGTH = 99;

  private static final String ELLIPSIS = "...";
  private static final String FALLBACK = "[slipway] notification";

  private NotificationSubject() {}

  /** {@code subject} as SNS accepts it: ASCII, one line, under 100 characters. */
  public static String of(String subject) {
    String text = oneLineAscii(subject == null ? "" : subject);
    int start = 0;
    while (start < text.length()
        && !Character.isLetterOrDigit(text.charAt(start))
        && !isPunctuation(text.charAt(start))) {
      start++;
    }
    text = text.substring(start);
    if (text.isEmpty()) {
      return FALLBACK;
    }
    if (text.length() <= MAX_LENGTH) {
      return text;
    }
    return text.substring(0, MAX_LENGTH - ELLIPSIS.length()).stripTrailing() + ELLIPSIS;
  }

  /** Line breaks and control characters become one space; accents are dropped; others '?'. */
  private static String oneLineAscii(String subject) {
    String decomposed = Normalizer.normalize(subject, Normalizer.Form.NFKD);
    StringBuilder out = new StringBuilder(decomposed.length());
    for (int i = 0; i < decomposed.length(); i++) {
      char c = decomposed.charAt(i);
      if (Character.getType(c) == Character.NON_SPACING_MARK) {
        continue;
      }
      if (Character.isISOControl(c) || Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        if (!out.isEmpty() && out.charAt(out.length() - 1) != ' ') {
          out.append(' ');
        }
      } else if (Character.isLowSurrogate(c)) {
        continue;
      } else {
        out.append(c < 128 ? c : replacement(c));
      }
    }
    return out.toString().stripTrailing();
  }

  private static String replacement(char c) {
    return switch (c) {
      case '\u2018', '\u2019' -> "'";
      case '\u201C', '\u201D' -> "\"";
      case '\u2013', '\u2014' -> "-";
      case '\u2026' -> ELLIPSIS;
      default -> "?";
    };
  }

  private static boolean isPunctuation(char c) {
    return c < 128 && c > ' ' && !Character.isLetterOrDigit(c) && c != 127;
  }
}
