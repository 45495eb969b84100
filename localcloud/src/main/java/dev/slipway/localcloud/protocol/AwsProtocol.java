package dev.slipway.localcloud.protocol;

/** The AWS wire protocols local mode answers, as the SDK for Java 2.x clients speak them. */
public enum AwsProtocol {
  /** {@code X-Amz-Target} + {@code application/x-amz-json-1.0} (Step Functions, DynamoDB). */
  AWS_JSON_1_0,
  /** {@code X-Amz-Target} + {@code application/x-amz-json-1.1} (EventBridge, ECS, ECR, …). */
  AWS_JSON_1_1,
  /** Form-encoded {@code Action=…} request, XML response (SNS, ELBv2). */
  AWS_QUERY,
  /** HTTP method + URI template, JSON body, members bound to headers/path/query (Lambda). */
  REST_JSON,
  /** Smithy RPC v2 CBOR: {@code POST /service/<Service>/operation/<Op>} (CloudWatch). */
  RPC_V2_CBOR;

  /** The content type this protocol answers with. */
  public String contentType() {
    return switch (this) {
      case AWS_JSON_1_0 -> "application/x-amz-json-1.0";
      case AWS_JSON_1_1 -> "application/x-amz-json-1.1";
      case AWS_QUERY -> "text/xml";
      case REST_JSON -> "application/json";
      case RPC_V2_CBOR -> "application/cbor";
    };
  }
}
