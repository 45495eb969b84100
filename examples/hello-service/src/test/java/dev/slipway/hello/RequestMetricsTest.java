package dev.slipway.hello;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class RequestMetricsTest {
  private static final Instant SECOND = Instant.parse("2026-03-01T12:00:07Z");

  /** A clock the test moves. */
  private static final class TestClock extends Clock {
    volatile Instant now = SECOND.plusMillis(250);

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final TestClock clock = new TestClock();
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final RequestMetrics metrics = new RequestMetrics("hello", "abc123", clock, lines::add);

  @SuppressWarnings("unchecked")
  private static Map<String, Object> parse(String line) {
    return (Map<String, Object>) Json.parse(line);
  }

  @Test
  void printsOneEmfLineForTheSecondBefore() {
    metrics.record(1_500_000, 200);
    metrics.record(250_000_000, 500);
    clock.now = SECOND.plusMillis(900);
    metrics.record(3_000_000, 200);
    metrics.printCompleted();
    assertThat(lines).as("the second is not over").isEmpty();
    clock.now = SECOND.plusMillis(1020);
    metrics.printCompleted();
    assertThat(lines).hasSize(1);

    var doc = parse(lines.get(0));
    assertThat(doc)
        .containsEntry(
            "_aws",
            Map.of(
                "Timestamp",
                (double) SECOND.toEpochMilli(),
                "CloudWatchMetrics",
                List.of(
                    Map.of(
                        "Namespace",
                        "HelloService",
                        "Dimensions",
                        List.of(List.of("Service", "Version")),
                        "Metrics",
                        List.of(
                            Map.of("Name", "Requests", "Unit", "Count", "StorageResolution", 1.0),
                            Map.of("Name", "Errors", "Unit", "Count", "StorageResolution", 1.0),
                            Map.of(
                                "Name",
                                "Latency",
                                "Unit",
                                "Milliseconds",
                                "StorageResolution",
                                1.0))))))
        .containsEntry("Service", "hello")
        .containsEntry("Version", "abc123")
        .containsEntry("Requests", 3.0)
        .containsEntry("Errors", 1.0)
        .containsEntry("Latency", List.of(1.5, 250.0, 3.0));
    assertThat(doc).hasSize(6);
    // the timestamp is a whole number, as EMF requires
    assertThat(lines.get(0)).startsWith("{\"_aws\":{\"Timestamp\":" + SECOND.toEpochMilli() + ",");
  }

  @Test
  void printsNothingForSecondsWithoutRequests() {
    metrics.record(1_000_000, 200);
    clock.now = SECOND.plusSeconds(1);
    metrics.printCompleted();
    assertThat(lines).hasSize(1);
    for (int s = 2; s < 6; s++) {
      clock.now = SECOND.plusSeconds(s);
      metrics.printCompleted();
    }
    assertThat(lines).hasSize(1);
    clock.now = SECOND.plusSeconds(6).plusMillis(500);
    metrics.record(2_000_000, 503);
    clock.now = SECOND.plusSeconds(7);
    metrics.printCompleted();
    assertThat(lines).hasSize(2);
    var second = parse(lines.get(1));
    assertThat(second).containsEntry("Errors", 1.0).containsEntry("Requests", 1.0);
    assertThat(((Map<?, ?>) second.get("_aws")).get("Timestamp"))
        .isEqualTo((double) SECOND.plusSeconds(6).toEpochMilli());
  }

  @Test
  void moreThanAHundredRequestsInASecondAreSplitIntoLinesOfAtMostAHundred() {
    for (int i = 0; i < 250; i++) {
      metrics.record(1_000_000L * (i + 1), i % 10 == 0 ? 500 : 200);
    }
    clock.now = SECOND.plusSeconds(1);
    metrics.printCompleted();
    assertThat(lines).hasSize(3);
    double requests = 0;
    double errors = 0;
    int latencies = 0;
    for (var line : lines) {
      var doc = parse(line);
      assertThat((List<?>) doc.get("Latency")).hasSizeLessThanOrEqualTo(100);
      assertThat(((Map<?, ?>) doc.get("_aws")).get("Timestamp"))
          .isEqualTo((double) SECOND.toEpochMilli());
      requests += (Double) doc.get("Requests");
      errors += (Double) doc.get("Errors");
      latencies += ((List<?>) doc.get("Latency")).size();
    }
    assertThat(requests).isEqualTo(250);
    assertThat(errors).isEqualTo(25);
    assertThat(latencies).isEqualTo(250);
  }

  @Test
  void closePrintsTheCurrentSecondToo() {
    metrics.record(1_000_000, 200);
    metrics.close();
    assertThat(lines)
        .singleElement()
        .satisfies(l -> assertThat(parse(l)).containsEntry("Requests", 1.0));
    metrics.close();
    assertThat(lines).hasSize(1);
  }

  @Test
  void stringsAreJsonEscaped() {
    var odd = new RequestMetrics("a\"b\\c", "v\t1", clock, lines::add);
    odd.record(1_000_000, 200);
    odd.close();
    var doc = parse(lines.get(0));
    assertThat(doc).containsEntry("Service", "a\"b\\c").containsEntry("Version", "v\t1");
  }

  @Test
  void latencyIsPrintedAsAPlainNumberToTheMicrosecond() {
    assertThat(RequestMetrics.millis(0.0004)).isEqualTo("0.000");
    assertThat(RequestMetrics.millis(1234567.8915)).isEqualTo("1234567.892");
  }
}
