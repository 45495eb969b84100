package dev.slipway.localcloud.services;

import static dev.slipway.localcloud.server.LocalEndpoint.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.localcloud.cloudwatch.LocalCloudWatch;
import dev.slipway.localcloud.protocol.ServiceDescriptor;
import dev.slipway.localcloud.secretsmanager.LocalSecretsManager;
import dev.slipway.localcloud.server.LocalCloudServer;
import dev.slipway.localcloud.server.StateDatabase;
import dev.slipway.localcloud.sns.LocalSns;
import dev.slipway.localcloud.sns.NotificationDelivery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.MetricStat;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.NotFoundException;

/** Secrets Manager, SNS and CloudWatch through the real SDK clients; state survives a restart. */
class DataServicesIT {
  @TempDir Path state;
  LocalCloudServer server;
  StateDatabase db;

  @BeforeEach
  void start() throws Exception {
    db = new StateDatabase(state.resolve("state.db"));
    server = LocalCloudServer.start(0);
    Clock clock = Clock.systemUTC();
    server.register(ServiceDescriptor.secretsManager(new LocalSecretsManager(db, clock)));
    server.register(
        ServiceDescriptor.sns(
            new LocalSns(
                db,
                clock,
                new NotificationDelivery(
                    state.resolve("notifications.log"), Duration.ofMillis(10)))));
    server.register(ServiceDescriptor.cloudWatch(new LocalCloudWatch(db, clock)));
  }

  @AfterEach
  void stop() {
    server.close();
    db.close();
  }

  @Test
  void secretsAreStoredFoundByNameOrArnAndSurviveARestart() throws Exception {
    String arn;
    try (SecretsManagerClient sm = client(SecretsManagerClient.builder(), server.endpoint())) {
      arn = sm.createSecret(r -> r.name("slipway/webhook").secretString("hunter2")).arn();
      assertThat(arn)
          .startsWith("arn:aws:secretsmanager:us-east-1:000000000000:secret:slipway/webhook-");
      assertThat(sm.getSecretValue(r -> r.secretId(arn)).secretString()).isEqualTo("hunter2");
      assertThatThrownBy(() -> sm.createSecret(r -> r.name("slipway/webhook").secretString("x")))
          .isInstanceOfSatisfying(
              AwsServiceException.class,
              e ->
                  assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ResourceExistsException"));
      assertThatThrownBy(() -> sm.getSecretValue(r -> r.secretId("nope")))
          .isInstanceOf(ResourceNotFoundException.class);
    }
    stop();
    start();
    try (SecretsManagerClient sm = client(SecretsManagerClient.builder(), server.endpoint())) {
      var value = sm.getSecretValue(r -> r.secretId("slipway/webhook"));
      assertThat(value.secretString()).isEqualTo("hunter2");
      assertThat(value.arn()).isEqualTo(arn);
      assertThat(value.toString()).doesNotContain("hunter2");
    }
  }

  @Test
  void snsPublishesToTheNotificationLogAndRejectsUnknownTopics() throws Exception {
    try (SnsClient sns = client(SnsClient.builder(), server.endpoint())) {
      String topic = sns.createTopic(r -> r.name("slipway-notify")).topicArn();
      sns.subscribe(r -> r.topicArn(topic).protocol("email").endpoint("dev@example.com"));
      assertThat(sns.listSubscriptionsByTopic(r -> r.topicArn(topic)).subscriptions()).hasSize(1);
      String id =
          sns.publish(r -> r.topicArn(topic).subject("Deployed").message("abc123 is live"))
              .messageId();
      String log = Files.readString(state.resolve("notifications.log"));
      assertThat(log).contains(id).contains("abc123 is live").contains("\"Subject\":\"Deployed\"");
      assertThatThrownBy(() -> sns.publish(r -> r.topicArn(topic + "x").message("m")))
          .isInstanceOf(NotFoundException.class);
    }
  }

  @Test
  void cloudWatchAggregatesPerPeriod() {
    try (CloudWatchClient cw = client(CloudWatchClient.builder(), server.endpoint())) {
      // CloudWatch refuses data more than two weeks old: two minutes of the recent past
      Instant t0 = Instant.now().truncatedTo(ChronoUnit.MINUTES).minusSeconds(600);
      Dimension tg = Dimension.builder().name("TargetGroup").value("targetgroup/blue/1").build();
      for (int i = 0; i < 120; i++) {
        Instant at = t0.plusSeconds(i);
        double v = i % 60;
        cw.putMetricData(
            r ->
                r.namespace("AWS/ApplicationELB")
                    .metricData(
                        MetricDatum.builder()
                            .metricName("TargetResponseTime")
                            .dimensions(tg)
                            .timestamp(at)
                            .value(v)
                            .build()));
      }
      Metric metric =
          Metric.builder()
              .namespace("AWS/ApplicationELB")
              .metricName("TargetResponseTime")
              .dimensions(tg)
              .build();
      var result =
          cw.getMetricData(
              r ->
                  r.startTime(t0)
                      .endTime(t0.plusSeconds(120))
                      .metricDataQueries(
                          MetricDataQuery.builder()
                              .id("sum")
                              .metricStat(
                                  MetricStat.builder()
                                      .metric(metric)
                                      .period(60)
                                      .stat("Sum")
                                      .build())
                              .build(),
                          MetricDataQuery.builder()
                              .id("n")
                              .metricStat(
                                  MetricStat.builder()
                                      .metric(metric)
                                      .period(60)
                                      .stat("SampleCount")
                                      .build())
                              .build(),
                          MetricDataQuery.builder()
                              .id("p90")
                              .metricStat(
                                  MetricStat.builder()
                                      .metric(metric)
                                      .period(60)
                                      .stat("p90")
                                      .build())
                              .build()));
      var sum = result.metricDataResults().get(0);
      assertThat(sum.timestamps()).containsExactly(t0.plusSeconds(60), t0);
      assertThat(sum.values()).containsExactly(1770.0, 1770.0);
      assertThat(result.metricDataResults().get(1).values()).containsExactly(60.0, 60.0);
      assertThat(result.metricDataResults().get(2).values()).containsExactly(53.0, 53.0);
      // a period CloudWatch does not offer is refused with its error
      assertThatThrownBy(
              () ->
                  cw.getMetricData(
                      r ->
                          r.startTime(t0)
                              .endTime(t0.plusSeconds(120))
                              .metricDataQueries(
                                  MetricDataQuery.builder()
                                      .id("seven")
                                      .metricStat(
                                          MetricStat.builder()
                                              .metric(metric)
                                              .period(7)
                                              .stat("Sum")
                                              .build())
                                      .build())))
          .isInstanceOfSatisfying(
              AwsServiceException.class,
              e -> {
                assertThat(e.statusCode()).isEqualTo(400);
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
                assertThat(e.awsErrorDetails().errorMessage())
                    .isEqualTo(
                        "The parameter MetricDataQueries.member.1.MetricStat.Period must be a value"
                            + " in the set [ 1, 5, 10, 20, 30 ].");
              });
      assertThatThrownBy(
              () ->
                  cw.getMetricData(
                      r ->
                          r.startTime(t0)
                              .endTime(t0.plusSeconds(1))
                              .metricDataQueries(
                                  MetricDataQuery.builder()
                                      .id("e")
                                      .expression("SUM(METRICS())")
                                      .build())))
          .isInstanceOfSatisfying(
              AwsServiceException.class,
              e ->
                  assertThat(e.awsErrorDetails().errorMessage())
                      .contains("not supported in local mode"));
    }
  }
}
