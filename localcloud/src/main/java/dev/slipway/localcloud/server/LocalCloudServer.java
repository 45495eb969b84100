package dev.slipway.localcloud.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.slipway.localcloud.iam.IamGate;
import dev.slipway.localcloud.protocol.ProtocolDispatcher;
import dev.slipway.localcloud.protocol.ServiceDescriptor;
import dev.slipway.localcloud.protocol.WireRequest;
import dev.slipway.localcloud.protocol.WireResponse;
import dev.slipway.localcloud.sts.LocalSts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The local AWS endpoint on {@code 127.0.0.1} (default port 4566): every registered service is
 * reached through it, as {@code AWS_ENDPOINT_URL=http://127.0.0.1:4566} makes the SDK clients do.
 *
 * <pre>{@code
 * LocalCloudServer server = LocalCloudServer.start(4566);
 * server.register(ServiceDescriptor.secretsManager(new LocalSecretsManager(...)));
 * server.route("/lambda-url/", request -> ...);   // plain HTTP below a path prefix
 * }</pre>
 */
public final class LocalCloudServer implements AutoCloseable {
  /** The port AWS tooling conventionally uses for a local endpoint. */
  public static final int DEFAULT_PORT = 4566;

  private static final Logger LOG = Logger.getLogger(LocalCloudServer.class.getName());

  private final ServiceRegistry registry = new ServiceRegistry();
  private final Router router = new Router(registry);
  private final Map<String, RouteHandler> routes =
      new ConcurrentSkipListMap<>(
          (a, b) -> b.length() != a.length() ? b.length() - a.length() : a.compareTo(b));
  private final HttpServer http;
  private final ExecutorService executor;
  private volatile IamGate iam;

  private LocalCloudServer(HttpServer http, ExecutorService executor) {
    this.http = http;
    this.executor = executor;
  }

  /** Starts listening on 127.0.0.1:{@code port} (0 picks a free port). */
  public static LocalCloudServer start(int port) throws IOException {
    // The JDK server otherwise leaves Nagle on, which stalls small request/response pairs.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    HttpServer http;
    try {
      http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
    } catch (java.net.BindException e) {
      throw new IOException(
          "port "
              + port
              + " on 127.0.0.1 is in use: another local mode (`slipway down` stops it) or another"
              + " program is listening there",
          e);
    }
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    LocalCloudServer server = new LocalCloudServer(http, executor);
    http.createContext("/", server::exchange);
    http.setExecutor(executor);
    http.start();
    return server;
  }

  /** Registers (or replaces) a service. */
  public void register(ServiceDescriptor service) {
    registry.register(service);
  }

  /** Serves plain HTTP under a path prefix; the longest matching prefix wins. */
  public void route(String pathPrefix, RouteHandler handler) {
    routes.put(pathPrefix, handler);
  }

  /** Evaluates requests made with a role's credentials before the service answers them. */
  public void iam(IamGate gate) {
    this.iam = gate;
  }

  /** The registered services and in-process calls between them. */
  public ServiceRegistry registry() {
    return registry;
  }

  /** The bound port. */
  public int port() {
    return http.getAddress().getPort();
  }

  /** The endpoint URL for SDK clients ({@code http://127.0.0.1:4566}). */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port());
  }

  /** Dispatches one request: plain routes first, then the AWS services. */
  WireResponse dispatch(WireRequest request) {
    for (Map.Entry<String, RouteHandler> route : routes.entrySet()) {
      if (request.path().startsWith(route.getKey())) {
        try {
          return route.getValue().handle(request);
        } catch (Exception e) {
          LOG.log(Level.WARNING, "route " + route.getKey() + " failed", e);
          return WireResponse.text(500, "internal error: " + e.getMessage());
        }
      }
    }
    if (LocalSts.SIGNING_NAME.equals(Router.signingName(request))) {
      // STS answers who the caller is, which only the request's credentials say
      IamGate gate = iam;
      return LocalSts.answer(request, gate == null ? Optional.empty() : gate.session(request));
    }
    ServiceDescriptor service = router.route(request);
    if (service == null) {
      return UnroutedRequest.answer(request, Router.signingName(request));
    }
    IamGate gate = iam;
    WireResponse denied = gate == null ? null : gate.check(service, request);
    if (denied != null) {
      denied.headers().put("x-amzn-RequestId", UUID.randomUUID().toString());
      return denied;
    }
    return ProtocolDispatcher.handle(service, request);
  }

  private void exchange(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      URI uri = exchange.getRequestURI();
      WireRequest request =
          new WireRequest(
              exchange.getRequestMethod().toUpperCase(Locale.ROOT),
              uri.getRawPath(),
              uri.getRawQuery(),
              exchange.getRequestHeaders(),
              body);
      WireResponse response = dispatch(request);
      response.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
      boolean noBody = response.body().length == 0 || request.method().equals("HEAD");
      exchange.sendResponseHeaders(response.status(), noBody ? -1 : response.body().length);
      if (!noBody) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(response.body());
        }
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "request failed", e);
      byte[] msg = ("internal error: " + e).getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(500, msg.length);
      exchange.getResponseBody().write(msg);
    }
  }

  /** Stops listening; in-flight requests get a second to finish. */
  @Override
  public void close() {
    http.stop(1);
    executor.shutdownNow();
  }
}
