package dev.slipway.e2e;

import dev.slipway.localcloud.demo.ExecutionWatch;
import dev.slipway.localcloud.demo.StateSpan;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;

/** A commit pushed to the local GitHub repository and its pipeline run, followed to the end. */
record Push(String sha, ExecutionWatch.Finished run) {

  /** Commits what is in the working copy, pushes it and follows the run it starts. */
  static Push of(LocalModeRun local, String message) {
    return of(local, message, Duration.ofMinutes(12));
  }

  /** Commits and pushes, then follows the run for at most {@code within}. */
  static Push of(LocalModeRun local, String message, Duration within) {
    String sha = local.repo.commit(message);
    local.repo.push();
    return follow(local, sha, within);
  }

  /** Follows the run started for {@code sha}. */
  static Push follow(LocalModeRun local, String sha) {
    return follow(local, sha, Duration.ofMinutes(12));
  }

  private static Push follow(LocalModeRun local, String sha, Duration within) {
    ExecutionListItem execution = local.watch.awaitExecution(sha, Duration.ofSeconds(90));
    ExecutionWatch.Finished run = local.watch.follow(execution, within, local::print);
    return new Push(sha, run);
  }

  /** The labels of the states the run entered, in order. */
  List<String> states() {
    return run.states().stream().map(StateSpan::label).toList();
  }
}
