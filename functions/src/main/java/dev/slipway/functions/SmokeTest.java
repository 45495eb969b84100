package dev.slipway.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.pipeline.model.CheckOutcome;
import dev.slipway.pipeline.model.PipelineState;
import dev.slipway.pipeline.model.SmokeCheck;
import dev.slipway.pipeline.model.SmokeResult;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Smoke test &lt;environment&gt;": {@code /healthz} 200 reporting the expected version (the pushed
 * SHA, or the restored one after a rollback), {@code /ready} 200, and the pipeline config's own
 * checks. All checks are retried together with exponential backoff inside a bounded window; the
 * result says {@code passed: false} (the state machine fails the state) rather than throwing.
 */
public final class SmokeTest extends StepHandler<SmokeResult> {
  private static final Logger LOG = LoggerFactory.getLogger(SmokeTest.class);

  /** Pauses between attempts; tests pass one that does not sleep. */
  interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  private final HttpProbe http;
  private final ServiceEnvironments environments;
  private final InstantSource clock;
  private final Sleeper sleeper;
  private final int maxAttempts;
  private final Duration window;

  /** Real HTTP client. */
  public SmokeTest() {
    this(HttpProbe.jdk(), Env.system(), InstantSource.system(), d -> Thread.sleep(d.toMillis()));
  }

  SmokeTest(HttpProbe http, Env env, InstantSource clock, Sleeper sleeper) {
    super("SmokeTest");
    this.http = http;
    this.environments = ServiceEnvironments.from(env);
    this.clock = clock;
    this.sleeper = sleeper;
    this.maxAttempts = env.optional("SMOKE_MAX_ATTEMPTS").map(Integer::parseInt).orElse(6);
    this.window =
        Duration.ofSeconds(env.optional("SMOKE_WINDOW_SECONDS").map(Long::parseLong).orElse(90L));
  }

  @Override
  protected SmokeResult handle(Step step, Context context) {
    String environment = step.input().requireEnvironment();
    EnvironmentTarget target = environments.get(environment);
    boolean test = step.text("target").filter("test"::equals).isPresent();
    String base = test ? target.testUrl() : target.url();
    if (base == null) {
      throw new IllegalStateException(
          (test ? "testUrl" : "url") + " of environment " + environment + " is not set");
    }
    String version = expectedVersion(step);
    List<SmokeCheck> checks = checks(step.state());
    Instant deadline = clock.instant().plus(window);
    Duration backoff = Duration.ofSeconds(1);
    List<CheckOutcome> outcomes = List.of();
    int attempt = 0;
    while (attempt < maxAttempts) {
      attempt++;
      outcomes = runAll(base, version, checks);
      if (outcomes.stream().allMatch(CheckOutcome::passed)) {
        break;
      }
      Instant next = clock.instant().plus(backoff);
      if (attempt == maxAttempts || next.isAfter(deadline)) {
        break;
      }
      LOG.info("Smoke test of {} attempt {} failed; retrying in {}", base, attempt, backoff);
      pause(backoff);
      backoff = backoff.multipliedBy(2);
    }
    boolean passed = outcomes.stream().allMatch(CheckOutcome::passed);
    LOG.info(
        "Smoke test of {} {} after {} attempt(s)", base, passed ? "passed" : "FAILED", attempt);
    return new SmokeResult(environment, base, passed, attempt, outcomes, clock.instant());
  }

  private static String expectedVersion(Step step) {
    PipelineState state = step.state();
    boolean rollback = step.text("expect").filter("rollback"::equals).isPresent();
    if (rollback) {
      if (state.rollback() == null || state.rollback().restoredSha() == null) {
        throw new IllegalStateException(
            "expect=rollback but the state has no $.rollback.restoredSha to compare with");
      }
      return state.rollback().restoredSha();
    }
    return state.push().sha();
  }

  private static List<SmokeCheck> checks(PipelineState state) {
    List<SmokeCheck> checks = new ArrayList<>();
    checks.add(new SmokeCheck("/healthz", 200, null));
    checks.add(new SmokeCheck("/ready", 200, null));
    if (state.prepare() != null) {
      checks.addAll(state.prepare().config().smokeChecks());
    }
    return checks;
  }

  private List<CheckOutcome> runAll(String base, String version, List<SmokeCheck> checks) {
    List<CheckOutcome> outcomes = new ArrayList<>();
    for (SmokeCheck check : checks) {
      outcomes.add(run(base, version, check));
    }
    return outcomes;
  }

  private CheckOutcome run(String base, String version, SmokeCheck check) {
    URI uri = URI.create(base.replaceAll("/+$", "") + check.path());
    HttpProbe.Response response = http.get(uri);
    String problem = problem(check, version, response);
    return new CheckOutcome(
        check.path(), check.expectedStatus(), response.status(), problem == null, problem);
  }

  /** Why the response fails the check, or {@code null}. */
  static String problem(SmokeCheck check, String version, HttpProbe.Response response) {
    if (response.status() == 0) {
      return "no response: " + response.error();
    }
    if (response.status() != check.expectedStatus()) {
      return "HTTP " + response.status() + ", expected " + check.expectedStatus();
    }
    if (check.bodyContains() != null
        && (response.body() == null || !response.body().contains(check.bodyContains()))) {
      return "body does not contain '" + check.bodyContains() + "'";
    }
    if ("/healthz".equals(check.path())) {
      String reported = reportedVersion(response.body());
      if (!version.equals(reported)) {
        return "reports version " + reported + ", expected " + version;
      }
    }
    return null;
  }

  private static String reportedVersion(String body) {
    try {
      JsonNode json = JSON.readTree(body == null ? "" : body);
      return json == null ? null : json.path("version").asText(null);
    } catch (java.io.IOException e) {
      return null;
    }
  }

  private void pause(Duration duration) {
    try {
      sleeper.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to retry the smoke test", e);
    }
  }
}
