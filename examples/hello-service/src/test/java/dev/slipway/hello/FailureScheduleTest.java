package dev.slipway.hello;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FailureScheduleTest {
  /** Percentages 0–100 and window offsets from a fixed seed (42), so failures reproduce. */
  static Stream<Arguments> cases() {
    Random random = new Random(42);
    return IntStream.range(0, 60)
        .mapToObj(i -> Arguments.of(random.nextInt(101), random.nextInt(1000)));
  }

  @ParameterizedTest(name = "{0}% after {1} requests")
  @MethodSource("cases")
  void failsExactlyThePercentOfEveryHundredRequests(int percent, int offset) {
    FailureSchedule schedule = new FailureSchedule(percent);
    for (int i = 0; i < offset; i++) {
      schedule.nextFails();
    }
    // any window of 100 consecutive requests that starts on a multiple of 100 is exact
    int skip = (100 - offset % 100) % 100;
    for (int i = 0; i < skip; i++) {
      schedule.nextFails();
    }
    long failed = IntStream.range(0, 100).filter(i -> schedule.nextFails()).count();
    assertThat(failed).isEqualTo(percent);
  }
}
