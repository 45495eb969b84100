package dev.slipway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.pipeline.model.CheckOutcome;
import dev.slipway.pipeline.model.ModelFixtures;
import dev.slipway.pipeline.model.SmokeCheck;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmokeEvaluationTest {
  private static final String SHA = ModelFixtures.SHA;
  private static final SmokeCheck HEALTH = new SmokeCheck("/healthz", 200, SHA);

  @Test
  void builtInChecksComeFirstThenTheConfiguredOnes() {
    List<SmokeCheck> checks =
        SmokeEvaluation.checksFor(SHA, List.of(new SmokeCheck("/api/hello", null, "Hello")));

    assertThat(checks)
        .containsExactly(
            HEALTH,
            new SmokeCheck("/ready", 200, null),
            new SmokeCheck("/api/hello", 200, "Hello"));
  }

  @Test
  void passesTheRightStatusWithTheDeployedVersion() {
    CheckOutcome outcome =
        SmokeEvaluation.evaluate(HEALTH, 200, "{\"status\":\"ok\",\"version\":\"" + SHA + "\"}");

    assertThat(outcome.passed()).isTrue();
    assertThat(outcome.detail()).isNull();
  }

  @Test
  void failsAnOldVersionStillServing() {
    CheckOutcome outcome =
        SmokeEvaluation.evaluate(HEALTH, 200, "{\"status\":\"ok\",\"version\":\"0ld\"}");

    assertThat(outcome.passed()).isFalse();
    assertThat(outcome.detail())
        .isEqualTo(
            "GET /healthz body does not contain '"
                + SHA
                + "' (body: {\"status\":\"ok\",\"version\":\"0ld\"})");
  }

  @Test
  void failsTheWrongStatusQuotingTheBody() {
    CheckOutcome outcome =
        SmokeEvaluation.evaluate(new SmokeCheck("/ready", 200, null), 503, "draining\n  now");

    assertThat(outcome.status()).isEqualTo(503);
    assertThat(outcome.detail())
        .isEqualTo("GET /ready answered 503, expected 200 (body: draining now)");
  }

  @Test
  void longBodiesAreCut() {
    CheckOutcome outcome = SmokeEvaluation.evaluate(HEALTH, 500, "x".repeat(5000));

    assertThat(outcome.detail()).hasSizeLessThan(300).endsWith("…)");
  }

  @Test
  void unreachableEndpointFailsWithStatusZero() {
    CheckOutcome outcome = SmokeEvaluation.unreachable(HEALTH, "connection refused");

    assertThat(outcome.passed()).isFalse();
    assertThat(outcome.status()).isZero();
    assertThat(outcome.detail()).isEqualTo("GET /healthz got no response: connection refused");
  }

  @Test
  void allPassedNeedsAtLeastOneCheck() {
    CheckOutcome ok = SmokeEvaluation.evaluate(new SmokeCheck("/", 200, null), 200, "");
    CheckOutcome bad = SmokeEvaluation.evaluate(new SmokeCheck("/", 200, null), 404, "");

    assertThat(SmokeEvaluation.allPassed(List.of(ok, ok))).isTrue();
    assertThat(SmokeEvaluation.allPassed(List.of(ok, bad))).isFalse();
    assertThat(SmokeEvaluation.allPassed(List.of())).isFalse();
  }
}
