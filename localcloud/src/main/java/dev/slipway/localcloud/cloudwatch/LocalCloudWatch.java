package dev.slipway.localcloud.cloudwatch;

import dev.slipway.localcloud.protocol.AwsErrors;
import dev.slipway.localcloud.server.StateDatabase;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.cloudwatch.model.Datapoint;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricStatisticsRequest;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricStatisticsResponse;
import software.amazon.awssdk.services.cloudwatch.model.ListMetricsRequest;
import software.amazon.awssdk.services.cloudwatch.model.ListMetricsResponse;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;
import software.amazon.awssdk.services.cloudwatch.model.StatisticSet;

/**
 * CloudWatch metrics: data points kept in the state database, aggregated per period on read (Sum,
 * Average, Minimum, Maximum, SampleCount, pNN). The load balancer's per-target-group stats land
 * here through PutMetricData like any other publisher.
 */
public final class LocalCloudWatch {
  private final StateDatabase db;
  private final Clock clock;

  /** Uses the given database and clock. */
  public LocalCloudWatch(StateDatabase db, Clock clock) {
    this.db = db;
    this.clock = clock;
    db.schema(
        "CREATE TABLE IF NOT EXISTS cw_points (namespace TEXT NOT NULL, name TEXT NOT NULL,"
            + " dims TEXT NOT NULL, ts_ms INTEGER NOT NULL, sum REAL, count REAL, min REAL,"
            + " max REAL, unit TEXT)",
        "CREATE INDEX IF NOT EXISTS cw_points_metric ON cw_points (namespace, name, dims, ts_ms)");
  }

