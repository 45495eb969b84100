package dev.slipway.localcloud.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.localcloud.codebuild.LocalBuildStack;
import dev.slipway.localcloud.containers.CommandResult;
import dev.slipway.localcloud.containers.ContainerState;
import dev.slipway.localcloud.containers.Podman;
import dev.slipway.localcloud.containers.RunSpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures the container half of a deploy with the sample service: jlink base image build, a full
 * CodeBuild run of hello-service's buildspec (lint, test, image, push), image build and push on
 * their own, container start → ready, and SIGTERM → exit. Run with {@code
 * localcloud/scripts/bench-build-push}.
 */
public final class BuildPushBench {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  private BuildPushBench() {}

  /** Prints one line per measurement. */
  public static void main(String[] args) throws Exception {
    Path state =
        Path.of(args.length > 0 ? args[0] : "localcloud/target/bench-state").toAbsolutePath();
    deleteTree(state);
    try (LocalBuildStack stack = LocalBuildStack.start(state)) {
      Podman podman = stack.containers().podman();
      long t = System.nanoTime();
      String base = stack.containers().baseImage();
      print("jlink base image build (fresh state)", seconds(t));

      Path repo = LocalBuildStack.sampleServiceRepository(state.resolve("hello-repo"));
      String uri = stack.project("hello-service", repo);
      String sha = LocalBuildStack.commitAll(repo, "bench");
      t = System.nanoTime();
      JsonNode build = stack.build("hello-service", sha, Duration.ofMinutes(5));
      double total = seconds(t);
      if (!build.path("buildStatus").asText().equals("SUCCEEDED")) {
        throw new IllegalStateException("build failed:\n" + stack.log(build.path("id").asText()));
      }
      print("CodeBuild build+push, hello-service (StartBuild → SUCCEEDED)", total);
      for (JsonNode p : build.path("phases")) {
        double d = p.path("endTime").asDouble() - p.path("startTime").asDouble();
        if (d >= 0.05) {
          print("  phase " + p.path("phaseType").asText(), d);
        }
      }

      String second = LocalBuildStack.commitAll(repo, "bench, second commit");
      t = System.nanoTime();
      JsonNode again = stack.build("hello-service", second, Duration.ofMinutes(5));
      if (!again.path("buildStatus").asText().equals("SUCCEEDED")) {
        throw new IllegalStateException("build failed:\n" + stack.log(again.path("id").asText()));
      }
      print("CodeBuild build+push, next commit (base layer already pushed)", seconds(t));

      Path context = Files.createTempDirectory(state, "ctx");
      HostProcess.run(
          List.of("git", "clone", "-q", repo.toString(), context.resolve("src").toString()));
      HostProcess.run(
          List.of(
              "mvn",
              "-B",
              "-ntp",
              "-q",
              "-f",
              context.resolve("src/pom.xml").toString(),
              "package",
              "-DskipTests",
              "-Dspotless.check.skip=true"));
      List<Double> builds = new ArrayList<>();
      List<Double> pushes = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        String tag = uri + ":bench-" + i;
        t = System.nanoTime();
        podman.build(
            context.resolve("src"),
            context.resolve("src/Dockerfile"),
            tag,
            java.util.Map.of("BASE_IMAGE", base, "VERSION", "bench-" + i),
            Duration.ofMinutes(2));
        builds.add(seconds(t));
        t = System.nanoTime();
        podman.push(tag, tag);
        pushes.add(seconds(t));
      }
      print("image build only (median of 3)", median(builds));
      print("image push only, base layer already in the registry (median of 3)", median(pushes));

      List<Double> ready = new ArrayList<>();
      List<Double> drained = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        t = System.nanoTime();
        String id =
            podman.run(RunSpec.of(uri + ":" + sha).env("DRAIN_SECONDS", "1").publish(0, 8080));
        int port = podman.inspect(id).orElseThrow().hostPort(8080).orElseThrow();
        awaitReady(port);
        ready.add(seconds(t));
        t = System.nanoTime();
        podman.stop(id, Duration.ofSeconds(10));
        drained.add(seconds(t));
        ContainerState s = podman.inspect(id).orElseThrow();
        if (s.exitCode() != 0) {
          throw new IllegalStateException("container exited " + s.exitCode() + " on SIGTERM");
        }
        podman.remove(id);
      }
      print("container start → /ready 200 (median of 3)", median(ready));
      print("SIGTERM → exit 0 with DRAIN_SECONDS=1 (median of 3)", median(drained));
      CommandResult size =
          podman.exec(
              List.of("image", "inspect", "--format", "{{.Size}}", uri + ":" + sha),
              Duration.ofSeconds(30));
      System.out.printf(
          "%-70s %8.1f MB%n",
          "sample image size (uncompressed)", Long.parseLong(size.stdout().strip()) / 1e6);
    } finally {
      deleteTree(state);
    }
  }

  private static void awaitReady(int port) throws InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ready"))
            .timeout(Duration.ofSeconds(1))
            .build();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (java.io.IOException e) {
        // not listening yet
      }
      Thread.sleep(10);
    }
    throw new IllegalStateException("container on port " + port + " never became ready");
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static void print(String what, double seconds) {
    System.out.printf("%-70s %8.2f s%n", what, seconds);
  }

  private static void deleteTree(Path dir) throws java.io.IOException {
    if (Files.exists(dir)) {
      dev.slipway.localcloud.containers.LocalContainers.cleanUp(dir);
      HostProcess.run(List.of("podman", "--version"));
      new Podman(dev.slipway.localcloud.containers.PodmanEnvironment.create(dir))
          .exec(List.of("rmi", "-a", "-f"), Duration.ofMinutes(1));
      HostProcess.run(List.of("rm", "-rf", dir.toString()));
    }
  }

  /** Runs a host command, failing loudly. */
  private static final class HostProcess {
    static void run(List<String> command) {
      dev.slipway.localcloud.containers.HostCommand.of(command)
          .timeout(Duration.ofMinutes(3))
          .runOrThrow(command.get(0));
    }
  }
}
