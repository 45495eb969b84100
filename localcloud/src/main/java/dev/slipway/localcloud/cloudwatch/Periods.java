package dev.slipway.localcloud.cloudwatch;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * CloudWatch's rules for query periods, as the API reference gives them for {@code
 * MetricStat.Period}, {@code GetMetricStatistics Period} and {@code StartTime}
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricStat.html,
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricData.html):
 *
 * <ul>
 *   <li>a period is 1, 5, 10, 20, 30 or a multiple of 60 seconds; anything else is refused;
 *   <li>the start time is rounded down: to the minute when it is less than 15 days ago (to an even
 *       1-, 5-, 10-, 20- or 30-second division of the minute for those periods), to 5 minutes
 *       between 15 and 63 days ago, to the hour beyond;
 *   <li>a start time more than 3 hours ago needs a period that is a multiple of 60 (more than 15
 *       days ago: of 300, more than 63 days ago: of 3600), else no data point is returned (no
 *       error): sub-minute data is kept for 3 hours only.
 * </ul>
 *
 * <p>A sub-minute period is allowed on a standard-resolution metric too: its data points are stored
 * at the minute (see {@link LocalCloudWatch#putMetricData}), so such a query returns one data point
 * per minute with data, timestamped at the minute's start, and nothing for the other divisions of
 * the minute, which is what CloudWatch returns (its alarms note that a 10- or 30-second period on a
 * metric without sub-minute resolution only gets the attempts that correspond to a one-minute
 * resolution).
 */
final class Periods {
  private static final Duration THREE_HOURS = Duration.ofHours(3);
  private static final Duration FIFTEEN_DAYS = Duration.ofDays(15);
  private static final Duration SIXTY_THREE_DAYS = Duration.ofDays(63);

  private Periods() {}

  /**
   * What is wrong with a period, in CloudWatch's words for the parameter {@code parameter}, or
   * empty when the period is valid.
   */
  static Optional<String> problem(Integer period, String parameter) {
    if (period == null) {
      return Optional.of("The parameter " + parameter + " is required.");
    }
    int p = period;
    if (p == 1 || p == 5 || p == 10 || p == 20 || p == 30 || (p > 0 && p % 60 == 0)) {
      return Optional.empty();
    }
    if (p < 60) {
      return Optional.of(
          "The parameter " + parameter + " must be a value in the set [ 1, 5, 10, 20, 30 ].");
    }
    return Optional.of("The parameter " + parameter + " must be a multiple of 60.");
  }

  /** The start time as CloudWatch rounds it down for a query made at {@code now}. */
  static Instant alignedStart(Instant start, int periodSeconds, Instant now) {
    Duration age = Duration.between(start, now);
    long unit;
    if (age.compareTo(SIXTY_THREE_DAYS) > 0) {
      unit = 3600;
    } else if (age.compareTo(FIFTEEN_DAYS) > 0) {
      unit = 300;
    } else {
      unit = periodSeconds < 60 ? periodSeconds : 60;
    }
    long ms = unit * 1000L;
    return Instant.ofEpochMilli(Math.floorDiv(start.toEpochMilli(), ms) * ms);
  }

  /**
   * Whether data can be returned at this period for a start time this old: false means CloudWatch
   * returns no data points (the finer data has been rolled up).
   */
  static boolean retained(Instant start, int periodSeconds, Instant now) {
    Duration age = Duration.between(start, now);
    int multiple;
    if (age.compareTo(SIXTY_THREE_DAYS) > 0) {
      multiple = 3600;
    } else if (age.compareTo(FIFTEEN_DAYS) > 0) {
      multiple = 300;
    } else if (age.compareTo(THREE_HOURS) > 0) {
      multiple = 60;
    } else {
      multiple = 1;
    }
    return periodSeconds % multiple == 0;
  }

  /** Groups points into periods starting at {@code origin} (an aligned start time). */
  static TreeMap<Long, List<LocalCloudWatch.Point>> bucket(
      List<LocalCloudWatch.Point> points, Instant origin, int periodSeconds) {
    long period = periodSeconds * 1000L;
    long from = origin.toEpochMilli();
    TreeMap<Long, List<LocalCloudWatch.Point>> buckets = new TreeMap<>();
    for (LocalCloudWatch.Point p : points) {
      long bucket = from + Math.floorDiv(p.tsMs() - from, period) * period;
      buckets.computeIfAbsent(bucket, k -> new ArrayList<>()).add(p);
    }
    return buckets;
  }
}
