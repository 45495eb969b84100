package dev.slipway.localcloud.protocol;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An HTTP request as the protocol layer sees it, independent of the HTTP server.
 *
 * @param method HTTP method, upper case
 * @param path the raw (still percent-encoded) path
 * @param rawQuery the raw query string, or empty
 * @param headers header values by case-insensitive name
 * @param body the request body (empty when none)
 */
public record WireRequest(
    String method, String path, String rawQuery, Map<String, List<String>> headers, byte[] body) {

  /** Normalizes the header map to case-insensitive keys. */
  public WireRequest {
    TreeMap<String, List<String>> ci = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    ci.putAll(headers);
    headers = ci;
    rawQuery = rawQuery == null ? "" : rawQuery;
    body = body == null ? new byte[0] : body;
  }

  /** The first value of a header, or null. */
  public String header(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** The body as UTF-8 text. */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** The query string parameters, decoded, first value wins. */
  public Map<String, String> queryParameters() {
    return parseForm(rawQuery);
  }

  /** Decodes an {@code application/x-www-form-urlencoded} string; the first value of a key wins. */
  public static Map<String, String> parseForm(String form) {
    Map<String, String> params = new LinkedHashMap<>();
    if (form == null || form.isEmpty()) {
      return params;
    }
    for (String pair : form.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      params.putIfAbsent(
          URLDecoder.decode(key, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return params;
  }
}
