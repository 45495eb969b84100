package dev.slipway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.pipeline.PushClassification.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PushClassificationTest {
  private static final String ZEROS = "0".repeat(40);

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
    "push.payload.json, TAG_DELETION, , simple-tag",
    "push.1.payload.json, TAG_DELETION, , simple-tag",
    "push.with-installation.payload.json, TAG_DELETION, , simple-tag",
    "push.with-organization.payload.json, TAG_DELETION, , simple-tag",
    "push.with-new-branch.payload.json, NEW_BRANCH, master, ",
    "push.with-no-username-committer.payload.json, NEW_BRANCH, master, ",
    "push.existing-branch.go-playground.payload.json, BRANCH_PUSH, master, "
  })
  void classifiesGitHubsOwnPayloads(String file, Kind kind, String branch, String tag) {
    PushClassification push = PushClassification.of(Conformance.json(file));

    assertThat(push.kind()).isEqualTo(kind);
    assertThat(push.branch()).isEqualTo(branch);
    assertThat(push.tag()).isEqualTo(tag);
    assertThat(push.deploys()).isEqualTo(kind.isBranchCommit());
  }

  @Test
  void tagDeletionIsIgnoredWithAReason() {
    PushClassification push = PushClassification.of(Conformance.json("push.payload.json"));

    assertThat(push.ignoredBecause()).isEqualTo("tag simple-tag was deleted");
    assertThat(push.label()).isEqualTo("tag-deletion");
  }

  @Test
  void branchDeletionIsIgnored() {
    ObjectNode payload = branchPush();
    payload.put("deleted", true).put("after", ZEROS).putNull("head_commit");
    payload.putArray("commits");

    PushClassification push = PushClassification.of(payload);

    assertThat(push.kind()).isEqualTo(Kind.BRANCH_DELETION);
    assertThat(push.deploys()).isFalse();
    assertThat(push.ignoredBecause()).isEqualTo("branch master was deleted");
  }

  @Test
  void branchDeletionIsRecognisedByTheZeroShaEvenWithoutTheFlag() {
    ObjectNode payload = branchPush();
    payload.put("after", ZEROS);

    assertThat(PushClassification.of(payload).kind()).isEqualTo(Kind.BRANCH_DELETION);
  }

  @Test
  void forcedPushDeploys() {
    ObjectNode payload = branchPush();
    payload.put("forced", true);

    PushClassification push = PushClassification.of(payload);

    assertThat(push.kind()).isEqualTo(Kind.FORCED_PUSH);
    assertThat(push.deploys()).isTrue();
    assertThat(push.ignoredBecause()).isNull();
  }

  @Test
  void tagCreationDoesNotDeploy() {
    ObjectNode payload = branchPush();
    payload.put("ref", "refs/tags/v1.2.0").put("created", true).put("before", ZEROS);

    PushClassification push = PushClassification.of(payload);

    assertThat(push.kind()).isEqualTo(Kind.TAG_PUSH);
    assertThat(push.ignoredBecause()).isEqualTo("tag v1.2.0 pushed; tags do not deploy");
  }

  @Test
  void otherRefsDoNotDeploy() {
    ObjectNode payload = branchPush();
    payload.put("ref", "refs/notes/commits");

    assertThat(PushClassification.of(payload).kind()).isEqualTo(Kind.OTHER_REF);
    assertThat(PushClassification.of(payload).deploys()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Fix typo [skip deploy]",
        "[SKIP DEPLOY] docs only",
        "docs\n\nbody text [deploy skip]",
        "Update README [Skip Deploy]"
      })
  void skipDirectiveInTheHeadCommitSkipsTheDeploy(String message) {
    ObjectNode payload = branchPush();
    ((ObjectNode) payload.get("head_commit")).put("message", message);

    PushClassification push = PushClassification.of(payload);

    assertThat(push.kind()).isEqualTo(Kind.BRANCH_PUSH);
    assertThat(push.skipRequested()).isTrue();
    assertThat(push.deploys()).isFalse();
    assertThat(push.ignoredBecause()).contains("[skip deploy]");
  }

  @ParameterizedTest
  @ValueSource(strings = {"[skip ci]", "skip deploy", "[skip-deploy]", "[skip  deploy]"})
  void otherSpellingsDoNotSkip(String message) {
    ObjectNode payload = branchPush();
    ((ObjectNode) payload.get("head_commit")).put("message", message);

    assertThat(PushClassification.of(payload).deploys()).isTrue();
  }

  @Test
  void skipDirectiveInAnEarlierCommitOnlyDoesNotSkip() {
    ObjectNode payload = branchPush();
    ((ObjectNode) payload.get("commits").get(0)).put("message", "wip [skip deploy]");

    assertThat(PushClassification.of(payload).deploys()).isTrue();
  }

  @Test
  void rejectsAPayloadWithoutRef() {
    JsonNode ping = Conformance.json("ping.payload.json");

    assertThatThrownBy(() -> PushClassification.of(ping))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no 'ref'");
  }

  static ObjectNode branchPush() {
    return (ObjectNode)
        Conformance.json("push.existing-branch.go-playground.payload.json").deepCopy();
  }
}
