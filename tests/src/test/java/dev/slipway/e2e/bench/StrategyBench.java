package dev.slipway.e2e.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.localcloud.demo.DemoSettings;
import dev.slipway.localcloud.demo.ExecutionWatch;
import dev.slipway.localcloud.demo.LoadCounts;
import dev.slipway.localcloud.demo.LocalModeState;
import dev.slipway.localcloud.demo.ServiceRepository;
import dev.slipway.localcloud.demo.SteadyLoad;
import dev.slipway.localcloud.deploy.AppSynthesis;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * One deploy with another production strategy on the demo's local mode, after the demo: the demo
 * config with {@code strategy} changed, synthesized and deployed with {@code slipway up --cdk-out},
 * then a healthy commit pushed under 20 requests/s of steady load.
 */
final class StrategyBench {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What one strategy's deploy measured. */
  record Result(
      String strategy,
      String status,
      double pipelineSeconds,
      Double newVersionAnsweringSeconds,
      LoadCounts load) {

    String line() {
      return String.format(
          "strategy %s: pipeline %s in %.1f s; push -> new version answering: %s; failed"
              + " requests: %d of %d",
          strategy,
          status,
          pipelineSeconds,
          newVersionAnsweringSeconds == null
              ? "never"
              : String.format("%.1f s", newVersionAnsweringSeconds),
          load.failed(),
          load.requests());
    }
  }

  /** Runs {@code slipway up --cdk-out <assembly>} (the demo's local mode is up). */
  interface Redeploy {
    int up(Path assembly) throws Exception;
  }

  private StrategyBench() {}

  static Result run(
      DemoSettings settings,
      Path work,
      String strategy,
      Redeploy redeploy,
      Map<String, Instant> firstSeen)
      throws Exception {
    Path dir = work.resolve("strategy-" + strategy);
    Files.createDirectories(dir);
    ObjectNode config = (ObjectNode) JSON.readTree(Files.readString(settings.config()));
    ObjectNode pipeline = (ObjectNode) config.path("services").path(0).path("pipeline");
    pipeline.put("strategy", strategy).put("bakeSeconds", 10);
    Path file = dir.resolve("slipway.json");
    Files.writeString(file, config.toPrettyString());
    Path assembly =
        new AppSynthesis(settings.projectRoot(), System.out::println, dir.resolve("synth.log"))
            .ensure(file, dir.resolve("cdk.out"));
    if (redeploy.up(assembly) != 0) {
      throw new IllegalStateException("slipway up --cdk-out " + assembly + " failed");
    }
    LocalModeState local = LocalModeState.read(settings.stateDir());
    ServiceRepository repo =
        ServiceRepository.open(
            settings.demoDir().resolve("hello-service"), local.repository(settings.repository()));
    URI api = URI.create(local.requireOutput("UrlProduction")).resolve("/api/hello");
    try (SfnClient sfn = local.client(SfnClient.builder());
        SteadyLoad load = SteadyLoad.start(api, 20, Duration.ofMinutes(10))) {
      ExecutionWatch watch = new ExecutionWatch(sfn, local.requireOutput("StateMachineArn"));
      LoadCounts before = load.counts();
      // the demo's last commit is its broken change (20 % of API calls fail): this one fixes it
      repo.setFault("fail.percent", "0");
      repo.write("CHANGES.md", "# Changes\n\n- deployed " + strategy + "\n");
      String sha = repo.commit("A healthy change, deployed " + strategy);
      Instant pushedAt = Instant.now();
      repo.push();
      ExecutionWatch.Finished run =
          watch.follow(
              watch.awaitExecution(sha, Duration.ofSeconds(90)),
              Duration.ofMinutes(10),
              System.out::println);
      LoadCounts during = load.counts().since(before);
      Instant seen = firstSeen.get(sha);
      return new Result(
          strategy,
          run.status(),
          Duration.between(pushedAt, run.endedAt()).toMillis() / 1000.0,
          seen == null ? null : Duration.between(pushedAt, seen).toMillis() / 1000.0,
          during);
    }
  }
}
