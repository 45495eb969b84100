package dev.slipway.localcloud.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.localcloud.cloudwatch.LocalCloudWatch;
import dev.slipway.localcloud.containers.ContainerTestSupport;
import dev.slipway.localcloud.containers.LocalContainers;
import dev.slipway.localcloud.logs.ContainerLogReader;
import dev.slipway.localcloud.server.StateDatabase;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricStatisticsRequest;
import software.amazon.awssdk.services.cloudwatch.model.ListMetricsRequest;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.ecs.model.*;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/**
 * A real task container on podman whose task definition uses the awslogs driver: the embedded
 * metric format line it prints reaches the local CloudWatch within two seconds, and the line it
 * prints while stopping is read before the container is removed.
 */
class EcsEmbeddedMetricsIT {

  @Test
  void emfLinesOfAnAwslogsTaskContainerBecomeCloudWatchMetrics() throws Exception {
    var state = ContainerTestSupport.stateDir();
    Files.createDirectories(state);
    var containers = LocalContainers.shared(state, 0);
    var dbFile = Files.createTempFile(state, "emf-it", ".db");
    Files.delete(dbFile);
    var put = new CopyOnWriteArrayList<PutMetricDataRequest>();
    try (var db = new StateDatabase(dbFile);
        var logs =
            new ContainerLogReader(
                Files.createTempDirectory(state, "emf-it-logs").resolve("offsets.properties"),
                r -> put.add(r))) {
      var cw = new LocalCloudWatch(db, Clock.systemUTC());
      var image = image(containers);
      var ecs =
          new EcsService(
              new PodmanTaskContainers(containers.podman()),
              new FakeTargets(),
              r -> GetSecretValueResponse.builder().secretString("s").build(),
              r -> {},
              null,
              TaskLogs.of(logs::follow, logs::finish));
      try {
        var printed = Instant.now();
        start(ecs, image);
        await()
            .atMost(Duration.ofSeconds(90))
            .pollInterval(Duration.ofMillis(100))
            .until(() -> !put.isEmpty());
        var seen = Instant.now();
        put.forEach(cw::putMetricData);
        var latency = put.get(0).metricData().get(0);
        assertThat(put.get(0).namespace()).isEqualTo("EmfIT");
        assertThat(latency.metricName()).isEqualTo("Latency");
        assertThat(latency.values()).containsExactly(12.5, 25.0);
        assertThat(latency.storageResolution()).isEqualTo(1);
        assertThat(latency.dimensions())
            .containsExactly(Dimension.builder().name("Service").value("printer").build());
        assertThat(latency.timestamp()).isAfterOrEqualTo(printed.minusSeconds(1));
        // the container printed the line as it started; the reader saw it within ~2 s of that
        assertThat(Duration.between(latency.timestamp(), seen)).isLessThan(Duration.ofSeconds(3));
        assertThat(
                cw.listMetrics(ListMetricsRequest.builder().namespace("EmfIT").build()).metrics())
            .singleElement()
            .satisfies(m -> assertThat(m.metricName()).isEqualTo("Latency"));
        var stats =
            cw.getMetricStatistics(
                GetMetricStatisticsRequest.builder()
                    .namespace("EmfIT")
                    .metricName("Latency")
                    .dimensions(Dimension.builder().name("Service").value("printer").build())
                    .startTime(printed.minusSeconds(120))
                    .endTime(Instant.now().plusSeconds(120))
                    .period(60)
                    .statistics(Statistic.SAMPLE_COUNT, Statistic.SUM)
                    .build());
        assertThat(stats.datapoints())
            .singleElement()
            .satisfies(
                d -> {
                  assertThat(d.sampleCount()).isEqualTo(2.0);
                  assertThat(d.sum()).isEqualTo(37.5);
                });
      } finally {
        ecs.close();
      }
      // the line printed on SIGTERM was read before the container and its log file went away
      assertThat(put)
          .extracting(r -> r.metricData().get(0).metricName())
          .containsExactly("Latency", "Stopping");
    } finally {
      containers.release();
    }
  }

  private static void start(EcsService ecs, String image) {
    var td =
        ecs.registerTaskDefinition(
                RegisterTaskDefinitionRequest.builder()
                    .family("emf-it")
                    .containerDefinitions(
                        ContainerDefinition.builder()
                            .name("app")
                            .image(image)
                            .stopTimeout(5)
                            .logConfiguration(
                                LogConfiguration.builder()
                                    .logDriver(LogDriver.AWSLOGS)
                                    .options(
                                        Map.of(
                                            "awslogs-group",
                                            "emf-it",
                                            "awslogs-stream-prefix",
                                            "t"))
                                    .build())
                            .build())
                    .build())
            .taskDefinition();
    ecs.createCluster(CreateClusterRequest.builder().clusterName("emf-it").build());
    ecs.createService(
        CreateServiceRequest.builder()
            .cluster("emf-it")
            .serviceName("printer")
            .taskDefinition(td.taskDefinitionArn())
            .desiredCount(1)
            .build());
  }

  /** The printer's image on local mode's base image (built once per state dir). */
  private static String image(LocalContainers containers) throws Exception {
    var podman = containers.podman();
    var context = Files.createTempDirectory("emf-it-image");
    var classFile = EmfPrinter.class.getName().replace('.', '/') + ".class";
    var target = context.resolve("app").resolve(classFile);
    Files.createDirectories(target.getParent());
    try (var in = EmfPrinter.class.getClassLoader().getResourceAsStream(classFile)) {
      Files.copy(in, target);
    }
    var containerfile = context.resolve("Containerfile");
    Files.writeString(
        containerfile,
        """
        ARG BASE_IMAGE
        FROM ${BASE_IMAGE}
        COPY app/ /app/
        ENTRYPOINT ["java", "-XX:-UsePerfData", "-XX:TieredStopAtLevel=1", "-cp", "/app", "%s"]
        """
            .formatted(EmfPrinter.class.getName()));
    var tag = "localhost/slipway-emf-it/printer:1";
    podman.build(
        context,
        containerfile,
        tag,
        Map.of("BASE_IMAGE", containers.baseImage()),
        Duration.ofMinutes(3));
    return tag;
  }
}
