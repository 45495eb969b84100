package dev.slipway.localcloud.cloudwatch;

import dev.slipway.localcloud.protocol.AwsErrors;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** CloudWatch statistics over the points of one period. */
final class Statistics {
  private Statistics() {}

  static double compute(String stat, List<LocalCloudWatch.Point> points) {
    double sum = 0;
    double count = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (LocalCloudWatch.Point p : points) {
      sum += p.sum();
      count += p.count();
      min = Math.min(min, p.min());
      max = Math.max(max, p.max());
    }
    return switch (stat) {
      case "Sum" -> sum;
      case "SampleCount" -> count;
      case "Average" -> count == 0 ? 0 : sum / count;
      case "Minimum" -> min;
      case "Maximum" -> max;
      default -> {
        if (stat.matches("p\\d{1,2}(\\.\\d+)?")) {
          yield percentile(Double.parseDouble(stat.substring(1)), points);
        }
        throw AwsErrors.generic(
            400,
            "InvalidParameterValue",
            "Statistic '"
                + stat
                + "' is not supported in local mode; use Sum, Average, Minimum, Maximum, SampleCount"
                + " or pNN");
      }
    };
  }

  /** Nearest-rank percentile over samples weighted by their counts (sets count as their mean). */
  private static double percentile(double p, List<LocalCloudWatch.Point> points) {
    List<double[]> samples = new ArrayList<>();
    double total = 0;
    for (LocalCloudWatch.Point point : points) {
      double value = point.count() == 0 ? 0 : point.sum() / point.count();
      samples.add(new double[] {value, point.count()});
      total += point.count();
    }
    samples.sort(Comparator.comparingDouble(s -> s[0]));
    double rank = Math.ceil(p / 100.0 * total);
    double seen = 0;
    for (double[] s : samples) {
      seen += s[1];
      if (seen >= rank) {
        return s[0];
      }
    }
    return samples.isEmpty() ? 0 : samples.getLast()[0];
  }
}
