package dev.slipway.localcloud.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.utils.builder.SdkBuilder;

/** AWS JSON 1.0 / 1.1: {@code X-Amz-Target: <prefix>.<Operation>}, JSON body both ways. */
final class AwsJsonCodec implements ProtocolCodec {
  static final AwsJsonCodec INSTANCE = new AwsJsonCodec();

  @Override
  public WireResponse handle(ServiceDescriptor service, WireRequest request) {
    String target = request.header("X-Amz-Target");
    if (target == null || target.indexOf('.') < 0) {
      throw AwsErrors.generic(400, "MissingAction", "Missing or malformed X-Amz-Target header");
    }
    String operation = target.substring(target.indexOf('.') + 1);
    JsonNode input = Json.parse(request.body());
    if (service.raw() != null) {
      JsonNode output = service.raw().call(operation, input);
      return ok(service, output == null ? Json.MAPPER.createObjectNode() : output);
    }
    Operation op = service.operations().get(operation);
    if (op == null) {
      throw unknownOperation(service, operation);
    }
    SdkResponse response = op.invoke(decode(op, input, service.validationErrorCode()));
    return WireResponse.of(200, service.protocol().contentType(), encode(response));
  }

  /** Decodes a JSON tree into the operation's request type and checks required members. */
  static SdkRequest decode(Operation op, JsonNode input, String validationCode) {
    SdkPojo builder = op.newRequestBuilder();
    JsonShapeReader.readInto(builder, input, op.name());
    SdkRequest request = (SdkRequest) ((SdkBuilder<?, ?>) builder).build();
    ShapeErrors.checkRequired((SdkPojo) request, validationCode);
    return request;
  }

  /** Encodes a model object as a JSON body. */
  static byte[] encode(SdkPojo pojo) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = Json.MAPPER.createGenerator(out)) {
      JsonShapeWriter.write(g, pojo);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static AwsServiceException unknownOperation(ServiceDescriptor service, String operation) {
    return AwsErrors.generic(
        400,
        "UnknownOperationException",
        "Operation "
            + operation
            + " is not supported by "
            + service.sdkServiceId()
            + " in local mode; supported: "
            + (service.operations() == null ? "(raw)" : service.operations().all().keySet()));
  }

  private static WireResponse ok(ServiceDescriptor service, JsonNode output) {
    try {
      return WireResponse.of(
          200, service.protocol().contentType(), Json.MAPPER.writeValueAsBytes(output));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public WireResponse error(ServiceDescriptor service, AwsServiceException e) {
    String code = AwsErrors.codeOf(e);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = Json.MAPPER.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("__type", code);
      g.writeStringField("message", AwsErrors.messageOf(e));
      writeModeledMembers(g, e);
      g.writeEndObject();
    } catch (IOException io) {
      throw new UncheckedIOException(io);
    }
    WireResponse response =
        WireResponse.of(AwsErrors.statusOf(e), service.protocol().contentType(), out.toByteArray());
    response.headers().put("x-amzn-ErrorType", code);
    return response;
  }

  /**
   * Modeled exceptions carry members beyond the message (DynamoDB's ConditionalCheckFailedException
   * has {@code Item}); they expose them through a public {@code sdkFields()} method.
   */
  private static void writeModeledMembers(JsonGenerator g, AwsServiceException e)
      throws IOException {
    List<SdkField<?>> fields;
    try {
      @SuppressWarnings("unchecked")
      List<SdkField<?>> found = (List<SdkField<?>>) e.getClass().getMethod("sdkFields").invoke(e);
      fields = found;
    } catch (ReflectiveOperationException | ClassCastException notModeled) {
      return;
    }
    for (SdkField<?> field : fields) {
      Object value = field.getValueOrDefault(e);
      if (field.locationName().equalsIgnoreCase("message") || JsonShapeWriter.isUnset(value)) {
        continue;
      }
      g.writeFieldName(field.locationName());
      JsonShapeWriter.writeValue(g, field, value);
    }
  }
}
