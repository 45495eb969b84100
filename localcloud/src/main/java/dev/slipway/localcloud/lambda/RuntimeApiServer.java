package dev.slipway.localcloud.lambda;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.logging.Logger;

/**
 * The Lambda Runtime API (2018-06-01) for one function instance: the runtime interface client in
 * the function's JVM long-polls {@code /invocation/next} and posts each result back. A small
 * HTTP/1.1 server on raw sockets, because each response must go out as one write with TCP_NODELAY:
 * split writes meet Nagle + delayed ACK and add ~40 ms per round trip.
 */
final class RuntimeApiServer implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(RuntimeApiServer.class.getName());
  private static final String PREFIX = "/2018-06-01/runtime/";

  /** One queued invocation. */
  record Invocation(String requestId, byte[] payload, long deadlineMs, String functionArn) {}

  /** What the runtime reported for an invocation (or for init, with requestId null). */
  record Outcome(byte[] body, boolean error, String errorType) {}

  private final ServerSocket socket;
  private final BlockingQueue<Invocation> pending = new LinkedBlockingQueue<>();
  private final Map<String, CompletableFuture<Outcome>> inFlight = new ConcurrentHashMap<>();
  private final CompletableFuture<Long> firstPoll = new CompletableFuture<>();
  private final CompletableFuture<Outcome> initError = new CompletableFuture<>();
  private final CompletableFuture<Long> checkpoint = new CompletableFuture<>();
  private volatile boolean closed;

  RuntimeApiServer() throws IOException {
    socket = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
    Thread.ofVirtual().name("runtime-api-" + socket.getLocalPort()).start(this::acceptLoop);
  }

  /** {@code 127.0.0.1:<port>}, the value of AWS_LAMBDA_RUNTIME_API. */
  String address() {
    return "127.0.0.1:" + socket.getLocalPort();
  }

  /** Completes (with System.nanoTime) when the runtime first asks for work: init is done. */
  CompletableFuture<Long> firstPoll() {
    return firstPoll;
  }

  /**
   * Completes (with System.nanoTime) when a runtime initializing for SnapStart asks to be restored
   * ({@code GET restore/next}): init and the checkpoint hooks are done. Local mode resumes it at
   * once; there is no memory snapshot.
   */
  CompletableFuture<Long> checkpoint() {
    return checkpoint;
  }

  /** Completes when the runtime reports an initialization or restore error. */
  CompletableFuture<Outcome> initError() {
    return initError;
  }

  /** Queues an invocation; the future completes when the runtime posts its response or error. */
  CompletableFuture<Outcome> submit(Invocation invocation) {
    CompletableFuture<Outcome> result = new CompletableFuture<>();
    inFlight.put(invocation.requestId(), result);
    pending.add(invocation);
    return result;
  }

  /** Fails every invocation still waiting (the process died or timed out). */
  void failAll(Outcome outcome) {
    inFlight.values().forEach(f -> f.complete(outcome));
    inFlight.clear();
    pending.clear();
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket connection = socket.accept();
        connection.setTcpNoDelay(true);
        Thread.ofVirtual().start(() -> serve(connection));
      } catch (IOException e) {
        if (!closed) {
          LOG.warning("runtime API accept failed: " + e.getMessage());
        }
      }
    }
  }

  private void serve(Socket connection) {
    try (connection) {
      InputStream in = new BufferedInputStream(connection.getInputStream());
      OutputStream out = connection.getOutputStream();
      while (!closed) {
        HttpMessage request = HttpMessage.read(in);
        if (request == null) {
          return;
        }
        byte[] response = handle(request);
        out.write(response);
        out.flush();
      }
    } catch (IOException | InterruptedException e) {
      // the runtime went away (process stopped); nothing to answer
    }
  }

  private byte[] handle(HttpMessage request) throws InterruptedException {
    String path = request.path();
    if (!path.startsWith(PREFIX)) {
      return HttpMessage.response(
          404, Map.of(), "{\"errorMessage\":\"unknown path\"}".getBytes(StandardCharsets.UTF_8));
    }
    String rest = path.substring(PREFIX.length());
    if (request.method().equals("GET") && rest.equals("invocation/next")) {
      firstPoll.complete(System.nanoTime());
      Invocation next = pending.take();
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("Lambda-Runtime-Aws-Request-Id", next.requestId());
      headers.put("Lambda-Runtime-Deadline-Ms", Long.toString(next.deadlineMs()));
      headers.put("Lambda-Runtime-Invoked-Function-Arn", next.functionArn());
      headers.put(
          "Lambda-Runtime-Trace-Id",
          "Root=1-"
              + Long.toHexString(System.currentTimeMillis() / 1000)
              + "-"
              + next.requestId().replace("-", "").substring(0, 24)
              + ";Sampled=0");
      headers.put("Content-Type", "application/json");
      return HttpMessage.response(200, headers, next.payload());
    }
    if (request.method().equals("GET") && rest.equals("restore/next")) {
      checkpoint.complete(System.nanoTime());
      return HttpMessage.response(200, Map.of("Content-Type", "application/json"), new byte[0]);
    }
    if (request.method().equals("POST")
        && (rest.equals("init/error") || rest.equals("restore/error"))) {
      initError.complete(
          new Outcome(request.body(), true, request.header("lambda-runtime-function-error-type")));
      return accepted();
    }
    if (request.method().equals("POST") && rest.startsWith("invocation/")) {
      String[] parts = rest.split("/");
      if (parts.length == 3) {
        CompletableFuture<Outcome> future = inFlight.remove(parts[1]);
        if (future == null) {
          return HttpMessage.response(
              400,
              Map.of(),
              "{\"errorMessage\":\"unknown request id\",\"errorType\":\"InvalidRequestID\"}"
                  .getBytes(StandardCharsets.UTF_8));
        }
        boolean error = parts[2].equals("error");
        future.complete(
            new Outcome(
                request.body(),
                error,
                error ? request.header("lambda-runtime-function-error-type") : null));
        return accepted();
      }
    }
    return HttpMessage.response(
        404, Map.of(), "{\"errorMessage\":\"unknown path\"}".getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] accepted() {
    return HttpMessage.response(
        202,
        Map.of("Content-Type", "application/json"),
        "{\"status\":\"OK\"}".getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    closed = true;
    try {
      socket.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  /** A minimal HTTP/1.1 request reader and response writer (Content-Length and chunked bodies). */
  record HttpMessage(String method, String path, Map<String, String> headers, byte[] body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    static HttpMessage read(InputStream in) throws IOException {
      String requestLine = line(in);
      while (requestLine != null && requestLine.isEmpty()) {
        requestLine = line(in);
      }
      if (requestLine == null) {
        return null;
      }
      String[] parts = requestLine.split(" ");
      if (parts.length < 2) {
        throw new IOException("bad request line: " + requestLine);
      }
      Map<String, String> headers = new LinkedHashMap<>();
      for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
        int colon = h.indexOf(':');
        if (colon > 0) {
          headers.put(
              h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
        }
      }
      byte[] body;
      if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        for (int size = Integer.parseInt(line(in).split(";")[0].trim(), 16);
            size > 0;
            size = Integer.parseInt(line(in).split(";")[0].trim(), 16)) {
          buf.write(in.readNBytes(size));
          line(in);
        }
        for (String trailer = line(in); trailer != null && !trailer.isEmpty(); trailer = line(in)) {
          // trailers are not used by the runtime client
        }
        body = buf.toByteArray();
      } else {
        String length = headers.get("content-length");
        body = length == null ? new byte[0] : in.readNBytes(Integer.parseInt(length));
      }
      String path = parts[1];
      int q = path.indexOf('?');
      return new HttpMessage(parts[0], q < 0 ? path : path.substring(0, q), headers, body);
    }

    private static String line(InputStream in) throws IOException {
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      int c;
      while ((c = in.read()) != -1) {
        if (c == '\n') {
          break;
        }
        if (c != '\r') {
          buf.write(c);
        }
      }
      if (c == -1 && buf.size() == 0) {
        return null;
      }
      return buf.toString(StandardCharsets.ISO_8859_1);
    }

    /** Status line, headers and body in one buffer, so they leave in one write. */
    static byte[] response(int status, Map<String, String> headers, byte[] body) {
      StringBuilder head =
          new StringBuilder("HTTP/1.1 ")
              .append(status)
              .append(' ')
              .append(reason(status))
              .append("\r\n");
      headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
      head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
      byte[] h = head.toString().getBytes(StandardCharsets.ISO_8859_1);
      byte[] out = new byte[h.length + body.length];
      System.arraycopy(h, 0, out, 0, h.length);
      System.arraycopy(body, 0, out, h.length, body.length);
      return out;
    }

    private static String reason(int status) {
      return switch (status) {
        case 200 -> "OK";
        case 202 -> "Accepted";
        case 400 -> "Bad Request";
        default -> "Not Found";
      };
    }
  }
}
