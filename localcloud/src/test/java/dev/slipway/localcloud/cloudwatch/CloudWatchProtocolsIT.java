package dev.slipway.localcloud.cloudwatch;

import static dev.slipway.localcloud.server.LocalEndpoint.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.localcloud.containers.CommandResult;
import dev.slipway.localcloud.protocol.Json;
import dev.slipway.localcloud.protocol.ServiceDescriptor;
import dev.slipway.localcloud.server.AwsCli;
import dev.slipway.localcloud.server.LocalCloudServer;
import dev.slipway.localcloud.server.StateDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;

/**
 * CloudWatch answers on each protocol its service model lists, as AWS does: CBOR (the Java SDK that
 * stores the data), query (the AWS CLI v2.9 Debian ships) and JSON 1.0 — the same data and the same
 * validation errors on each.
 */
class CloudWatchProtocolsIT {
  static Path state;
  static StateDatabase db;
  static LocalCloudServer server;
  static Instant minute;

  @BeforeAll
  static void start() throws Exception {
    state = Files.createTempDirectory(Path.of("target"), "cw-protocols-");
    db = new StateDatabase(state.resolve("state.db"));
    server = LocalCloudServer.start(0);
    server.register(ServiceDescriptor.cloudWatch(new LocalCloudWatch(db, Clock.systemUTC())));
    minute = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(10, ChronoUnit.MINUTES);
    try (CloudWatchClient cw = client(CloudWatchClient.builder(), server.endpoint())) {
      List<MetricDatum> data = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        data.add(
            MetricDatum.builder()
                .metricName("Latency")
                .dimensions(Dimension.builder().name("Service").value("hello").build())
                .timestamp(minute.plusSeconds(10L * i))
                .value(100.0 + 10 * i)
                .unit(StandardUnit.MILLISECONDS)
                .build());
      }
      cw.putMetricData(r -> r.namespace("Slipway/Test").metricData(data));
    }
  }

  @AfterAll
  static void stop() {
    server.close();
    db.close();
  }

  static List<AwsCli> clis() {
    List<AwsCli> clis = AwsCli.installed();
    assumeFalse(clis.isEmpty(), "skipped: aws CLI not installed");
    return clis;
  }

  static CommandResult cli(AwsCli aws, String... args) {
    CommandResult r = aws.run(server.endpoint(), AwsCli.ADMIN, args);
    return r;
  }

  /** get-metric-statistics of the stored metric, five minutes either side of its minute. */
  static CommandResult statistics(AwsCli aws, int period, String... statistics) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "cloudwatch",
                "get-metric-statistics",
                "--namespace",
                "Slipway/Test",
                "--metric-name",
                "Latency",
                "--dimensions",
                "Name=Service,Value=hello",
                "--start-time",
                minute.minus(5, ChronoUnit.MINUTES).toString(),
                "--end-time",
                minute.plus(5, ChronoUnit.MINUTES).toString(),
                "--period",
                Integer.toString(period),
                "--statistics"));
    args.addAll(List.of(statistics));
    return cli(aws, args.toArray(String[]::new));
  }

  @Test
  void everyInstalledCliReadsTheMetricsTheSdkStored() throws Exception {
    for (AwsCli aws : clis()) {
      CommandResult list = cli(aws, "cloudwatch", "list-metrics", "--namespace", "Slipway/Test");
      assertThat(list.succeeded()).as(aws + ": " + list.outputTail()).isTrue();
      JsonNode metrics = Json.MAPPER.readTree(list.stdout()).path("Metrics");
      assertThat(metrics).as(aws.toString()).hasSize(1);
      assertThat(metrics.get(0).path("MetricName").asText()).isEqualTo("Latency");
      assertThat(metrics.get(0).path("Dimensions").get(0).path("Value").asText())
          .isEqualTo("hello");

      CommandResult stats = statistics(aws, 60, "Average", "SampleCount", "Maximum");
      assertThat(stats.succeeded()).as(aws + ": " + stats.outputTail()).isTrue();
      JsonNode points = Json.MAPPER.readTree(stats.stdout()).path("Datapoints");
      assertThat(points).as(aws.toString()).hasSize(1);
      assertThat(points.get(0).path("Average").asDouble()).isEqualTo(110.0);
      assertThat(points.get(0).path("SampleCount").asDouble()).isEqualTo(3.0);
      assertThat(points.get(0).path("Maximum").asDouble()).isEqualTo(120.0);
      assertThat(instant(points.get(0).path("Timestamp"))).isEqualTo(minute);

      Path queries = state.resolve("queries.json");
      Files.writeString(
          queries,
          """
          [{"Id":"p50","MetricStat":{"Metric":{"Namespace":"Slipway/Test","MetricName":"Latency",
            "Dimensions":[{"Name":"Service","Value":"hello"}]},"Period":60,"Stat":"Maximum"}}]
          """);
      CommandResult data =
          cli(
              aws,
              "cloudwatch",
              "get-metric-data",
              "--metric-data-queries",
              "file://" + queries.toAbsolutePath(),
              "--start-time",
              minute.minus(5, ChronoUnit.MINUTES).toString(),
              "--end-time",
              minute.plus(5, ChronoUnit.MINUTES).toString());
      assertThat(data.succeeded()).as(aws + ": " + data.outputTail()).isTrue();
      JsonNode result = Json.MAPPER.readTree(data.stdout()).path("MetricDataResults").get(0);
      assertThat(result.path("Id").asText()).isEqualTo("p50");
      assertThat(result.path("StatusCode").asText()).isEqualTo("Complete");
      assertThat(result.path("Values").get(0).asDouble()).isEqualTo(120.0);
    }
  }

  /**
   * A timestamp as the CLI prints it: ISO 8601 (v2), or as it came on the wire (v1's default {@code
   * cli_timestamp_format=none}: epoch seconds from CBOR and JSON).
   */
  static Instant instant(JsonNode timestamp) {
    if (timestamp.isNumber()) {
      return Instant.ofEpochMilli(Math.round(timestamp.asDouble() * 1000));
    }
    return java.time.OffsetDateTime.parse(timestamp.asText()).toInstant();
  }

  @Test
  void everyInstalledCliGetsCloudWatchsValidationError() {
    for (AwsCli aws : clis()) {
      CommandResult stats = statistics(aws, 45, "Average");
      assertThat(stats.succeeded()).as(aws.toString()).isFalse();
      assertThat(stats.outputTail())
          .as(aws.toString())
          .contains("InvalidParameterValue")
          .contains("Period");
    }
  }

  @Test
  void json10RequestsAreAnsweredInJson() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(server.endpoint() + "/"))
                    .header("Content-Type", "application/x-amz-json-1.0")
                    .header("X-Amz-Target", "GraniteServiceVersion20100801.ListMetrics")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"Namespace\":\"Slipway/Test\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue("application/x-amz-json-1.0");
    JsonNode metrics = Json.MAPPER.readTree(response.body()).path("Metrics");
    assertThat(metrics).hasSize(1);
    assertThat(metrics.get(0).path("MetricName").asText()).isEqualTo("Latency");
  }
}
