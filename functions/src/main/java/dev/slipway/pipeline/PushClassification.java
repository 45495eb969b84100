package dev.slipway.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * What a GitHub {@code push} webhook payload is: a commit to deploy, or something to ignore.
 *
 * <p>Skip directives: {@code [skip deploy]} or {@code [deploy skip]} (case-insensitive) anywhere in
 * the <em>head</em> commit's message skip the deploy, the way GitHub Actions reads {@code [skip
 * ci]} / {@code [ci skip]} from the head commit only. {@code [skip ci]} itself is left to CI and
 * does not stop a deploy.
 *
 * @param branch the branch name for {@code refs/heads/…}, else {@code null}
 * @param tag the tag name for {@code refs/tags/…}, else {@code null}
 */
public record PushClassification(Kind kind, String branch, String tag, boolean skipRequested) {
  private static final String ZERO_SHA = "0".repeat(40);

  /** The kinds of ref update a push webhook reports. */
  public enum Kind {
    /** New commits on an existing branch (fast-forward). */
    BRANCH_PUSH,
    /** The first push of a branch ({@code created}, {@code before} all zeros). */
    NEW_BRANCH,
    /** A branch moved to a commit that does not descend from its old head ({@code forced}). */
    FORCED_PUSH,
    /** A branch was deleted ({@code deleted}, {@code after} all zeros). */
    BRANCH_DELETION,
    /** A tag was created or moved. */
    TAG_PUSH,
    /** A tag was deleted. */
    TAG_DELETION,
    /** Any other ref (e.g. {@code refs/notes/…}). */
    OTHER_REF;

    /** Whether this kind carries a commit on a branch that could be deployed. */
    public boolean isBranchCommit() {
      return this == BRANCH_PUSH || this == NEW_BRANCH || this == FORCED_PUSH;
    }
  }

  /**
   * Classifies a push payload (the parsed request body).
   *
   * @throws IllegalArgumentException if the payload has no {@code ref} (not a push event)
   */
  public static PushClassification of(JsonNode payload) {
    String ref = PushPayloads.requiredText(payload, "ref");
    boolean deleted = payload.path("deleted").asBoolean(false) || ZERO_SHA.equals(after(payload));
    boolean created =
        payload.path("created").asBoolean(false)
            || ZERO_SHA.equals(payload.path("before").asText(""));
    boolean forced = payload.path("forced").asBoolean(false);
    String message = payload.path("head_commit").path("message").asText("");
    boolean skip = SkipDirective.in(message);

    if (ref.startsWith("refs/heads/")) {
      String branch = ref.substring("refs/heads/".length());
      Kind kind =
          deleted
              ? Kind.BRANCH_DELETION
              : created ? Kind.NEW_BRANCH : forced ? Kind.FORCED_PUSH : Kind.BRANCH_PUSH;
      return new PushClassification(kind, branch, null, skip && kind.isBranchCommit());
    }
    if (ref.startsWith("refs/tags/")) {
      String tag = ref.substring("refs/tags/".length());
      return new PushClassification(deleted ? Kind.TAG_DELETION : Kind.TAG_PUSH, null, tag, false);
    }
    return new PushClassification(Kind.OTHER_REF, null, null, false);
  }

  /** Whether this push should start a pipeline run (a branch commit without a skip directive). */
  public boolean deploys() {
    return kind.isBranchCommit() && !skipRequested;
  }

  /** Why the push does not deploy, for the 202 "ignored" answer and logs. */
  public String ignoredBecause() {
    if (deploys()) {
      return null;
    }
    if (skipRequested) {
      return SkipDirective.REASON;
    }
    return switch (kind) {
      case BRANCH_DELETION -> "branch " + branch + " was deleted";
      case TAG_PUSH -> "tag " + tag + " pushed; tags do not deploy";
      case TAG_DELETION -> "tag " + tag + " was deleted";
      case OTHER_REF -> "ref is neither a branch nor a tag";
      default -> throw new IllegalStateException(kind + " deploys");
    };
  }

  private static String after(JsonNode payload) {
    return payload.path("after").asText("");
  }

  /** Lowercase kind name with dashes, for logs and metrics dimensions. */
  public String label() {
    return kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
