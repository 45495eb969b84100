package dev.slipway.localcloud.protocol;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An HTTP response produced by the protocol layer.
 *
 * @param status HTTP status code
 * @param headers response headers (single-valued)
 * @param body response body
 */
public record WireResponse(int status, Map<String, String> headers, byte[] body) {

  /** A response with the given content type and body. */
  public static WireResponse of(int status, String contentType, byte[] body) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (contentType != null) {
      headers.put("Content-Type", contentType);
    }
    return new WireResponse(status, headers, body);
  }

  /** A plain-text response, for routes outside the AWS protocols. */
  public static WireResponse text(int status, String text) {
    return of(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
  }

  /** The body as UTF-8 text. */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }
}
