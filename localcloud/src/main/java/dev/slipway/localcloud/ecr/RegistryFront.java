package dev.slipway.localcloud.ecr;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The address podman pushes to and pulls from: a pass-through in front of the local registry that
 * applies ECR's rules the registry itself does not know — a push needs an existing repository, and
 * a tag of an IMMUTABLE repository cannot be moved to another image. Successful manifest pushes are
 * reported to {@link LocalEcr} (push time).
 */
final class RegistryFront implements AutoCloseable {
  private static final Pattern REPO_PATH =
      Pattern.compile("^/v2/(.+?)/(manifests|blobs|tags)(/.*)?$");
  private static final Set<String> SKIPPED_REQUEST_HEADERS =
      Set.of(
          "host",
          "connection",
          "content-length",
          "expect",
          "upgrade",
          "transfer-encoding",
          "keep-alive");
  private static final Set<String> SKIPPED_RESPONSE_HEADERS =
      Set.of("content-length", "transfer-encoding", "connection", "date", ":status");

  private final LocalEcr ecr;
  private final URI backend;
  private final HttpClient http;
  private final HttpServer server;
  private final ExecutorService executor;

  private PlainHttpOnly listener;

  private RegistryFront(LocalEcr ecr, URI backend, HttpServer server, ExecutorService executor) {
    this.ecr = ecr;
    this.backend = backend;
    this.server = server;
    this.executor = executor;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  static RegistryFront start(LocalEcr ecr, URI backend, int port) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    RegistryFront front = new RegistryFront(ecr, backend, server, executor);
    server.createContext("/", front::exchange);
    server.setExecutor(executor);
    server.start();
    front.listener = PlainHttpOnly.start(port, server.getAddress().getPort());
    return front;
  }

  int port() {
    return listener.port();
  }

  @Override
  public void close() {
    if (listener != null) {
      listener.close();
    }
    server.stop(0);
    executor.shutdownNow();
  }

  private void exchange(HttpExchange x) throws IOException {
    try (x) {
      String path = x.getRequestURI().getRawPath();
      Matcher m = REPO_PATH.matcher(path);
      if (m.matches()) {
        String repository = m.group(1);
        if (!ecr.repositoryExists(repository)) {
          error(x, 404, "NAME_UNKNOWN", ecr.repositoryNotFoundMessage(repository));
          return;
        }
        boolean manifestPut = m.group(2).equals("manifests") && x.getRequestMethod().equals("PUT");
        if (manifestPut) {
          putManifest(x, repository, m.group(3).substring(1));
          return;
        }
      }
      forward(x, bodyOf(x));
    } catch (IOException | RuntimeException e) {
      error(x, 502, "UNAVAILABLE", "local registry: " + e.getMessage());
    }
  }

  private void putManifest(HttpExchange x, String repository, String reference) throws IOException {
    byte[] manifest = x.getRequestBody().readAllBytes();
    String digest = "sha256:" + sha256(manifest);
    synchronized (ecr.pushLock(repository)) {
      if (!reference.startsWith("sha256:")) {
        String refused = ecr.refuseTagMove(repository, reference, digest);
        if (refused != null) {
          error(x, 400, "TAG_INVALID", refused);
          return;
        }
      }
      int status = forward(x, HttpRequest.BodyPublishers.ofByteArray(manifest));
      if (status / 100 == 2) {
        ecr.recordPush(repository, digest);
      }
    }
  }

  private static HttpRequest.BodyPublisher bodyOf(HttpExchange x) {
    String method = x.getRequestMethod();
    if (method.equals("GET") || method.equals("HEAD") || method.equals("DELETE")) {
      return HttpRequest.BodyPublishers.noBody();
    }
    String length = x.getRequestHeaders().getFirst("Content-Length");
    HttpRequest.BodyPublisher stream = HttpRequest.BodyPublishers.ofInputStream(x::getRequestBody);
    if (length != null) {
      long n = Long.parseLong(length.strip());
      return n == 0
          ? HttpRequest.BodyPublishers.noBody()
          : HttpRequest.BodyPublishers.fromPublisher(stream, n);
    }
    return stream;
  }

  /** Sends the request on to the registry and its answer back; returns the status. */
  private int forward(HttpExchange x, HttpRequest.BodyPublisher body) throws IOException {
    URI target =
        backend.resolve(
            x.getRequestURI().getRawPath()
                + (x.getRequestURI().getRawQuery() == null
                    ? ""
                    : "?" + x.getRequestURI().getRawQuery()));
    HttpRequest.Builder request =
        HttpRequest.newBuilder(target)
            .timeout(Duration.ofMinutes(5))
            .method(x.getRequestMethod(), body);
    x.getRequestHeaders()
        .forEach(
            (name, values) -> {
              if (!SKIPPED_REQUEST_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> request.header(name, v));
              }
            });
    HttpResponse<InputStream> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    response
        .headers()
        .map()
        .forEach(
            (name, values) -> {
              if (!SKIPPED_RESPONSE_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                x.getResponseHeaders().put(name, List.copyOf(values));
              }
            });
    long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
    boolean head = x.getRequestMethod().equals("HEAD");
    try (InputStream in = response.body()) {
      if (head || response.statusCode() == 204 || response.statusCode() == 304) {
        if (length >= 0) {
          // HEAD answers carry the blob's size; podman reads it
          x.getResponseHeaders().set("Content-Length", Long.toString(length));
        }
        x.sendResponseHeaders(response.statusCode(), -1);
      } else if (length == 0) {
        x.sendResponseHeaders(response.statusCode(), -1);
      } else {
        x.sendResponseHeaders(response.statusCode(), length < 0 ? 0 : length);
        try (OutputStream out = x.getResponseBody()) {
          in.transferTo(out);
        }
      }
    }
    return response.statusCode();
  }

  private static void error(HttpExchange x, int status, String code, String message)
      throws IOException {
    String json =
        "{\"errors\":[{\"code\":\""
            + code
            + "\",\"message\":\""
            + message.replace("\\", "\\\\").replace("\"", "\\\"")
            + "\"}]}";
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().set("Content-Type", "application/json");
    x.getResponseHeaders().set("Docker-Distribution-Api-Version", "registry/2.0");
    if (x.getRequestMethod().equals("HEAD")) {
      x.sendResponseHeaders(status, -1);
      return;
    }
    x.sendResponseHeaders(status, body.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(body);
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
