package dev.slipway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NotificationSubjectTest {

  static Stream<Arguments> repairs() {
    return Stream.of(
        Arguments.of("[slipway] hello 9f1c2d3 deployed", "[slipway] hello 9f1c2d3 deployed"),
        Arguments.of("  [slipway] leading spaces", "[slipway] leading spaces"),
        Arguments.of("line one\nline two", "line one line two"),
        Arguments.of("tab\tand\r\nCRLF\u0000", "tab and CRLF"),
        Arguments.of("caf\u00e9 d\u00e9ploy\u00e9", "cafe deploye"),
        Arguments.of("\u2018quoted\u2019 \u2013 dash\u2026", "'quoted' - dash..."),
        Arguments.of("\u2603 snowman first", "? snowman first"),
        Arguments.of(" \n ", "[slipway] notification"),
        Arguments.of(null, "[slipway] notification"));
  }

  @ParameterizedTest
  @MethodSource("repairs")
  void keepsAValidSubjectAndRepairsTheRest(String subject, String expected) {
    assertThat(NotificationSubject.of(subject)).isEqualTo(expected);
  }

  @ParameterizedTest
  @MethodSource("subjects")
  void everySubjectIsAsciiOneLineAndUnderOneHundredCharacters(String subject) {
    String safe = NotificationSubject.of(subject);

    assertThat(safe.length()).isLessThan(100);
    assertThat(safe.chars()).allMatch(c -> c >= 0x20 && c < 0x7f);
    assertThat(Character.isWhitespace(safe.charAt(0))).isFalse();
  }

  @ParameterizedTest
  @MethodSource("subjects")
  void aLongSubjectKeepsItsBeginningAndEndsInAnEllipsis(String subject) {
    String safe = NotificationSubject.of(subject);
    if (subject.length() > NotificationSubject.MAX_LENGTH
        && subject.chars().allMatch(c -> c < 0x7f && c >= 0x20)) {
      assertThat(safe).endsWith("...");
      assertThat(subject).startsWith(safe.substring(0, safe.length() - 3));
    }
  }

  static Stream<String> subjects() {
    String service = "a".repeat(40);
    String environment = "b".repeat(40);
    return Stream.of(
        "[slipway] ACTION NEEDED: rollback failed: " + service + " in " + environment,
        "x".repeat(99),
        "x".repeat(100),
        "x".repeat(500),
        "word ".repeat(40),
        "\u00e9".repeat(150),
        "\ud83d\ude80 ".repeat(60),
        "\n\n\t",
        "[slipway] " + "\u0007".repeat(120) + "end");
  }
}
