package dev.slipway.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.pipeline.model.PushEvent;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.TreeSet;

/** Maps a GitHub push webhook payload to the pipeline's {@link PushEvent}. */
public final class PushPayloads {
  /**
   * GitHub lists at most this many commits in a push payload; a push with more may have changed
   * files the payload does not show, so its changed files are unknown.
   */
  static final int MAX_LISTED_COMMITS = 20;

  private static final String ZERO_SHA = "0".repeat(40);

  private PushPayloads() {}

  /**
   * The push event for a branch commit.
   *
   * @param service the Slipway service this webhook belongs to
   * @param deliveryId the {@code X-GitHub-Delivery} header
   * @throws IllegalArgumentException if the push is not a branch commit, or a field is missing
   */
  public static PushEvent toPushEvent(
      JsonNode payload, String service, String deliveryId, Instant receivedAt) {
    PushClassification push = PushClassification.of(payload);
    if (!push.kind().isBranchCommit()) {
      throw new IllegalArgumentException(
          "push of "
              + payload.path("ref").asText()
              + " ("
              + push.label()
              + ") is not a deployable"
              + " branch commit");
    }
    JsonNode head = payload.path("head_commit");
    String before = payload.path("before").asText(null);
    return new PushEvent(
        service,
        requiredText(payload.path("repository"), "full_name"),
        requiredText(payload, "ref"),
        push.branch(),
        requiredText(payload, "after"),
        ZERO_SHA.equals(before) ? null : before,
        pusher(payload),
        head.path("message").asText(null),
        timestamp(head.path("timestamp").asText(null)),
        deliveryId,
        receivedAt,
        changedFiles(payload));
  }

  /**
   * Paths added, modified or removed by the listed commits, sorted; {@code null} when GitHub may
   * have left commits out.
   */
  static List<String> changedFiles(JsonNode payload) {
    JsonNode commits = payload.path("commits");
    if (!commits.isArray() || commits.size() >= MAX_LISTED_COMMITS) {
      return null;
    }
    var files = new TreeSet<String>();
    for (JsonNode commit : commits) {
      for (String field : List.of("added", "modified", "removed")) {
        commit.path(field).forEach(path -> files.add(path.asText()));
      }
    }
    return List.copyOf(files);
  }

  static String requiredText(JsonNode node, String field) {
    JsonNode value = node.path(field);
    if (!value.isTextual() || value.asText().isEmpty()) {
      throw new IllegalArgumentException(
          "push payload has no '" + field + "' string; is this a GitHub push event?");
    }
    return value.asText();
  }

  private static String pusher(JsonNode payload) {
    JsonNode pusher = payload.path("pusher");
    return pusher.hasNonNull("name") ? pusher.get("name").asText() : null;
  }

  private static Instant timestamp(String text) {
    if (text == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "push payload head_commit.timestamp '" + text + "' is not an ISO-8601 date-time", e);
    }
  }
}
