package dev.slipway.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.pipeline.model.PipelineJson;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/** Reading a Lambda function URL request and writing its JSON answer. */
final class HttpExchange {
  private HttpExchange() {}

  /** A header, case-insensitively (function URLs lower-case names; tests may not). */
  static String header(APIGatewayV2HTTPEvent event, String name) {
    Map<String, String> headers = event.getHeaders();
    if (headers == null) {
      return null;
    }
    for (var entry : headers.entrySet()) {
      if (entry.getKey().equalsIgnoreCase(name)) {
        return entry.getValue();
      }
    }
    return null;
  }

  /** The raw body bytes, decoding base64 when the function URL flagged it. */
  static byte[] body(APIGatewayV2HTTPEvent event) {
    String body = event.getBody();
    if (body == null) {
      return new byte[0];
    }
    return event.getIsBase64Encoded()
        ? Base64.getDecoder().decode(body)
        : body.getBytes(StandardCharsets.UTF_8);
  }

  /** The request method, or {@code null}. */
  static String method(APIGatewayV2HTTPEvent event) {
    var context = event.getRequestContext();
    return context == null || context.getHttp() == null ? null : context.getHttp().getMethod();
  }

  /** {@code {"status": status, "message": message}} with the HTTP status. */
  static APIGatewayV2HTTPResponse json(int statusCode, String status, String message) {
    ObjectNode body = PipelineJson.mapper().createObjectNode();
    body.put("status", status);
    if (message != null) {
      body.put("message", message);
    }
    return APIGatewayV2HTTPResponse.builder()
        .withStatusCode(statusCode)
        .withHeaders(Map.of("Content-Type", "application/json"))
        .withBody(body.toString())
        .build();
  }

  /** An HTML page (approval links are opened in a browser). */
  static APIGatewayV2HTTPResponse html(int statusCode, String html) {
    return APIGatewayV2HTTPResponse.builder()
        .withStatusCode(statusCode)
        .withHeaders(Map.of("Content-Type", "text/html; charset=utf-8"))
        .withBody(html)
        .build();
  }
}
