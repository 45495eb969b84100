package dev.slipway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.pipeline.model.PushEvent;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PushPayloadsTest {
  private static final Instant RECEIVED = Instant.parse("2026-03-02T09:15:00Z");

  @Test
  void mapsAnOrdinaryBranchPush() {
    PushEvent event =
        PushPayloads.toPushEvent(
            Conformance.json("push.existing-branch.go-playground.payload.json"),
            "hello",
            "delivery-1",
            RECEIVED);

    assertThat(event.service()).isEqualTo("hello");
    assertThat(event.repository()).isEqualTo("binkkatal/sample_app");
    assertThat(event.ref()).isEqualTo("refs/heads/master");
    assertThat(event.branch()).isEqualTo("master");
    assertThat(event.sha()).isEqualTo("fd489864e7642b48eaad6e3f155c10e46810ec72");
    assertThat(event.beforeSha()).isEqualTo("737d38c599c1b2991664dfc6155d6bf516fcce36");
    assertThat(event.pusher()).isEqualTo("binkkatal");
    assertThat(event.commitMessage()).isEqualTo("test a push event");
    assertThat(event.commitTimestamp()).isEqualTo(Instant.parse("2018-06-29T14:04:13Z"));
    assertThat(event.deliveryId()).isEqualTo("delivery-1");
    assertThat(event.receivedAt()).isEqualTo(RECEIVED);
    assertThat(event.changedFiles())
        .containsExactly(".razorops.yaml", "app/controllers/application_controller.rb");
  }

  @Test
  void newBranchHasNoBeforeSha() {
    PushEvent event =
        PushPayloads.toPushEvent(
            Conformance.json("push.with-new-branch.payload.json"), "hello", "d-2", RECEIVED);

    assertThat(event.sha()).isEqualTo("6113728f27ae82c7b1a177c8d03f9e96e0adf246");
    assertThat(event.beforeSha()).isNull();
    assertThat(event.repository()).isEqualTo("Codertocat/Hello-World");
    assertThat(event.commitTimestamp()).isEqualTo(Instant.parse("2019-05-15T15:19:25Z"));
  }

  @Test
  void changedFilesAreUnknownWhenGitHubMayHaveLeftCommitsOut() {
    ObjectNode payload = PushClassificationTest.branchPush();
    ArrayNode commits = (ArrayNode) payload.get("commits");
    while (commits.size() < PushPayloads.MAX_LISTED_COMMITS) {
      commits.add(commits.get(0).deepCopy());
    }

    assertThat(PushPayloads.toPushEvent(payload, "hello", "d", RECEIVED).changedFiles()).isNull();
  }

  @Test
  void changedFilesMergeAddedModifiedAndRemovedOfEveryCommit() {
    ObjectNode payload = PushClassificationTest.branchPush();
    ObjectNode second = ((ObjectNode) payload.get("commits").get(0)).deepCopy();
    second.putArray("added");
    second.putArray("modified").add("README.md");
    second.putArray("removed").add("old/File.java").add(".razorops.yaml");
    ((ArrayNode) payload.get("commits")).add(second);

    assertThat(PushPayloads.toPushEvent(payload, "hello", "d", RECEIVED).changedFiles())
        .containsExactly(
            ".razorops.yaml",
            "README.md",
            "app/controllers/application_controller.rb",
            "old/File.java");
  }

  @Test
  void refusesToMapATagDeletion() {
    assertThatThrownBy(
            () ->
                PushPayloads.toPushEvent(
                    Conformance.json("push.payload.json"), "hello", "d", RECEIVED))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("refs/tags/simple-tag (tag-deletion) is not a deployable");
  }

  @Test
  void refusesAPayloadWithoutRepositoryName() {
    ObjectNode payload = PushClassificationTest.branchPush();
    payload.remove("repository");

    assertThatThrownBy(() -> PushPayloads.toPushEvent(payload, "hello", "d", RECEIVED))
        .hasMessageContaining("no 'full_name'");
  }
}
