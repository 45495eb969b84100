package dev.slipway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.slipway.pipeline.model.DeploymentKind;
import dev.slipway.pipeline.model.DeploymentOutcome;
import dev.slipway.pipeline.model.DeploymentRecord;
import dev.slipway.pipeline.model.DoraReport;
import dev.slipway.pipeline.model.Strategy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DoraMetricsTest {
  private static final Instant FROM = Instant.parse("2026-03-01T00:00:00Z");
  private static final Instant TO = Instant.parse("2026-03-08T00:00:00Z");
  private static int executions;

  static DeploymentRecord rec(
      String service,
      String env,
      DeploymentKind kind,
      DeploymentOutcome result,
      String commit,
      String started,
      String finished) {
    return new DeploymentRecord(
        service,
        env,
        "a".repeat(40),
        null,
        "arn:td:1",
        Strategy.CANARY,
        kind,
        result,
        Instant.parse(started),
        Instant.parse(finished),
        commit == null ? null : Instant.parse(commit),
        "exec-" + executions++,
        null);
  }

  static DeploymentRecord deploy(
      DeploymentOutcome result, String commit, String started, String finished) {
    return rec("hello", "production", DeploymentKind.DEPLOY, result, commit, started, finished);
  }

  /** The week worked out by hand in the test below. */
  static List<DeploymentRecord> week() {
    List<DeploymentRecord> history = new ArrayList<>();
    // before the window: ignored
    history.add(
        deploy(
            DeploymentOutcome.SUCCEEDED,
            "2026-02-28T08:00:00Z",
            "2026-02-28T09:00:00Z",
            "2026-02-28T09:30:00Z"));
    // D1 lead 1h30
    history.add(
        deploy(
            DeploymentOutcome.SUCCEEDED,
            "2026-03-01T08:00:00Z",
            "2026-03-01T09:00:00Z",
            "2026-03-01T09:30:00Z"));
    // D2 rolled back automatically: restored 45 min after it started
    history.add(
        deploy(
            DeploymentOutcome.ROLLED_BACK,
            "2026-03-02T10:00:00Z",
            "2026-03-02T11:00:00Z",
            "2026-03-02T11:45:00Z"));
    // D3 lead 2h
    history.add(
        deploy(
            DeploymentOutcome.SUCCEEDED,
            "2026-03-02T12:00:00Z",
            "2026-03-02T13:00:00Z",
            "2026-03-02T14:00:00Z"));
    // D4 failed, restored by a manual rollback finishing 70 min after D4 started
    history.add(
        deploy(
            DeploymentOutcome.FAILED,
            "2026-03-03T09:00:00Z",
            "2026-03-03T10:00:00Z",
            "2026-03-03T10:20:00Z"));
    history.add(
        rec(
            "hello",
            "production",
            DeploymentKind.ROLLBACK,
            DeploymentOutcome.SUCCEEDED,
            null,
            "2026-03-03T11:00:00Z",
            "2026-03-03T11:10:00Z"));
    // D5 lead 1h15
    history.add(
        deploy(
            DeploymentOutcome.SUCCEEDED,
            "2026-03-05T07:00:00Z",
            "2026-03-05T08:00:00Z",
            "2026-03-05T08:15:00Z"));
    // D6 failed, not restored yet
    history.add(
        deploy(
            DeploymentOutcome.FAILED,
            "2026-03-07T20:00:00Z",
            "2026-03-07T21:00:00Z",
            "2026-03-07T21:30:00Z"));
    // other environment and other service: ignored
    history.add(
        rec(
            "hello",
            "staging",
            DeploymentKind.DEPLOY,
            DeploymentOutcome.FAILED,
            "2026-03-04T00:00:00Z",
            "2026-03-04T01:00:00Z",
            "2026-03-04T02:00:00Z"));
    history.add(
        rec(
            "other",
            "production",
            DeploymentKind.DEPLOY,
            DeploymentOutcome.SUCCEEDED,
            "2026-03-04T00:00:00Z",
            "2026-03-04T01:00:00Z",
            "2026-03-04T02:00:00Z"));
    return history;
  }

  @Test
  void computesTheFourMetricsOfAHandWorkedWeek() {
    DoraReport report = DoraMetrics.report(week(), "hello", "production", FROM, TO);

    assertThat(report.deployments()).isEqualTo(3);
    assertThat(report.deploymentsPerDay()).isCloseTo(3 / 7.0, within(1e-12));
    // lead times 5400, 7200, 4500 s
    assertThat(report.leadTimeMedianSeconds()).isEqualTo(5400);
    // D2, D4, D6 of six deploys
    assertThat(report.failedDeployments()).isEqualTo(3);
    assertThat(report.changeFailureRate()).isEqualTo(0.5);
    // restores 2700 s (D2) and 4200 s (D4): median of two = their mean
    assertThat(report.timeToRestoreMedianSeconds()).isEqualTo(3450);
    assertThat(report.unrestoredFailures()).isEqualTo(1);
  }

  static DeploymentRecord inconclusive(DeploymentOutcome result, String started, String finished) {
    DeploymentRecord r = deploy(result, "2026-03-04T08:00:00Z", started, finished);
    return new DeploymentRecord(
        r.service(),
        r.environment(),
        r.sha(),
        r.imageDigest(),
        r.taskDefinitionArn(),
        r.strategy(),
        r.kind(),
        r.result(),
        r.startedAt(),
        r.finishedAt(),
        r.commitTimestamp(),
        r.executionName(),
        "Canary at 5% (step 1 of 4): INCONCLUSIVE - 5 canary requests, fewer than 20",
        true);
  }

  @Test
  void inconclusiveRollbacksAreNoChangeFailuresButAreCountedOnTheirOwn() {
    List<DeploymentRecord> history = week();
    history.add(
        inconclusive(
            DeploymentOutcome.ROLLED_BACK, "2026-03-04T09:00:00Z", "2026-03-04T09:40:00Z"));
    history.add(
        inconclusive(
            DeploymentOutcome.ROLLED_BACK, "2026-03-06T09:00:00Z", "2026-03-06T09:40:00Z"));

    DoraReport report = DoraMetrics.report(history, "hello", "production", FROM, TO);

    // as the hand-worked week: D2, D4, D6 of six deploys; no restore is measured for them
    assertThat(report.failedDeployments()).isEqualTo(3);
    assertThat(report.changeFailureRate()).isEqualTo(0.5);
    assertThat(report.timeToRestoreMedianSeconds()).isEqualTo(3450);
    assertThat(report.deployments()).isEqualTo(3);
    assertThat(report.inconclusiveRollbacks()).isEqualTo(2);
    assertThat(report.inconclusivePromotions()).isZero();
  }

  @Test
  void aDeployPromotedOnAnInconclusiveCanaryIsADeploy() {
    List<DeploymentRecord> history = week();
    history.add(
        inconclusive(DeploymentOutcome.SUCCEEDED, "2026-03-04T09:00:00Z", "2026-03-04T10:00:00Z"));

    DoraReport report = DoraMetrics.report(history, "hello", "production", FROM, TO);

    assertThat(report.deployments()).isEqualTo(4);
    // D2, D4, D6 of seven deploys
    assertThat(report.changeFailureRate()).isEqualTo(3 / 7.0);
    assertThat(report.inconclusivePromotions()).isEqualTo(1);
    assertThat(report.inconclusiveRollbacks()).isZero();
  }

  @Test
  void onlyInconclusiveRollbacksLeaveNoRateToReport() {
    DoraReport report =
        DoraMetrics.report(
            List.of(
                inconclusive(
                    DeploymentOutcome.ROLLED_BACK, "2026-03-04T09:00:00Z", "2026-03-04T09:40:00Z")),
            "hello",
            "production",
            FROM,
            TO);

    assertThat(report.changeFailureRate()).isNull();
    assertThat(report.failedDeployments()).isZero();
    assertThat(report.inconclusiveRollbacks()).isEqualTo(1);
  }

  @Test
  void recordsWithoutTheInconclusiveFieldReadAsOrdinaryRecords() throws Exception {
    var mapper = dev.slipway.pipeline.model.PipelineJson.mapper();
    DeploymentRecord old =
        deploy(
            DeploymentOutcome.ROLLED_BACK,
            "2026-03-04T08:00:00Z",
            "2026-03-04T09:00:00Z",
            "2026-03-04T09:40:00Z");
    String json = mapper.writeValueAsString(old);
    assertThat(json).doesNotContain("inconclusiveCanary");

    DeploymentRecord read = mapper.readValue(json, DeploymentRecord.class);
    assertThat(read.wasInconclusiveCanary()).isFalse();
    assertThat(read.inconclusiveRollback()).isFalse();
    DeploymentRecord flagged =
        mapper.readValue(
            mapper.writeValueAsString(
                inconclusive(
                    DeploymentOutcome.ROLLED_BACK, "2026-03-04T09:00:00Z", "2026-03-04T09:40:00Z")),
            DeploymentRecord.class);
    assertThat(flagged.inconclusiveRollback()).isTrue();
  }

  @Test
  void restoreAfterTheWindowStillCounts() {
    List<DeploymentRecord> history = week();
    history.add(
        deploy(
            DeploymentOutcome.SUCCEEDED,
            "2026-03-07T22:00:00Z",
            "2026-03-08T09:00:00Z",
            "2026-03-08T10:00:00Z"));

    DoraReport report = DoraMetrics.report(history, "hello", "production", FROM, TO);

    // D6 restored 13 h after it started: restores 2700, 4200, 46800 s
    assertThat(report.unrestoredFailures()).isZero();
    assertThat(report.timeToRestoreMedianSeconds()).isEqualTo(4200);
    assertThat(report.deployments()).isEqualTo(3);
  }

  @Test
  void emptyHistoryHasNothingToMeasure() {
    DoraReport report = DoraMetrics.report(List.of(), "hello", "production", FROM, TO);

    assertThat(report.deployments()).isZero();
    assertThat(report.deploymentsPerDay()).isZero();
    assertThat(report.leadTimeMedianSeconds()).isNull();
    assertThat(report.changeFailureRate()).isNull();
    assertThat(report.timeToRestoreMedianSeconds()).isNull();
  }

  @Test
  void rejectsAnEmptyWindow() {
    assertThatThrownBy(() -> DoraMetrics.report(List.of(), "hello", "production", TO, FROM))
        .hasMessageContaining("is not before its end");
  }
}
