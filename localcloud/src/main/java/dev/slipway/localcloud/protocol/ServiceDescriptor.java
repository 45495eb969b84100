package dev.slipway.localcloud.protocol;

import java.util.List;
import java.util.Objects;

/**
 * How one AWS service is reached on the wire and which object answers it. Register it with the
 * local server: {@code server.register(ServiceDescriptor.ecs(new LocalEcs(...)))}.
 *
 * @param signingName the SigV4 service name in the {@code Authorization} header ({@code states})
 * @param sdkServiceId the service id Step Functions' {@code aws-sdk:<id>:<action>} tasks use
 * @param protocol the wire protocol
 * @param target protocol key: the {@code X-Amz-Target} prefix (JSON), the Smithy service name (RPC
 *     v2 CBOR), the API version (query); null for REST
 * @param xmlNamespace the XML namespace of query-protocol responses, else null
 * @param validationErrorCode the error code AWS uses for invalid or missing parameters
 * @param operations the SDK-typed operations of the implementation (null for a raw service)
 * @param raw the raw JSON handler (null for an SDK-typed service)
 * @param otherProtocols the same service on the other protocols AWS accepts for it (CloudWatch:
 *     JSON 1.0 and query beside CBOR), each with its own target and XML namespace
 */
public record ServiceDescriptor(
    String signingName,
    String sdkServiceId,
    AwsProtocol protocol,
    String target,
    String xmlNamespace,
    String validationErrorCode,
    ServiceOperations operations,
    RawJsonService raw,
    List<ServiceDescriptor> otherProtocols) {

  /** Checks that exactly one of operations/raw is given. */
  public ServiceDescriptor {
    Objects.requireNonNull(signingName, "signingName");
    Objects.requireNonNull(protocol, "protocol");
    otherProtocols = List.copyOf(otherProtocols);
    if ((operations == null) == (raw == null)) {
      throw new IllegalArgumentException("give either SDK-typed operations or a raw JSON handler");
    }
    if (raw != null
        && protocol != AwsProtocol.AWS_JSON_1_0
        && protocol != AwsProtocol.AWS_JSON_1_1) {
      throw new IllegalArgumentException("raw JSON services must use an AWS JSON protocol");
    }
  }

  /** A service spoken on one protocol only. */
  public ServiceDescriptor(
      String signingName,
      String sdkServiceId,
      AwsProtocol protocol,
      String target,
      String xmlNamespace,
      String validationErrorCode,
      ServiceOperations operations,
      RawJsonService raw) {
    this(
        signingName,
        sdkServiceId,
        protocol,
        target,
        xmlNamespace,
        validationErrorCode,
        operations,
        raw,
        List.of());
  }

  /** This service and the same on its other protocols. */
  public List<ServiceDescriptor> protocols() {
    List<ServiceDescriptor> all = new java.util.ArrayList<>();
    all.add(this);
    all.addAll(otherProtocols);
    return all;
  }

  /** This service as spoken on {@code wire}, or null when AWS does not accept that protocol. */
  public ServiceDescriptor on(AwsProtocol wire) {
    return protocols().stream().filter(s -> s.protocol() == wire).findFirst().orElse(null);
  }

  /** AWS Step Functions ({@code AWSStepFunctions.*}, JSON 1.0). */
  public static ServiceDescriptor stepFunctions(Object impl) {
    return json(AwsProtocol.AWS_JSON_1_0, "states", "sfn", "AWSStepFunctions", impl);
  }

  /** Amazon EventBridge ({@code AWSEvents.*}, JSON 1.1). */
  public static ServiceDescriptor eventBridge(Object impl) {
    return json(AwsProtocol.AWS_JSON_1_1, "events", "eventbridge", "AWSEvents", impl);
  }

  /** Amazon DynamoDB ({@code DynamoDB_20120810.*}, JSON 1.0). */
  public static ServiceDescriptor dynamoDb(Object impl) {
    return json(AwsProtocol.AWS_JSON_1_0, "dynamodb", "dynamodb", "DynamoDB_20120810", impl);
  }

  /** AWS Secrets Manager ({@code secretsmanager.*}, JSON 1.1). */
  public static ServiceDescriptor secretsManager(Object impl) {
    return json(
        AwsProtocol.AWS_JSON_1_1, "secretsmanager", "secretsmanager", "secretsmanager", impl);
  }

  /** Amazon ECS ({@code AmazonEC2ContainerServiceV20141113.*}, JSON 1.1). */
  public static ServiceDescriptor ecs(Object impl) {
    return json(AwsProtocol.AWS_JSON_1_1, "ecs", "ecs", "AmazonEC2ContainerServiceV20141113", impl);
  }

  /** Amazon ECR ({@code AmazonEC2ContainerRegistry_V20150921.*}, JSON 1.1). */
  public static ServiceDescriptor ecr(Object impl) {
    return json(
        AwsProtocol.AWS_JSON_1_1, "ecr", "ecr", "AmazonEC2ContainerRegistry_V20150921", impl);
  }

  /**
   * AWS CodeBuild ({@code CodeBuild_20161006.*}, JSON 1.1), answered with JSON trees because the
   * CodeBuild SDK model jar cannot be resolved here.
   */
  public static ServiceDescriptor codeBuild(RawJsonService handler) {
    return new ServiceDescriptor(
        "codebuild",
        "codebuild",
        AwsProtocol.AWS_JSON_1_1,
        "CodeBuild_20161006",
        null,
        "InvalidInputException",
        null,
        handler);
  }

  /** Amazon CloudWatch Logs ({@code Logs_20140328.*}, JSON 1.1). */
  public static ServiceDescriptor cloudWatchLogs(Object impl) {
    return new ServiceDescriptor(
        "logs",
        "cloudwatchlogs",
        AwsProtocol.AWS_JSON_1_1,
        "Logs_20140328",
        null,
        "InvalidParameterException",
        ServiceOperations.scan(impl),
        null);
  }

  /** Elastic Load Balancing v2 (query protocol, API version 2015-12-01). */
  public static ServiceDescriptor elbv2(Object impl) {
    return new ServiceDescriptor(
        "elasticloadbalancing",
        "elasticloadbalancingv2",
        AwsProtocol.AWS_QUERY,
        "2015-12-01",
        "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/",
        "ValidationError",
        ServiceOperations.scan(impl),
        null);
  }

  /** Amazon SNS (query protocol, API version 2010-03-31). */
  public static ServiceDescriptor sns(Object impl) {
    return new ServiceDescriptor(
        "sns",
        "sns",
        AwsProtocol.AWS_QUERY,
        "2010-03-31",
        "http://sns.amazonaws.com/doc/2010-03-31/",
        "InvalidParameter",
        ServiceOperations.scan(impl),
        null);
  }

  /**
   * Amazon CloudWatch on the three protocols its service model lists: Smithy RPC v2 CBOR (service
   * {@code GraniteServiceVersion20100801}; the Java SDK and boto3), AWS JSON 1.0 (the same target
   * prefix) and query (API version 2010-08-01; the AWS CLI v2 before the CBOR move).
   */
  public static ServiceDescriptor cloudWatch(Object impl) {
    ServiceOperations operations = ServiceOperations.scan(impl);
    String service = "GraniteServiceVersion20100801";
    String validation = "InvalidParameterValue";
    return new ServiceDescriptor(
        "monitoring",
        "cloudwatch",
        AwsProtocol.RPC_V2_CBOR,
        service,
        null,
        validation,
        operations,
        null,
        List.of(
            new ServiceDescriptor(
                "monitoring",
                "cloudwatch",
                AwsProtocol.AWS_JSON_1_0,
                service,
                null,
                validation,
                operations,
                null),
            new ServiceDescriptor(
                "monitoring",
                "cloudwatch",
                AwsProtocol.AWS_QUERY,
                "2010-08-01",
                "http://monitoring.amazonaws.com/doc/2010-08-01/",
                validation,
                operations,
                null)));
  }

  /** AWS CloudFormation (query protocol, API version 2010-05-15): its read calls. */
  public static ServiceDescriptor cloudFormation(Object impl) {
    return new ServiceDescriptor(
        "cloudformation",
        "cloudformation",
        AwsProtocol.AWS_QUERY,
        "2010-05-15",
        "http://cloudformation.amazonaws.com/doc/2010-05-15/",
        "ValidationError",
        ServiceOperations.scan(impl),
        null);
  }

  /** AWS Lambda (REST-JSON; routes come from the SDK's URI templates). */
  public static ServiceDescriptor lambda(Object impl) {
    return new ServiceDescriptor(
        "lambda",
        "lambda",
        AwsProtocol.REST_JSON,
        null,
        null,
        "InvalidParameterValueException",
        ServiceOperations.scan(impl),
        null);
  }

  private static ServiceDescriptor json(
      AwsProtocol protocol, String signingName, String sdkId, String targetPrefix, Object impl) {
    return new ServiceDescriptor(
        signingName,
        sdkId,
        protocol,
        targetPrefix,
        null,
        "ValidationException",
        ServiceOperations.scan(impl),
        null);
  }
}
