package dev.slipway.localcloud.elbv2;

import java.time.Duration;

/**
 * How long after a minute ends its load balancer metrics become visible in local CloudWatch: the
 * {@code SLIPWAY_ALB_METRICS_DELAY_SECONDS} environment variable (or the {@code
 * slipway.albMetricsDelaySeconds} system property), 0 to 600 seconds, 60 by default.
 *
 * <p>An Application Load Balancer measures its metrics over 60-second intervals and sends them to
 * CloudWatch only when an interval is over ("Elastic Load Balancing measures and sends its metrics
 * in 60-second intervals",
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html),
 * so a minute can never be read before it has ended, and reaches GetMetricData some time after,
 * once sent and ingested. The default of 60 seconds is that lower bound plus one interval for the
 * sending and ingestion; a canary analysis that passes here has waited at least as long as it must
 * on AWS. Set a larger value to model a slower CloudWatch.
 */
public final class AlbMetricsDelay {
  /** The environment variable. */
  public static final String VARIABLE = "SLIPWAY_ALB_METRICS_DELAY_SECONDS";

  /** The system property, which wins over the environment variable. */
  public static final String PROPERTY = "slipway.albMetricsDelaySeconds";

  /** The default delay. */
  public static final Duration DEFAULT = Duration.ofSeconds(60);

  /** The largest delay accepted. */
  public static final int MAX_SECONDS = 600;

  private AlbMetricsDelay() {}

  /** The configured delay; a malformed or out-of-range value fails naming the variable. */
  public static Duration configured() {
    var value = System.getProperty(PROPERTY);
    if (value == null) {
      value = System.getenv(VARIABLE);
    }
    return parse(value);
  }

  /** The delay a setting gives: {@link #DEFAULT} when unset or blank. */
  static Duration parse(String value) {
    if (value == null || value.isBlank()) {
      return DEFAULT;
    }
    int seconds;
    try {
      seconds = Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      seconds = -1;
    }
    if (seconds < 0 || seconds > MAX_SECONDS) {
      throw new IllegalArgumentException(
          VARIABLE
              + " must be a whole number of seconds from 0 to "
              + MAX_SECONDS
              + " (how long after a minute ends its load balancer metrics become visible), got '"
              + value
              + "'");
    }
    return Duration.ofSeconds(seconds);
  }
}
