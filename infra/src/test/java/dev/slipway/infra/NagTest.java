package dev.slipway.infra;

import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;

/**
 * cdk-nag's AWS Solutions rules (added to the app as an aspect by {@link SlipwayApp}) on the
 * synthesized stack: every finding is either fixed or suppressed with a reason in {@link
 * NagSuppressions}; the assertion's message lists any that are not.
 */
class NagTest {
  private final SynthesizedStack synthesized = SynthesizedStack.get();

  @Test
  void noUnsuppressedAwsSolutionsErrors() {
    Annotations.fromStack(synthesized.stack)
        .hasNoError("*", Match.stringLikeRegexp("AwsSolutions-.*"));
  }

  @Test
  void noUnsuppressedAwsSolutionsWarnings() {
    Annotations.fromStack(synthesized.stack)
        .hasNoWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"));
  }
}
