package dev.slipway.hello;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The sample service Slipway deploys: {@code /healthz} (liveness), {@code /ready} (readiness, 503
 * once draining), {@code /api/hello} and {@code /} (the version = git SHA baked in at build), with
 * the fault switches of {@link Faults}, per-second request metrics on stdout ({@link
 * RequestMetrics}) and a graceful SIGTERM drain.
 */
public final class HelloService {

  private final String version;
  private final Faults faults;
  private final FailureSchedule failures;
  private final AtomicBoolean draining = new AtomicBoolean();
  private final HttpServer server;
  private final RequestMetrics metrics;

  /** A service on {@code port} (0 = any free port) reporting {@code version}, without metrics. */
  public HelloService(int port, String version, Faults faults) throws IOException {
    this(port, version, faults, RequestMetrics.NONE);
  }

  /** A service as above whose API requests are measured by {@code metrics}. */
  public HelloService(int port, String version, Faults faults, RequestMetrics metrics)
      throws IOException {
    this.version = version;
    this.metrics = metrics;
    this.faults = faults;
    this.failures = new FailureSchedule(faults.failPercent());
    this.server = HttpServer.create(new InetSocketAddress(port), 128);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/healthz", this::healthz);
    server.createContext("/ready", this::ready);
    server.createContext("/api/hello", this::api);
    server.createContext("/", this::root);
  }

  /** Starts serving (and printing metrics). */
  public void start() {
    server.start();
    metrics.start();
  }

  /** The bound port. */
  public int port() {
    return server.getAddress().getPort();
  }

  /**
   * Drains and stops: {@code /ready} turns 503 at once, requests are still served for {@code drain}
   * (so the load balancer stops sending new ones), then in-flight requests get up to {@code drain}
   * more to finish.
   */
  public void drainAndStop(Duration drain) {
    draining.set(true);
    log("SIGTERM: not ready, draining for " + drain.toMillis() + " ms");
    sleep(drain);
    server.stop((int) Math.max(1, drain.toSeconds()));
    metrics.close();
    log("drained, stopped");
  }

  private void healthz(HttpExchange x) throws IOException {
    send(x, 200, "{\"status\":\"ok\",\"version\":\"" + version + "\"}");
  }

  private void ready(HttpExchange x) throws IOException {
    if (draining.get()) {
      send(x, 503, "{\"status\":\"shutting_down\",\"version\":\"" + version + "\"}");
    } else if (faults.readyFails()) {
      send(x, 503, "{\"status\":\"not_ready\",\"version\":\"" + version + "\"}");
    } else {
      send(x, 200, "{\"status\":\"ready\",\"version\":\"" + version + "\"}");
    }
  }

  private void root(HttpExchange x) throws IOException {
    if (!x.getRequestURI().getPath().equals("/")) {
      send(x, 404, "{\"error\":\"not found\",\"path\":\"" + x.getRequestURI().getPath() + "\"}");
      return;
    }
    api(x);
  }

  /** An API request, measured from its start to its answer sent (fault latency included). */
  private void api(HttpExchange x) throws IOException {
    long start = System.nanoTime();
    // an answer that could not be sent counts as a server error
    int status = 500;
    try {
      status = hello(x);
    } finally {
      metrics.record(System.nanoTime() - start, status);
    }
  }

  private int hello(HttpExchange x) throws IOException {
    if (faults.latencyMillis() > 0) {
      sleep(Duration.ofMillis(faults.latencyMillis()));
    }
    if (failures.nextFails()) {
      send(x, 500, "{\"error\":\"injected failure\",\"version\":\"" + version + "\"}");
      return 500;
    }
    send(x, 200, "{\"message\":\"hello from Slipway\",\"version\":\"" + version + "\"}");
    return 200;
  }

  private static void send(HttpExchange x, int status, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().set("Content-Type", "application/json");
    x.sendResponseHeaders(status, body.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(body);
    }
  }

  /**
   * One log line on stdout. Not java.util.logging: its own shutdown hook closes the handlers, so
   * the drain messages of the SIGTERM hook would be lost.
   */
  private static void log(String message) {
    System.out.println(java.time.Instant.now() + " hello-service: " + message);
    System.out.flush();
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Starts the service. Environment: {@code PORT} (8080), {@code SERVICE_VERSION} (set at image
   * build from the git SHA), {@code DRAIN_SECONDS} (5), {@code FAULTS_FILE} (faults.properties),
   * {@code SERVICE_NAME} (hello, the metrics' Service dimension).
   */
  public static void main(String[] args) throws IOException {
    Settings settings = Settings.fromEnvironment(System.getenv());
    Faults faults = Faults.load(Path.of(settings.faultsFile()));
    if (faults.startFails()) {
      log("start.fail=true in " + settings.faultsFile() + ": exiting with status 1");
      System.exit(1);
    }
    HelloService service =
        new HelloService(
            settings.port(),
            settings.version(),
            faults,
            RequestMetrics.toStdout(settings.serviceName(), settings.version()));
    service.start();
    log("hello-service " + settings.version() + " listening on " + service.port());
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  service.drainAndStop(settings.drain());
                  // a drained, orderly stop is a success: exit 0 rather than the JVM's 143
                  Runtime.getRuntime().halt(0);
                },
                "drain"));
  }
}
