package dev.slipway.localcloud.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricDataRequest;

/** The reader on real files in podman's k8s-file format. */
class ContainerLogReaderTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:30Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  @TempDir Path dir;
  private final List<PutMetricDataRequest> put = new CopyOnWriteArrayList<>();

  private static String emf(String metric, double value) {
    return "{\"_aws\":{\"Timestamp\":"
        + NOW.toEpochMilli()
        + ",\"CloudWatchMetrics\":[{\"Namespace\":\"T\",\"Dimensions\":[[]],"
        + "\"Metrics\":[{\"Name\":\""
        + metric
        + "\",\"StorageResolution\":1}]}]},\""
        + metric
        + "\":"
        + value
        + "}";
  }

  private static String record(String stream, char flag, String text) {
    return "2026-03-01T12:00:29.123456789+00:00 " + stream + " " + flag + " " + text + "\n";
  }

  private static void append(Path file, String text) throws IOException {
    Files.writeString(
        file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  private ContainerLogReader reader() {
    return new ContainerLogReader(dir.resolve("offsets.properties"), put::add, CLOCK, false);
  }

  private List<String> names() {
    return put.stream().flatMap(r -> r.metricData().stream()).map(d -> d.metricName()).toList();
  }

  @Test
  void emfLinesOfBothStreamsBecomeMetricsAndOtherLinesAreSkipped() throws IOException {
    var log = dir.resolve("ctr.log");
    append(log, record("stdout", 'F', "hello-service listening on 8080"));
    append(log, record("stdout", 'F', emf("A", 1)));
    append(log, record("stderr", 'F', emf("B", 2)));
    append(log, record("stdout", 'F', "{\"_aws\":{\"Timestamp\":\"bad\"}}"));
    var reader = reader();
    reader.follow("c1", log);
    reader.poll();
    assertThat(names()).containsExactly("A", "B");
    assertThat(put.get(0).metricData().get(0).storageResolution()).isEqualTo(1);
    reader.poll();
    assertThat(names()).hasSize(2);
  }

  @Test
  void joinsTheLinePodmanSplitIntoPartsAndWaitsForAnIncompleteRecord() throws IOException {
    var log = dir.resolve("ctr.log");
    var line = emf("Split", 7);
    append(log, record("stdout", 'P', line.substring(0, 20)));
    append(log, record("stdout", 'P', line.substring(20, 40)));
    // the last part is being written: no newline yet
    append(log, "2026-03-01T12:00:29.2+00:00 stdout F " + line.substring(40));
    var reader = reader();
    reader.follow("c1", log);
    reader.poll();
    assertThat(put).isEmpty();
    append(log, "\n");
    reader.poll();
    assertThat(names()).containsExactly("Split");
    assertThat(put.get(0).metricData().get(0).value()).isEqualTo(7.0);
  }

  @Test
  void aLineLongerThanAnAwslogsEventGivesNoMetric() throws IOException {
    var log = dir.resolve("ctr.log");
    var padding = "x".repeat(8000);
    var line = emf("Long", 1).replace("}]}]},", "}]}]},\"pad\":\"" + padding.repeat(40) + "\",");
    assertThat(line.length()).isGreaterThan(ContainerLogReader.MAX_EVENT_BYTES);
    for (int i = 0; i < line.length(); i += 8000) {
      append(log, record("stdout", 'P', line.substring(i, Math.min(line.length(), i + 8000))));
    }
    append(log, record("stdout", 'F', ""));
    append(log, record("stdout", 'F', emf("After", 1)));
    var reader = reader();
    reader.follow("c1", log);
    reader.poll();
    assertThat(names()).containsExactly("After");
  }

  @Test
  void finishReadsTheLastLinesAndALastLineWithoutNewline() throws IOException {
    var log = dir.resolve("ctr.log");
    var reader = reader();
    reader.follow("c1", log);
    append(log, record("stdout", 'F', emf("First", 1)));
    append(log, record("stdout", 'P', emf("NoNewline", 2)));
    reader.finish("c1");
    assertThat(names()).containsExactly("First", "NoNewline");
    assertThat(reader.following()).isEmpty();
  }

  @Test
  void aRestartedReaderGoesOnWhereThePreviousOneStopped() throws IOException {
    var log = dir.resolve("ctr.log");
    append(log, record("stdout", 'F', emf("Before", 1)));
    var first = reader();
    first.follow("c1", log);
    first.poll();
    first.close();
    append(log, record("stdout", 'F', emf("WhileDown", 1)));
    var second = reader();
    second.follow("c1", log);
    second.poll();
    assertThat(names()).containsExactly("Before", "WhileDown");
    assertThat(Files.readString(dir.resolve("offsets.properties"))).contains("c1=");
  }

  @Test
  void aTruncatedFileIsReadFromItsStartAndAVanishedOneIsNoError() throws IOException {
    var log = dir.resolve("ctr.log");
    append(log, record("stdout", 'F', emf("One", 1) + " ".repeat(200)));
    var reader = reader();
    reader.follow("c1", log);
    reader.poll();
    Files.writeString(log, record("stdout", 'F', emf("Two", 1)));
    reader.poll();
    assertThat(names()).containsExactly("One", "Two");
    Files.delete(log);
    reader.poll();
    reader.finish("c1");
    assertThat(names()).hasSize(2);
  }

  @Test
  void aRefusedPutDoesNotStopTheReader() throws IOException {
    var log = dir.resolve("ctr.log");
    append(log, record("stdout", 'F', emf("Refused", 1)));
    append(log, record("stdout", 'F', emf("Kept", 1)));
    var reader =
        new ContainerLogReader(
            dir.resolve("offsets.properties"),
            r -> {
              if (r.metricData().get(0).metricName().equals("Refused")) {
                throw new IllegalArgumentException("no");
              }
              put.add(r);
            },
            CLOCK,
            false);
    reader.follow("c1", log);
    reader.poll();
    assertThat(names()).containsExactly("Kept");
  }
}
