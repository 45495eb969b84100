package dev.slipway.pipeline.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.time.format.TextStyle;
import java.util.Locale;

/** A wall-clock time in a week, written {@code "Fri 15:00"}; its zone comes from its window. */
public record WeeklyTime(DayOfWeek day, LocalTime time) implements Comparable<WeeklyTime> {

  public WeeklyTime {
    Fields.required("day", day);
    Fields.required("time", time);
  }

  /** Parses {@code "<Mon|Tue|…|Sun> HH:mm"} (day names case-insensitive, 3 letters or full). */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static WeeklyTime parse(String text) {
    String[] parts = text == null ? new String[0] : text.trim().split("\\s+");
    if (parts.length != 2) {
      throw notAWeeklyTime(text);
    }
    DayOfWeek day = dayOf(parts[0]);
    if (day == null) {
      throw notAWeeklyTime(text);
    }
    try {
      return new WeeklyTime(day, LocalTime.parse(parts[1]));
    } catch (DateTimeParseException e) {
      throw notAWeeklyTime(text);
    }
  }

  private static DayOfWeek dayOf(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    for (DayOfWeek day : DayOfWeek.values()) {
      String full = day.name().toLowerCase(Locale.ROOT);
      if (lower.equals(full) || lower.equals(full.substring(0, 3))) {
        return day;
      }
    }
    return null;
  }

  private static IllegalArgumentException notAWeeklyTime(String text) {
    return new IllegalArgumentException(
        "'" + text + "' is not a weekly time like 'Fri 15:00' (day Mon..Sun, 24-hour HH:mm)");
  }

  @JsonValue
  @Override
  public String toString() {
    return day.getDisplayName(TextStyle.SHORT, Locale.ROOT) + " " + time;
  }

  /** Minutes since Monday 00:00, for ordering within a week. */
  public int minuteOfWeek() {
    return (day.getValue() - 1) * 24 * 60 + time.getHour() * 60 + time.getMinute();
  }

  @Override
  public int compareTo(WeeklyTime other) {
    return Integer.compare(minuteOfWeek(), other.minuteOfWeek());
  }
}
