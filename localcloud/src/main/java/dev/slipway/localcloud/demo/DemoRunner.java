package dev.slipway.localcloud.demo;

import dev.slipway.localcloud.deploy.AppSynthesis;
import dev.slipway.pipeline.model.DeploymentRecord;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * {@code slipway demo}: brings local mode up with the demo's pipeline config, then pushes three
 * commits of the sample service with {@code git push} — a first deploy, a healthy change that the
 * canary promotes, and a change that fails 20 % of API calls, which the canary analysis catches and
 * rolls back — with steady load on the production load balancer throughout, a live step view, and a
 * report at the end.
 */
public final class DemoRunner {
  /** Brings local mode up with a cloud assembly; returns the exit code of {@code slipway up}. */
  @FunctionalInterface
  public interface LocalModeStarter {
    int up(Path cloudAssembly) throws Exception;
  }

  private final DemoSettings settings;
  private final PrintStream out;
  private final List<PushOutcome> pushes = new ArrayList<>();

  public DemoRunner(DemoSettings settings, PrintStream out) {
    this.settings = settings;
    this.out = out;
  }

  /** Runs the demo; 0 when every push ended as the demo expects. */
  public int run(LocalModeStarter starter) throws Exception {
    Instant begin = Instant.now();
    Path assembly =
        new AppSynthesis(
                settings.projectRoot(), out::println, settings.demoDir().resolve("synth.log"))
            .ensure(settings.config(), settings.demoDir().resolve("cdk.out"));
    int up = starter.up(assembly);
    if (up != 0) {
      out.println("slipway demo: `slipway up` failed (exit " + up + "); see its output above");
      return up;
    }
    LocalModeState local = LocalModeState.read(settings.stateDir());
    if (ServiceRepository.hasBranch(local.repository(settings.repository()), "main")) {
      // a second demo on the same state would start from the last one's history: its first push
      // would not be a first deploy, and a fresh working copy cannot fast-forward the old main
      out.println(
          "slipway demo: "
              + settings.repository()
              + " already has pushes in "
              + settings.stateDir()
              + "; the demo starts from a fresh local mode: `slipway down`, remove that"
              + " directory (or pass another --state-dir), then run `slipway demo` again");
      return 2;
    }
    ServiceRepository repo =
        ServiceRepository.create(
            settings.serviceSource(),
            settings.demoDir().resolve("hello-service"),
            local.repository(settings.repository()));
    out.println("slipway demo: working copy of " + settings.repository() + " in " + repo.dir());
    pushes.clear();
    try (SfnClient sfn = local.client(SfnClient.builder());
        DynamoDbClient dynamo = local.client(DynamoDbClient.builder())) {
      DemoPushes run =
          new DemoPushes(
              repo,
              new ExecutionWatch(sfn, local.requireOutput("StateMachineArn")),
              URI.create(local.requireOutput("Url" + capitalize(settings.production()))),
              settings,
              out);
      try {
        run.all(pushes);
      } finally {
        run.stopLoad();
      }
      List<DeploymentRecord> records = DeploymentRecords.read(dynamo);
      out.print(
          DemoReport.render(
              pushes,
              records,
              settings.service(),
              settings.production(),
              begin,
              Instant.now().plusSeconds(1)));
    }
    out.printf(
        "%nslipway demo: finished in %.0f s. Local mode is still up: `slipway status`, `slipway"
            + " history`, `slipway down`.%n",
        Duration.between(begin, Instant.now()).toMillis() / 1000.0);
    return DemoPushes.asExpected(pushes, out) ? 0 : 1;
  }

  /** The pushes of the last {@link #run}, as far as it got. */
  public List<PushOutcome> pushes() {
    return List.copyOf(pushes);
  }

  private static String capitalize(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
