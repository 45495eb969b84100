package dev.slipway.localcloud.server;

import dev.slipway.localcloud.protocol.AwsErrors;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricDataResponse;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.lambda.model.GetFunctionRequest;
import software.amazon.awssdk.services.lambda.model.GetFunctionResponse;
import software.amazon.awssdk.services.lambda.model.InvokeRequest;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sns.model.NotFoundException;
import software.amazon.awssdk.services.sns.model.PublishRequest;
import software.amazon.awssdk.services.sns.model.PublishResponse;

/** Minimal service objects, one per protocol, that record what the protocol layer decoded. */
final class FakeServices {
  private FakeServices() {}

  /** JSON 1.1. */
  public static final class Secrets {
    public GetSecretValueResponse getSecretValue(GetSecretValueRequest r) {
      if (!AwsErrors.required(r.secretId(), "secretId").equals("known")) {
        throw AwsErrors.of(
            ResourceNotFoundException.builder(),
            400,
            "ResourceNotFoundException",
            "Secrets Manager can't find the specified secret.");
      }
      return GetSecretValueResponse.builder()
          .name("known")
          .secretString("s3cr3t")
          .versionStages("AWSCURRENT")
          .createdDate(Instant.parse("2026-01-02T03:04:05.678Z"))
          .build();
    }
  }

  /** JSON 1.0 with nested maps of structures. */
  public static final class Dynamo {
    final Map<String, Map<String, AttributeValue>> items = new ConcurrentHashMap<>();

    public PutItemResponse putItem(PutItemRequest r) {
      items.put(r.item().get("pk").s(), r.item());
      return PutItemResponse.builder().build();
    }

    public GetItemResponse getItem(GetItemRequest r) {
      Map<String, AttributeValue> item = items.get(r.key().get("pk").s());
      return item == null
          ? GetItemResponse.builder().build()
          : GetItemResponse.builder().item(item).build();
    }
  }

  /** Query protocol. */
  public static final class Sns {
    final List<PublishRequest> published = new ArrayList<>();

    public PublishResponse publish(PublishRequest r) {
      if (r.topicArn().endsWith(":missing")) {
        throw AwsErrors.of(NotFoundException.builder(), 404, "NotFound", "Topic does not exist");
      }
      published.add(r);
      return PublishResponse.builder().messageId("m-" + published.size()).build();
    }
  }

  /** RPC v2 CBOR. */
  public static final class Metrics {
    final List<MetricDatum> data = new ArrayList<>();

    public PutMetricDataResponse putMetricData(PutMetricDataRequest r) {
      data.addAll(r.metricData());
      return PutMetricDataResponse.builder().build();
    }

    public GetMetricDataResponse getMetricData(GetMetricDataRequest r) {
      List<MetricDataResult> results = new ArrayList<>();
      for (var q : r.metricDataQueries()) {
        results.add(
            MetricDataResult.builder()
                .id(q.id())
                .timestamps(data.stream().map(MetricDatum::timestamp).toList())
                .values(data.stream().map(MetricDatum::value).toList())
                .statusCode("Complete")
                .build());
      }
      return GetMetricDataResponse.builder().metricDataResults(results).build();
    }
  }

  /** REST-JSON. */
  public static final class Lambda {
    public InvokeResponse invoke(InvokeRequest r) {
      if (!r.functionName().equals("echo")) {
        throw AwsErrors.of(
            software.amazon.awssdk.services.lambda.model.ResourceNotFoundException.builder(),
            404,
            "ResourceNotFoundException",
            "Function not found: " + r.functionName());
      }
      return InvokeResponse.builder()
          .statusCode(200)
          .executedVersion("$LATEST")
          .payload(SdkBytes.fromUtf8String("{\"echo\":" + r.payload().asUtf8String() + "}"))
          .build();
    }

    public GetFunctionResponse getFunction(GetFunctionRequest r) {
      throw AwsErrors.of(
          software.amazon.awssdk.services.lambda.model.ResourceNotFoundException.builder(),
          404,
          "ResourceNotFoundException",
          "Function not found: " + r.functionName());
    }
  }
}
