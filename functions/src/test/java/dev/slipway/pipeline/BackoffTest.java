package dev.slipway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private static final Backoff BACKOFF =
      new Backoff(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(10), Duration.ofSeconds(60));

  /** Always the largest jitter. */
  private static final RandomGenerator HIGH =
      new RandomGenerator() {
        @Override
        public long nextLong() {
          return Long.MAX_VALUE;
        }

        @Override
        public long nextLong(long bound) {
          return bound - 1;
        }
      };

  @Test
  void delaysDoubleUpToTheMaximum() {
    assertThat(BACKOFF.next(1, Duration.ZERO, HIGH)).contains(Duration.ofMillis(1000));
    assertThat(BACKOFF.next(2, Duration.ZERO, HIGH)).contains(Duration.ofMillis(2000));
    assertThat(BACKOFF.next(3, Duration.ZERO, HIGH)).contains(Duration.ofMillis(4000));
    assertThat(BACKOFF.next(5, Duration.ZERO, HIGH)).contains(Duration.ofMillis(10000));
    assertThat(BACKOFF.next(50, Duration.ZERO, HIGH)).contains(Duration.ofMillis(10000));
  }

  @Test
  void jitterStaysBetweenHalfAndTheFullDelay() {
    // seed 11
    var random = new Random(11L);
    for (int attempt = 1; attempt < 200; attempt++) {
      long ceiling = Math.min(1000L << Math.min(attempt - 1, 20), 10_000L);
      Duration delay = BACKOFF.next(attempt, Duration.ZERO, random).orElseThrow();
      assertThat(delay.toMillis()).isBetween(ceiling / 2, ceiling);
    }
  }

  @Test
  void stopsWhenTheNextWaitWouldLeaveTheWindow() {
    assertThat(BACKOFF.next(6, Duration.ofSeconds(50), HIGH)).contains(Duration.ofSeconds(10));
    assertThat(BACKOFF.next(6, Duration.ofMillis(50_001), HIGH)).isEqualTo(Optional.empty());
  }

  @Test
  void rejectsANonsenseSchedule() {
    assertThatThrownBy(
            () ->
                new Backoff(Duration.ofSeconds(5), 2, Duration.ofSeconds(1), Duration.ofMinutes(1)))
        .hasMessageContaining("initial");
    assertThatThrownBy(
            () ->
                new Backoff(
                    Duration.ofSeconds(1), 0.5, Duration.ofSeconds(2), Duration.ofMinutes(1)))
        .hasMessageContaining("factor");
  }
}
