package dev.slipway.localcloud.ecs;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/** Steady, bounded HTTP load on one 127.0.0.1 URL: one request every {@code pause}, in order. */
final class SteadyLoad {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  final AtomicInteger ok = new AtomicInteger();
  final AtomicInteger failed = new AtomicInteger();
  final Map<String, Integer> bodies = new ConcurrentHashMap<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread thread;

  SteadyLoad(URI uri, Duration pause) {
    thread =
        Thread.ofVirtual()
            .start(
                () -> {
                  while (running.get()) {
                    send(uri);
                    LockSupport.parkNanos(pause.toNanos());
                  }
                });
  }

  private void send(URI uri) {
    try {
      var r =
          HTTP.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 200) {
        ok.incrementAndGet();
        bodies.merge(r.body(), 1, Integer::sum);
      } else {
        failed.incrementAndGet();
        bodies.merge("HTTP " + r.statusCode(), 1, Integer::sum);
      }
    } catch (Exception e) {
      failed.incrementAndGet();
      bodies.merge(e.getClass().getSimpleName(), 1, Integer::sum);
    }
  }

  /** Stops sending and waits for the request in flight. */
  void stop() throws InterruptedException {
    running.set(false);
    thread.join();
  }
}
