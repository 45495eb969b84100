package dev.slipway.localcloud.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

/** Calls an operation with a JSON tree in and out, bypassing HTTP (for in-process callers). */
public final class InProcessCall {
  private InProcessCall() {}

  /** Decodes {@code input} into the operation's request, calls it, encodes its response. */
  public static JsonNode callJson(ServiceDescriptor service, String action, JsonNode input) {
    String name = action.substring(0, 1).toUpperCase(Locale.ROOT) + action.substring(1);
    if (service.raw() != null) {
      return service.raw().call(name, input == null ? Json.MAPPER.createObjectNode() : input);
    }
    Operation op = service.operations().get(name);
    if (op == null) {
      throw AwsJsonCodec.unknownOperation(service, name);
    }
    var response =
        op.invoke(
            AwsJsonCodec.decode(
                op,
                input == null ? Json.MAPPER.createObjectNode() : input,
                service.validationErrorCode()));
    try (TokenBuffer buffer = new TokenBuffer(Json.MAPPER, false)) {
      JsonShapeWriter.write(buffer, response);
      return Json.MAPPER.readTree(buffer.asParser());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
