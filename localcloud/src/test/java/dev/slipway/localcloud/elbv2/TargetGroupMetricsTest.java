package dev.slipway.localcloud.elbv2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.localcloud.cloudwatch.LocalCloudWatch;
import dev.slipway.localcloud.server.StateDatabase;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.MetricStat;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;

/**
 * Load balancer metrics reach CloudWatch as AWS publishes them: per calendar minute, only once the
 * minute has ended and the publication delay has passed, nothing for an idle minute.
 */
class TargetGroupMetricsTest {
  static final Instant MINUTE = Instant.parse("2026-06-01T12:00:00Z");
  static final TargetGroupMetrics.Series SERIES =
      new TargetGroupMetrics.Series("targetgroup/green/1", "app/web/2");
  static final Map<String, TargetGroupMetrics.Series> SERVERS = Map.of("r_1/t_a_1", SERIES);
  static final Duration DELAY = Duration.ofSeconds(60);

  @TempDir Path dir;
  StateDatabase db;
  MutableClock clock = new MutableClock(MINUTE);
  LocalCloudWatch cloudWatch;
  TargetGroupMetrics metrics = new TargetGroupMetrics();

  @BeforeEach
  void open() {
    db = new StateDatabase(dir.resolve("state.db"));
    cloudWatch = new LocalCloudWatch(db, clock);
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void aMinuteIsInvisibleUntilItHasEndedAndTheDelayHasPassed() {
    observe(10, 0, 0, 20, MINUTE.plusSeconds(10));
    observe(14, 0, 0, 20, MINUTE.plusSeconds(50));

    publishAt(MINUTE.plusSeconds(60)); // the minute has just ended
    assertThat(sum("RequestCount").values()).isEmpty();
    publishAt(MINUTE.plusSeconds(119));
    assertThat(sum("RequestCount").values()).isEmpty();

    publishAt(MINUTE.plusSeconds(120)); // minute end + 60 s
    var requests = sum("RequestCount");
    assertThat(requests.timestamps()).containsExactly(MINUTE);
    assertThat(requests.values()).containsExactly(14.0);
  }

  @Test
  void anIdleMinuteHasNoRequestDatapoint() {
    observe(10, 2, 0, 100, MINUTE.plusSeconds(30));
    observe(10, 2, 0, 100, MINUTE.plusSeconds(90)); // nothing served in 12:01
    observe(13, 2, 0, 100, MINUTE.plusSeconds(150));

    publishAt(MINUTE.plusSeconds(240));
    var requests = sum("RequestCount");
    assertThat(requests.timestamps()).containsExactly(MINUTE, MINUTE.plusSeconds(120));
    assertThat(requests.values()).containsExactly(10.0, 3.0);
    // 5xx only where there were some, response time only where there were requests
    assertThat(sum("HTTPCode_Target_5XX_Count").timestamps()).containsExactly(MINUTE);
    assertThat(query("TargetResponseTime", "Average", true).timestamps())
        .containsExactly(MINUTE, MINUTE.plusSeconds(120));
    assertThat(query("TargetResponseTime", "Average", true).values())
        .allSatisfy(v -> assertThat(v).isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-9)));
  }

  @Test
  void connectionErrorsAreCountedAsTargetConnectionErrorCount() {
    observe(5, 0, 0, 10, MINUTE.plusSeconds(5));
    // the target crashed: HAProxy cannot connect to it any more
    observe(5, 0, 4, 10, MINUTE.plusSeconds(20));
    observe(5, 0, 7, 10, MINUTE.plusSeconds(40));

    publishAt(MINUTE.plusSeconds(120));
    var errors = sum("TargetConnectionErrorCount");
    assertThat(errors.timestamps()).containsExactly(MINUTE);
    assertThat(errors.values()).containsExactly(7.0);
    // reported with the {TargetGroup, LoadBalancer} dimensions, as ALB reports it
    assertThat(query("TargetConnectionErrorCount", "Sum", false).values()).isEmpty();
  }

  @Test
  void healthyAndUnhealthyHostsAreReportedPerMinuteEvenWithoutRequests() {
    metrics.observeHealth(Map.of(SERIES, new int[] {2, 0}), MINUTE.plusSeconds(10));
    metrics.observeHealth(Map.of(SERIES, new int[] {1, 1}), MINUTE.plusSeconds(20));

    publishAt(MINUTE.plusSeconds(120));
    assertThat(query("HealthyHostCount", "Average", true).values()).containsExactly(1.5);
    assertThat(query("HealthyHostCount", "Minimum", true).values()).containsExactly(1.0);
    assertThat(query("UnHealthyHostCount", "Maximum", true).values()).containsExactly(1.0);
    assertThat(sum("RequestCount").values()).isEmpty();
  }

  @Test
  void drainAllPublishesTheCurrentMinuteAtShutdown() {
    observe(3, 0, 0, 10, MINUTE.plusSeconds(10));
    assertThat(metrics.drainPublishable(MINUTE.plusSeconds(30), DELAY)).isEmpty();
    var all = metrics.drainAll();
    all.forEach(cloudWatch::putMetricData);
    clock.set(MINUTE.plusSeconds(30));
    assertThat(sum("RequestCount").values()).containsExactly(3.0);
    assertThat(metrics.drainAll()).isEmpty();
  }

  @Test
  void theDelayIsReadFromItsVariableWithinZeroToSixHundredSeconds() {
    assertThat(AlbMetricsDelay.parse(null)).isEqualTo(Duration.ofSeconds(60));
    assertThat(AlbMetricsDelay.parse("0")).isEqualTo(Duration.ZERO);
    assertThat(AlbMetricsDelay.parse("600")).isEqualTo(Duration.ofSeconds(600));
    for (String bad : List.of("601", "-1", "1m", "1.5")) {
      assertThatThrownBy(() -> AlbMetricsDelay.parse(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("SLIPWAY_ALB_METRICS_DELAY_SECONDS")
          .hasMessageContaining("'" + bad + "'");
    }
  }

  private void observe(
      long requests, long errors5xx, long connectionErrors, long rtimeMs, Instant at) {
    var csv =
        "# pxname,svname,status,scur,req_tot,hrsp_5xx,econ,rtime,check_status\n"
            + "r_1,t_a_1,UP,0,"
            + requests
            + ","
            + errors5xx
            + ","
            + connectionErrors
            + ","
            + rtimeMs
            + ",L7OK\n";
    metrics.observe(HaproxyStats.parse(csv), SERVERS, at);
  }

  private void publishAt(Instant now) {
    clock.set(now);
    metrics.drainPublishable(now, DELAY).forEach(cloudWatch::putMetricData);
  }

  private MetricDataResult sum(String name) {
    return query(name, "Sum", true);
  }

  private MetricDataResult query(String name, String stat, boolean withLoadBalancer) {
    var dims =
        withLoadBalancer
            ? List.of(
                Dimension.builder().name("TargetGroup").value(SERIES.targetGroup()).build(),
                Dimension.builder().name("LoadBalancer").value(SERIES.loadBalancer()).build())
            : List.of(Dimension.builder().name("TargetGroup").value(SERIES.targetGroup()).build());
    return cloudWatch
        .getMetricData(
            GetMetricDataRequest.builder()
                .startTime(MINUTE.minusSeconds(60))
                .endTime(MINUTE.plusSeconds(600))
                .scanBy(ScanBy.TIMESTAMP_ASCENDING)
                .metricDataQueries(
                    MetricDataQuery.builder()
                        .id("q")
                        .metricStat(
                            MetricStat.builder()
                                .metric(
                                    Metric.builder()
                                        .namespace("AWS/ApplicationELB")
                                        .metricName(name)
                                        .dimensions(dims)
                                        .build())
                                .period(60)
                                .stat(stat)
                                .build())
                        .build())
                .build())
        .metricDataResults()
        .getFirst();
  }

  /** A clock the test moves. */
  static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void set(Instant now) {
      this.now = now;
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneId.of("UTC");
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
