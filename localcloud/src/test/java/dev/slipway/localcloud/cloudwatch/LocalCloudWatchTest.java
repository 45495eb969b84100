package dev.slipway.localcloud.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.localcloud.protocol.AwsErrors;
import dev.slipway.localcloud.server.StateDatabase;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricStatisticsRequest;
import software.amazon.awssdk.services.cloudwatch.model.InvalidParameterCombinationException;
import software.amazon.awssdk.services.cloudwatch.model.InvalidParameterValueException;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.MetricStat;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;

/** CloudWatch's storage resolutions, period rules and PutMetricData validation. */
class LocalCloudWatchTest {
  static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  static final Dimension DIM = Dimension.builder().name("Service").value("hello").build();

  @TempDir Path dir;
  StateDatabase db;
  LocalCloudWatch cw;

  @BeforeEach
  void open() {
    db = new StateDatabase(dir.resolve("state.db"));
    cw = new LocalCloudWatch(db, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void refusesAPeriodCloudWatchRefusesWithItsMessage() {
    assertThatThrownBy(() -> query(7, NOW.minusSeconds(600), NOW))
        .isInstanceOfSatisfying(
            AwsServiceException.class,
            e -> {
              assertThat(AwsErrors.codeOf(e)).isEqualTo("ValidationError");
              assertThat(AwsErrors.messageOf(e))
                  .isEqualTo(
                      "The parameter MetricDataQueries.member.1.MetricStat.Period must be a value"
                          + " in the set [ 1, 5, 10, 20, 30 ].");
            });
    assertThatThrownBy(() -> query(90, NOW.minusSeconds(600), NOW))
        .isInstanceOfSatisfying(
            AwsServiceException.class,
            e ->
                assertThat(AwsErrors.messageOf(e))
                    .isEqualTo(
                        "The parameter MetricDataQueries.member.1.MetricStat.Period must be a"
                            + " multiple of 60."));
    assertThatThrownBy(
            () ->
                cw.getMetricStatistics(
                    GetMetricStatisticsRequest.builder()
                        .namespace("HelloService")
                        .metricName("Requests")
                        .startTime(NOW.minusSeconds(600))
                        .endTime(NOW)
                        .period(45)
                        .statistics(Statistic.SUM)
                        .build()))
        .isInstanceOfSatisfying(
            InvalidParameterValueException.class,
            e ->
                assertThat(AwsErrors.messageOf(e))
                    .isEqualTo(
                        "The parameter Period must be a value in the set [ 1, 5, 10, 20, 30 ]."));
    for (int valid : List.of(1, 5, 10, 20, 30, 60, 120, 3600)) {
      assertThat(query(valid, NOW.minusSeconds(600), NOW).timestamps()).isEmpty();
    }
  }

  @Test
  void standardResolutionIsFlooredToTheMinuteAndHighResolutionToTheSecond() {
    Instant at = Instant.parse("2026-06-01T11:50:17.400Z");
    put(datum("Standard", 3.0, at, null), datum("Standard", 4.0, at.plusSeconds(20), 60));
    put(datum("High", 5.0, at, 1), datum("High", 6.0, at.plusSeconds(20), 1));

    // a 10-second period on a standard-resolution metric: one point per minute, at its start
    var standard = query("Standard", 10, at.minusSeconds(60), NOW);
    assertThat(standard.timestamps()).containsExactly(Instant.parse("2026-06-01T11:50:00Z"));
    assertThat(standard.values()).containsExactly(7.0);

    var high = query("High", 10, at.minusSeconds(60), NOW);
    assertThat(high.timestamps())
        .containsExactly(
            Instant.parse("2026-06-01T11:50:10Z"), Instant.parse("2026-06-01T11:50:30Z"));
    assertThat(high.values()).containsExactly(5.0, 6.0);
    var perSecond = query("High", 1, at.minusSeconds(60), NOW);
    assertThat(perSecond.timestamps())
        .containsExactly(
            Instant.parse("2026-06-01T11:50:17Z"), Instant.parse("2026-06-01T11:50:37Z"));
  }

  @Test
  void theStartTimeIsRoundedDownAsCloudWatchRoundsIt() {
    put(datum("Standard", 1.0, Instant.parse("2026-06-01T11:50:05Z"), null));
    // 11:50:30 is rounded down to 11:50:00, so the minute's point is returned
    var r = query("Standard", 60, Instant.parse("2026-06-01T11:50:30Z"), NOW);
    assertThat(r.timestamps()).containsExactly(Instant.parse("2026-06-01T11:50:00Z"));
  }

  @Test
  void subMinuteDataIsNotReturnedForAStartMoreThanThreeHoursAgo() {
    Instant old = NOW.minusSeconds(4 * 3600);
    put(datum("High", 2.0, old.plusSeconds(5), 1));
    assertThat(query("High", 10, old, NOW).timestamps()).isEmpty();
    assertThat(query("High", 60, old, NOW).values()).containsExactly(2.0);
  }

  @Test
  void refusesAStorageResolutionOtherThanOneOrSixty() {
    assertThatThrownBy(() -> put(datum("X", 1.0, NOW, 30), datum("X", 1.0, NOW, 5)))
        .isInstanceOfSatisfying(
            InvalidParameterValueException.class,
            e ->
                assertThat(AwsErrors.messageOf(e))
                    .isEqualTo(
                        "The parameter MetricData.member.1.StorageResolution must be a value in the"
                            + " set [ 1, 60 ].\n"
                            + "The parameter MetricData.member.2.StorageResolution must be a value"
                            + " in the set [ 1, 60 ]."));
  }

  @Test
  void refusesTimestampsOutsideTwoWeeksBackAndTwoHoursAhead() {
    assertThatThrownBy(() -> put(datum("X", 1.0, NOW.minusSeconds(15 * 86400), null)))
        .isInstanceOfSatisfying(
            InvalidParameterValueException.class,
            e ->
                assertThat(AwsErrors.messageOf(e))
                    .isEqualTo(
                        "The parameter MetricData.member.1.Timestamp must specify a time within"
                            + " the past two weeks."));
    assertThatThrownBy(() -> put(datum("X", 1.0, NOW.plusSeconds(3 * 3600), null)))
        .isInstanceOf(InvalidParameterValueException.class)
        .hasMessageContaining("no more than two hours in the future");
  }

  @Test
  void refusesMoreThanAThousandDataAndMismatchedCounts() {
    var many = new ArrayList<MetricDatum>();
    for (int i = 0; i < 1001; i++) {
      many.add(datum("X", i, NOW, null));
    }
    assertThatThrownBy(
            () ->
                cw.putMetricData(
                    PutMetricDataRequest.builder().namespace("N").metricData(many).build()))
        .isInstanceOf(InvalidParameterValueException.class)
        .hasMessageContaining("must not have a size greater than 1000");
    assertThatThrownBy(
            () ->
                put(
                    MetricDatum.builder()
                        .metricName("X")
                        .values(1.0, 2.0)
                        .counts(1.0)
                        .timestamp(NOW)
                        .build()))
        .isInstanceOf(InvalidParameterValueException.class)
        .hasMessageContaining("Counts");
    assertThatThrownBy(
            () ->
                put(
                    MetricDatum.builder()
                        .metricName("X")
                        .value(1.0)
                        .statisticValues(s -> s.sum(1.0).sampleCount(1.0).minimum(1.0).maximum(1.0))
                        .build()))
        .isInstanceOf(InvalidParameterCombinationException.class);
  }

  @Test
  void getMetricStatisticsRefusesMoreThan1440Datapoints() {
    assertThatThrownBy(
            () ->
                cw.getMetricStatistics(
                    GetMetricStatisticsRequest.builder()
                        .namespace("HelloService")
                        .metricName("Requests")
                        .startTime(NOW.minusSeconds(86400))
                        .endTime(NOW)
                        .period(1)
                        .statistics(Statistic.SUM)
                        .build()))
        .isInstanceOfSatisfying(
            InvalidParameterCombinationException.class,
            e ->
                assertThat(AwsErrors.messageOf(e))
                    .isEqualTo(
                        "You have requested up to 86400 datapoints, which exceeds the limit of 1440."
                            + " You may reduce the datapoints requested by increasing Period, or"
                            + " decreasing the time range."));
  }

  private void put(MetricDatum... data) {
    cw.putMetricData(
        PutMetricDataRequest.builder().namespace("HelloService").metricData(data).build());
  }

  private static MetricDatum datum(String name, double value, Instant at, Integer resolution) {
    return MetricDatum.builder()
        .metricName(name)
        .dimensions(DIM)
        .value(value)
        .timestamp(at)
        .storageResolution(resolution)
        .build();
  }

  private MetricDataResult query(int period, Instant start, Instant end) {
    return query("Requests", period, start, end);
  }

  private MetricDataResult query(String name, int period, Instant start, Instant end) {
    return cw.getMetricData(
            GetMetricDataRequest.builder()
                .startTime(start)
                .endTime(end)
                .scanBy(ScanBy.TIMESTAMP_ASCENDING)
                .metricDataQueries(
                    MetricDataQuery.builder()
                        .id("q")
                        .metricStat(
                            MetricStat.builder()
                                .metric(
                                    Metric.builder()
                                        .namespace("HelloService")
                                        .metricName(name)
                                        .dimensions(DIM)
                                        .build())
                                .period(period)
                                .stat("Sum")
                                .build())
                        .build())
                .build())
        .metricDataResults()
        .getFirst();
  }
}
