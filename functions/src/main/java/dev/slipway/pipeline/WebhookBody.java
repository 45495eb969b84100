package dev.slipway.pipeline;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The JSON document of a GitHub webhook delivery. GitHub's webhook form offers two content types:
 * {@code application/json} sends the document as the body; {@code
 * application/x-www-form-urlencoded} sends {@code payload=<url-encoded JSON>} (GitHub Docs,
 * "Creating webhooks": content type). Either way the signature covers the body as sent, so verify
 * it first, then read the document from here.
 */
public final class WebhookBody {
  /** The form content type; its media type is matched case-insensitively (RFC 9110 §8.3.1). */
  public static final String FORM = "application/x-www-form-urlencoded";

  private static final String PAYLOAD = "payload";

  private WebhookBody() {}

  /**
   * The JSON document in {@code body}, sent with {@code contentType} (the header's value, or {@code
   * null}).
   *
   * @throws IllegalArgumentException when a form body has no {@code payload} parameter or cannot be
   *     decoded
   */
  public static byte[] json(byte[] body, String contentType) {
    if (!isForm(contentType)) {
      return body;
    }
    String form = new String(body, StandardCharsets.UTF_8);
    for (String pair : form.split("&")) {
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      if (name.equals(PAYLOAD)) {
        String value = equals < 0 ? "" : pair.substring(equals + 1);
        return URLDecoder.decode(value, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
      }
    }
    throw new IllegalArgumentException(
        "a " + FORM + " body needs a '" + PAYLOAD + "' parameter holding the JSON payload");
  }

  private static boolean isForm(String contentType) {
    if (contentType == null) {
      return false;
    }
    int parameters = contentType.indexOf(';');
    String mediaType = parameters < 0 ? contentType : contentType.substring(0, parameters);
    return mediaType.strip().toLowerCase(Locale.ROOT).equals(FORM);
  }
}
