package dev.slipway.localcloud.demo;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Steady, bounded HTTP load on one loopback URL: a fixed request rate, at most {@value
 * #MAX_IN_FLIGHT} requests in flight, and it stops by itself after a maximum duration. Counts
 * failed requests (non-2xx or no answer) and the version each answer reports, so a deploy's
 * failed-request count and the serving version can be read off it.
 */
public final class SteadyLoad implements AutoCloseable {
  static final int MAX_IN_FLIGHT = 16;
  private static final Pattern VERSION = Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"");

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
  private final URI target;
  private final Duration requestTimeout;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final Map<String, AtomicLong> versions = new ConcurrentHashMap<>();
  private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread pacer;

  private SteadyLoad(URI target, int perSecond, Duration maxDuration, Duration requestTimeout) {
    this.target = target;
    this.requestTimeout = requestTimeout;
    long pause = 1_000_000_000L / perSecond;
    long stopAt = System.nanoTime() + maxDuration.toNanos();
    pacer =
        Thread.ofPlatform()
            .daemon()
            .name("steady-load")
            .start(
                () -> {
                  long next = System.nanoTime();
                  while (running.get() && System.nanoTime() < stopAt) {
                    inFlight.acquireUninterruptibly();
                    Thread.ofVirtual().start(this::sendOne);
                    next += pause;
                    LockSupport.parkNanos(next - System.nanoTime());
                  }
                });
  }

  /**
   * Starts sending {@code perSecond} GET requests a second to {@code target} until closed or until
   * {@code maxDuration} has passed.
   *
   * @throws IllegalArgumentException if the target is not on the loopback interface or the rate is
   *     not between 1 and 200 a second
   */
  public static SteadyLoad start(URI target, int perSecond, Duration maxDuration) {
    requireLoopback(target);
    if (perSecond < 1 || perSecond > 200) {
      throw new IllegalArgumentException(
          "load rate " + perSecond + "/s is outside 1..200 requests a second");
    }
    return new SteadyLoad(target, perSecond, maxDuration, Duration.ofSeconds(5));
  }

  private static void requireLoopback(URI target) {
    try {
      if (target.getHost() == null
          || !InetAddress.getByName(target.getHost()).isLoopbackAddress()) {
        throw new IllegalArgumentException(
            "load target " + target + " is not on 127.0.0.1; the demo only sends load locally");
      }
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("load target host of " + target + " is unknown", e);
    }
  }

  private void sendOne() {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(target).timeout(requestTimeout).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() / 100 == 2) {
        Matcher m = VERSION.matcher(r.body());
        String version = m.find() ? m.group(1) : "unversioned";
        versions.computeIfAbsent(version, v -> new AtomicLong()).incrementAndGet();
      } else {
        failed.incrementAndGet();
      }
    } catch (Exception e) {
      // a refused, reset or timed-out request is a failed request, as a user would see it
      failed.incrementAndGet();
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
    } finally {
      requests.incrementAndGet();
      inFlight.release();
    }
  }

  /** The counts so far (requests still in flight are not counted yet). */
  public LoadCounts counts() {
    Map<String, Long> v = new java.util.HashMap<>();
    versions.forEach((k, n) -> v.put(k, n.get()));
    return new LoadCounts(requests.get(), failed.get(), v);
  }

  /** Whether it is still sending (false once closed or past its maximum duration). */
  public boolean running() {
    return running.get() && pacer.isAlive();
  }

  /** Stops sending and waits for the requests in flight to finish. */
  @Override
  public void close() {
    running.set(false);
    try {
      pacer.join();
      inFlight.acquire(MAX_IN_FLIGHT);
      inFlight.release(MAX_IN_FLIGHT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
