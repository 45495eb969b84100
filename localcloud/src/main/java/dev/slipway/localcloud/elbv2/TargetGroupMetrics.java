package dev.slipway.localcloud.elbv2;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;
import software.amazon.awssdk.services.cloudwatch.model.StatisticSet;

/**
 * Turns HAProxy's cumulative per-server counters and the targets' health into the per-minute
 * datapoints an Application Load Balancer reports per target group in {@code AWS/ApplicationELB}
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html):
 *
 * <ul>
 *   <li>RequestCount (Sum), HTTPCode_Target_5XX_Count (Sum) and TargetResponseTime (seconds, a
 *       statistic set so Average, Minimum and Maximum work), with the {TargetGroup, LoadBalancer}
 *       and {TargetGroup} dimension sets;
 *   <li>TargetConnectionErrorCount (Sum: requests the load balancer could not connect to a target
 *       for, such as a crashed task; HAProxy's connection errors), with {TargetGroup,
 *       LoadBalancer};
 *   <li>HealthyHostCount and UnHealthyHostCount (statistic sets of the samples taken during the
 *       minute: Average, Minimum, Maximum), with {TargetGroup, LoadBalancer}, every minute the
 *       target group is routed to.
 * </ul>
 *
 * <p>Each datapoint is standard resolution, timestamped at its calendar minute's start. As on AWS,
 * a metric is only reported with a nonzero value: a minute without requests has no RequestCount,
 * HTTPCode_Target_5XX_Count or TargetResponseTime datapoint, a minute without 5xx answers no
 * HTTPCode_Target_5XX_Count. A minute is handed out for publication only once it has ended and the
 * publication delay has passed, so nothing of it is visible in CloudWatch before AWS would show it.
 */
final class TargetGroupMetrics {
  static final String NAMESPACE = "AWS/ApplicationELB";

  /** Data per PutMetricData request (CloudWatch's limit). */
  static final int MAX_DATA_PER_REQUEST = 1000;

  /** Dimension values of one series. */
  record Series(String targetGroup, String loadBalancer) {}

  /** What one series gathered in one minute. */
  private static final class Minute {
    long requests;
    long errors5xx;
    long connectionErrors;
    double responseSecondsSum;
    double responseMin = Double.POSITIVE_INFINITY;
    double responseMax = Double.NEGATIVE_INFINITY;
    final HostSamples healthy = new HostSamples();
    final HostSamples unhealthy = new HostSamples();
  }

  /** Host counts sampled during a minute. */
  private static final class HostSamples {
    int samples;
    double sum;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;

    void add(int count) {
      samples++;
      sum += count;
      min = Math.min(min, count);
      max = Math.max(max, count);
    }
  }

  private final Map<String, long[]> last = new HashMap<>();
  private final TreeMap<Instant, Map<Series, Minute>> minutes = new TreeMap<>();

  /**
   * Adds what each known server served since the last observation to the minute of {@code at}. A
   * counter lower than last time means the server was re-created (counters start at 0), so its
   * whole value is new.
   */
  synchronized void observe(HaproxyStats stats, Map<String, Series> seriesByServer, Instant at) {
    for (var row : stats.rows()) {
      var key = row.backend() + "/" + row.server();
      var series = seriesByServer.get(key);
      if (series == null) {
        continue;
      }
      var prev = last.getOrDefault(key, new long[] {0, 0, 0});
      var dReq = delta(row.requests(), prev[0]);
      var dErr = delta(row.responses5xx(), prev[1]);
      var dCon = delta(row.connectionErrors(), prev[2]);
      last.put(key, new long[] {row.requests(), row.responses5xx(), row.connectionErrors()});
      if (dReq == 0 && dErr == 0 && dCon == 0) {
        continue;
      }
      var m = minute(series, at);
      m.requests += dReq;
      m.errors5xx += dErr;
      m.connectionErrors += dCon;
      if (dReq > 0) {
        var seconds = row.rtimeMs() / 1000.0;
        m.responseSecondsSum += seconds * dReq;
        m.responseMin = Math.min(m.responseMin, seconds);
        m.responseMax = Math.max(m.responseMax, seconds);
      }
    }
  }

  /** Samples the healthy and unhealthy target counts of each routed series at {@code at}. */
  synchronized void observeHealth(Map<Series, int[]> healthyUnhealthy, Instant at) {
    healthyUnhealthy.forEach(
        (series, counts) -> {
          var m = minute(series, at);
          m.healthy.add(counts[0]);
          m.unhealthy.add(counts[1]);
        });
  }

