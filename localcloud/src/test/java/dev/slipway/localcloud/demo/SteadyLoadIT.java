package dev.slipway.localcloud.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The load generator against a real HTTP server on 127.0.0.1. */
class SteadyLoadIT {
  private HttpServer server;
  private final AtomicReference<String> version = new AtomicReference<>("v1");
  private final AtomicInteger failEvery = new AtomicInteger(0);
  private final AtomicInteger served = new AtomicInteger();

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/api/hello",
        exchange -> {
          int n = served.incrementAndGet();
          int every = failEvery.get();
          boolean fail = every > 0 && n % every == 0;
          byte[] body =
              ("{\"message\":\"hi\",\"version\":\"" + version.get() + "\"}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(fail ? 500 : 200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/hello");
  }

  @Test
  void countsFailedRequestsAndTheVersionsThatAnswered() {
    failEvery.set(5);
    SteadyLoad load = SteadyLoad.start(uri(), 50, Duration.ofMinutes(1));
    await().atMost(Duration.ofSeconds(10)).until(() -> load.counts().requests() >= 50);
    LoadCounts before = load.counts();
    version.set("v2");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> load.counts().since(before).requests() >= 50);
    load.close();
    LoadCounts all = load.counts();

    assertThat(all.requests()).isEqualTo(served.get());
    assertThat(all.failed()).isEqualTo(served.get() / 5);
    assertThat(all.versions().values().stream().mapToLong(Long::longValue).sum() + all.failed())
        .isEqualTo(all.requests());
    assertThat(all.since(before).mostServed()).contains("v2");
  }

  @Test
  void aClosedPortCountsAsFailedRequests() {
    URI nothing = uri();
    server.stop(0);
    try (SteadyLoad load = SteadyLoad.start(nothing, 20, Duration.ofMinutes(1))) {
      await().atMost(Duration.ofSeconds(10)).until(() -> load.counts().requests() >= 5);
      LoadCounts counts = load.counts();
      assertThat(counts.failed()).isEqualTo(counts.requests());
      assertThat(counts.versions()).isEmpty();
    }
  }

  @Test
  void stopsByItselfAfterItsMaximumDuration() {
    try (SteadyLoad load = SteadyLoad.start(uri(), 20, Duration.ofMillis(500))) {
      await().atMost(Duration.ofSeconds(5)).until(() -> !load.running());
      long sent = load.counts().requests();
      assertThat(sent).isBetween(1L, 20L);
    }
  }

  @Test
  void refusesTargetsOffThisMachineAndUnreasonableRates() {
    assertThatThrownBy(
            () -> SteadyLoad.start(URI.create("http://192.0.2.1/"), 10, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not on 127.0.0.1");
    assertThatThrownBy(() -> SteadyLoad.start(uri(), 0, Duration.ofSeconds(1)))
        .hasMessageContaining("outside 1..200");
  }
}
