package dev.slipway.localcloud.server;

import dev.slipway.localcloud.protocol.WireRequest;
import dev.slipway.localcloud.protocol.WireResponse;
import java.nio.charset.StandardCharsets;

/** The answer for a request no registered service claims: an AWS-shaped "not available" error. */
final class UnroutedRequest {
  private UnroutedRequest() {}

  static WireResponse answer(WireRequest request, String signingName) {
    String what =
        signingName != null
            ? "Service '" + signingName + "'"
            : request.header("X-Amz-Target") != null
                ? "Target '" + request.header("X-Amz-Target") + "'"
                : request.method() + " " + request.path();
    String message =
        what
            + " is not available in local mode yet (no registered service answers it);"
            + " run `slipway status` to see which services are up";
    String contentType = request.header("Content-Type");
    if (contentType != null && contentType.startsWith("application/x-www-form-urlencoded")) {
      String xml =
          "<ErrorResponse><Error><Type>Sender</Type><Code>NotImplemented</Code><Message>"
              + message.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
              + "</Message></Error><RequestId>0</RequestId></ErrorResponse>";
      return WireResponse.of(501, "text/xml", xml.getBytes(StandardCharsets.UTF_8));
    }
    var body = dev.slipway.localcloud.protocol.Json.MAPPER.createObjectNode();
    body.put("__type", "NotImplemented");
    body.put("message", message);
    WireResponse response =
        WireResponse.of(
            501, "application/x-amz-json-1.1", body.toString().getBytes(StandardCharsets.UTF_8));
    response.headers().put("x-amzn-ErrorType", "NotImplemented");
    return response;
  }
}
