package dev.slipway.localcloud.cloudwatch;

import dev.slipway.localcloud.protocol.AwsErrors;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** Groups points into periods starting at the query's start time, as CloudWatch aligns them. */
final class Periods {
  private Periods() {}

  static TreeMap<Long, List<LocalCloudWatch.Point>> bucket(
      List<LocalCloudWatch.Point> points, Instant start, Integer periodSeconds) {
    if (periodSeconds == null || periodSeconds < 1) {
      throw AwsErrors.generic(
          400,
          "InvalidParameterValue",
          "The parameter Period must be a positive number of seconds");
    }
    long period = periodSeconds * 1000L;
    long origin = start.toEpochMilli();
    TreeMap<Long, List<LocalCloudWatch.Point>> buckets = new TreeMap<>();
    for (LocalCloudWatch.Point p : points) {
      long bucket = origin + Math.floorDiv(p.tsMs() - origin, period) * period;
      buckets.computeIfAbsent(bucket, k -> new ArrayList<>()).add(p);
    }
    return buckets;
  }
}
