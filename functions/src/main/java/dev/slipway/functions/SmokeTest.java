package dev.slipway.functions;

import com.amazonaws.services.lambda.runtime.Context;
import dev.slipway.pipeline.Backoff;
import dev.slipway.pipeline.SmokeEvaluation;
import dev.slipway.pipeline.model.CheckOutcome;
import dev.slipway.pipeline.model.PipelineState;
import dev.slipway.pipeline.model.RollbackResult;
import dev.slipway.pipeline.model.SmokeCheck;
import dev.slipway.pipeline.model.SmokeResult;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Smoke test &lt;environment&gt;": {@code /healthz} 200 reporting the expected version (the pushed
 * SHA, or the restored one after a rollback), {@code /ready} 200, and the pipeline config's own
 * checks. All checks are retried together with exponential backoff inside a bounded window; the
 * result says {@code passed: false} (the state machine fails the state) rather than throwing.
 *
 * <p>The test listener ({@code target: test}) answers 404 unless a request carries {@value
 * #TEST_HEADER} with the value of the secret {@code TEST_LISTENER_SECRET_ARN} names; every request
 * to it sends that header.
 */
public final class SmokeTest extends StepHandler<SmokeResult> {
  private static final Logger LOG = LoggerFactory.getLogger(SmokeTest.class);

  /** The header the test listener's rule requires (the CDK app's ServiceEnvironment). */
  static final String TEST_HEADER = "X-Slipway-Test";

  /** Pauses between attempts; tests pass one that does not sleep. */
  interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  private final HttpProbe http;
  private final ServiceEnvironments environments;
  private final InstantSource clock;
  private final Sleeper sleeper;
  private final int maxAttempts;
  private final Backoff backoff;
  private final RandomGenerator random;
  private final Supplier<String> testHeaderValue;

  /** Real HTTP client. */
  public SmokeTest() {
    this(
        HttpProbe.jdk(),
        Env.system(),
        InstantSource.system(),
        d -> Thread.sleep(d.toMillis()),
        new SplittableRandom(),
        arn -> TestListenerSecret.SECRETS.get(arn),
        CancelRequests.from(AwsClients::dynamoDb, Env.system()));
  }

  /** Created on first use: a live smoke test never reads the secret. */
  private static final class TestListenerSecret {
    static final Secrets SECRETS = new Secrets(AwsClients.secrets());
  }

  SmokeTest(
      HttpProbe http,
      Env env,
      InstantSource clock,
      Sleeper sleeper,
      RandomGenerator random,
      Function<String, String> secretValue) {
    this(http, env, clock, sleeper, random, secretValue, CancelRequests.NONE);
  }

  SmokeTest(
      HttpProbe http,
      Env env,
      InstantSource clock,
      Sleeper sleeper,
      RandomGenerator random,
      CancelRequests cancels) {
    this(
        http,
        env,
        clock,
        sleeper,
        random,
        arn -> {
          throw new IllegalStateException("no test listener secret in this smoke test");
        },
        cancels);
  }

  SmokeTest(
      HttpProbe http,
      Env env,
      InstantSource clock,
      Sleeper sleeper,
      RandomGenerator random,
      Function<String, String> secretValue,
      CancelRequests cancels) {
    super("SmokeTest", cancels);
    this.http = http;
    // read only when the test listener is tested: a live smoke test needs no secret
    this.testHeaderValue =
        () ->
            secretValue.apply(
                env.optional("TEST_LISTENER_SECRET_ARN")
                    .orElseThrow(
                        () ->
                            new IllegalStateException(
                                "TEST_LISTENER_SECRET_ARN is not set: the test listener answers"
                                    + " 404 without the "
                                    + TEST_HEADER
                                    + " header")));
    this.environments = ServiceEnvironments.from(env);
    this.clock = clock;
    this.sleeper = sleeper;
    this.random = random;
    this.maxAttempts = env.optional("SMOKE_MAX_ATTEMPTS").map(Integer::parseInt).orElse(8);
    this.backoff =
        new Backoff(
            Duration.ofSeconds(1),
            2.0,
            Duration.ofSeconds(15),
            Duration.ofSeconds(
                env.optional("SMOKE_WINDOW_SECONDS").map(Long::parseLong).orElse(90L)));
  }

  /** A rollback's verification always runs: it is how a cancelled run ends. */
  @Override
  protected boolean cancellable(Step step) {
    return step.text("expect").filter("rollback"::equals).isEmpty();
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
    Map<String, String> headers = test ? Map.of(TEST_HEADER, testHeaderValue.get()) : Map.of();
    PipelineState state = step.state();
    if (nothingRestored(step)) {
      return stoppedCheck(environment, base, headers, state.push().sha());
    }
    List<SmokeCheck> checks =
        SmokeEvaluation.checksFor(
            expectedVersion(step),
            state.prepare() == null ? List.of() : state.prepare().config().smokeChecks());
    Instant start = clock.instant();
    List<CheckOutcome> outcomes;
    int attempt = 0;
    while (true) {
      attempt++;
      outcomes = runAll(base, headers, checks);
      if (SmokeEvaluation.allPassed(outcomes) || attempt >= maxAttempts) {
        break;
      }
      var wait = backoff.next(attempt, Duration.between(start, clock.instant()), random);
      if (wait.isEmpty()) {
        break;
      }
      LOG.info("Smoke test of {} attempt {} failed; retrying in {}", base, attempt, wait.get());
      pause(wait.get());
    }
    boolean passed = SmokeEvaluation.allPassed(outcomes);
    LOG.info(
        "Smoke test of {} {} after {} attempt(s)", base, passed ? "passed" : "FAILED", attempt);
    return new SmokeResult(environment, base, passed, attempt, outcomes, clock.instant());
  }

  /** A rollback that had no earlier version to restore stopped the failed one instead. */
  private static boolean nothingRestored(Step step) {
    RollbackResult rollback = step.state().rollback();
    return step.text("expect").filter("rollback"::equals).isPresent()
        && rollback != null
        && rollback.succeeded()
        && rollback.restoredSha() == null;
  }

  /**
   * After a first deploy was stopped, the failed version must no longer answer: {@code /healthz}
   * either fails or reports another version.
   */
  private SmokeResult stoppedCheck(
      String environment, String base, Map<String, String> headers, String failedSha) {
    URI healthz = URI.create(base.replaceAll("/+$", "") + "/healthz");
    Instant start = clock.instant();
    int attempt = 0;
    CheckOutcome outcome;
    while (true) {
      attempt++;
      HttpProbe.Response response = http.get(healthz, headers);
      boolean stillServing =
          response.status() == 200
              && response.body() != null
              && response.body().contains(failedSha);
      outcome =
          new CheckOutcome(
              "/healthz",
              0,
              response.status(),
              !stillServing,
              stillServing
                  ? "the failed version " + failedSha + " still answers"
                  : "the failed version no longer answers (nothing earlier to restore)");
      if (outcome.passed() || attempt >= maxAttempts) {
        break;
      }
      var wait = backoff.next(attempt, Duration.between(start, clock.instant()), random);
      if (wait.isEmpty()) {
        break;
      }
      pause(wait.get());
    }
    return new SmokeResult(
        environment, base, outcome.passed(), attempt, List.of(outcome), clock.instant());
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

  private List<CheckOutcome> runAll(
      String base, Map<String, String> headers, List<SmokeCheck> checks) {
    List<CheckOutcome> outcomes = new ArrayList<>();
    for (SmokeCheck check : checks) {
      HttpProbe.Response response =
          http.get(URI.create(base.replaceAll("/+$", "") + check.path()), headers);
      outcomes.add(
          response.status() == 0
              ? SmokeEvaluation.unreachable(check, response.error())
              : SmokeEvaluation.evaluate(check, response.status(), response.body()));
    }
    return outcomes;
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
