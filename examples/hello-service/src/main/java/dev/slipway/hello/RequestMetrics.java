package dev.slipway.hello;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The API requests' metrics as CloudWatch embedded metric format (EMF) lines on stdout, which
 * CloudWatch Logs turns into metrics when the container logs with the awslogs driver (no agent, no
 * SDK). Once a second, for the second before, one line in namespace {@code HelloService} with the
 * dimension set {@code [Service, Version]} and three high-resolution ({@code StorageResolution} 1)
 * metrics:
 *
 * <ul>
 *   <li>{@code Requests} (Count): requests to {@code /api/hello} and {@code /} that ended in that
 *       second;
 *   <li>{@code Errors} (Count): those answered with a 5xx status;
 *   <li>{@code Latency} (Milliseconds): each of those requests' handling time, fault latency
 *       included, as an array of values.
 * </ul>
 *
 * <p>A second without such requests prints nothing. EMF allows at most 100 values in an array, so a
 * second with more requests prints several lines for it, each with at most 100 requests and its own
 * counts: read {@code Requests} and {@code Errors} with the {@code Sum} statistic. {@link #close()}
 * prints what is left, the current second included.
 */
public final class RequestMetrics implements AutoCloseable {
  /** EMF's most values in one metric array. */
  static final int MAX_VALUES = 100;

  /** No metrics at all (a service built without them, as in most tests). */
  static final RequestMetrics NONE = new RequestMetrics("none", "none", Clock.systemUTC(), l -> {});

  private final String service;
  private final String version;
  private final Clock clock;
  private final Consumer<String> out;
  private final TreeMap<Long, List<Request>> seconds = new TreeMap<>();
  private ScheduledExecutorService timer;

  private record Request(double millis, boolean error) {}

  /**
   * Metrics of service {@code service} at {@code version}, lines to {@code out}, seconds by {@code
   * clock}.
   */
  public RequestMetrics(String service, String version, Clock clock, Consumer<String> out) {
    this.service = service;
    this.version = version;
    this.clock = clock;
    this.out = out;
  }

  /** Metrics printed on stdout. */
  public static RequestMetrics toStdout(String service, String version) {
    return new RequestMetrics(
        service,
        version,
        Clock.systemUTC(),
        line -> {
          System.out.println(line);
          System.out.flush();
        });
  }

  /** Prints each second's line just after the second ended. */
  public synchronized void start() {
    if (this == NONE || timer != null) {
      return;
    }
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "request-metrics");
              t.setDaemon(true);
              return t;
            });
    long toNextSecond = 1000 - Math.floorMod(clock.millis(), 1000L);
    timer.scheduleAtFixedRate(this::printCompleted, toNextSecond + 20, 1000, TimeUnit.MILLISECONDS);
  }

  /** One request that ended now: its handling time and HTTP status. */
  public void record(long nanos, int status) {
    if (this == NONE) {
      return;
    }
    long second = Math.floorDiv(clock.millis(), 1000L);
    synchronized (this) {
      seconds
          .computeIfAbsent(second, s -> new ArrayList<>())
          .add(new Request(nanos / 1e6, status >= 500 && status <= 599));
    }
  }

  /** Prints the lines of every second that is over. */
  void printCompleted() {
    print(Math.floorDiv(clock.millis(), 1000L));
  }

  /** Stops the timer and prints every second recorded, the current one too. */
  @Override
  public void close() {
    ScheduledExecutorService t;
    synchronized (this) {
      t = timer;
      timer = null;
    }
    if (t != null) {
      t.shutdownNow();
    }
    print(Long.MAX_VALUE);
  }

  private void print(long before) {
    List<String> lines = new ArrayList<>();
    synchronized (this) {
      while (!seconds.isEmpty() && seconds.firstKey() < before) {
        Map.Entry<Long, List<Request>> e = seconds.pollFirstEntry();
        List<Request> all = e.getValue();
        for (int i = 0; i < all.size(); i += MAX_VALUES) {
          lines.add(line(e.getKey() * 1000, all.subList(i, Math.min(all.size(), i + MAX_VALUES))));
        }
      }
    }
    lines.forEach(out);
  }

  private String line(long timestampMillis, List<Request> requests) {
    long errors = requests.stream().filter(Request::error).count();
    StringBuilder latency = new StringBuilder();
    for (Request r : requests) {
      latency.append(latency.isEmpty() ? "" : ",").append(millis(r.millis()));
    }
    return "{\"_aws\":{\"Timestamp\":"
        + timestampMillis
        + ",\"CloudWatchMetrics\":[{\"Namespace\":\"HelloService\","
        + "\"Dimensions\":[[\"Service\",\"Version\"]],\"Metrics\":["
        + "{\"Name\":\"Requests\",\"Unit\":\"Count\",\"StorageResolution\":1},"
        + "{\"Name\":\"Errors\",\"Unit\":\"Count\",\"StorageResolution\":1},"
        + "{\"Name\":\"Latency\",\"Unit\":\"Milliseconds\",\"StorageResolution\":1}]}]},"
        + "\"Service\":"
        + quote(service)
        + ",\"Version\":"
        + quote(version)
        + ",\"Requests\":"
        + requests.size()
        + ",\"Errors\":"
        + errors
        + ",\"Latency\":["
        + latency
        + "]}";
  }

  /** Milliseconds to the microsecond, a plain JSON number. */
  static String millis(double value) {
    return String.format(Locale.ROOT, "%.3f", value);
  }

  /** A JSON string. */
  static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        default -> {
          if (c < 0x20) {
            sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }
}