  /** Forgets a deleted server, so a later server of the same name counts from 0. */
  synchronized void forget(String backend, String server) {
    last.remove(backend + "/" + server);
  }

  /**
   * The datapoints of the minutes that ended at least {@code delay} before {@code now}, removed
   * from what is gathered; empty when there is nothing to publish.
   */
  synchronized List<PutMetricDataRequest> drainPublishable(Instant now, Duration delay) {
    var due = new ArrayList<MetricDatum>();
    while (!minutes.isEmpty()) {
      var first = minutes.firstKey();
      if (now.isBefore(first.plusSeconds(60).plus(delay))) {
        break;
      }
      data(first, minutes.pollFirstEntry().getValue(), due);
    }
    return requests(due);
  }

  /** Every datapoint gathered so far, the current minute's included (at shutdown). */
  synchronized List<PutMetricDataRequest> drainAll() {
    var all = new ArrayList<MetricDatum>();
    while (!minutes.isEmpty()) {
      var e = minutes.pollFirstEntry();
      data(e.getKey(), e.getValue(), all);
    }
    return requests(all);
  }

  private Minute minute(Series series, Instant at) {
    return minutes
        .computeIfAbsent(at.truncatedTo(ChronoUnit.MINUTES), k -> new LinkedHashMap<>())
        .computeIfAbsent(series, s -> new Minute());
  }

  private static long delta(long now, long before) {
    return now >= before ? now - before : now;
  }

  private static void data(Instant minute, Map<Series, Minute> bySeries, List<MetricDatum> out) {
    bySeries.forEach(
        (series, m) -> {
          var tg = Dimension.builder().name("TargetGroup").value(series.targetGroup()).build();
          var lb = Dimension.builder().name("LoadBalancer").value(series.loadBalancer()).build();
          var both = List.of(tg, lb);
          var each = List.of(both, List.of(tg));
          for (var dims : each) {
            if (m.requests > 0) {
              out.add(count("RequestCount", dims, m.requests, minute));
              out.add(
                  set(
                      "TargetResponseTime",
                      dims,
                      StandardUnit.SECONDS,
                      m.requests,
                      m.responseSecondsSum,
                      m.responseMin,
                      m.responseMax,
                      minute));
            }
            if (m.errors5xx > 0) {
              out.add(count("HTTPCode_Target_5XX_Count", dims, m.errors5xx, minute));
            }
          }
          if (m.connectionErrors > 0) {
            out.add(count("TargetConnectionErrorCount", both, m.connectionErrors, minute));
          }
          if (m.healthy.samples > 0) {
            out.add(hosts("HealthyHostCount", both, m.healthy, minute));
            out.add(hosts("UnHealthyHostCount", both, m.unhealthy, minute));
          }
        });
  }

  private static List<PutMetricDataRequest> requests(List<MetricDatum> data) {
    var out = new ArrayList<PutMetricDataRequest>();
    for (int i = 0; i < data.size(); i += MAX_DATA_PER_REQUEST) {
      out.add(
          PutMetricDataRequest.builder()
              .namespace(NAMESPACE)
              .metricData(data.subList(i, Math.min(data.size(), i + MAX_DATA_PER_REQUEST)))
              .build());
    }
    return out;
  }

  private static MetricDatum count(
      String name, List<Dimension> dims, long value, Instant timestamp) {
    return MetricDatum.builder()
        .metricName(name)
        .dimensions(dims)
        .timestamp(timestamp)
        .storageResolution(60)
        .unit(StandardUnit.COUNT)
        .value((double) value)
        .build();
  }

  private static MetricDatum hosts(
      String name, List<Dimension> dims, HostSamples s, Instant timestamp) {
    return set(name, dims, StandardUnit.COUNT, s.samples, s.sum, s.min, s.max, timestamp);
  }

  private static MetricDatum set(
      String name,
      List<Dimension> dims,
      StandardUnit unit,
      double samples,
      double sum,
      double min,
      double max,
      Instant timestamp) {
    return MetricDatum.builder()
        .metricName(name)
        .dimensions(dims)
        .timestamp(timestamp)
        .storageResolution(60)
        .unit(unit)
        .statisticValues(
            StatisticSet.builder().sampleCount(samples).sum(sum).minimum(min).maximum(max).build())
        .build();
  }
}
