package dev.slipway.functions;

import dev.slipway.pipeline.DeployLock;
import dev.slipway.pipeline.model.PipelineState;
import java.util.Optional;

/** The words of each notification: what happened, to which commit, why, and what to do. */
final class Messages {
  private Messages() {}

  static Message of(String kind, Step step, Optional<Approvals.Links> links) {
    PipelineState state = step.state();
    String service = state.service();
    String sha = state.isManualRollback() ? state.manualRollback().toSha() : state.push().sha();
    String shortSha = sha.substring(0, 7);
    StringBuilder text = new StringBuilder();
    text.append("Service: ").append(service).append('\n');
    text.append("Commit: ").append(sha).append('\n');
    if (!state.isManualRollback() && state.push().commitMessage() != null) {
      text.append("Message: ").append(firstLine(state.push().commitMessage())).append('\n');
      text.append("Pushed by: ").append(state.push().pusher()).append('\n');
    }
    text.append("Execution: ").append(step.execution()).append('\n');
    String environment =
        step.text("environment")
            .orElse(state.rollback() != null ? state.rollback().environment() : null);
    return switch (kind) {
      case "DEPLOYED" ->
          new Message(
              "[slipway] " + service + " " + shortSha + " deployed",
              text.append("Serving: ")
                  .append(state.image() == null ? sha : state.image().reference())
                  .toString(),
              "info");
      case "FAILED" ->
          new Message(
              "[slipway] " + service + " " + shortSha + " failed",
              text.append("Why: ").append(failure(state)).toString(),
              "error");
      case "ROLLED_BACK" ->
          new Message(
              "[slipway] " + service + " " + shortSha + " rolled back in " + environment,
              text.append("Why: ")
                  .append(failure(state))
                  .append('\n')
                  .append("Now serving: ")
                  .append(restored(state))
                  .toString(),
              "warning");
      case "ROLLED_BACK_ON_REQUEST" ->
          new Message(
              "[slipway] " + service + " rolled back to " + shortSha + " on request",
              text.append("Requested by: ")
                  .append(state.manualRollback().requestedBy())
                  .append('\n')
                  .append("Now serving: ")
                  .append(restored(state))
                  .toString(),
              "info");
      case "ROLLBACK_FAILED" ->
          new Message(
              // the words that matter first: a long subject is cut at its end
              "[slipway] ACTION NEEDED: rollback failed: " + service + " in " + environment,
              text.append("Why: ")
                  .append(failure(state))
                  .append('\n')
                  .append("Deploys of this service are blocked until a person acts: ")
                  .append(DeployLock.WAY_OUT.formatted(service))
                  .append('.')
                  .toString(),
              "critical");
      case "APPROVAL_NEEDED" -> approval(service, shortSha, text, links.orElseThrow());
      default -> throw new IllegalArgumentException("unknown notification " + kind);
    };
  }

  private static Message approval(
      String service, String shortSha, StringBuilder text, Approvals.Links links) {
    text.append("Staging passed its smoke test. Promote this commit to production?\n")
        .append("Approve: ")
        .append(links.approve())
        .append('\n')
        .append("Reject: ")
        .append(links.reject())
        .append('\n')
        .append("The links work once and expire at ")
        .append(links.expiresAt())
        .append('.');
    return new Message(
        "[slipway] approve " + service + " " + shortSha + " for production?",
        text.toString(),
        "info");
  }

  private static String restored(PipelineState state) {
    if (state.rollback() == null) {
      return "unknown";
    }
    String sha = state.rollback().restoredSha();
    String image = state.rollback().restoredImage();
    if (sha == null && image == null && state.rollback().succeeded()) {
      return "nothing (first deploy of "
          + state.rollback().environment()
          + "; the failed version was stopped)";
    }
    return (sha == null ? "" : sha + " ") + (image == null ? "" : "(" + image + ")");
  }

  private static String failure(PipelineState state) {
    if (state.failure() == null) {
      return "no failure recorded";
    }
    String cause = state.failure().cause();
    return state.failure().error() + (cause == null || cause.isBlank() ? "" : ": " + cause);
  }

  private static String firstLine(String message) {
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
