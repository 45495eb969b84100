package dev.slipway.pipeline;

import dev.slipway.pipeline.model.FreezeMode;
import dev.slipway.pipeline.model.FreezeWindow;
import dev.slipway.pipeline.model.WeeklyTime;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.util.List;
import java.util.Optional;

/**
 * Answers "is this environment frozen now, and until when" from weekly freeze windows kept in local
 * wall-clock time, so a window follows daylight saving time.
 *
 * <p>A window boundary is the first instant the zone's wall clock reads that day and time; when a
 * spring-forward jump skips that time, the boundary is the jump itself (the clock is then already
 * past it). Windows may span midnight and weekends ({@code Fri 15:00 → Mon 08:00}); back-to-back
 * windows join into one freeze.
 */
public final class FreezeCalendar {
  /** More chained windows than this means a window list that freezes forever. */
  private static final int MAX_CHAINED_WINDOWS = 16;

  private final List<FreezeWindow> windows;

  public FreezeCalendar(List<FreezeWindow> windows) {
    this.windows = List.copyOf(windows);
  }

  /** An active freeze: when it ends and what a deploy should do meanwhile. */
  public record Freeze(Instant endsAt, FreezeMode mode, String reason) {}

  /** Whether a deploy to the environment is frozen at the instant. */
  public boolean isFrozen(String environment, Instant now) {
    return freezeAt(environment, now).isPresent();
  }

  /** The freeze in force for the environment at the instant, if any. */
  public Optional<Freeze> freezeAt(String environment, Instant now) {
    Optional<Active> active = activeAt(environment, now);
    if (active.isEmpty()) {
      return Optional.empty();
    }
    FreezeWindow first = active.get().window();
    FreezeMode mode = first.mode();
    Instant endsAt = active.get().endsAt();
    for (int chained = 1; ; chained++) {
      Optional<Active> next = activeAt(environment, endsAt);
      if (next.isEmpty()) {
        return Optional.of(freeze(first, endsAt, mode));
      }
      if (chained >= MAX_CHAINED_WINDOWS) {
        throw new IllegalStateException(
            "freeze windows for "
                + environment
                + " chain into more than "
                + MAX_CHAINED_WINDOWS
                + " windows in a row; leave time to deploy");
      }
      mode = stricter(mode, next.get().window().mode());
      endsAt = next.get().endsAt();
    }
  }

  private static Freeze freeze(FreezeWindow window, Instant endsAt, FreezeMode mode) {
    String text =
        "deploy freeze "
            + window.start()
            + " → "
            + window.end()
            + " "
            + window.timeZone()
            + " until "
            + endsAt
            + (window.reason() == null ? "" : " (" + window.reason() + ")");
    return new Freeze(endsAt, mode, text);
  }

  private static FreezeMode stricter(FreezeMode a, FreezeMode b) {
    return a == FreezeMode.REFUSE || b == FreezeMode.REFUSE ? FreezeMode.REFUSE : FreezeMode.WAIT;
  }

  private record Active(FreezeWindow window, Instant endsAt) {}

  /** The applicable window containing the instant that ends last, if any. */
  private Optional<Active> activeAt(String environment, Instant now) {
    Active latest = null;
    for (FreezeWindow window : windows) {
      if (!window.appliesTo(environment)) {
        continue;
      }
      Instant start = lastBoundaryAtOrBefore(window.start(), window.zone(), now);
      Instant end = firstBoundaryAfter(window.end(), window.zone(), start);
      if (now.isBefore(end) && (latest == null || end.isAfter(latest.endsAt()))) {
        latest = new Active(window, end);
      }
    }
    return Optional.ofNullable(latest);
  }

  private static Instant lastBoundaryAtOrBefore(WeeklyTime time, ZoneId zone, Instant now) {
    LocalDate today = now.atZone(zone).toLocalDate();
    for (int back = 0; back <= 14; back++) {
      LocalDate day = today.minusDays(back);
      if (day.getDayOfWeek() == time.day()) {
        Instant boundary = boundary(day.atTime(time.time()), zone);
        if (!boundary.isAfter(now)) {
          return boundary;
        }
      }
    }
    throw new IllegalStateException("no " + time + " in the two weeks before " + now);
  }

  private static Instant firstBoundaryAfter(WeeklyTime time, ZoneId zone, Instant after) {
    LocalDate first = after.atZone(zone).toLocalDate();
    for (int ahead = 0; ahead <= 14; ahead++) {
      LocalDate day = first.plusDays(ahead);
      if (day.getDayOfWeek() == time.day()) {
        Instant boundary = boundary(day.atTime(time.time()), zone);
        if (boundary.isAfter(after)) {
          return boundary;
        }
      }
    }
    throw new IllegalStateException("no " + time + " in the two weeks after " + after);
  }

  /** The first instant the wall clock reads {@code local}, or the jump that skips it. */
  static Instant boundary(LocalDateTime local, ZoneId zone) {
    ZoneOffsetTransition transition = zone.getRules().getTransition(local);
    if (transition != null && transition.isGap()) {
      return transition.getInstant();
    }
    // in an overlap (clocks go back) the earlier offset is the first time the clock reads local
    return local.atZone(zone).withEarlierOffsetAtOverlap().toInstant();
  }
}
