package dev.slipway.localcloud.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.SdkResponse;

/**
 * Smithy RPC v2 CBOR: {@code POST /service/<Service>/operation/<Operation>} with header {@code
 * smithy-protocol: rpc-v2-cbor}; CBOR maps both ways; errors carry {@code __type}.
 */
final class CborCodec implements ProtocolCodec {
  static final CborCodec INSTANCE = new CborCodec();

  @Override
  public WireResponse handle(ServiceDescriptor service, WireRequest request) {
    String path = request.path();
    int at = path.lastIndexOf("/operation/");
    if (at < 0) {
      throw AwsErrors.generic(
          404, "UnknownOperationException", "RPC v2 path must end in /operation/<Name>: " + path);
    }
    String operation = path.substring(at + "/operation/".length());
    Operation op = service.operations().get(operation);
    if (op == null) {
      throw AwsJsonCodec.unknownOperation(service, operation);
    }
    SdkResponse response =
        op.invoke(
            AwsJsonCodec.decode(op, Json.parseCbor(request.body()), service.validationErrorCode()));
    return withProtocolHeader(WireResponse.of(200, "application/cbor", encode(response)));
  }

  private static byte[] encode(SdkPojo pojo) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = Json.CBOR.getFactory().createGenerator(out)) {
      JsonShapeWriter.write(g, pojo);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  @Override
  public WireResponse error(ServiceDescriptor service, AwsServiceException e) {
    String code = AwsErrors.codeOf(e);
    var body = Json.MAPPER.createObjectNode();
    body.put("__type", code);
    body.put("message", AwsErrors.messageOf(e));
    try {
      int status = AwsErrors.statusOf(e);
      WireResponse response =
          withProtocolHeader(
              WireResponse.of(status, "application/cbor", Json.CBOR.writeValueAsBytes(body)));
      // CloudWatch is awsQueryCompatible: the SDK takes the error code from this header.
      response
          .headers()
          .put("x-amzn-query-error", code + ";" + (status >= 500 ? "Receiver" : "Sender"));
      return response;
    } catch (IOException io) {
      throw new UncheckedIOException(io);
    }
  }

  private static WireResponse withProtocolHeader(WireResponse response) {
    response.headers().put("smithy-protocol", "rpc-v2-cbor");
    return response;
  }
}
