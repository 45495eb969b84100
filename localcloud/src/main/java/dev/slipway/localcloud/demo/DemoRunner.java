package dev.slipway.localcloud.demo;

import dev.slipway.localcloud.deploy.AppSynthesis;
import dev.slipway.localcloud.github.GitHubRoute;
import dev.slipway.pipeline.model.DeploymentRecord;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
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
  /** Starts and stops local mode on the demo's state dir, as {@code slipway up} / {@code down}. */
  public interface LocalModeControl {
    /** Brings local mode up with a cloud assembly; the exit code of {@code slipway up}. */
    int up(Path cloudAssembly) throws Exception;

    /** Stops local mode; the exit code of {@code slipway down}. */
    int down() throws Exception;
  }

  /** What the state dir holds of earlier runs. */
  enum Earlier {
    /** No pushes: a fresh local mode, or one with the service's repository still empty. */
    NOTHING,
    /** Only what an earlier demo pushed from its working copy: the demo may start over. */
    DEMO,
    /** Pushes from elsewhere (a user's own work): the demo leaves them alone. */
    OTHER
  }

  /** The machine-readable report of the last run, next to its working copy. */
  public static final String REPORT = "report.json";

  private final DemoSettings settings;
  private final PrintStream out;
  private final List<PushOutcome> pushes = new ArrayList<>();

  public DemoRunner(DemoSettings settings, PrintStream out) {
    this.settings = settings;
    this.out = out;
  }

  /** Runs the demo; 0 when every push ended as the demo expects. */
  public int run(LocalModeControl control) throws Exception {
    Instant begin = Instant.now();
    Path assembly =
        new AppSynthesis(
                settings.projectRoot(), out::println, settings.demoDir().resolve("synth.log"))
            .ensure(settings.config(), settings.demoDir().resolve("cdk.out"));
    Path remote =
        GitHubRoute.repositoryIn(GitHubRoute.gitDirOf(settings.stateDir()), settings.repository());
    switch (earlier(remote, workingCopy())) {
      case NOTHING -> {}
      case DEMO -> {
        // the demo's story starts with a first deploy: a second run starts from a fresh local mode
        out.println(
            "slipway demo: "
                + settings.stateDir()
                + " holds an earlier demo; starting over: stopping local mode and clearing its"
                + " state (the synthesized app is kept)");
        int down = control.down();
        if (down != 0) {
          out.println("slipway demo: `slipway down` failed (exit " + down + ")");
          return down;
        }
        clearStateKeeping(assembly);
      }
      case OTHER -> {
        out.println(
            "slipway demo: "
                + settings.repository()
                + " in "
                + settings.stateDir()
                + " has pushes that are not the demo's (its main is "
                + ServiceRepository.branchHead(remote, "main").orElse("?")
                + "); the demo needs a fresh local mode and does not delete them. Run it in"
                + " another state dir: `slipway demo --state-dir <dir>` (with --port <port> while"
                + " this local mode is up), or `slipway down` and remove "
                + settings.stateDir()
                + " yourself");
        return 2;
      }
    }
    int up = control.up(assembly);
    if (up != 0) {
      out.println("slipway demo: `slipway up` failed (exit " + up + "); see its output above");
      return up;
    }
    LocalModeState local = LocalModeState.read(settings.stateDir());
    ServiceRepository repo =
        ServiceRepository.create(
            settings.serviceSource(), workingCopy(), local.repository(settings.repository()));
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
      DemoResult.write(settings.demoDir().resolve(REPORT), pushes);
    }
    out.printf(
        "%nslipway demo: finished in %.0f s. Local mode is still up: `slipway status`, `slipway"
            + " history`, `slipway down`.%n",
        Duration.between(begin, Instant.now()).toMillis() / 1000.0);
    return DemoPushes.asExpected(pushes, out) ? 0 : 1;
  }

  /** The demo's working copy of the sample service. */
  Path workingCopy() {
    return settings.demoDir().resolve("hello-service");
  }

  /** What {@code remote} (the service's repository in local mode) holds of earlier runs. */
  static Earlier earlier(Path remote, Path workingCopy) {
    return ServiceRepository.branchHead(remote, "main")
        .map(
            main ->
                ServiceRepository.hasInHistory(workingCopy, main) ? Earlier.DEMO : Earlier.OTHER)
        .orElse(Earlier.NOTHING);
  }

  /** Empties the state dir but for the demo's synthesized {@code assembly} and its log. */
  private void clearStateKeeping(Path assembly) throws IOException {
    Path keep = assembly.toAbsolutePath().normalize();
    Path synthLog = settings.demoDir().resolve("synth.log");
    try (Stream<Path> all = Files.walk(settings.stateDir())) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Path abs = p.toAbsolutePath().normalize();
        if (abs.startsWith(keep)
            || keep.startsWith(abs)
            || abs.equals(synthLog)
            || abs.equals(settings.stateDir())) {
          continue;
        }
        Files.delete(p);
      }
    }
  }

  /** The pushes of the last {@link #run}, as far as it got. */
  public List<PushOutcome> pushes() {
    return List.copyOf(pushes);
  }

  private static String capitalize(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
