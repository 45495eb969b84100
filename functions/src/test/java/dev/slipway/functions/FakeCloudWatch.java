package dev.slipway.functions;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;

/** ALB metrics per (target group dimension, metric name), as lists of period values. */
final class FakeCloudWatch implements CloudWatchClient {
  final Map<String, List<Double>> series = new HashMap<>();
  final List<GetMetricDataRequest> requests = new ArrayList<>();

  @Override
  public String serviceName() {
    return "monitoring";
  }

  @Override
  public void close() {}

  void put(String targetGroupDimension, String metric, List<Double> values) {
    series.put(targetGroupDimension + "|" + metric, values);
  }

  @Override
  public GetMetricDataResponse getMetricData(GetMetricDataRequest request) {
    requests.add(request);
    List<MetricDataResult> results = new ArrayList<>();
    for (var query : request.metricDataQueries()) {
      var metric = query.metricStat().metric();
      String group =
          metric.dimensions().stream()
              .filter(d -> d.name().equals("TargetGroup"))
              .findFirst()
              .orElseThrow()
              .value();
      results.add(
          MetricDataResult.builder()
              .id(query.id())
              .values(series.getOrDefault(group + "|" + metric.metricName(), List.of()))
              .build());
    }
    return GetMetricDataResponse.builder().metricDataResults(results).build();
  }
}
