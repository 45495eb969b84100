package dev.slipway.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MessagesTest {
  // the longest names the pipeline config allows (40 characters each)
  private static final String SERVICE = "payments-gateway-reconciliation-service1";
  private static final String ENVIRONMENT = "production-eu-central-1-blue-green-tier1";

  private static Step step(String kind) throws Exception {
    ObjectNode state = Steps.state();
    ((ObjectNode) state.path("detail")).put("service", SERVICE);
    state
        .putObject("failure")
        .put("Error", "Slipway.RollbackFailed")
        .put("Cause", "ECS deployment\nfailed");
    return Step.of(Steps.payload(state, "notification", kind, "environment", ENVIRONMENT));
  }

  @ParameterizedTest
  @ValueSource(strings = {"DEPLOYED", "FAILED", "ROLLED_BACK", "ROLLBACK_FAILED"})
  void subjectsOfTheLongestNamesAreValidSnsSubjects(String kind) throws Exception {
    String subject = Messages.of(kind, step(kind), Optional.empty()).subject();

    assertThat(subject.length()).as(subject).isLessThan(100);
    assertThat(subject.chars()).as(subject).allMatch(c -> c >= 0x20 && c < 0x7f);
  }

  @Test
  void aFailedRollbackSaysSoBeforeAnythingIsCut() throws Exception {
    String subject =
        Messages.of("ROLLBACK_FAILED", step("ROLLBACK_FAILED"), Optional.empty()).subject();

    assertThat(subject).startsWith("[slipway] ACTION NEEDED: rollback failed: " + SERVICE);
  }

  @Test
  void aFailedRollbackNamesBothWaysOut() throws Exception {
    String body = Messages.of("ROLLBACK_FAILED", step("ROLLBACK_FAILED"), Optional.empty()).text();

    assertThat(body)
        .contains("Deploys of this service are blocked until a person acts")
        .contains("slipway rollback --to <sha>")
        .contains("slipway unlock " + SERVICE + " --reason");
  }

  private static final Approvals.Links LINKS =
      new Approvals.Links(
          "https://approve.example/?t=yes",
          "https://approve.example/?t=no",
          java.time.Instant.parse("2026-11-26T17:00:00Z"));

  private static Step paused(String service) throws Exception {
    ObjectNode state = Steps.state();
    ((ObjectNode) state.path("detail")).put("service", service);
    ObjectNode payload =
        Steps.payload(
            state,
            "notification",
            "CANARY_PAUSED",
            "environment",
            "production",
            "trafficPercent",
            5,
            "stepNumber",
            1,
            "stepCount",
            4);
    ObjectNode analysis = payload.putObject("analysis");
    analysis.put("verdict", "INCONCLUSIVE").put("bakeExtensions", 2);
    analysis.putArray("reasons").add("5 canary requests, fewer than 20");
    return Step.of(payload);
  }

  @Test
  void aPausedCanaryAsksToGoOnOrRollBackWithTheReasons() throws Exception {
    Message message = Messages.of("CANARY_PAUSED", paused("hello"), Optional.of(LINKS));

    assertThat(message.subject())
        .isEqualTo(
            "[slipway] canary of hello "
                + Steps.SHA.substring(0, 7)
                + " inconclusive at 5%: go on?");
    assertThat(message.text())
        .contains(
            "The canary at 5% (step 1 of 4) in production is still INCONCLUSIVE after 2 bake"
                + " extensions: 5 canary requests, fewer than 20.\n")
        .contains("Nothing shows this commit to be bad; there was too little traffic to judge it.")
        .contains(
            "Approve to pass this step and go on with the canary: https://approve.example/?t=yes")
        .contains("Reject to roll production back: https://approve.example/?t=no")
        .contains(
            "expire at 2026-11-26T17:00:00Z; without an answer by then, production is rolled"
                + " back.");
    assertThat(Messages.of("CANARY_PAUSED", paused(SERVICE), Optional.of(LINKS)).subject().length())
        .isLessThan(100);
  }

  @Test
  void anInconclusiveRollbackSaysItIsNoChangeFailure() throws Exception {
    ObjectNode state = Steps.state();
    state
        .putObject("failure")
        .put("Error", "Slipway.CanaryInconclusive")
        .put("Cause", "Canary at 5% (step 1 of 4): INCONCLUSIVE - 5 canary requests");
    Step step =
        Step.of(Steps.payload(state, "notification", "ROLLED_BACK", "environment", "production"));

    String body = Messages.of("ROLLED_BACK", step, Optional.empty()).text();

    assertThat(body)
        .contains(
            "The canary had too little traffic to judge the change; this rollback is not counted"
                + " as a change failure. The inconclusiveCanary setting can pause for approval or"
                + " promote instead (now: rollback).");
    state.putObject("failure").put("Error", "Slipway.CanaryFailed").put("Cause", "5xx");
    assertThat(
            Messages.of(
                    "ROLLED_BACK",
                    Step.of(
                        Steps.payload(
                            state, "notification", "ROLLED_BACK", "environment", "production")),
                    Optional.empty())
                .text())
        .doesNotContain("not counted");
  }

  @Test
  void aDeployThatPassedACanaryStepWithoutEvidenceSaysWhich() throws Exception {
    ObjectNode state = Steps.state();
    state
        .putArray("canaryInconclusive")
        .addObject()
        .put("trafficPercent", 5)
        .put("stepNumber", 1)
        .put("stepCount", 4)
        .put("policy", "promote")
        .putArray("reasons")
        .add("5 canary requests, fewer than 20");
    Step step = Step.of(Steps.payload(state, "notification", "DEPLOYED"));

    assertThat(Messages.of("DEPLOYED", step, Optional.empty()).text())
        .endsWith(
            "\nPassed without evidence (too little traffic to judge):\n- canary at 5% (step 1 of"
                + " 4) INCONCLUSIVE, promoted by the inconclusiveCanary policy: 5 canary"
                + " requests, fewer than 20");
    assertThat(Messages.of("DEPLOYED", step("DEPLOYED"), Optional.empty()).text())
        .doesNotContain("without evidence");
  }
}
