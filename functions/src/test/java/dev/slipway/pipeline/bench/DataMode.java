package dev.slipway.pipeline.bench;

/** Where AnalyzeCanary's GetMetricData answers come from in a simulated deploy. */
enum DataMode {
  /**
   * Today's local mode: the local load balancer publishes each target group's counts and mean
   * response time about every 10 s ({@code TrafficController}: the first 250-ms tick after 10 s),
   * visible at once; local CloudWatch buckets them by the query's period from its start time.
   */
  LOCAL_10S("local-10s"),
  /**
   * AWS: ALB metrics have one datapoint per whole minute, published 1 to 3 minutes after the minute
   * ends; a minute without requests has no datapoint. CloudWatch rounds the query's start down (to
   * the minute for Period 60, to 10 s for Period 10, where a standard-resolution metric still
   * returns its one-minute datapoints).
   */
  AWS_60S("aws-60s");

  private final String label;

  DataMode(String label) {
    this.label = label;
  }

  String label() {
    return label;
  }
}
