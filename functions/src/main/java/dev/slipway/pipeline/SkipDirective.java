package dev.slipway.pipeline;

import java.util.regex.Pattern;

/**
 * {@code [skip deploy]} or {@code [deploy skip]} (case-insensitive) in a head commit message,
 * mirroring GitHub Actions' {@code [skip ci]} / {@code [ci skip]}.
 */
final class SkipDirective {
  private static final Pattern PATTERN =
      Pattern.compile("\\[(skip deploy|deploy skip)]", Pattern.CASE_INSENSITIVE);

  /** What reports and logs say when the directive applies. */
  static final String REASON = "head commit message asks to skip the deploy ([skip deploy])";

  private SkipDirective() {}

  static boolean in(String message) {
    return message != null && PATTERN.matcher(message).find();
  }
}
