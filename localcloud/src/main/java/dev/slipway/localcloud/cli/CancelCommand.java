package dev.slipway.localcloud.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.functions.CancelRequests;
import dev.slipway.functions.CodeBuildApi;
import dev.slipway.functions.LockStore;
import dev.slipway.localcloud.cli.ExecutionHistory.Waiting;
import dev.slipway.localcloud.protocol.Json;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.TaskDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

/**
 * Cancels a service's running pipeline run safely: never a bare StopExecution, which mid-canary
 * would leave production's listener weights split and the deploy lock held. The request goes into
 * the locks table ({@code cancel#<execution>}); the run's next step fails with {@code
 * Slipway.Cancelled}, and the state machine's failure path rolls back what was being deployed,
 * records the run (a cancel is no change failure) and notifies. A run waiting on a task token (the
 * build, a deploy, the approval) has that wait failed at once with the same error.
 */
@Command(
    name = "cancel",
    mixinStandardHelpOptions = true,
    description = {
      "Cancel the service's running pipeline run, recording who and why.",
      "The run stops at its current step and ends through its failure path: a deploy in progress"
          + " is rolled back (mid-canary, production's traffic returns to the old version), the"
          + " run is recorded as cancelled (not a change failure) and the team is notified. A run"
          + " waiting for its build stops waiting at once and the build is stopped; one waiting"
          + " for a deployment or an approval stops waiting at once; a run"
          + " still queued ends quietly at its next check; a run in a bake ends it first. A run"
          + " already rolling back, or done deploying, is not cancelled.",
      "Exit code 1 when no run of the service is running or it is past the point a cancel stops."
    })
