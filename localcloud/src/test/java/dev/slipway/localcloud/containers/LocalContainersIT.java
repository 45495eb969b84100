package dev.slipway.localcloud.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Podman under the project's configuration runs a FROM-scratch jlink image; registry round trip.
 */
class LocalContainersIT {
  private static LocalContainers containers;
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  @BeforeAll
  static void start() throws Exception {
    Files.createDirectories(ContainerTestSupport.stateDir());
    containers = LocalContainers.start(ContainerTestSupport.stateDir(), 0);
  }

  @AfterAll
  static void stop() {
    if (containers != null) {
      containers.podman().removeImage("localhost/slipway-it/tiny:1");
      containers.close();
    }
  }

  @Test
  void runsScratchJlinkImageAndAnswersOnLoopback() throws Exception {
    Podman podman = containers.podman();
    String base = containers.baseImage();
    assertThat(base).startsWith("localhost/slipway/jre:");
    ContainerTestSupport.buildTinyApp(podman, base, "localhost/slipway-it/tiny:1");

    String id =
        podman.run(
            RunSpec.of("localhost/slipway-it/tiny:1")
                .name("it-tiny")
                .env("MESSAGE", "from-scratch")
                .publish(0, 8080)
                .stopTimeout(Duration.ofSeconds(5)));
    ContainerState state = podman.inspect(id).orElseThrow();
    assertThat(state.running()).isTrue();
    int port = state.hostPort(8080).orElseThrow();
    URI uri = URI.create("http://127.0.0.1:" + port + "/");

    HttpResponse<String> response =
        await()
            .atMost(Duration.ofSeconds(20))
            .pollInterval(Duration.ofMillis(50))
            .ignoreExceptions()
            .until(() -> get(uri), r -> r.statusCode() == 200);
    assertThat(response.body()).isEqualTo("from-scratch");

    podman.stop(id, Duration.ofSeconds(5));
    ContainerState stopped = podman.inspect(id).orElseThrow();
    assertThat(stopped.running()).isFalse();
    // SIGTERM reached the JVM: it exits 143 (128 + 15), not 137 (SIGKILL)
    assertThat(stopped.exitCode()).isEqualTo(143);
    podman.remove(id);
    assertThat(podman.inspect(id)).isEmpty();
  }

  @Test
  void pushesToLocalRegistryAndPullsByDigest() throws Exception {
    Podman podman = containers.podman();
    String base = containers.baseImage();
    String ref = containers.registry().address() + "/it/base:v1";
    String digest = podman.push(base, ref);
    assertThat(digest).matches("sha256:[0-9a-f]{64}");

    String byDigest = containers.registry().address() + "/it/base@" + digest;
    podman.pull(byDigest);
    assertThat(podman.imageExists(byDigest)).isTrue();
    podman.removeImage(byDigest);
  }

  @Test
  void removesLeftoverContainersLikeAfterACrash() {
    Podman podman = containers.podman();
    String id =
        podman.run(
            RunSpec.of(containers.baseImage())
                .name("it-leftover")
                .command(java.util.List.of("java", "-version")));
    assertThat(podman.containers(java.util.Map.of(Podman.OWNER_LABEL, "true"))).contains(id);
    assertThat(podman.removeAllContainers()).isGreaterThanOrEqualTo(1);
    assertThat(podman.inspect(id)).isEmpty();
  }

  private static HttpResponse<String> get(URI uri) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
