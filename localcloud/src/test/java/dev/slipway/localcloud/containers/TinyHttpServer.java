package dev.slipway.localcloud.containers;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** A one-class HTTP service the container tests put in an image (needs only jdk.httpserver). */
public final class TinyHttpServer {
  private TinyHttpServer() {}

  /** Answers every path with 200 and the MESSAGE variable, on port 8080. */
  public static void main(String[] args) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(8080), 0);
    byte[] body = System.getenv().getOrDefault("MESSAGE", "hello").getBytes(StandardCharsets.UTF_8);
    server.createContext(
        "/",
        exchange -> {
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
  }
}
