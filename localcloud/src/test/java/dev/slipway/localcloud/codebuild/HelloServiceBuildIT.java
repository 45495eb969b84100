package dev.slipway.localcloud.codebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.localcloud.containers.ContainerState;
import dev.slipway.localcloud.containers.ContainerTestSupport;
import dev.slipway.localcloud.containers.Podman;
import dev.slipway.localcloud.containers.RunSpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sample service's own buildspec, run by local CodeBuild: lint, test, image on the jlink base,
 * push tagged with the SHA; the image serves its SHA and drains on SIGTERM. A commit that flips
 * {@code test.fail} fails the build in its BUILD phase and pushes nothing.
 */
class HelloServiceBuildIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static LocalBuildStack stack;
  private static Path repo;
  private static String repositoryUri;

  @BeforeAll
  static void start() throws Exception {
    Path state = ContainerTestSupport.stateDir();
    stack = LocalBuildStack.start(state);
    repo =
        LocalBuildStack.sampleServiceRepository(state.resolve("hello-repo-" + System.nanoTime()));
    repositoryUri = stack.project("hello-service-" + System.nanoTime() % 100000, repo);
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void buildspecBuildsAnImageThatServesItsShaAndDrains() throws Exception {
    String sha = LocalBuildStack.commitAll(repo, "nothing new");
    String project = repositoryUri.substring(repositoryUri.indexOf('/') + 1);
    JsonNode build = stack.build(project, sha, Duration.ofMinutes(4));
    assertThat(build.path("buildStatus").asText())
        .as("log:\n%s", stack.log(build.path("id").asText()))
        .isEqualTo("SUCCEEDED");

    Podman podman = stack.containers.podman();
    String image = repositoryUri + ":" + sha;
    String id =
        podman.run(
            RunSpec.of(image)
                .env("DRAIN_SECONDS", "1")
                .publish(0, 8080)
                .stopTimeout(Duration.ofSeconds(10)));
    try {
      int port = podman.inspect(id).orElseThrow().hostPort(8080).orElseThrow();
      HttpResponse<String> hello =
          await()
              .atMost(Duration.ofSeconds(20))
              .ignoreExceptions()
              .until(() -> get(port, "/api/hello"), r -> r.statusCode() == 200);
      assertThat(hello.body()).contains("\"version\":\"" + sha + "\"");
      assertThat(get(port, "/ready").statusCode()).isEqualTo(200);

      podman.stop(id, Duration.ofSeconds(10));
      ContainerState stopped = podman.inspect(id).orElseThrow();
      assertThat(stopped.exitCode()).as("drained and exited cleanly on SIGTERM").isZero();
      assertThat(podman.logs(id)).contains("draining for 1000 ms").contains("drained, stopped");
    } finally {
      podman.remove(id);
      podman.removeImage(image);
    }
  }

  @Test
  void commitThatFailsAUnitTestFailsTheBuildPhase() throws Exception {
    Path faults = repo.resolve("faults.properties");
    String original = Files.readString(faults);
    Files.writeString(faults, original.replace("test.fail=false", "test.fail=true"));
    String sha = LocalBuildStack.commitAll(repo, "break the build");
    try {
      String project = repositoryUri.substring(repositoryUri.indexOf('/') + 1);
      JsonNode build = stack.build(project, sha, Duration.ofMinutes(4));
      assertThat(build.path("buildStatus").asText()).isEqualTo("FAILED");
      JsonNode failed = null;
      for (JsonNode p : build.path("phases")) {
        if (p.path("phaseStatus").asText().equals("FAILED")) {
          failed = p;
        }
      }
      assertThat(failed).isNotNull();
      assertThat(failed.path("phaseType").asText()).isEqualTo("BUILD");
      assertThat(failed.path("contexts").get(0).path("message").asText()).contains("mvn");
      assertThat(stack.log(build.path("id").asText())).contains("FaultSwitchesTest");
      assertThat(stack.containers.podman().imageExists(repositoryUri + ":" + sha)).isFalse();
    } finally {
      Files.writeString(faults, original);
      LocalBuildStack.commitAll(repo, "repair the build");
    }
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(2))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
