package dev.slipway.hello;

import java.net.HttpURLConnection;
import java.net.URI;

/**
 * Container health check for images without a shell or curl (the jlink base, which has no
 * java.net.http either): {@code java -cp /app/hello-service.jar dev.slipway.hello.HealthCheck}
 * exits 0 when {@code /healthz} answers 200.
 */
public final class HealthCheck {
  private HealthCheck() {}

  /** Exits 0 if http://127.0.0.1:$PORT/healthz answers 200 within 2 s, else 1. */
  public static void main(String[] args) {
    String port = System.getenv().getOrDefault("PORT", "8080");
    try {
      HttpURLConnection c =
          (HttpURLConnection)
              URI.create("http://127.0.0.1:" + port + "/healthz").toURL().openConnection();
      c.setConnectTimeout(2000);
      c.setReadTimeout(2000);
      int status = c.getResponseCode();
      System.exit(status == 200 ? 0 : 1);
    } catch (Exception e) {
      System.err.println("health check failed: " + e);
      System.exit(1);
    }
  }
}
