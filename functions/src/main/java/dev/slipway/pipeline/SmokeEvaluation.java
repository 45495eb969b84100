package dev.slipway.pipeline;

import dev.slipway.pipeline.model.CheckOutcome;
import dev.slipway.pipeline.model.SmokeCheck;
import java.util.ArrayList;
import java.util.List;

/**
 * Which checks a smoke test runs and whether a response passes one. The handler does the HTTP; this
 * decides.
 */
public final class SmokeEvaluation {
  private static final int BODY_EXCERPT = 200;

  private SmokeEvaluation() {}

  /**
   * The built-in checks, then the configured ones: {@code /healthz} answers 200 and reports the
   * deployed SHA (so an old task still serving is caught), {@code /ready} answers 200.
   */
  public static List<SmokeCheck> checksFor(String sha, List<SmokeCheck> configured) {
    List<SmokeCheck> checks = new ArrayList<>();
    checks.add(new SmokeCheck("/healthz", 200, sha));
    checks.add(new SmokeCheck("/ready", 200, null));
    checks.addAll(configured);
    return List.copyOf(checks);
  }

  /** Judges one HTTP response to a check. */
  public static CheckOutcome evaluate(SmokeCheck check, int status, String body) {
    if (status != check.expectedStatus()) {
      return failed(
          check,
          status,
          "GET "
              + check.path()
              + " answered "
              + status
              + ", expected "
              + check.expectedStatus()
              + excerpt(body));
    }
    if (check.bodyContains() != null && (body == null || !body.contains(check.bodyContains()))) {
      return failed(
          check,
          status,
          "GET "
              + check.path()
              + " body does not contain '"
              + check.bodyContains()
              + "'"
              + excerpt(body));
    }
    return new CheckOutcome(check.path(), check.expectedStatus(), status, true, null);
  }

  /** A check that got no HTTP response at all (connection refused, timeout, DNS). */
  public static CheckOutcome unreachable(SmokeCheck check, String problem) {
    return failed(check, 0, "GET " + check.path() + " got no response: " + problem);
  }

  /** Whether every check passed (an empty list does not pass: nothing was verified). */
  public static boolean allPassed(List<CheckOutcome> outcomes) {
    return !outcomes.isEmpty() && outcomes.stream().allMatch(CheckOutcome::passed);
  }

  private static CheckOutcome failed(SmokeCheck check, int status, String detail) {
    return new CheckOutcome(check.path(), check.expectedStatus(), status, false, detail);
  }

  private static String excerpt(String body) {
    if (body == null || body.isEmpty()) {
      return " (empty body)";
    }
    String oneLine = body.replaceAll("\\s+", " ").strip();
    return " (body: "
        + (oneLine.length() > BODY_EXCERPT ? oneLine.substring(0, BODY_EXCERPT) + "…" : oneLine)
        + ")";
  }
}
