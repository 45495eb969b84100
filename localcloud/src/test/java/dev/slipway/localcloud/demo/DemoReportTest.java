package dev.slipway.localcloud.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.pipeline.model.DeploymentKind;
import dev.slipway.pipeline.model.DeploymentOutcome;
import dev.slipway.pipeline.model.DeploymentRecord;
import dev.slipway.pipeline.model.Strategy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoReportTest {
  private static final Instant T0 = Instant.parse("2026-11-25T18:00:00Z");
  private static final String SHA1 = "1".repeat(40);
  private static final String SHA2 = "2".repeat(40);
  private static final String SHA3 = "3".repeat(40);

  private static DeploymentRecord record(
      String sha, DeploymentOutcome result, Strategy strategy, int start, int end, String reason) {
    return new DeploymentRecord(
        "hello",
        "production",
        sha,
        null,
        null,
        strategy,
        DeploymentKind.DEPLOY,
        result,
        T0.plusSeconds(start),
        T0.plusSeconds(end),
        T0.plusSeconds(start - 5),
        "exec-" + sha.charAt(0),
        reason);
  }

  private static PushOutcome push(
      String label,
      String sha,
      String status,
      String end,
      int at,
      LoadCounts load,
      String serving) {
    return new PushOutcome(
        label,
        sha,
        "exec-" + sha.charAt(0),
        status,
        end,
        status.equals("FAILED") ? "Canary at 5% (step 1 of 4): FAIL - 5xx rate 20.00 %" : null,
        T0.plusSeconds(at),
        T0.plusSeconds(at + 100),
        List.of(
            new StateSpan("Prepare", T0.plusSeconds(at + 1), T0.plusSeconds(at + 2), false),
            new StateSpan(
                "Analyze canary (5 %)",
                T0.plusSeconds(at + 50), T0.plusSeconds(at + 51), status.equals("FAILED"))),
        load,
        serving);
  }

  @Test
  void reportShowsEachPushAndDoraFiguresFromTheRecords() {
    List<PushOutcome> pushes =
        List.of(
            push("first deploy", SHA1, "SUCCEEDED", "Deployed", 0, null, SHA1),
            push(
                "healthy change, canary",
                SHA2,
                "SUCCEEDED",
                "Deployed",
                200,
                new LoadCounts(2000, 0, Map.of(SHA1, 1000L, SHA2, 1000L)),
                SHA2),
            push(
                "broken change, canary",
                SHA3,
                "FAILED",
                "Rolled back",
                400,
                new LoadCounts(2000, 7, Map.of(SHA2, 1993L)),
                SHA2));
    List<DeploymentRecord> records =
        List.of(
            record(SHA1, DeploymentOutcome.SUCCEEDED, Strategy.ROLLING, 60, 100, null),
            record(SHA2, DeploymentOutcome.SUCCEEDED, Strategy.CANARY, 260, 300, null),
            record(
                SHA3, DeploymentOutcome.ROLLED_BACK, Strategy.CANARY, 460, 500, "canary failed"));

    String report =
        DemoReport.render(pushes, records, "hello", "production", T0, T0.plusSeconds(600));

    assertThat(report)
        .contains("Push \"first deploy\" (11111111): SUCCEEDED in 100.0 s, ended in \"Deployed\"")
        .contains("failed requests during the deploy: - (no earlier version was serving)")
        .contains("failed requests during the deploy: 0 of 2000")
        .contains("failed requests during the deploy: 7 of 2000")
        .contains("cause: Canary at 5% (step 1 of 4): FAIL - 5xx rate 20.00 %")
        .contains("Analyze canary (5 %)")
        .contains("serving afterwards: 22222222")
        .contains("deployment frequency   2 successful deploys")
        // lead time: commit 5 s before the start to the end: 45 s for both successes
        .contains("lead time for changes  45 s")
        .contains("change failure rate    33 % (1 of 3 deploys failed or rolled back)")
        // the automatic rollback restored service when the failed deploy finished: 40 s
        .contains("time to restore        40 s");
  }

  @Test
  void reportOfADemoWithNoRecordsSaysThereIsNothingToMeasure() {
    String report =
        DemoReport.render(List.of(), List.of(), "hello", "production", T0, T0.plusSeconds(60));

    assertThat(report)
        .contains("deployment frequency   0 successful deploys")
        .contains("lead time for changes  -")
        .contains("change failure rate    - (0 of 0");
  }

  @Test
  void anInconclusiveCanaryRollbackIsShownButIsNoChangeFailure() {
    DeploymentRecord ok = record(SHA1, DeploymentOutcome.SUCCEEDED, Strategy.CANARY, 60, 100, null);
    DeploymentRecord r =
        record(SHA2, DeploymentOutcome.ROLLED_BACK, Strategy.CANARY, 260, 300, "INCONCLUSIVE");
    DeploymentRecord inconclusive =
        new DeploymentRecord(
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
            r.reason(),
            true);

    String report =
        DemoReport.render(
            List.of(), List.of(ok, inconclusive), "hello", "production", T0, T0.plusSeconds(600));

    assertThat(report)
        .contains("change failure rate    0 % (0 of 1 deploys failed or rolled back)")
        .contains(
            "inconclusive canary    1 rolled back, 0 promoted (too little traffic to judge;"
                + " rollbacks not counted as failures)");
  }
}
