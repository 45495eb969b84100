package dev.slipway.functions;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** One HTTP GET, as the smoke test needs it: status and body, or the reason there was none. */
public interface HttpProbe {

  /** A response; {@code status} 0 with {@code error} when none arrived. */
  record Response(int status, String body, String error) {}

  /** GETs the URI. */
  Response get(URI uri);

  /** The JDK client with short timeouts (a smoke test must not hang its Lambda). */
  static HttpProbe jdk() {
    HttpClient client =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(3))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    return uri -> {
      try {
        HttpResponse<String> response =
            client.send(
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
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
