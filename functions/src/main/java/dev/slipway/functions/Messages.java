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
    // a cancel is a decision, not a failure: its notice says so
    boolean cancelled =
        (kind.equals("FAILED") || kind.equals("ROLLED_BACK"))
            && CancelRequests.isCancel(state.failure());
    return switch (cancelled ? kind + "_CANCELLED" : kind) {
      case "DEPLOYED" ->
          new Message(
              "[slipway] " + service + " " + shortSha + " deployed",
              text.append("Serving: ")
                  .append(state.image() == null ? sha : state.image().reference())
                  .append(promotedWithoutEvidence(state))
                  .toString(),
              "info");
      case "FAILED_CANCELLED" ->
          new Message(
              "[slipway] " + service + " " + shortSha + " cancelled",
              text.append("Why: ")
                  .append(CancelRequests.why(state.failure()))
                  .append('\n')
                  .append("Nothing was deployed")
                  .toString(),
              "info");
      case "ROLLED_BACK_CANCELLED" ->
          new Message(
              "[slipway] " + service + " " + shortSha + " cancelled, rolled back in " + environment,
              text.append("Why: ")
                  .append(CancelRequests.why(state.failure()))
                  .append('\n')
                  .append("Now serving: ")
                  .append(restored(state))
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
                  .append(inconclusiveRollback(state, environment))
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
      case "CANARY_PAUSED" -> canaryPaused(service, shortSha, step, text, links.orElseThrow());
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

  private static Message canaryPaused(
      String service, String shortSha, Step step, StringBuilder text, Approvals.Links links) {
    var analysis = step.node("analysis");
    String percent = step.text("trafficPercent").orElse("?");
    String reasons =
        analysis
            .map(a -> a.path("reasons"))
            .filter(r -> r.isArray() && !r.isEmpty())
            .map(
                r -> {
                  var joined = new java.util.StringJoiner("; ");
                  r.forEach(reason -> joined.add(reason.asText()));
                  return joined.toString();
                })
            .orElse("no reasons given");
    text.append("The canary at ")
        .append(percent)
        .append("% (step ")
        .append(step.text("stepNumber").orElse("?"))
        .append(" of ")
        .append(step.text("stepCount").orElse("?"))
        .append(") in ")
        .append(step.text("environment").orElse("production"))
        .append(" is still INCONCLUSIVE after ")
        .append(analysis.map(a -> a.path("bakeExtensions").asInt()).orElse(0))
        .append(" bake extensions: ")
        .append(reasons)
        .append(".\n")
        .append("Nothing shows this commit to be bad; there was too little traffic to judge it.\n")
        .append("Approve to pass this step and go on with the canary: ")
        .append(links.approve())
        .append('\n')
        .append("Reject to roll production back: ")
        .append(links.reject())
        .append('\n')
        .append("The links work once and expire at ")
        .append(links.expiresAt())
        .append("; without an answer by then, production is rolled back.");
    return new Message(
        "[slipway] canary of "
            + service
            + " "
            + shortSha
            + " inconclusive at "
            + percent
            + "%: go on?",
        text.toString(),
        "warning");
  }

  /** The steps the canary passed without evidence, or nothing. */
  private static String promotedWithoutEvidence(PipelineState state) {
    var steps = state.inconclusiveSteps();
    if (steps.isEmpty()) {
      return "";
    }
    var text = new StringBuilder("\nPassed without evidence (too little traffic to judge):");
    steps.forEach(s -> text.append("\n- ").append(s.describe()));
    return text.toString();
  }

  /** Says that a rollback for an INCONCLUSIVE canary is not counted as a change failure. */
  private static String inconclusiveRollback(PipelineState state, String environment) {
    if (state.isManualRollback()
        || state.prepare() == null
        || environment == null
        || !RecordDeployment.inconclusiveOnly(state, environment)) {
      return "";
    }
    return "\nThe canary had too little traffic to judge the change; this rollback is not counted"
        + " as a change failure. The inconclusiveCanary setting can pause for approval or promote"
        + " instead (now: "
        + state.prepare().config().inconclusiveCanary().wireName()
        + ").";
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
