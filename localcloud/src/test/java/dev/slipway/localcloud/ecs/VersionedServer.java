package dev.slipway.localcloud.ecs;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The service the ECS tests run as task containers (only needs jdk.httpserver): {@code /} answers
 * the VERSION variable, {@code /ready} 200, {@code /secret} the length of GREETING (never the
 * value). With CRASH=1 it exits at once, like a service that cannot start.
 */
public final class VersionedServer {
  private VersionedServer() {}

  /** Serves on port 8080 until SIGTERM. */
  public static void main(String[] args) throws IOException {
    if ("1".equals(System.getenv("CRASH"))) {
      System.err.println("refusing to start: CRASH=1");
      System.exit(3);
    }
    var server = HttpServer.create(new InetSocketAddress(8080), 0);
    var version = System.getenv().getOrDefault("VERSION", "unknown");
    var greeting = System.getenv().getOrDefault("GREETING", "");
    server.createContext("/", ex -> answer(ex, version));
    server.createContext("/ready", ex -> answer(ex, "ready"));
    server.createContext("/secret", ex -> answer(ex, "length=" + greeting.length()));
    server.start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(1)));
  }

  private static void answer(com.sun.net.httpserver.HttpExchange ex, String text)
      throws IOException {
    var body = text.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(200, body.length);
    ex.getResponseBody().write(body);
    ex.close();
  }
}
