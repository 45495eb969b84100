package dev.slipway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.pipeline.FreezeCalendar.Freeze;
import dev.slipway.pipeline.model.FreezeMode;
import dev.slipway.pipeline.model.FreezeWindow;
import dev.slipway.pipeline.model.WeeklyTime;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class FreezeCalendarTest {
  private static final FreezeWindow BERLIN_WEEKEND =
      window(List.of("production"), "Fri 15:00", "Mon 08:00", "Europe/Berlin", FreezeMode.WAIT);
  private static final FreezeCalendar BERLIN = new FreezeCalendar(List.of(BERLIN_WEEKEND));

  static FreezeWindow window(
      List<String> envs, String start, String end, String zone, FreezeMode mode) {
    return new FreezeWindow(
        envs, WeeklyTime.parse(start), WeeklyTime.parse(end), zone, mode, "weekend");
  }

  @ParameterizedTest(name = "{0} frozen={1}")
  @CsvSource({
    // winter, CET = UTC+1: Fri 2026-01-09 15:00 local = 14:00Z
    "2026-01-09T13:59:59Z, false, ",
    "2026-01-09T14:00:00Z, true, 2026-01-12T07:00:00Z",
    "2026-01-10T12:00:00Z, true, 2026-01-12T07:00:00Z",
    "2026-01-11T23:30:00Z, true, 2026-01-12T07:00:00Z",
    "2026-01-12T06:59:59Z, true, 2026-01-12T07:00:00Z",
    "2026-01-12T07:00:00Z, false, ",
    "2026-01-14T10:00:00Z, false, ",
    // spring forward Sun 2026-03-29 02:00 CET -> 03:00 CEST: starts at 14:00Z, ends at 06:00Z
    "2026-03-27T13:59:00Z, false, ",
    "2026-03-27T14:00:00Z, true, 2026-03-30T06:00:00Z",
    "2026-03-29T01:30:00Z, true, 2026-03-30T06:00:00Z",
    "2026-03-30T05:59:00Z, true, 2026-03-30T06:00:00Z",
    "2026-03-30T06:00:00Z, false, ",
    // fall back Sun 2026-10-25 03:00 CEST -> 02:00 CET: starts at 13:00Z, ends at 07:00Z
    "2026-10-23T12:59:00Z, false, ",
    "2026-10-23T13:00:00Z, true, 2026-10-26T07:00:00Z",
    "2026-10-25T00:30:00Z, true, 2026-10-26T07:00:00Z",
    "2026-10-25T01:30:00Z, true, 2026-10-26T07:00:00Z",
    "2026-10-26T06:30:00Z, true, 2026-10-26T07:00:00Z",
    "2026-10-26T07:00:00Z, false, "
  })
  void berlinWeekendFreezeFollowsDaylightSavingTime(Instant now, boolean frozen, Instant endsAt) {
    assertThat(BERLIN.isFrozen("production", now)).isEqualTo(frozen);
    assertThat(BERLIN.freezeAt("production", now).map(Freeze::endsAt).orElse(null))
        .isEqualTo(endsAt);
  }

  @Test
  void otherEnvironmentsAreNotFrozen() {
    Instant saturday = Instant.parse("2026-01-10T12:00:00Z");

    assertThat(BERLIN.isFrozen("staging", saturday)).isFalse();
    assertThat(new FreezeCalendar(List.of()).isFrozen("production", saturday)).isFalse();
  }

  @Test
  void windowWithoutEnvironmentsAppliesToAll() {
    var calendar =
        new FreezeCalendar(
            List.of(window(List.of(), "Fri 15:00", "Mon 08:00", "Europe/Berlin", null)));

    assertThat(calendar.isFrozen("staging", Instant.parse("2026-01-10T12:00:00Z"))).isTrue();
  }

  @ParameterizedTest(name = "{0} frozen={1}")
  @CsvSource({
    // overnight window Sat 22:00 -> Sun 06:00 New York across spring forward (Sun 2026-03-08
    // 02:00 EST -> 03:00 EDT): 22:00 EST = 03:00Z, 06:00 EDT = 10:00Z: 7 real hours, not 8
    "2026-03-08T02:59:00Z, false, ",
    "2026-03-08T03:00:00Z, true, 2026-03-08T10:00:00Z",
    "2026-03-08T09:59:00Z, true, 2026-03-08T10:00:00Z",
    "2026-03-08T10:00:00Z, false, ",
    // across fall back (Sun 2026-11-01 02:00 EDT -> 01:00 EST): 22:00 EDT = 02:00Z, 06:00 EST
    // = 11:00Z: 9 real hours
    "2026-11-01T01:59:00Z, false, ",
    "2026-11-01T02:00:00Z, true, 2026-11-01T11:00:00Z",
    "2026-11-01T10:30:00Z, true, 2026-11-01T11:00:00Z",
    "2026-11-01T11:00:00Z, false, "
  })
  void newYorkOvernightFreezeAcrossDstSwitches(Instant now, boolean frozen, Instant endsAt) {
    var calendar =
        new FreezeCalendar(
            List.of(window(List.of(), "Sat 22:00", "Sun 06:00", "America/New_York", null)));

    assertThat(calendar.freezeAt("production", now).map(Freeze::endsAt).orElse(null))
        .isEqualTo(endsAt);
    assertThat(calendar.isFrozen("production", now)).isEqualTo(frozen);
  }

  @Test
  void boundaryInsideTheSpringForwardGapIsTheJumpItself() {
    // Sun 2026-03-08 02:30 does not exist in New York; the clock jumps 02:00 EST -> 03:00 EDT
    var calendar =
        new FreezeCalendar(
            List.of(window(List.of(), "Sun 02:30", "Sun 04:00", "America/New_York", null)));

    assertThat(calendar.isFrozen("p", Instant.parse("2026-03-08T06:59:59Z"))).isFalse();
    assertThat(calendar.isFrozen("p", Instant.parse("2026-03-08T07:00:00Z"))).isTrue();
    assertThat(calendar.freezeAt("p", Instant.parse("2026-03-08T07:00:00Z")).get().endsAt())
        .isEqualTo(Instant.parse("2026-03-08T08:00:00Z"));
  }

  @Test
  void boundaryInsideTheFallBackOverlapIsItsFirstOccurrence() {
    // Sun 2026-11-01 01:30 happens twice in New York (05:30Z EDT, then 06:30Z EST)
    var calendar =
        new FreezeCalendar(
            List.of(window(List.of(), "Sun 00:00", "Sun 01:30", "America/New_York", null)));

    assertThat(calendar.freezeAt("p", Instant.parse("2026-11-01T05:00:00Z")).get().endsAt())
        .isEqualTo(Instant.parse("2026-11-01T05:30:00Z"));
    assertThat(calendar.isFrozen("p", Instant.parse("2026-11-01T06:15:00Z"))).isFalse();
  }

  @Test
  void windowWrappingTheWeekBoundary() {
    var calendar =
        new FreezeCalendar(List.of(window(List.of(), "Sun 22:00", "Mon 02:00", "UTC", null)));

    assertThat(calendar.isFrozen("p", Instant.parse("2026-01-04T21:59:00Z"))).isFalse();
    assertThat(calendar.isFrozen("p", Instant.parse("2026-01-04T23:00:00Z"))).isTrue();
    assertThat(calendar.isFrozen("p", Instant.parse("2026-01-05T01:00:00Z"))).isTrue();
    assertThat(calendar.isFrozen("p", Instant.parse("2026-01-05T02:00:00Z"))).isFalse();
  }

  @Test
  void backToBackWindowsJoinAndTheStricterModeWins() {
    var calendar =
        new FreezeCalendar(
            List.of(
                window(List.of(), "Fri 15:00", "Sat 00:00", "UTC", FreezeMode.WAIT),
                window(List.of(), "Sat 00:00", "Mon 08:00", "UTC", FreezeMode.REFUSE)));

    Freeze freeze = calendar.freezeAt("p", Instant.parse("2026-01-09T16:00:00Z")).orElseThrow();

    assertThat(freeze.endsAt()).isEqualTo(Instant.parse("2026-01-12T08:00:00Z"));
    assertThat(freeze.mode()).isEqualTo(FreezeMode.REFUSE);
    assertThat(freeze.reason()).contains("Fri 15:00 → Sat 00:00 UTC until 2026-01-12T08:00:00Z");
  }

  @Test
  void overlappingWindowsEndWithTheLaterOne() {
    var calendar =
        new FreezeCalendar(
            List.of(
                window(List.of(), "Fri 15:00", "Mon 08:00", "UTC", null),
                window(List.of(), "Sun 12:00", "Tue 08:00", "UTC", null)));

    assertThat(calendar.freezeAt("p", Instant.parse("2026-01-10T12:00:00Z")).get().endsAt())
        .isEqualTo(Instant.parse("2026-01-13T08:00:00Z"));
  }

  @Test
  void windowsCoveringTheWholeWeekAreReported() {
    var calendar =
        new FreezeCalendar(
            List.of(
                window(List.of(), "Mon 00:00", "Thu 00:00", "UTC", null),
                window(List.of(), "Thu 00:00", "Mon 00:00", "UTC", null)));

    assertThatThrownBy(() -> calendar.freezeAt("p", Instant.parse("2026-01-10T12:00:00Z")))
        .hasMessageContaining("leave time to deploy");
  }

  static Stream<Instant> randomInstants() {
    // seed 424242: instants spread over 2026, both DST switches included
    var random = new Random(424242L);
    long from = Instant.parse("2026-01-01T00:00:00Z").getEpochSecond();
    return IntStream.range(0, 400)
        .mapToObj(i -> Instant.ofEpochSecond(from + random.nextLong(365L * 24 * 3600)));
  }

  @ParameterizedTest
  @MethodSource("randomInstants")
  void agreesWithTheLocalWallClockAndEndsExactlyAtMondayEight(Instant now) {
    ZoneId berlin = ZoneId.of("Europe/Berlin");
    ZonedDateTime local = now.atZone(berlin);
    int minute = new WeeklyTime(local.getDayOfWeek(), local.toLocalTime()).minuteOfWeek();
    boolean inWindow =
        minute >= BERLIN_WEEKEND.start().minuteOfWeek()
            || minute < BERLIN_WEEKEND.end().minuteOfWeek();

    assertThat(BERLIN.isFrozen("production", now)).isEqualTo(inWindow);
    BERLIN
        .freezeAt("production", now)
        .ifPresent(
            freeze -> {
              ZonedDateTime end = freeze.endsAt().atZone(berlin);
              assertThat(end.getDayOfWeek()).isEqualTo(java.time.DayOfWeek.MONDAY);
              assertThat(end.toLocalTime()).isEqualTo(java.time.LocalTime.of(8, 0));
              assertThat(Duration.between(now, freeze.endsAt()))
                  .isPositive()
                  .isLessThan(Duration.ofHours(66));
              assertThat(BERLIN.isFrozen("production", freeze.endsAt())).isFalse();
              assertThat(BERLIN.isFrozen("production", freeze.endsAt().minusSeconds(1))).isTrue();
            });
  }
}
