package dev.slipway.localcloud.elbv2;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** CreateTargetGroup and ModifyTargetGroup refuse the health checks ELB refuses. */
class HealthCheckLimitsTest {
  private static Elbv2State.HealthCheck check(int interval, int timeout, int healthy, int sick) {
    return new Elbv2State.HealthCheck("/ready", interval, timeout, healthy, sick, "200");
  }

  @ParameterizedTest
  @CsvSource({
    "4, 2, 2, 2, 'Value ''4'' at ''healthCheckIntervalSeconds'' failed to satisfy constraint:"
        + " Member must have value greater than or equal to 5'",
    "301, 5, 2, 2, 'Value ''301'' at ''healthCheckIntervalSeconds'' failed to satisfy constraint:"
        + " Member must have value less than or equal to 300'",
    "10, 1, 2, 2, 'at ''healthCheckTimeoutSeconds'''",
    "10, 5, 1, 2, 'at ''healthyThresholdCount'''",
    "10, 5, 2, 11, 'at ''unhealthyThresholdCount'''",
    "5, 5, 2, 3, 'Health check interval must be greater than the timeout.'"
  })
  void refusesWhatElbRefusesNamingTheField(
      int interval, int timeout, int healthy, int sick, String message) {
    assertThatThrownBy(() -> ElbTargets.checkHealthCheck(check(interval, timeout, healthy, sick)))
        .isInstanceOfSatisfying(
            AwsServiceException.class,
            e -> {
              org.assertj.core.api.Assertions.assertThat(e.awsErrorDetails().errorCode())
                  .isEqualTo("ValidationError");
              org.assertj.core.api.Assertions.assertThat(e.statusCode()).isEqualTo(400);
            })
        .hasMessageContaining(message);
  }

  @Test
  void acceptsTheShortestCheckElbAllows() {
    assertThatCode(() -> ElbTargets.checkHealthCheck(check(5, 4, 2, 3))).doesNotThrowAnyException();
    assertThatCode(() -> ElbTargets.checkHealthCheck(check(10, 5, 2, 3)))
        .doesNotThrowAnyException();
  }
}
