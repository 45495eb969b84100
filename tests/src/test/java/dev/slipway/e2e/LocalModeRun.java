package dev.slipway.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.infra.SlipwayApp;
import dev.slipway.localcloud.demo.DemoResult;
import dev.slipway.localcloud.demo.DemoRunner;
import dev.slipway.localcloud.demo.DemoSettings;
import dev.slipway.localcloud.demo.DeploymentRecords;
import dev.slipway.localcloud.demo.ExecutionWatch;
import dev.slipway.localcloud.demo.LocalModeState;
import dev.slipway.localcloud.demo.ServiceRepository;
import dev.slipway.localcloud.demo.SteadyLoad;
import dev.slipway.localcloud.server.PortBlock;
import dev.slipway.pipeline.model.DeploymentOutcome;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * One local mode for the whole end-to-end suite: the one {@code slipway demo} leaves up. The demo
 * is the suite's happy path (a first deploy, a healthy canary, a broken canary rolled back); the
 * suite goes on from its history with the demo's working copy of the sample service, whose {@code
 * git push} reaches the pipeline. With {@code SLIPWAY_E2E_DEMO_STATE} naming the state dir of a
 * demo that ran before (CI runs the README's demo command first, on its own clone), the suite
 * attaches to it; otherwise it runs {@code slipway demo} itself in {@code tests/target/e2e/state}
 * on a free port. Stopped with {@code slipway down} when the suite ends.
 */
final class LocalModeRun implements AutoCloseable {
  /** The state dir of a demo left up, for the suite to start from. */
  static final String DEMO_STATE = "SLIPWAY_E2E_DEMO_STATE";

  final Path root;
  final Path work;
  final Path stateDir;
  final Path assembly;
  final int port;
  final DemoSettings settings;
  final LocalModeState state;
  final ServiceRepository repo;
  final SfnClient sfn;
  final DynamoDbClient dynamo;
  final SecretsManagerClient secrets;
  final ElasticLoadBalancingV2Client elb;
  final ExecutionWatch watch;

  /** What this run's lines start with in the suite's output ("" for the demo's local mode). */
  final String label;

  /**
   * The {@link PipelineSettings} this local mode runs with ("demo" until a test deploys others).
   */
  String deployedSettings = "demo";

  private SteadyLoad load;

  private LocalModeRun(Path root, Path work, Path stateDir) throws Exception {
    this(
        root,
        work,
        stateDir,
        DemoSettings.defaultConfig(root),
        DemoSettings.of(root, stateDir, DemoSettings.defaultConfig(root))
            .demoDir()
            .resolve("cdk.out"),
        "");
  }

  private LocalModeRun(
      Path root, Path work, Path stateDir, Path config, Path assembly, String label)
      throws Exception {
    this.root = root;
    this.work = work;
    this.stateDir = stateDir;
    this.settings = DemoSettings.of(root, stateDir, config);
    this.assembly = assembly;
    this.label = label;
    state = LocalModeState.read(stateDir);
    this.port = state.endpoint().getPort();
    Path workingCopy = settings.demoDir().resolve("hello-service");
    Path remote = state.repository(settings.repository());
    repo =
        Files.isDirectory(workingCopy)
            ? ServiceRepository.open(workingCopy, remote)
            : ServiceRepository.create(
                DemoSettings.defaultConfig(root).getParent(), workingCopy, remote);
    repo.setFault("fail.percent", "0"); // the demo's last push fails 20 % of calls
    sfn = state.client(SfnClient.builder());
    dynamo = state.client(DynamoDbClient.builder());
    secrets = state.client(SecretsManagerClient.builder());
    elb = state.client(ElasticLoadBalancingV2Client.builder());
    watch = new ExecutionWatch(sfn, state.requireOutput("StateMachineArn"));
  }

  /**
   * The demo's local mode: the one {@code SLIPWAY_E2E_DEMO_STATE} names, else a demo run now in
   * {@code tests/target/e2e} (a fresh state dir) on a free port.
   */
  static LocalModeRun start() throws Exception {
    Path root = Path.of(System.getProperty("slipway.root")).toAbsolutePath().normalize();
    Path work = root.resolve("tests/target/e2e");
    String given = System.getenv(DEMO_STATE);
    if (given != null && !given.isBlank()) {
      Files.createDirectories(work);
      Path stateDir = Path.of(given).toAbsolutePath().normalize();
      System.out.println("end-to-end suite: starting from the demo's local mode in " + stateDir);
      return new LocalModeRun(root, work, stateDir);
    }
    deleteTree(work);
    Files.createDirectories(work);
    Path stateDir = work.resolve("state");
    int port = PortBlock.find();
    Path log = work.resolve("demo.log");
    System.out.println("end-to-end suite: running `slipway demo` first (about 5 minutes), " + log);
    int demo =
        slipway(
            root,
            log,
            Duration.ofMinutes(20),
            "demo",
            "--state-dir",
            stateDir.toString(),
            "--port",
            Integer.toString(port));
    if (demo != 0) {
      throw new IllegalStateException("slipway demo failed (exit " + demo + "): " + tail(log));
    }
    return new LocalModeRun(root, work, stateDir);
  }

  /**
   * A local mode of its own beside the suite's, for a test that needs long real waits and can run
   * while the other classes use the demo's: {@code slipway up} with {@code settings} (synthesized
   * under {@code tests/target/e2e-<name>/}) on a fresh state dir there and a free port, and the
   * sample service in a new working copy. Nothing is deployed yet ({@link #ensureServing} does the
   * first deploy). Close it to stop it.
   */
  static LocalModeRun startOwn(String name, PipelineSettings pipeline) throws Exception {
    Path root = Path.of(System.getProperty("slipway.root")).toAbsolutePath().normalize();
    Path work = root.resolve("tests/target/e2e-" + name);
    deleteTree(work);
    Files.createDirectories(work);
    Path stateDir = work.resolve("state");
    Path config = pipeline.write(work.resolve("settings"));
    Path assembly = synthesize(root, config, work.resolve("settings/cdk.out"));
    int port = PortBlock.find();
    String label = "[" + name + "] ";
    System.out.println(label + "own local mode: slipway up on port " + port + " in " + stateDir);
    int up =
        slipway(
            root,
            work.resolve("up.log"),
            Duration.ofMinutes(10),
            "up",
            "--cdk-out",
            assembly.toString(),
            "--state-dir",
            stateDir.toString(),
            "--port",
            Integer.toString(port));
    if (up != 0) {
      throw new IllegalStateException(
          "slipway up of the "
              + name
              + " local mode failed (exit "
              + up
              + "): "
              + tail(work.resolve("up.log")));
    }
    LocalModeRun run = new LocalModeRun(root, work, stateDir, config, assembly, label);
    run.deployedSettings = pipeline.name();
    return run;
  }

  /** Prints one line of this run's progress to the suite's output. */
  void print(String line) {
    System.out.println(label + line);
  }

  /** What the demo reported of its pushes ({@code report.json}), in push order. */
  List<JsonNode> demoPushes() throws IOException {
    return DemoResult.read(settings.demoDir().resolve(DemoRunner.REPORT));
  }

  /** The production API behind the local load balancer. */
  URI productionApi() {
    return URI.create(state.requireOutput("UrlProduction")).resolve("/api/hello");
  }

  /** Steady load on the production API, started on first use and kept until the suite ends. */
  synchronized SteadyLoad load() {
    if (load == null) {
      load = SteadyLoad.start(productionApi(), 20, Duration.ofMinutes(30));
    }
    return load;
  }

  /**
   * The SHA production serves, deploying the sample service first when nothing serves yet (so a
   * test class also runs on its own: {@code -Dit.test=...}).
   */
  synchronized String ensureServing() {
    return DeploymentRecords.read(dynamo).stream()
        .filter(r -> r.environment().equals(settings.production()))
        .filter(r -> r.result() == DeploymentOutcome.SUCCEEDED)
        .reduce((a, b) -> b)
        .map(r -> Versions.serving(this))
        .orElseGet(
            () -> {
              Push first = Push.of(this, "hello-service: first version");
              if (!"SUCCEEDED".equals(first.run().status())) {
                throw new IllegalStateException(
                    "the first deploy did not succeed: " + first.run().cause());
              }
              return first.sha();
            });
  }

  /**
   * Deploys another cloud assembly in place, as a user does after changing the pipeline config:
   * {@code slipway up --cdk-out <assembly>} while local mode is up.
   */
  void redeploy(Path assembly) throws IOException, InterruptedException {
    Path log = work.resolve("redeploy.log");
    int code = slipway(log, Duration.ofMinutes(5), "up", "--cdk-out", assembly.toString());
    if (code != 0) {
      throw new IllegalStateException(
          "slipway up --cdk-out " + assembly + " failed (exit " + code + "): " + tail(log));
    }
  }

  /**
   * Kills the local mode server with SIGKILL, as a crash would, then starts it again with {@code
   * slipway up} on the same state dir and port (the clients above keep working).
   */
  void crashAndRestart() throws Exception {
    ProcessHandle server =
        ProcessHandle.of(LocalModeState.read(stateDir).pid())
            .orElseThrow(() -> new IllegalStateException("local mode's server is not running"));
    server.destroyForcibly(); // SIGKILL: no shutdown hook runs
    server.onExit().get(1, TimeUnit.MINUTES);
    Path log = work.resolve("restart.log");
    int up = slipway(log, Duration.ofMinutes(5), "up", "--cdk-out", assembly.toString());
    if (up != 0) {
      throw new IllegalStateException("slipway up after the kill failed: " + tail(log));
    }
  }

  /** The pipeline's locks table (locks, queued pushes, pending callbacks). */
  String locksTable() {
    return dynamo.listTables().tableNames().stream()
        .filter(t -> t.toLowerCase().contains("locks"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no locks table in local mode"));
  }

  /** Local mode's notification log (one JSON line per SNS message). */
  String notifications() throws IOException {
    Path log = stateDir.resolve("notifications.log");
    return Files.exists(log) ? Files.readString(log) : "";
  }

  static Path synthesize(Path root, Path config, Path out) {
    App app =
        new App(
            AppProps.builder()
                .outdir(out.toString())
                .context(Map.of("config", config.toString()))
                .build());
    SlipwayApp.build(app, root);
    app.synth();
    return out;
  }

  /** Runs a {@code slipway} command against this local mode as a user does; its exit code. */
  int cli(String... args) throws IOException, InterruptedException {
    return slipway(work.resolve("cli.log"), Duration.ofMinutes(2), args);
  }

  /** Runs the CLI against this local mode as a user does; its exit code. */
  int slipway(Path log, Duration limit, String... args) throws IOException, InterruptedException {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--state-dir", stateDir.toString(), "--port", Integer.toString(port)));
    return slipway(root, log, limit, all.toArray(String[]::new));
  }

  /** Runs the CLI as a user does ({@code java -jar slipway.jar <args>}); its exit code. */
  static int slipway(Path root, Path log, Duration limit, String... args)
      throws IOException, InterruptedException {
    Path jar = root.resolve("localcloud/target/slipway.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar + " is missing; build local mode first: mvn -pl localcloud -am package -DskipTests");
    }
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(root.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().put("SLIPWAY_ROOT", root.toString());
    Process p = pb.start();
    if (!p.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(
          "slipway " + args[0] + " did not finish in " + limit.toSeconds() + " s: " + tail(log));
    }
    return p.exitValue();
  }

  private static String tail(Path log) throws IOException {
    List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** Stops the load, then local mode ({@code slipway down}: containers, HAProxy, JVMs). */
  @Override
  public void close() throws IOException {
    if (load != null) {
      load.close();
    }
    sfn.close();
    dynamo.close();
    secrets.close();
    elb.close();
    try {
      slipway(work.resolve("down.log"), Duration.ofMinutes(2), "down");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
