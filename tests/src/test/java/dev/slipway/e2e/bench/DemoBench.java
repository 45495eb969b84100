package dev.slipway.e2e.bench;

import dev.slipway.localcloud.demo.DemoRunner;
import dev.slipway.localcloud.demo.DemoSettings;
import dev.slipway.localcloud.demo.LocalModeState;
import dev.slipway.localcloud.demo.PushOutcome;
import dev.slipway.localcloud.server.PortBlock;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Benchmark of the whole demo on a fresh local mode: push → new version serving for the first
 * (rolling) deploy and for the canary, demo total seconds, peak memory of local mode, failed
 * requests during each strategy's deploy (the demo's canaries, then one rolling and one blue-green
 * deploy on the same local mode). Prints one line per number. Args: a work dir.
 */
public final class DemoBench {
  private static final Pattern VERSION = Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"");

  private DemoBench() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(System.getProperty("slipway.root")).toAbsolutePath().normalize();
    Path work = Path.of(args.length > 0 ? args[0] : "tests/target/bench").toAbsolutePath();
    Path state = work.resolve("state");
    Files.createDirectories(work);
    int port = PortBlock.find();
    Path jar = root.resolve("localcloud/target/slipway.jar");
    DemoSettings settings = DemoSettings.of(root, state, DemoSettings.defaultConfig(root));
    DemoRunner demo = new DemoRunner(settings, System.out);
    Map<String, Instant> firstSeen = new ConcurrentHashMap<>();
    int exit;
    Instant start = Instant.now();
    try (ProcessMemory memory = new ProcessMemory(state)) {
      Thread watcher = Thread.ofVirtual().start(() -> watchVersions(state, firstSeen));
      exit =
          demo.run(
              new DemoRunner.LocalModeControl() {
                @Override
                public int up(Path assembly) throws Exception {
                  return slipway(jar, root, state, port, "up", "--cdk-out", assembly.toString());
                }

                @Override
                public int down() throws Exception {
                  return slipway(jar, root, state, port, "down");
                }
              });
      double total = Duration.between(start, Instant.now()).toMillis() / 1000.0;
      List<StrategyBench.Result> strategies = new ArrayList<>();
      if (exit == 0) {
        for (String strategy : List.of("rolling", "blue-green")) {
          strategies.add(
              StrategyBench.run(
                  settings,
                  work,
                  strategy,
                  assembly ->
                      slipway(jar, root, state, port, "up", "--cdk-out", assembly.toString()),
                  firstSeen));
        }
      }
      watcher.interrupt();
      List<PushOutcome> pushes = demo.pushes();
      System.out.println();
      System.out.printf("demo exit code: %d%n", exit);
      System.out.printf("demo total: %.1f s%n", total);
      System.out.printf(
          "peak memory of local mode (all its processes, RSS): %d MiB%n", memory.peakMib());
      for (PushOutcome p : pushes) {
        Instant seen = firstSeen.get(p.sha());
        System.out.printf(
            "push \"%s\": pipeline %s in %.1f s; push -> new version answering: %s; failed requests: %s%n",
            p.label(),
            p.status(),
            p.duration().toMillis() / 1000.0,
            seen == null
                ? "never"
                : String.format("%.1f s", Duration.between(p.pushedAt(), seen).toMillis() / 1000.0),
            p.load() == null
                ? "n/a (nothing served before)"
                : p.load().failed() + " of " + p.load().requests());
      }
      strategies.forEach(r -> System.out.println(r.line()));
    } finally {
      slipway(jar, root, state, port, "down");
    }
    System.exit(exit);
  }

  /** Records when each version first answered the production API (polled every 250 ms). */
  private static void watchVersions(Path state, Map<String, Instant> firstSeen) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    URI api = null;
    while (!Thread.currentThread().isInterrupted()) {
      try {
        if (api == null) {
          api =
              URI.create(LocalModeState.read(state).requireOutput("UrlProduction"))
                  .resolve("/api/hello");
        }
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(api).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher m = VERSION.matcher(r.body());
        if (r.statusCode() == 200 && m.find()) {
          firstSeen.putIfAbsent(m.group(1), Instant.now());
        }
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        // not up yet, or nothing serving yet
      }
      LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
    }
  }

  private static int slipway(Path jar, Path root, Path state, int port, String... args)
      throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString()));
    command.addAll(List.of(args));
    command.addAll(List.of("--state-dir", state.toString(), "--port", Integer.toString(port)));
    ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile()).inheritIO();
    pb.environment().put("SLIPWAY_ROOT", root.toString());
    return pb.start().waitFor();
  }
}
