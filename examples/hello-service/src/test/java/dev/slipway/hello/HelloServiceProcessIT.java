package dev.slipway.hello;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service's main() as its own JVM: start failure, and the SIGTERM drain to exit 0. */
class HelloServiceProcessIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  @TempDir Path dir;

  private Process start(String faults, int port) throws IOException {
    Path file = dir.resolve("faults.properties");
    Files.writeString(file, faults);
    ProcessBuilder pb =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            HelloService.class.getName());
    pb.environment().put("FAULTS_FILE", file.toString());
    pb.environment().put("PORT", Integer.toString(port));
    pb.environment().put("DRAIN_SECONDS", "1");
    pb.environment().put("SERVICE_VERSION", "abc123");
    pb.redirectErrorStream(true).redirectOutput(dir.resolve("out.log").toFile());
    return pb.start();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void startFailSwitchExitsWithStatusOne() throws Exception {
    Process p = start("start.fail=true\n", freePort());
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(1);
    assertThat(Files.readString(dir.resolve("out.log"))).contains("start.fail=true");
  }

  @Test
  void sigtermDrainsThenExitsZero() throws Exception {
    int port = freePort();
    Process p = start("", port);
    try {
      URI ready = URI.create("http://127.0.0.1:" + port + "/ready");
      await()
          .atMost(Duration.ofSeconds(20))
          .ignoreExceptions()
          .until(
              () ->
                  HTTP.send(
                          HttpRequest.newBuilder(ready).build(),
                          HttpResponse.BodyHandlers.ofString())
                      .statusCode(),
              s -> s == 200);
      p.destroy(); // SIGTERM
      await()
          .atMost(Duration.ofSeconds(2))
          .ignoreExceptions()
          .until(
              () ->
                  HTTP.send(
                          HttpRequest.newBuilder(ready).build(),
                          HttpResponse.BodyHandlers.ofString())
                      .statusCode(),
              s -> s == 503);
      assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).isZero();
      assertThat(Files.readString(dir.resolve("out.log")))
          .contains("hello-service abc123 listening on " + port)
          .contains("drained, stopped");
    } finally {
      p.destroyForcibly();
    }
  }
}
