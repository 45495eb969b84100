package dev.slipway.functions;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * SDK v2 clients, each built at most once per container (on first use, so a handler pays only for
 * the clients it needs).
 *
 * <p>All share one {@link UrlConnectionHttpClient}: it has the shortest cold start of the SDK's
 * HTTP clients. Endpoints are not set here on purpose: the SDK itself honours {@code
 * AWS_ENDPOINT_URL} (and {@code AWS_ENDPOINT_URL_<SERVICE>}), which is how local mode points the
 * unchanged handlers at {@code http://127.0.0.1:4566}.
 */
public final class AwsClients {
  private AwsClients() {}

  /** The container's shared HTTP client. */
  static SdkHttpClient http() {
    return Http.CLIENT;
  }

  private static final class Http {
    static final SdkHttpClient CLIENT = UrlConnectionHttpClient.builder().build();
  }

  /**
   * Lambda puts the function role's credentials in environment variables; reading them directly
   * skips the default chain's probing of profile files and instance metadata.
   */
  static AwsCredentialsProvider credentials() {
    return System.getenv("AWS_ACCESS_KEY_ID") != null
        ? EnvironmentVariableCredentialsProvider.create()
        : DefaultCredentialsProvider.builder().build();
  }

  private static <B extends AwsClientBuilder<B, C> & SdkSyncClientBuilder<B, C>, C> C build(
      B builder) {
    return builder.httpClient(http()).credentialsProvider(credentials()).build();
  }

  /** Step Functions. */
  public static SfnClient sfn() {
    return Sfn.CLIENT;
  }

  /** EventBridge. */
  public static EventBridgeClient events() {
    return Events.CLIENT;
  }

  /** DynamoDB. */
  public static DynamoDbClient dynamoDb() {
    return Dynamo.CLIENT;
  }

  /** Secrets Manager. */
  public static SecretsManagerClient secrets() {
    return Secrets.CLIENT;
  }

  /** ECR. */
  public static EcrClient ecr() {
    return Ecr.CLIENT;
  }

  /** ECS. */
  public static EcsClient ecs() {
    return Ecs.CLIENT;
  }

  /** CloudWatch. */
  public static CloudWatchClient cloudWatch() {
    return CloudWatch.CLIENT;
  }

  /** Elastic Load Balancing v2. */
  public static ElasticLoadBalancingV2Client elb() {
    return Elb.CLIENT;
  }

  /** SNS. */
  public static SnsClient sns() {
    return Sns.CLIENT;
  }

  // One holder class per client: the JVM initialises each lazily and thread-safely.
  private static final class Sfn {
    static final SfnClient CLIENT = build(SfnClient.builder());
  }

  private static final class Events {
    static final EventBridgeClient CLIENT = build(EventBridgeClient.builder());
  }

  private static final class Dynamo {
    static final DynamoDbClient CLIENT = build(DynamoDbClient.builder());
  }

  private static final class Secrets {
    static final SecretsManagerClient CLIENT = build(SecretsManagerClient.builder());
  }

  private static final class Ecr {
    static final EcrClient CLIENT = build(EcrClient.builder());
  }

  private static final class Ecs {
    static final EcsClient CLIENT = build(EcsClient.builder());
  }

  private static final class CloudWatch {
    static final CloudWatchClient CLIENT = build(CloudWatchClient.builder());
  }

  private static final class Elb {
    static final ElasticLoadBalancingV2Client CLIENT =
        build(ElasticLoadBalancingV2Client.builder());
  }

  private static final class Sns {
    static final SnsClient CLIENT = build(SnsClient.builder());
  }
}