final class CancelCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Parameters(
      arity = "0..1",
      paramLabel = "SERVICE",
      description = "The service whose run to cancel (default: the only deployed one).")
  String service;

  @Option(
      names = "--reason",
      required = true,
      paramLabel = "TEXT",
      description = "Why the run is cancelled; recorded with who cancelled it and told the team.")
  String reason;

  /** The states waiting on a task token that a cancel may end (never a rollback's). */
  static final Set<String> CANCELLABLE_WAITS =
      Set.of("Build image", "Deploy to staging", "Deploy to production", "Wait for approval");

  /** What a cancel leads to, by the state the run is in. */
  private static final Map<String, String> NEXT = next();

  private static Map<String, String> next() {
    var next = new java.util.HashMap<String, String>();
    for (String s :
        List.of(
            "Prepare",
            "Check decision",
            "Wait for the running deploy",
            "Wait for deploy freeze to end")) {
      next.put(s, "the run ends without deploying at its next check of the queue");
    }
    for (String s : List.of("Build image", "Check build status", "Verify image")) {
      next.put(s, "the run ends without deploying");
    }
    for (String s :
        List.of("Deploy to staging", "Check staging deployment", "Smoke test staging")) {
      next.put(s, "the run rolls back staging and ends");
    }
    for (String s : List.of("Approval required?", "Wait for approval")) {
      next.put(s, "the run ends without deploying to production");
    }
    for (String s :
        List.of(
            "Deploy to production",
            "Check production deployment",
            "Continue rollout",
            "Smoke test green",
            "Switch traffic to green",
            "Canary steps",
            "Shift traffic",
            "Bake",
            "Analyze canary",
            "Canary verdict",
            "Extend bake",
            "Canary step passed",
            "Smoke test production")) {
      next.put(s, "the run rolls back production and ends");
    }
    return Map.copyOf(next);
  }

  @Override
  public Integer call() throws Exception {
    if (reason.isBlank()) {
      throw new IllegalArgumentException(
          "--reason must say why the run is cancelled (it is recorded and told the team)");
    }
    Running running = Running.require(common);
    String name = service != null ? service : running.onlyService();
    String machine = running.output("StateMachineArn");
    String table = running.output("LocksTableName");
    if (machine == null || table == null) {
      throw new IllegalStateException(
          "the deployed stack has no StateMachineArn or LocksTableName output; deploy it again"
              + " with this version of Slipway (`slipway down` then `slipway up`)");
    }
    try (SfnClient sfn = running.client(SfnClient.builder());
        DynamoDbClient dynamo = running.client(DynamoDbClient.builder())) {
      Optional<ExecutionListItem> run = runOf(sfn, dynamo, machine, table, name);
      if (run.isEmpty()) {
        System.out.println(
            "slipway: no pipeline run of " + name + " is running: nothing to cancel");
        return 1;
      }
      String execution = run.get().name();
      List<HistoryEvent> before = ExecutionHistory.of(sfn, run.get().executionArn());
      String at = currentState(before).orElse("Prepare");
      Optional<String> next = whatNext(at);
      if (next.isEmpty()) {
        System.out.println(
            "slipway: "
                + execution
                + " is past the point a cancel stops: it is at \""
                + at
                + "\" and ends on its own; `slipway status --watch` follows it");
        return 1;
      }
      var request =
          new CancelRequests.Request(System.getProperty("user.name"), reason, Instant.now());
      CancelRequests.request(dynamo, table, execution, request);
      // read again after the request is stored: a wait that began since is in this history, and
      // a step starting later finds the request
      List<HistoryEvent> after = ExecutionHistory.of(sfn, run.get().executionArn());
      Optional<Waiting> waiting = waitingTask(after);
      waiting.ifPresent(w -> fail(sfn, w, request));
      if (waiting.filter(w -> w.state().equals("Build image")).isPresent()) {
        running
            .codeBuild(cb -> stopBuild(cb, running.output("BuildProjectName"), execution))
            .ifPresent(System.out::println);
      }
      if (waiting.filter(w -> w.state().equals("Wait for approval")).isPresent()) {
        ApproveCommand.clearRequest(dynamo, name, waiting.get().token());
      }
      System.out.println(message(execution, request, currentState(after).orElse(at), after));
      return 0;
    }
  }

  /**
   * Stops the run's build if it is still in progress: the run no longer waits for it, and a
   * cancelled build should not go on pushing an image nobody deploys. Returns what was done; a
   * build that cannot be stopped is said so and ends on its own.
   */
  static Optional<String> stopBuild(CodeBuildApi codeBuild, String project, String execution) {
    if (project == null) {
      return Optional.of(
          "slipway: the deployed stack has no BuildProjectName output, so the run's build was"
              + " not stopped; it ends on its own");
    }
    try {
      Optional<CodeBuildApi.Build> build = codeBuild.findBuild(project, execution);
      if (build.isEmpty() || !build.get().status().equals("IN_PROGRESS")) {
        return Optional.empty();
      }
      codeBuild.stopBuild(build.get().id());
      return Optional.of("slipway: stopped build " + build.get().id() + " of " + execution);
    } catch (CodeBuildApi.CodeBuildException | java.io.UncheckedIOException e) {
      return Optional.of(
          "slipway: the run's build could not be stopped ("
              + e.getMessage()
              + "); it ends on its own");
    }
  }

  /** What the user reads: what was done, and what the run does next. */
  static String message(
      String execution, CancelRequests.Request request, String at, List<HistoryEvent> history) {
    String next = whatNext(at).orElse("the run ends");
    String bake =
        at.equals("Bake") || at.equals("Extend bake")
            ? StatusCommand.canary(history)
                .map(where -> " once the current bake is over (" + where + ")")
                .orElse("")
            : "";
    return "slipway: cancel of "
        + execution
        + " requested by "
        + request.requestedBy()
        + ": "
        + request.reason()
        + "; "
        + next
        + bake
        + "; `slipway status --watch` follows it";
  }

  /** What a cancel leads to from {@code state}; empty when the run is past stopping. */
  static Optional<String> whatNext(String state) {
    return Optional.ofNullable(NEXT.get(state));
  }

  /** The state the run entered last. */
  static Optional<String> currentState(List<HistoryEvent> events) {
    String state = null;
    for (HistoryEvent h : events) {
      if (h.stateEnteredEventDetails() != null) {
        state = h.stateEnteredEventDetails().name();
      }
    }
    return Optional.ofNullable(state);
  }

  /** The task token the run waits on, in a state that a cancel may end. */
  static Optional<Waiting> waitingTask(List<HistoryEvent> events) {
    return ExecutionHistory.waitingTask(events, CANCELLABLE_WAITS::contains);
  }

  private static void fail(SfnClient sfn, Waiting waiting, CancelRequests.Request request) {
    try {
      sfn.sendTaskFailure(
          r -> r.taskToken(waiting.token()).error(CancelRequests.ERROR).cause(request.cause()));
    } catch (TaskTimedOutException | InvalidTokenException | TaskDoesNotExistException ended) {
      // the wait ended meanwhile; the next step finds the request
    }
  }

  /**
   * The service's running run: the one holding its deploy lock, else the newest running one (a run
   * still queued).
   */
  private static Optional<ExecutionListItem> runOf(
      SfnClient sfn, DynamoDbClient dynamo, String machine, String table, String service)
      throws IOException {
    List<ExecutionListItem> ofService = new ArrayList<>();
    for (ExecutionListItem e :
        sfn.listExecutions(r -> r.stateMachineArn(machine).statusFilter("RUNNING")).executions()) {
      JsonNode input =
          Json.MAPPER.readTree(
              sfn.describeExecution(r -> r.executionArn(e.executionArn())).input());
      if (input.path("detail").path("service").asText(service).equals(service)) {
        ofService.add(e);
      }
    }
    Optional<String> holder =
        new LockStore(dynamo, table).lock(service).map(l -> l.holderExecution());
    return ofService.stream()
        .filter(e -> holder.isPresent() && e.name().equals(holder.get()))
        .findFirst()
        .or(() -> ofService.stream().findFirst());
  }
}
