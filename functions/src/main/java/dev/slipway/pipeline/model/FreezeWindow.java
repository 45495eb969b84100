package dev.slipway.pipeline.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;

/**
 * A weekly deploy freeze, e.g. {@code Fri 15:00 → Mon 08:00 Europe/Berlin}, in local wall-clock
 * time of an IANA zone (so it follows daylight saving time).
 *
 * @param environments the environments it applies to; empty means all
 */
public record FreezeWindow(
    @JsonProperty("environments") List<String> environments,
    @JsonProperty("start") WeeklyTime start,
    @JsonProperty("end") WeeklyTime end,
    @JsonProperty("timeZone") String timeZone,
    @JsonProperty("mode") FreezeMode mode,
    @JsonProperty("reason") String reason) {

  public FreezeWindow {
    environments = Fields.list(environments);
    Fields.required("start", start);
    Fields.required("end", end);
    Fields.text("timeZone", timeZone);
    try {
      ZoneId.of(timeZone);
    } catch (DateTimeException e) {
      throw new InvalidFieldException(
          "timeZone", "'" + timeZone + "' is not an IANA time zone id such as Europe/Berlin");
    }
    if (start.equals(end)) {
      throw new InvalidFieldException(
          "end", "equals start (" + start + "); a freeze window needs a non-zero length");
    }
    mode = mode == null ? FreezeMode.WAIT : mode;
  }

  /** The window's zone. */
  public ZoneId zone() {
    return ZoneId.of(timeZone);
  }

  /** Whether this window applies to the environment. */
  public boolean appliesTo(String environment) {
    return environments.isEmpty() || environments.contains(environment);
  }
}
