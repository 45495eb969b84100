package dev.slipway.localcloud.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.localcloud.deploy.TemplateDeployer;
import dev.slipway.localcloud.protocol.Json;
import dev.slipway.localcloud.protocol.WireResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Runs local mode in the foreground until stopped ({@code up} starts it in the background). */
@Command(
    name = "serve",
    hidden = true,
    description = "Run local mode in the foreground (what `up` starts).")
final class ServeCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(
      names = "--cdk-out",
      paramLabel = "DIR",
      description = "The synthesized cloud assembly to deploy.")
  Path cdkOut;

  @Option(
      names = "--no-prewarm",
      description = "Start function JVMs on first use instead of at deploy.")
  boolean noPrewarm;

  @Override
  public Integer call() throws Exception {
    Path state = common.stateDir();
    long t0 = System.nanoTime();
    LocalCloud cloud =
        LocalCloud.start(
            state, common.port, CommonOptions.projectRoot(), !noPrewarm, System.out::println);
    ProcessHandle self = ProcessHandle.current();
    cloud.processes().record(self, "slipway serve");
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("slipway: stopping local mode");
                  cloud.close();
                  cloud.processes().forget(self.pid());
                  RunState.delete(state);
                  stopped.countDown();
                }));
    ObjectNode run = Json.MAPPER.createObjectNode();
    run.put("pid", self.pid());
    run.put("processStart", self.info().startInstant().map(Instant::toString).orElse(""));
    run.put("port", cloud.server().port());
    run.put("endpoint", cloud.server().endpoint().toString());
    run.put("stateDir", state.toString());
    run.put("ready", false);
    RunState.write(state, run);
    Path assembly = cdkOut != null ? cdkOut : CommonOptions.projectRoot().resolve("cdk.out");
    List<TemplateDeployer.Report> reports = cloud.deploy(assembly, System.out::println);
    record(run, reports, cloud);
    run.put("ready", true);
    run.put("readySeconds", (System.nanoTime() - t0) / 1e9);
    RunState.write(state, run);
    cloud
        .server()
        .route(
            "/_slipway/control/",
            request ->
                control(
                    request.path(),
                    cloud,
                    assemblyToDeploy(request.bodyText(), assembly),
                    run,
                    state));
    System.out.println("slipway: ready on " + cloud.server().endpoint());
    stopped.await();
    return 0;
  }

  private static void record(
      ObjectNode run, List<TemplateDeployer.Report> reports, LocalCloud cloud) {
    ArrayNode stacks = run.putArray("stacks");
    for (TemplateDeployer.Report r : reports) {
      ObjectNode s = stacks.addObject();
      s.put("name", r.stackName());
      s.put("deployed", r.deployed());
      s.set("outputs", Json.MAPPER.valueToTree(r.outputs()));
      s.set("unsupported", Json.MAPPER.valueToTree(r.unsupported()));
      r.unsupported()
          .forEach(
              (type, ids) ->
                  System.out.println(
                      "  not available in local mode yet: "
                          + type
                          + " ("
                          + ids.size()
                          + "): "
                          + String.join(", ", ids)));
    }
    ArrayNode repos = run.putArray("repositories");
    cloud
        .github()
        .repositories()
        .values()
        .forEach(
            repo ->
                repos.addObject().put("name", repo.fullName()).put("path", repo.path().toString()));
    run.set("functions", Json.MAPPER.valueToTree(cloud.lambda().names()));
  }

  /**
   * The assembly a redeploy deploys: the one {@code up --cdk-out} names in the request body (a
   * changed pipeline config is synthesized to a new directory), else the one local mode started
   * with.
   */
  static Path assemblyToDeploy(String body, Path started) {
    String named = body == null ? "" : body.strip();
    if (named.isEmpty()) {
      return started;
    }
    Path path = Path.of(named);
    if (!path.isAbsolute()) {
      throw new IllegalArgumentException(
          "the assembly to redeploy must be an absolute path; got '" + named + "'");
    }
    return path;
  }

  /** {@code POST /_slipway/control/deploy} redeploys in place; {@code GET …/status} describes. */
  private static WireResponse control(
      String path, LocalCloud cloud, Path assembly, ObjectNode run, Path state) throws Exception {
    if (path.endsWith("/deploy")) {
      StringBuilder out = new StringBuilder();
      List<TemplateDeployer.Report> reports =
          cloud.deploy(assembly, line -> out.append(line).append('\n'));
      record(run, reports, cloud);
      RunState.write(state, run);
      return WireResponse.text(200, out.toString());
    }
    ObjectNode status = run.deepCopy();
    status.set("jvms", Json.MAPPER.valueToTree(cloud.lambda().pids()));
    status.put("pendingEventDeliveries", cloud.events().pendingDeliveries());
    return WireResponse.of(
        200,
        "application/json",
        status.toPrettyString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
