package dev.slipway.localcloud.elbv2;

import software.amazon.awssdk.services.cloudwatch.model.PutMetricDataRequest;

/**
 * Where target group metrics go: CloudWatch's PutMetricData, as a {@code CloudWatchClient} or the
 * local CloudWatch service object (both fit as a method reference).
 */
@FunctionalInterface
public interface MetricsSink {
  void putMetricData(PutMetricDataRequest request);
}
