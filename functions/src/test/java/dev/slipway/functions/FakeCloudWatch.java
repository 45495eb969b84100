package dev.slipway.functions;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;

/**
 * CloudWatch GetMetricData over datapoints the test puts per period: each series is keyed by its
 * metric name and dimensions, and a query returns the datapoints in [start, end) of its series.
 */
final class FakeCloudWatch implements CloudWatchClient {
  final Map<String, TreeMap<Instant, Double>> series = new HashMap<>();
  final List<GetMetricDataRequest> requests = new ArrayList<>();

  @Override
  public String serviceName() {
    return "monitoring";
  }

  @Override
  public void close() {}

  /** One datapoint of the metric whose dimensions include {@code dimensionValue}. */
  void put(String dimensionValue, String metric, Instant timestamp, double value) {
    series
        .computeIfAbsent(dimensionValue + "|" + metric, k -> new TreeMap<>())
        .put(timestamp, value);
  }

  @Override
  public GetMetricDataResponse getMetricData(GetMetricDataRequest request) {
    requests.add(request);
    List<MetricDataResult> results = new ArrayList<>();
    for (var query : request.metricDataQueries()) {
      var metric = query.metricStat().metric();
      var points = new TreeMap<Instant, Double>();
      for (var d : metric.dimensions()) {
        var s = series.get(d.value() + "|" + metric.metricName());
        if (s != null) {
          points.putAll(s.subMap(request.startTime(), request.endTime()));
        }
      }
      results.add(
          MetricDataResult.builder()
              .id(query.id())
              .timestamps(points.descendingKeySet().stream().collect(Collectors.toList()))
              .values(points.descendingMap().values().stream().collect(Collectors.toList()))
              .statusCode("Complete")
              .build());
    }
    return GetMetricDataResponse.builder().metricDataResults(results).build();
  }
}
