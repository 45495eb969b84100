package dev.slipway.localcloud.elbv2;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/** An in-test HTTP target on 127.0.0.1: answers its name, {@code /ready} 200, {@code /slow}. */
final class Backend implements AutoCloseable {
  private final HttpServer server;

  Backend(String name) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(8));
    var body = name.getBytes(StandardCharsets.UTF_8);
    server.createContext(
        "/",
        ex -> {
          if (ex.getRequestURI().getPath().equals("/slow")) {
            try {
              Thread.sleep(1500);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          ex.sendResponseHeaders(200, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
