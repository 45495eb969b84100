package dev.slipway.pipeline.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The records read and write the JSON shapes of statemachines/CONTRACT.md. */
class ModelContractTest {
  private static final String PUSH_EVENT =
      """
      {"version": "0", "id": "6a7e8feb-b491-4cf7-a9f1-bf3703467718", "detail-type": "push",
       "source": "slipway.github", "account": "123456789012", "time": "2026-03-02T09:15:01Z",
       "region": "eu-west-1", "resources": [],
       "detail": {"service": "hello", "repository": "acme/hello-service", "ref": "refs/heads/main",
                  "branch": "main", "sha": "fd489864e7642b48eaad6e3f155c10e46810ec72",
                  "beforeSha": "737d38c599c1b2991664dfc6155d6bf516fcce36", "pusher": "octocat",
                  "commitMessage": "Add greeting", "commitTimestamp": "2018-06-29T19:34:13+05:30",
                  "deliveryId": "d1f2", "receivedAt": "2026-03-02T09:15:00Z"}}
      """;

  @Test
  void readsTheExecutionInputEventOfAPush() throws Exception {
    PipelineState state = PipelineJson.mapper().readValue(PUSH_EVENT, PipelineState.class);

    assertThat(state.source()).isEqualTo("slipway.github");
    assertThat(state.detailType()).isEqualTo("push");
    assertThat(state.isManualRollback()).isFalse();
    assertThat(state.push().shortSha()).isEqualTo("fd48986");
    assertThat(state.push().commitTimestamp()).isEqualTo(Instant.parse("2018-06-29T14:04:13Z"));
    assertThat(state.push().changedFiles()).isNull();
    assertThat(state.service()).isEqualTo("hello");
    assertThatThrownBy(state::manualRollback).hasMessageContaining("not a manual rollback");
  }

  @Test
  void readsTheExecutionInputEventOfAManualRollback() throws Exception {
    String json =
        """
        {"detail-type": "rollback", "source": "slipway.manual",
         "detail": {"service": "hello", "environment": "production",
                    "toSha": "737d38c599c1b2991664dfc6155d6bf516fcce36", "requestedBy": "alice",
                    "reason": "bad release", "requestId": "r-1"}}
        """;
    PipelineState state = PipelineJson.mapper().readValue(json, PipelineState.class);

    assertThat(state.isManualRollback()).isTrue();
    assertThat(state.manualRollback().toSha()).startsWith("737d38c");
    assertThatThrownBy(state::push).hasMessageContaining("not a push event");
  }

  @Test
  void readsTheStepInputEveryHandlerReceives() throws Exception {
    String json =
        "{\"state\": "
            + PUSH_EVENT
            + ", \"execution\": \"hello-fd48986-d1f2\", \"taskToken\": \"AQC...\","
            + " \"environment\": \"staging\", \"trafficPercent\": 25}";
    StepInput input = PipelineJson.mapper().readValue(json, StepInput.class);

    assertThat(input.requireTaskToken()).isEqualTo("AQC...");
    assertThat(input.requireEnvironment()).isEqualTo("staging");
    assertThat(input.trafficPercent()).isEqualTo(25);
    assertThat(input.state().prepare()).isNull();
  }

  @Test
  void stepInputWithoutTokenSaysHowToFixTheTask() throws Exception {
    String json = "{\"state\": " + PUSH_EVENT + ", \"execution\": \"x\"}";
    StepInput input = PipelineJson.mapper().readValue(json, StepInput.class);

    assertThatThrownBy(input::requireTaskToken).hasMessageContaining("$$.Task.Token");
    assertThatThrownBy(input::requireEnvironment).hasMessageContaining("\"environment\"");
  }

  @Test
  void writesTimesAsIsoStringsAndTheImageReference() {
    JsonNode record = PipelineJson.mapper().valueToTree(ModelFixtures.record());
    JsonNode image = PipelineJson.mapper().valueToTree(ModelFixtures.image());

    assertThat(record.get("startedAt").asText()).isEqualTo("2026-03-02T09:15:00Z");
    assertThat(record.get("kind").asText()).isEqualTo("DEPLOY");
    assertThat(record.get("strategy").asText()).isEqualTo("canary");
    assertThat(image.get("reference").asText())
        .isEqualTo("123456789012.dkr.ecr.eu-west-1.amazonaws.com/hello@" + ModelFixtures.DIGEST);
  }

  @Test
  void leavesUnsetKeysOutSoTheStateMachineCanTestThemWithExists() {
    var refused =
        new PrepareResult(Decision.FROZEN, "freeze refuses", null, ModelFixtures.config(), null);
    JsonNode json = PipelineJson.mapper().valueToTree(refused);

    assertThat(json.has("retryAt")).isFalse();
    assertThat(json.has("lockId")).isFalse();
    assertThat(json.get("decision").asText()).isEqualTo("FROZEN");
  }

  @Test
  void rejectsAPushEventWithAShortSha() {
    String json = PUSH_EVENT.replace("fd489864e7642b48eaad6e3f155c10e46810ec72", "fd48986");

    assertThatThrownBy(() -> PipelineJson.mapper().readValue(json, PipelineState.class))
        .isInstanceOf(ValueInstantiationException.class)
        .hasMessageContaining("sha: 'fd48986' is not a full 40-character lowercase hex git SHA");
  }

  @Test
  void rejectsAnImageWithATagInItsRepositoryOrABadDigest() {
    assertThatThrownBy(
            () -> new ImageRef("r.example.com/hello:latest", "t", ModelFixtures.DIGEST, null))
        .hasMessageContaining("without a tag or digest");
    assertThatThrownBy(() -> new ImageRef("127.0.0.1:5000/hello", "t", "sha256:abc", null))
        .hasMessageStartingWith("digest: 'sha256:abc' is not an image digest");
    assertThat(new ImageRef("127.0.0.1:5000/hello", "t", ModelFixtures.DIGEST, null).reference())
        .startsWith("127.0.0.1:5000/hello@sha256:");
  }

  @Test
  void proceedNeedsALock() {
    assertThatThrownBy(
            () -> new PrepareResult(Decision.PROCEED, "go", null, ModelFixtures.config(), null))
        .hasMessageStartingWith("lockId: is required");
  }

  @Test
  void deploymentRecordCannotFinishBeforeItStarts() {
    var r = ModelFixtures.record();
    assertThatThrownBy(
            () ->
                new DeploymentRecord(
                    r.service(),
                    r.environment(),
                    r.sha(),
                    r.imageDigest(),
                    r.taskDefinitionArn(),
                    r.strategy(),
                    r.kind(),
                    r.result(),
                    r.finishedAt(),
                    r.startedAt(),
                    r.commitTimestamp(),
                    r.executionName(),
                    r.reason()))
        .hasMessageContaining("is before startedAt");
  }
}