  public PutMetricDataResponse putMetricData(PutMetricDataRequest r) {
    String namespace = AwsErrors.required(r.namespace(), "namespace");
    List<Point> points = new ArrayList<>();
    for (MetricDatum d : r.metricData()) {
      String name = AwsErrors.required(d.metricName(), "metricData.member.metricName");
      String dims = Dimensions.key(d.dimensions());
      long ts = (d.timestamp() == null ? clock.instant() : d.timestamp()).toEpochMilli();
      points.addAll(Point.of(namespace, name, dims, ts, d));
    }
    db.transaction(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement("INSERT INTO cw_points VALUES (?,?,?,?,?,?,?,?,?)")) {
            for (Point p : points) {
              s.setString(1, p.namespace());
              s.setString(2, p.name());
              s.setString(3, p.dims());
              s.setLong(4, p.tsMs());
              s.setDouble(5, p.sum());
              s.setDouble(6, p.count());
              s.setDouble(7, p.min());
              s.setDouble(8, p.max());
              s.setString(9, p.unit());
              s.addBatch();
            }
            return s.executeBatch();
          }
        });
    return PutMetricDataResponse.builder().build();
  }

  public GetMetricDataResponse getMetricData(GetMetricDataRequest r) {
    Instant start = AwsErrors.required(r.startTime(), "startTime");
    Instant end = AwsErrors.required(r.endTime(), "endTime");
    List<MetricDataResult> results = new ArrayList<>();
    for (MetricDataQuery q : r.metricDataQueries()) {
      if (q.metricStat() == null) {
        throw AwsErrors.generic(
            400,
            "InvalidParameterValue",
            "Query "
                + q.id()
                + ": metric math expressions are not supported in local mode; use MetricStat");
      }
      var stat = q.metricStat();
      List<Point> points =
          load(
              stat.metric().namespace(),
              stat.metric().metricName(),
              Dimensions.key(stat.metric().dimensions()),
              start,
              end);
      TreeMap<Long, List<Point>> buckets = Periods.bucket(points, start, stat.period());
      List<Instant> timestamps = new ArrayList<>();
      List<Double> values = new ArrayList<>();
      var entries = new ArrayList<>(buckets.entrySet());
      if (r.scanBy() != ScanBy.TIMESTAMP_ASCENDING) {
        entries.sort(Map.Entry.<Long, List<Point>>comparingByKey().reversed());
      }
      for (var e : entries) {
        timestamps.add(Instant.ofEpochMilli(e.getKey()));
        values.add(Statistics.compute(stat.stat(), e.getValue()));
      }
      if (q.returnData() == null || q.returnData()) {
        results.add(
            MetricDataResult.builder()
                .id(q.id())
                .label(q.label() != null ? q.label() : stat.metric().metricName())
                .timestamps(timestamps)
                .values(values)
                .statusCode("Complete")
                .build());
      }
    }
    return GetMetricDataResponse.builder().metricDataResults(results).build();
  }

  public GetMetricStatisticsResponse getMetricStatistics(GetMetricStatisticsRequest r) {
    List<Point> points =
        load(
            r.namespace(),
            r.metricName(),
            Dimensions.key(r.dimensions()),
            r.startTime(),
            r.endTime());
    List<Datapoint> datapoints = new ArrayList<>();
    for (var e : Periods.bucket(points, r.startTime(), r.period()).entrySet()) {
      Datapoint.Builder d = Datapoint.builder().timestamp(Instant.ofEpochMilli(e.getKey()));
      for (String s : r.statisticsAsStrings()) {
        double v = Statistics.compute(s, e.getValue());
        switch (s) {
          case "Sum" -> d.sum(v);
          case "Average" -> d.average(v);
          case "Minimum" -> d.minimum(v);
          case "Maximum" -> d.maximum(v);
          case "SampleCount" -> d.sampleCount(v);
          default -> {}
        }
      }
      datapoints.add(d.build());
    }
    datapoints.sort(Comparator.comparing(Datapoint::timestamp));
    return GetMetricStatisticsResponse.builder()
        .label(r.metricName())
        .datapoints(datapoints)
        .build();
  }

  public ListMetricsResponse listMetrics(ListMetricsRequest r) {
    List<Metric> metrics =
        db.transaction(
            c -> {
              List<Metric> out = new ArrayList<>();
              try (PreparedStatement s =
                      c.prepareStatement(
                          "SELECT DISTINCT namespace, name, dims FROM cw_points ORDER BY 1,2,3");
                  ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                  out.add(
                      Metric.builder()
                          .namespace(rs.getString(1))
                          .metricName(rs.getString(2))
                          .dimensions(Dimensions.parse(rs.getString(3)))
                          .build());
                }
              }
              return out;
            });
    return ListMetricsResponse.builder()
        .metrics(
            metrics.stream()
                .filter(m -> r.namespace() == null || r.namespace().equals(m.namespace()))
                .filter(m -> r.metricName() == null || r.metricName().equals(m.metricName()))
                .toList())
        .build();
  }

  private List<Point> load(String namespace, String name, String dims, Instant start, Instant end) {
    return db.transaction(
        c -> {
          List<Point> out = new ArrayList<>();
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT ts_ms, sum, count, min, max, unit FROM cw_points WHERE namespace=? AND"
                      + " name=? AND dims=? AND ts_ms>=? AND ts_ms<?")) {
            s.setString(1, namespace);
            s.setString(2, name);
            s.setString(3, dims);
            s.setLong(4, start.toEpochMilli());
            s.setLong(5, end.toEpochMilli());
            try (ResultSet rs = s.executeQuery()) {
              while (rs.next()) {
                out.add(
                    new Point(
                        namespace,
                        name,
                        dims,
                        rs.getLong(1),
                        rs.getDouble(2),
                        rs.getDouble(3),
                        rs.getDouble(4),
                        rs.getDouble(5),
                        rs.getString(6)));
              }
            }
          }
          return out;
        });
  }

  /** One stored sample (or statistic set) of a metric. */
  record Point(
      String namespace,
      String name,
      String dims,
      long tsMs,
      double sum,
      double count,
      double min,
      double max,
      String unit) {

    static List<Point> of(String ns, String name, String dims, long ts, MetricDatum d) {
      String unit = d.unitAsString();
      List<Point> out = new ArrayList<>();
      if (d.value() != null) {
        out.add(new Point(ns, name, dims, ts, d.value(), 1, d.value(), d.value(), unit));
      }
      for (int i = 0; i < d.values().size(); i++) {
        double v = d.values().get(i);
        double n = i < d.counts().size() ? d.counts().get(i) : 1;
        out.add(new Point(ns, name, dims, ts, v * n, n, v, v, unit));
      }
      StatisticSet s = d.statisticValues();
      if (s != null) {
        out.add(
            new Point(
                ns, name, dims, ts, s.sum(), s.sampleCount(), s.minimum(), s.maximum(), unit));
      }
      return out;
    }
  }

  /** Canonical dimension keys: sorted {@code name=value} pairs. */
  static final class Dimensions {
    private Dimensions() {}

    static String key(List<Dimension> dims) {
      TreeMap<String, String> sorted = new TreeMap<>();
      for (Dimension d : dims) {
        sorted.put(d.name(), d.value());
      }
      StringBuilder out = new StringBuilder();
      sorted.forEach(
          (k, v) -> out.append(out.isEmpty() ? "" : "\n").append(k).append('=').append(v));
      return out.toString();
    }

    static List<Dimension> parse(String key) {
      List<Dimension> out = new ArrayList<>();
      if (key.isEmpty()) {
        return out;
      }
      for (String pair : key.split("\n")) {
        int eq = pair.indexOf('=');
        out.add(
            Dimension.builder().name(pair.substring(0, eq)).value(pair.substring(eq + 1)).build());
      }
      return out;
    }
  }
}
