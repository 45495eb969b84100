package dev.slipway.functions;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * One HTTP GET, as the smoke test needs it: status and body, or the reason there was none. Header
 * values may be secrets (the test listener's): they are never logged.
 */
public interface HttpProbe {

  /** A response; {@code status} 0 with {@code error} when none arrived. */
  record Response(int status, String body, String error) {}

  /** GETs the URI with these request headers. */
  Response get(URI uri, Map<String, String> headers);

  /** GETs the URI. */
  default Response get(URI uri) {
    return get(uri, Map.of());
  }

  /** The JDK client with short timeouts (a smoke test must not hang its Lambda). */
  static HttpProbe jdk() {
    HttpClient client =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(3))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    return (uri, headers) -> {
      try {
        var request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET();
        headers.forEach(request::header);
        HttpResponse<String> response =
            client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.body(), null);
      } catch (IOException e) {
        return new Response(0, null, e.getClass().getSimpleName() + ": " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Response(0, null, "interrupted");
      }
    };
  }
}
