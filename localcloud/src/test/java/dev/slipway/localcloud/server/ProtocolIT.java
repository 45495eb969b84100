package dev.slipway.localcloud.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.localcloud.protocol.ServiceDescriptor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.NotFoundException;

/** The protocol layer against the real SDK v2 clients, one service per protocol. */
class ProtocolIT {
  static LocalCloudServer server;
  static final FakeServices.Sns SNS = new FakeServices.Sns();
  static final FakeServices.Metrics METRICS = new FakeServices.Metrics();

  @BeforeAll
  static void start() throws Exception {
    server = LocalCloudServer.start(0);
    server.register(ServiceDescriptor.secretsManager(new FakeServices.Secrets()));
    server.register(ServiceDescriptor.dynamoDb(new FakeServices.Dynamo()));
    server.register(ServiceDescriptor.sns(SNS));
    server.register(ServiceDescriptor.cloudWatch(METRICS));
    server.register(ServiceDescriptor.lambda(new FakeServices.Lambda()));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static <B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, C>, C>
      C client(B builder) {
    return builder
        .endpointOverride(server.endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
        .build();
  }

  @Test
  void awsJsonDecodesRequestAndEncodesTimestamps() {
    try (SecretsManagerClient sm = client(SecretsManagerClient.builder())) {
      var value = sm.getSecretValue(r -> r.secretId("known"));
      assertThat(value.secretString()).isEqualTo("s3cr3t");
      assertThat(value.versionStages()).containsExactly("AWSCURRENT");
      assertThat(value.createdDate()).isEqualTo(Instant.parse("2026-01-02T03:04:05.678Z"));
    }
  }

  @Test
  void awsJsonModeledErrorReachesTheClientAsItsException() {
    try (SecretsManagerClient sm = client(SecretsManagerClient.builder())) {
      assertThatThrownBy(() -> sm.getSecretValue(r -> r.secretId("nope")))
          .isInstanceOfSatisfying(
              ResourceNotFoundException.class,
              e -> {
                assertThat(e.statusCode()).isEqualTo(400);
                assertThat(e.awsErrorDetails().errorMessage())
                    .isEqualTo("Secrets Manager can't find the specified secret.");
              });
    }
  }

  @Test
  void missingRequiredMemberIsAValidationException() {
    try (SecretsManagerClient sm = client(SecretsManagerClient.builder())) {
      assertThatThrownBy(() -> sm.getSecretValue(r -> {}))
          .isInstanceOfSatisfying(
              AwsServiceException.class,
              e -> {
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                assertThat(e.awsErrorDetails().errorMessage()).contains("'secretId'");
              });
    }
  }

  @Test
  void nestedMapsOfStructuresRoundTrip() {
    try (DynamoDbClient ddb = client(DynamoDbClient.builder())) {
      Map<String, AttributeValue> item =
          Map.of(
              "pk", AttributeValue.fromS("a"),
              "n", AttributeValue.fromN("42"),
              "list", AttributeValue.fromL(java.util.List.of(AttributeValue.fromBool(true))),
              "m", AttributeValue.fromM(Map.of("x", AttributeValue.fromNul(true))),
              "b", AttributeValue.fromB(SdkBytes.fromUtf8String("bin")));
      ddb.putItem(r -> r.tableName("t").item(item));
      var got = ddb.getItem(r -> r.tableName("t").key(Map.of("pk", AttributeValue.fromS("a"))));
      assertThat(got.item()).isEqualTo(item);
    }
  }

  @Test
  void unknownOperationOfARegisteredJsonServiceIsAnAwsError() {
    try (SfnClient sfn = client(SfnClient.builder())) {
      // no Step Functions registered here: an AWS-shaped "not available" error, not a hang or 404
      // page
      assertThatThrownBy(() -> sfn.listStateMachines())
          .isInstanceOfSatisfying(
              AwsServiceException.class,
              e -> {
                assertThat(e.statusCode()).isEqualTo(501);
                assertThat(e.awsErrorDetails().errorMessage())
                    .contains("not available in local mode");
              });
    }
  }

  @Test
  void queryProtocolDecodesMapsAndEncodesXml() {
    try (SnsClient sns = client(SnsClient.builder())) {
      var id =
          sns.publish(
              r ->
                  r.topicArn("arn:aws:sns:us-east-1:000000000000:t")
                      .subject("hi & <bye>")
                      .message("body")
                      .messageAttributes(
                          Map.of(
                              "k",
                              MessageAttributeValue.builder()
                                  .dataType("String")
                                  .stringValue("v")
                                  .build())));
      assertThat(id.messageId()).startsWith("m-");
      var published = SNS.published.getLast();
      assertThat(published.subject()).isEqualTo("hi & <bye>");
      assertThat(published.messageAttributes().get("k").stringValue()).isEqualTo("v");
      assertThatThrownBy(
              () ->
                  sns.publish(
                      r -> r.topicArn("arn:aws:sns:us-east-1:000000000000:missing").message("x")))
          .isInstanceOfSatisfying(
              NotFoundException.class, e -> assertThat(e.statusCode()).isEqualTo(404));
    }
  }

  @Test
  void cborProtocolRoundTripsListsAndTimestamps() {
    try (CloudWatchClient cw = client(CloudWatchClient.builder())) {
      Instant t = Instant.parse("2026-03-04T05:06:07Z");
      cw.putMetricData(
          r ->
              r.namespace("AWS/ApplicationELB")
                  .metricData(
                      MetricDatum.builder()
                          .metricName("RequestCount")
                          .dimensions(Dimension.builder().name("TargetGroup").value("tg").build())
                          .timestamp(t)
                          .value(7.5)
                          .build()));
      assertThat(METRICS.data.getLast().dimensions().getFirst().value()).isEqualTo("tg");
      var result =
          cw.getMetricData(
              r ->
                  r.startTime(t.minusSeconds(60))
                      .endTime(t.plusSeconds(60))
                      .metricDataQueries(
                          software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery.builder()
                              .id("q1")
                              .expression("x")
                              .build()));
      assertThat(result.metricDataResults().getFirst().timestamps()).contains(t);
      assertThat(result.metricDataResults().getFirst().values()).contains(7.5);
    }
  }

  @Test
  void restJsonBindsPathHeadersAndRawPayload() {
    try (LambdaClient lambda = client(LambdaClient.builder())) {
      var out =
          lambda.invoke(r -> r.functionName("echo").payload(SdkBytes.fromUtf8String("{\"a\":1}")));
      assertThat(out.statusCode()).isEqualTo(200);
      assertThat(out.executedVersion()).isEqualTo("$LATEST");
      assertThat(out.payload().asUtf8String()).isEqualTo("{\"echo\":{\"a\":1}}");
      assertThatThrownBy(
              () ->
                  lambda.getFunction(
                      r -> r.functionName("arn:aws:lambda:us-east-1:000000000000:function:nope")))
          .isInstanceOfSatisfying(
              software.amazon.awssdk.services.lambda.model.ResourceNotFoundException.class,
              e -> assertThat(e.getMessage()).contains("function:nope"));
    }
  }

  @Test
  void malformedJsonBodyIsASerializationException() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(server.endpoint() + "/"))
                    .header("X-Amz-Target", "secretsmanager.GetSecretValue")
                    .header("Content-Type", "application/x-amz-json-1.1")
                    .POST(HttpRequest.BodyPublishers.ofString("{not json"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("\"__type\":\"SerializationException\"");
  }

  @Test
  void unknownOperationNamesTheSupportedOnes() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(server.endpoint() + "/"))
                    .header("X-Amz-Target", "secretsmanager.RotateSecret")
                    .POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("UnknownOperationException").contains("GetSecretValue");
  }
}
