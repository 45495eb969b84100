package dev.slipway.localcloud.demo;

import dev.slipway.pipeline.DoraMetrics;
import dev.slipway.pipeline.model.DeploymentRecord;
import dev.slipway.pipeline.model.DoraReport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The end-of-demo report: per push its timeline, the version serving afterwards and the failed
 * requests during its deploy; then the deployment records and the DORA figures computed from them
 * with the pipeline's {@link DoraMetrics}.
 */
public final class DemoReport {
  private DemoReport() {}

  /** The report as printable text. */
  public static String render(
      List<PushOutcome> pushes,
      List<DeploymentRecord> records,
      String service,
      String environment,
      Instant from,
      Instant to) {
    StringBuilder out = new StringBuilder();
    out.append("\n== Slipway demo report ==\n");
    for (PushOutcome push : pushes) {
      timeline(out, push);
    }
    out.append("\nDeployment records (").append(environment).append("):\n");
    for (DeploymentRecord r : records) {
      if (r.environment().equals(environment)) {
        out.append(
            String.format(
                Locale.ROOT,
                "  %s  %-8s %-11s %-8s %s  %5.1f s%s%n",
                r.finishedAt(),
                r.kind(),
                r.result(),
                r.strategy(),
                shortSha(r.sha()),
                r.duration().toMillis() / 1000.0,
                r.reason() == null ? "" : "  (" + oneLine(r.reason()) + ")"));
      }
    }
    dora(out, DoraMetrics.report(records, service, environment, from, to));
    return out.toString();
  }

  private static void timeline(StringBuilder out, PushOutcome push) {
    out.append(
        String.format(
            Locale.ROOT,
            "%nPush \"%s\" (%s): %s in %s, ended in \"%s\"%n",
            push.label(),
            shortSha(push.sha()),
            push.status(),
            seconds(push.duration()),
            push.endState()));
    for (StateSpan s : push.states()) {
      out.append(
          String.format(
              Locale.ROOT,
              "  +%6.1f s  %-42s %8s%s%n",
              Duration.between(push.pushedAt(), s.enteredAt()).toMillis() / 1000.0,
              s.label(),
              s.duration() == null ? "running" : seconds(s.duration()),
              s.failed() ? "  FAILED" : ""));
    }
    if (push.cause() != null && !push.cause().isBlank()) {
      out.append("  cause: ").append(oneLine(push.cause())).append('\n');
    }
    out.append("  serving afterwards: ").append(shortSha(push.servingAfter())).append('\n');
    if (push.load() == null) {
      out.append("  failed requests during the deploy: - (no earlier version was serving)\n");
    } else {
      out.append(
          String.format(
              Locale.ROOT,
              "  failed requests during the deploy: %d of %d%n",
              push.load().failed(),
              push.load().requests()));
    }
  }

  private static void dora(StringBuilder out, DoraReport d) {
    out.append("\nDORA figures (").append(d.environment()).append(", this demo):\n");
    out.append(
        String.format(
            Locale.ROOT,
            "  deployment frequency   %d successful deploys (%.0f per day at this pace)%n",
            d.deployments(),
            d.deploymentsPerDay()));
    out.append("  lead time for changes  ")
        .append(secondsOrNone(d.leadTimeMedianSeconds()))
        .append(" (median, commit to serving)\n");
    out.append(
        String.format(
            Locale.ROOT,
            "  change failure rate    %s (%d of %d deploys failed or rolled back)%n",
            d.changeFailureRate() == null
                ? "-"
                : String.format(Locale.ROOT, "%.0f %%", 100 * d.changeFailureRate()),
            d.failedDeployments(),
            d.deployments() + d.failedDeployments()));
    if (d.inconclusiveRollbacks() > 0 || d.inconclusivePromotions() > 0) {
      out.append(
          String.format(
              Locale.ROOT,
              "  inconclusive canary    %d rolled back, %d promoted (too little traffic to judge;"
                  + " rollbacks not counted as failures)%n",
              d.inconclusiveRollbacks(),
              d.inconclusivePromotions()));
    }
    out.append("  time to restore        ")
        .append(secondsOrNone(d.timeToRestoreMedianSeconds()))
        .append(" (median, failed deploy start to restored)\n");
  }

  private static String secondsOrNone(Long seconds) {
    return seconds == null ? "-" : seconds + " s";
  }

  private static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }

  /** A git SHA shortened to 8 characters; anything else (e.g. "no answer") as it is. */
  static String shortSha(String sha) {
    return sha == null ? "-" : sha.matches("[0-9a-f]{40}") ? sha.substring(0, 8) : sha;
  }

  private static String oneLine(String text) {
    String flat = text.replaceAll("\\s+", " ").strip();
    return flat.length() > 160 ? flat.substring(0, 157) + "..." : flat;
  }
}
