package dev.slipway.localcloud.protocol;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.utils.builder.SdkBuilder;

/**
 * AWS query protocol: form-encoded {@code Action=…&Version=…} in, {@code <XxxResponse><XxxResult>}
 * XML out; errors as {@code <ErrorResponse><Error><Type/><Code/><Message/></Error>}.
 */
final class QueryCodec implements ProtocolCodec {
  static final QueryCodec INSTANCE = new QueryCodec();

  @Override
  public WireResponse handle(ServiceDescriptor service, WireRequest request) {
    Map<String, String> params = new LinkedHashMap<>(request.queryParameters());
    params.putAll(WireRequest.parseForm(request.bodyText()));
    String action = params.get("Action");
    if (action == null || action.isEmpty()) {
      throw AwsErrors.generic(
          400, "MissingAction", "The request must contain the parameter Action");
    }
    Operation op = service.operations().get(action);
    if (op == null) {
      throw AwsErrors.generic(
          400,
          "InvalidAction",
          "The action " + action + " is not valid for this web service in local mode");
    }
    SdkPojo builder = op.newRequestBuilder();
    new QueryShapeReader(params).readInto(builder, "");
    SdkRequest sdkRequest = (SdkRequest) ((SdkBuilder<?, ?>) builder).build();
    ShapeErrors.checkRequired((SdkPojo) sdkRequest, service.validationErrorCode());
    SdkResponse response = op.invoke(sdkRequest);
    String xml =
        new XmlShapeWriter()
            .raw("<" + action + "Response xmlns=\"" + service.xmlNamespace() + "\">")
            .raw("<" + action + "Result>")
            .members(response)
            .raw("</" + action + "Result>")
            .raw("<ResponseMetadata>")
            .text("RequestId", UUID.randomUUID().toString())
            .raw("</ResponseMetadata>")
            .raw("</" + action + "Response>")
            .toString();
    return WireResponse.of(200, "text/xml", xml.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public WireResponse error(ServiceDescriptor service, AwsServiceException e) {
    int status = AwsErrors.statusOf(e);
    String xml =
        new XmlShapeWriter()
            .raw("<ErrorResponse xmlns=\"" + service.xmlNamespace() + "\"><Error>")
            .text("Type", status >= 500 ? "Receiver" : "Sender")
            .text("Code", AwsErrors.codeOf(e))
            .text("Message", AwsErrors.messageOf(e))
            .raw("</Error>")
            .text("RequestId", UUID.randomUUID().toString())
            .raw("</ErrorResponse>")
            .toString();
    return WireResponse.of(status, "text/xml", xml.getBytes(StandardCharsets.UTF_8));
  }
}
