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
}
