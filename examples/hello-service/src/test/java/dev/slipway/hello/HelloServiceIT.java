package dev.slipway.hello;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The service over HTTP on 127.0.0.1, in this JVM. */
class HelloServiceIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(5))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void reportsItsVersionOnEveryEndpoint() throws Exception {
    HelloService service = new HelloService(0, "0123abcd", Faults.NONE);
    service.start();
    try {
      assertThat(get(service.port(), "/healthz").body())
          .isEqualTo("{\"status\":\"ok\",\"version\":\"0123abcd\"}");
      assertThat(get(service.port(), "/ready").statusCode()).isEqualTo(200);
      HttpResponse<String> hello = get(service.port(), "/api/hello");
      assertThat(hello.statusCode()).isEqualTo(200);
      assertThat(hello.body()).contains("\"version\":\"0123abcd\"");
      assertThat(get(service.port(), "/").body()).contains("0123abcd");
      assertThat(get(service.port(), "/nope").statusCode()).isEqualTo(404);
    } finally {
      service.drainAndStop(Duration.ZERO);
    }
  }

  @Test
  void failsTheConfiguredShareOfApiCallsButNotHealthChecks() throws Exception {
    HelloService service = new HelloService(0, "v", new Faults(20, 0, true, false, false));
    service.start();
    try {
      long failed = 0;
      for (int i = 0; i < 50; i++) {
        if (get(service.port(), "/api/hello").statusCode() == 500) {
          failed++;
        }
      }
      assertThat(failed).isEqualTo(10);
      assertThat(get(service.port(), "/healthz").statusCode()).isEqualTo(200);
      assertThat(get(service.port(), "/ready").statusCode()).isEqualTo(503);
    } finally {
      service.drainAndStop(Duration.ZERO);
    }
  }

  @Test
  void latencySwitchSlowsApiCallsOnly() throws Exception {
    HelloService service = new HelloService(0, "v", new Faults(0, 300, false, false, false));
    service.start();
    try {
      long start = System.nanoTime();
      assertThat(get(service.port(), "/api/hello").statusCode()).isEqualTo(200);
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isGreaterThanOrEqualTo(Duration.ofMillis(300));
      start = System.nanoTime();
      get(service.port(), "/healthz");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(300));
    } finally {
      service.drainAndStop(Duration.ZERO);
    }
  }

  @Test
  void drainingTurnsReadyTo503WhileStillServing() throws Exception {
    HelloService service = new HelloService(0, "v", Faults.NONE);
    service.start();
    CompletableFuture<Void> stopping =
        CompletableFuture.runAsync(() -> service.drainAndStop(Duration.ofSeconds(2)));
    HttpResponse<String> ready =
        org.awaitility.Awaitility.await()
            .atMost(Duration.ofSeconds(2))
            .until(() -> get(service.port(), "/ready"), r -> r.statusCode() == 503);
    assertThat(ready.body()).contains("shutting_down");
    assertThat(get(service.port(), "/api/hello").statusCode()).isEqualTo(200);
    stopping.get();
  }

  @Test
  @SuppressWarnings("unchecked")
  void apiRequestsAreCountedAndTimedInEmfLinesFaultLatencyIncluded() throws Exception {
    List<String> lines = new CopyOnWriteArrayList<>();
    HelloService service =
        new HelloService(
            0,
            "sha1",
            new Faults(50, 120, false, false, false),
            new RequestMetrics("hello", "sha1", Clock.systemUTC(), lines::add));
    service.start();
    try {
      // 50 %: every second request fails
      assertThat(get(service.port(), "/api/hello").statusCode()).isEqualTo(200);
      assertThat(get(service.port(), "/").statusCode()).isEqualTo(500);
      assertThat(get(service.port(), "/api/hello").statusCode()).isEqualTo(200);
      assertThat(get(service.port(), "/api/hello").statusCode()).isEqualTo(500);
      // not API requests: not counted
      get(service.port(), "/healthz");
      get(service.port(), "/ready");
      get(service.port(), "/nope");
    } finally {
      service.drainAndStop(Duration.ZERO);
    }
    double requests = 0;
    double errors = 0;
    List<Double> latencies = new java.util.ArrayList<>();
    for (String line : lines) {
      Map<String, Object> doc = (Map<String, Object>) Json.parse(line);
      assertThat(doc).containsEntry("Service", "hello").containsEntry("Version", "sha1");
      requests += (Double) doc.get("Requests");
      errors += (Double) doc.get("Errors");
      latencies.addAll((List<Double>) doc.get("Latency"));
    }
    assertThat(requests).isEqualTo(4);
    assertThat(errors).isEqualTo(2);
    assertThat(latencies).hasSize(4).allSatisfy(ms -> assertThat(ms).isBetween(120.0, 5_000.0));
  }
}
