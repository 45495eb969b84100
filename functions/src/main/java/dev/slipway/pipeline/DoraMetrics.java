package dev.slipway.pipeline;

import dev.slipway.pipeline.model.DeploymentKind;
import dev.slipway.pipeline.model.DeploymentOutcome;
import dev.slipway.pipeline.model.DeploymentRecord;
import dev.slipway.pipeline.model.DoraReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * DORA metrics from the deployment history (dora.dev, "DORA's software delivery metrics"):
 *
 * <ul>
 *   <li>deployment frequency: successful deploys in the window, per day;
 *   <li>lead time for changes: head commit's timestamp → deploy finished, median;
 *   <li>change failure rate: deploys that failed or were rolled back / all deploys; a rollback
 *       caused only by an INCONCLUSIVE canary (too little traffic to judge the change) is in
 *       neither count: nothing showed the change to be bad. Such rollbacks are counted on their
 *       own, as are deploys promoted on an INCONCLUSIVE canary (those are deploys). A run someone
 *       cancelled is neither;
 *   <li>time to restore: a failed deploy's start → the service is restored: its own automatic
 *       rollback finishing, or else the next successful deploy or rollback of the environment.
 * </ul>
 *
 * A deploy belongs to the window in which it finished; restores may finish after the window.
 */
public final class DoraMetrics {
  private DoraMetrics() {}

  /** The report for one service's environment over {@code [from, to)}. */
  public static DoraReport report(
      List<DeploymentRecord> history,
      String service,
      String environment,
      Instant from,
      Instant to) {
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("window start " + from + " is not before its end " + to);
    }
    List<DeploymentRecord> ofEnv =
        history.stream()
            .filter(r -> r.service().equals(service) && r.environment().equals(environment))
            .sorted(Comparator.comparing(DeploymentRecord::finishedAt))
            .toList();
    List<DeploymentRecord> finished =
        ofEnv.stream()
            .filter(r -> r.kind() == DeploymentKind.DEPLOY)
            // a cancelled run is neither a deployment nor a change failure
            .filter(r -> r.result() != DeploymentOutcome.CANCELLED)
            .filter(r -> !r.finishedAt().isBefore(from) && r.finishedAt().isBefore(to))
            .toList();
    List<DeploymentRecord> deploys =
        finished.stream().filter(r -> !r.inconclusiveRollback()).toList();
    List<DeploymentRecord> succeeded =
        deploys.stream().filter(r -> r.result() == DeploymentOutcome.SUCCEEDED).toList();
    List<DeploymentRecord> failed =
        deploys.stream().filter(r -> r.result() != DeploymentOutcome.SUCCEEDED).toList();

    List<Duration> leadTimes =
        succeeded.stream()
            .filter(r -> r.commitTimestamp() != null)
            .map(r -> Duration.between(r.commitTimestamp(), r.finishedAt()))
            .toList();
    List<Duration> restores = new ArrayList<>();
    int unrestored = 0;
    for (DeploymentRecord failure : failed) {
      Optional<Instant> restoredAt = restoredAt(failure, ofEnv);
      if (restoredAt.isPresent()) {
        restores.add(Duration.between(failure.startedAt(), restoredAt.get()));
      } else {
        unrestored++;
      }
    }
    double days = Duration.between(from, to).toSeconds() / 86_400.0;
    return new DoraReport(
        service,
        environment,
        from,
        to,
        succeeded.size(),
        succeeded.size() / days,
        median(leadTimes),
        failed.size(),
        deploys.isEmpty() ? null : (double) failed.size() / deploys.size(),
        median(restores),
        unrestored,
        finished.size() - deploys.size(),
        (int) succeeded.stream().filter(DeploymentRecord::wasInconclusiveCanary).count());
  }

  private static Optional<Instant> restoredAt(
      DeploymentRecord failure, List<DeploymentRecord> ofEnv) {
    if (failure.result() == DeploymentOutcome.ROLLED_BACK) {
      return Optional.of(failure.finishedAt());
    }
    return ofEnv.stream()
        .filter(r -> r.result() == DeploymentOutcome.SUCCEEDED)
        .filter(r -> r.finishedAt().isAfter(failure.finishedAt()))
        .map(DeploymentRecord::finishedAt)
        .findFirst();
  }

  /** Median in whole seconds (the mean of the middle two for an even count), or null. */
  static Long median(List<Duration> durations) {
    if (durations.isEmpty()) {
      return null;
    }
    List<Long> seconds = durations.stream().map(Duration::toSeconds).sorted().toList();
    int n = seconds.size();
    return n % 2 == 1 ? seconds.get(n / 2) : (seconds.get(n / 2 - 1) + seconds.get(n / 2)) / 2;
  }
}
