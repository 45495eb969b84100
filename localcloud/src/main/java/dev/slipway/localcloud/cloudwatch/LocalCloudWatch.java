package dev.slipway.localcloud.cloudwatch;

import dev.slipway.localcloud.protocol.AwsErrors;
import dev.slipway.localcloud.server.StateDatabase;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
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
import software.amazon.awssdk.services.cloudwatch.model.InvalidParameterCombinationException;
import software.amazon.awssdk.services.cloudwatch.model.InvalidParameterValueException;
import software.amazon.awssdk.services.cloudwatch.model.ListMetricsRequest;
import software.amazon.awssdk.services.cloudwatch.model.ListMetricsResponse;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.MissingRequiredParameterException;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;
import software.amazon.awssdk.services.cloudwatch.model.StatisticSet;

/**
 * CloudWatch metrics: data points kept in the state database, aggregated per period on read (Sum,
 * Average, Minimum, Maximum, SampleCount, pNN). The load balancer's per-target-group stats land
 * here through PutMetricData like any other publisher. Storage resolution, periods, start-time
 * rounding and the validation of requests follow CloudWatch's rules ({@link MetricDataRules},
 * {@link Periods}).
 */
public final class LocalCloudWatch {
  /** The most data points one GetMetricStatistics call returns. */
  static final int MAX_STATISTICS_DATAPOINTS = 1440;

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

  /**
   * Stores the data as CloudWatch does: a datum with {@code StorageResolution} 1 is kept at the
   * second (its timestamp truncated to the second), one with 60 or none is standard resolution and
   * aggregated into its minute (timestamp floored to the minute's start); any other resolution, a
   * timestamp more than two weeks in the past or more than two hours in the future, more than 1000
   * data, more than 150 values, counts that do not match the values, {@code Value} with {@code
   * StatisticValues} or {@code Values}, and NaN or infinite values are refused with CloudWatch's
   * error (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricData.html,
   * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricDatum.html).
   */
  public PutMetricDataResponse putMetricData(PutMetricDataRequest r) {
    String namespace = AwsErrors.required(r.namespace(), "namespace");
    Instant now = clock.instant();
    MetricDataRules.check(r.metricData(), now);
    List<Point> points = new ArrayList<>();
    for (MetricDatum d : r.metricData()) {
      String name = AwsErrors.required(d.metricName(), "metricData.member.metricName");
      String dims = Dimensions.key(d.dimensions());
      long ts = MetricDataRules.storedAt(d, now).toEpochMilli();
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

  /**
   * Answers each {@code MetricStat} query with one data point per period that has data, as
   * CloudWatch does: the period must be 1, 5, 10, 20, 30 or a multiple of 60 (else the request is
   * refused with CloudWatch's {@code ValidationError}, every bad query listed), the start time is
   * rounded down as CloudWatch rounds it, and a period too fine for the start time's age returns no
   * data points (see {@link Periods}).
   */
  public GetMetricDataResponse getMetricData(GetMetricDataRequest r) {
    Instant start = AwsErrors.required(r.startTime(), "startTime");
    Instant end = AwsErrors.required(r.endTime(), "endTime");
    Instant now = clock.instant();
    if (start.equals(end)) {
      throw AwsErrors.generic(
          400, "ValidationError", "The parameter StartTime must not equal parameter EndTime.");
    }
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < r.metricDataQueries().size(); i++) {
      MetricDataQuery q = r.metricDataQueries().get(i);
      String member = "MetricDataQueries.member." + (i + 1) + ".MetricStat";
      if (q.metricStat() == null) {
        if (q.expression() == null) {
          problems.add("The parameter " + member + " is required.");
        }
        continue;
      }
      Periods.problem(q.metricStat().period(), member + ".Period").ifPresent(problems::add);
    }
    if (!problems.isEmpty()) {
      throw AwsErrors.generic(400, "ValidationError", String.join("\n", problems));
    }
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
      int period = stat.period();
      Instant origin = Periods.alignedStart(start, period, now);
      List<Point> points =
          Periods.retained(start, period, now)
              ? load(
                  stat.metric().namespace(),
                  stat.metric().metricName(),
                  Dimensions.key(stat.metric().dimensions()),
                  origin,
                  end)
              : List.of();
      TreeMap<Long, List<Point>> buckets = Periods.bucket(points, origin, period);
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

  /**
   * Statistics per period, with GetMetricData's period and start time rules; a period that is not
   * 1, 5, 10, 20, 30 or a multiple of 60 is refused with {@code InvalidParameterValue}, and more
   * than 1,440 data points with {@code InvalidParameterCombination}, as CloudWatch refuses them
   * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricStatistics.html).
   */
  public GetMetricStatisticsResponse getMetricStatistics(GetMetricStatisticsRequest r) {
    Instant start = AwsErrors.required(r.startTime(), "startTime");
    Instant end = AwsErrors.required(r.endTime(), "endTime");
    Instant now = clock.instant();
    if (r.period() == null) {
      throw AwsErrors.of(
          MissingRequiredParameterException.builder(),
          400,
          "MissingParameter",
          "The parameter Period is required.");
    }
    Periods.problem(r.period(), "Period")
        .ifPresent(
            message -> {
              throw AwsErrors.of(
                  InvalidParameterValueException.builder(), 400, "InvalidParameterValue", message);
            });
    int period = r.period();
    long requested =
        Math.max(
            0, (Duration.between(start, end).toMillis() + period * 1000L - 1) / (period * 1000L));
    if (requested > MAX_STATISTICS_DATAPOINTS) {
      throw AwsErrors.of(
          InvalidParameterCombinationException.builder(),
          400,
          "InvalidParameterCombination",
          "You have requested up to "
              + requested
              + " datapoints, which exceeds the limit of "
              + MAX_STATISTICS_DATAPOINTS
              + ". You may reduce the datapoints requested by increasing Period, or decreasing the"
              + " time range.");
    }
    Instant origin = Periods.alignedStart(start, period, now);
    List<Point> points =
        Periods.retained(start, period, now)
            ? load(r.namespace(), r.metricName(), Dimensions.key(r.dimensions()), origin, end)
            : List.of();
    List<Datapoint> datapoints = new ArrayList<>();
    for (var e : Periods.bucket(points, origin, period).entrySet()) {
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
