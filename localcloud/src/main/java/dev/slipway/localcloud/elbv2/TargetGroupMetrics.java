package dev.slipway.localcloud.elbv2;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;
import software.amazon.awssdk.services.cloudwatch.model.StatisticSet;

/**
 * Turns HAProxy's cumulative per-server counters into per-period CloudWatch datapoints per target
 * group, the way ALB reports them in {@code AWS/ApplicationELB}: RequestCount,
 * HTTPCode_Target_5XX_Count and TargetResponseTime (seconds), with the {@code TargetGroup} + {@code
 * LoadBalancer} dimensions and the {@code TargetGroup}-only set.
 */
final class TargetGroupMetrics {
  static final String NAMESPACE = "AWS/ApplicationELB";

  /** Dimension values of one series. */
  record Series(String targetGroup, String loadBalancer) {}

  private static final class Totals {
    long requests;
    long errors;
    double responseMsSum;
  }

  private final Map<String, long[]> last = new HashMap<>();
  private final Map<Series, Totals> pending = new LinkedHashMap<>();

  /**
   * Adds what each known server served since the last observation. A counter lower than last time
   * means the server was re-created (counters start at 0), so its whole value is new.
   */
  synchronized void observe(HaproxyStats stats, Map<String, Series> seriesByServer) {
    for (var row : stats.rows()) {
      var series = seriesByServer.get(row.backend() + "/" + row.server());
      if (series == null) {
        continue;
      }
      var key = row.backend() + "/" + row.server();
      var prev = last.getOrDefault(key, new long[] {0, 0});
      var dReq = row.requests() >= prev[0] ? row.requests() - prev[0] : row.requests();
      var dErr = row.responses5xx() >= prev[1] ? row.responses5xx() - prev[1] : row.responses5xx();
      last.put(key, new long[] {row.requests(), row.responses5xx()});
      if (dReq == 0 && dErr == 0) {
        continue;
      }
      var t = pending.computeIfAbsent(series, s -> new Totals());
      t.requests += dReq;
      t.errors += dErr;
      t.responseMsSum += (double) row.rtimeMs() * dReq;
    }
  }

  /** Forgets a deleted server, so a later server of the same name counts from 0. */
  synchronized void forget(String backend, String server) {
    last.remove(backend + "/" + server);
  }

  /** The datapoints gathered since the last call, or nothing when no request was served. */
  synchronized Optional<PutMetricDataRequest> drain(Instant timestamp) {
    var data = new ArrayList<MetricDatum>();
    for (var e : pending.entrySet()) {
      var t = e.getValue();
      for (var dims : dimensionSets(e.getKey())) {
        data.add(count("RequestCount", dims, t.requests, timestamp));
        data.add(count("HTTPCode_Target_5XX_Count", dims, t.errors, timestamp));
        if (t.requests > 0) {
          var avg = t.responseMsSum / t.requests / 1000.0;
          data.add(
              MetricDatum.builder()
                  .metricName("TargetResponseTime")
                  .dimensions(dims)
                  .timestamp(timestamp)
                  .unit(StandardUnit.SECONDS)
                  .statisticValues(
                      StatisticSet.builder()
                          .sampleCount((double) t.requests)
                          .sum(avg * t.requests)
                          .minimum(avg)
                          .maximum(avg)
                          .build())
                  .build());
        }
      }
    }
    pending.clear();
    if (data.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        PutMetricDataRequest.builder().namespace(NAMESPACE).metricData(data).build());
  }

  private static List<List<Dimension>> dimensionSets(Series s) {
    var tg = Dimension.builder().name("TargetGroup").value(s.targetGroup()).build();
    var lb = Dimension.builder().name("LoadBalancer").value(s.loadBalancer()).build();
    return List.of(List.of(tg, lb), List.of(tg));
  }

  private static MetricDatum count(
      String name, List<Dimension> dims, long value, Instant timestamp) {
    return MetricDatum.builder()
        .metricName(name)
        .dimensions(dims)
        .timestamp(timestamp)
        .unit(StandardUnit.COUNT)
        .value((double) value)
        .build();
  }
}
