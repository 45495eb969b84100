package dev.slipway.pipeline.model;

import java.time.Instant;
import java.util.List;

/** Sample instances of every pipeline record, filled in the way a real run fills them. */
public final class ModelFixtures {
  public static final String SHA = "fd489864e7642b48eaad6e3f155c10e46810ec72";
  public static final String BEFORE_SHA = "737d38c599c1b2991664dfc6155d6bf516fcce36";
  public static final String DIGEST =
      "sha256:4eb0bb3763b6757a92b0b6f8d852195f9b900da2cb0fcbb0030388f59cb29f05";
  public static final Instant T0 = Instant.parse("2026-03-02T09:15:00Z");

  private ModelFixtures() {}

  public static PushEvent push() {
    return new PushEvent(
        "hello",
        "acme/hello-service",
        "refs/heads/main",
        "main",
        SHA,
        BEFORE_SHA,
        "octocat",
        "Add greeting endpoint",
        T0.minusSeconds(120),
        "d1f2a3b4-0000-11ee-8000-000000000001",
        T0,
        List.of("src/Main.java", "Dockerfile"));
  }

  public static ManualRollbackRequest manualRollback() {
    return new ManualRollbackRequest(
        "hello", "production", BEFORE_SHA, "octocat", "bad release", "req-1");
  }

  public static PipelineConfig config() {
    return PipelineConfigs.parse(
        """
        {"service": "hello", "repository": "acme/hello-service", "strategy": "canary",
         "freezeWindows": [{"environments": ["production"], "start": "Fri 15:00",
                            "end": "Mon 08:00", "timeZone": "Europe/Berlin"}],
         "smokeChecks": [{"path": "/hello", "bodyContains": "Hello"}],
         "notifications": {"slack": true, "emails": ["ops@example.com"]}}
        """);
  }

  public static PrepareResult prepare() {
    return new PrepareResult(Decision.PROCEED, "deploying " + SHA, "lock-1", config(), null);
  }

  public static BuildResult build() {
    return new BuildResult(
        "hello-build:1234", "SUCCEEDED", SHA, "https://logs/1234", T0, T0.plusSeconds(95));
  }

  public static ImageRef image() {
    return new ImageRef(
        "123456789012.dkr.ecr.eu-west-1.amazonaws.com/hello",
        SHA,
        DIGEST,
        new FindingCounts(0, 2, 5, 9, 1, 0));
  }

  public static DeploymentResult deployment(String environment, int trafficPercent) {
    return new DeploymentResult(
        environment,
        Strategy.CANARY,
        "arn:aws:ecs:eu-west-1:123456789012:task-definition/hello:8",
        "arn:aws:ecs:eu-west-1:123456789012:task-definition/hello:7",
        "ecs-svc/1234567890",
        image().reference(),
        trafficPercent,
        T0.plusSeconds(100),
        T0.plusSeconds(220));
  }

  public static SmokeResult smoke(String environment) {
    return new SmokeResult(
        environment,
        "http://hello-" + environment + ".example.com",
        true,
        2,
        List.of(
            new CheckOutcome("/healthz", 200, 200, true, null),
            new CheckOutcome("/version", 200, 200, true, null)),
        T0.plusSeconds(230));
  }

  public static ApprovalResult approval() {
    return new ApprovalResult(true, SHA, "alice", "ship it", T0.plusSeconds(600));
  }

  public static CanaryVerdict verdict() {
    return new CanaryVerdict(
        Verdict.PASS,
        List.of("5xx rate 0.10 % vs baseline 0.12 %: no worse"),
        25,
        new GroupStats(4000, 5, 0.00125, 400, 12.5, 80.0),
        new GroupStats(1000, 1, 0.001, 100, 12.0, 75.0),
        0.61,
        0.44,
        1,
        List.of(
            new CheckResult(
                MetricCheck.ALB_ERRORS,
                Verdict.PASS,
                "5xx rate no worse",
                0.61,
                0.001,
                4000,
                1000)));
  }

  public static DeploymentRecord record() {
    return new DeploymentRecord(
        "hello",
        "production",
        SHA,
        DIGEST,
        "arn:aws:ecs:eu-west-1:123456789012:task-definition/hello:8",
        Strategy.CANARY,
        DeploymentKind.DEPLOY,
        DeploymentOutcome.SUCCEEDED,
        T0,
        T0.plusSeconds(900),
        T0.minusSeconds(120),
        "hello-fd48986-d1f2a3b4",
        null);
  }

  public static RollbackResult rollback() {
    return new RollbackResult(
        "production",
        true,
        BEFORE_SHA,
        "arn:aws:ecs:eu-west-1:123456789012:task-definition/hello:7",
        "123456789012.dkr.ecr.eu-west-1.amazonaws.com/hello@" + DIGEST,
        0,
        "canary 5xx rate 10x baseline",
        T0.plusSeconds(400));
  }

  /** A state after every step ran (a failure and a rollback included, for coverage). */
  public static PipelineState fullState() {
    return new PipelineState(
        "event-1",
        PushEvent.SOURCE,
        PushEvent.DETAIL_TYPE,
        T0,
        push(),
        prepare(),
        build(),
        image(),
        deployment("staging", 100),
        smoke("staging"),
        approval(),
        deployment("production", 25),
        verdict(),
        smoke("production"),
        record(),
        new StepFailure("Slipway.CanaryFailed", "{\"reason\":\"5xx\"}"),
        rollback(),
        smoke("production-green"),
        smoke("production"),
        new StepFailure("States.HeartbeatTimeout", "no build event"),
        new StepFailure("States.Timeout", "staging"),
        new StepFailure("States.Timeout", "production"),
        new StepFailure("Slipway.RollbackFailed", "restore failed"),
        new StepFailure("Lambda.ServiceException", "record"),
        new StepFailure("Lambda.ServiceException", "notify"),
        new StepFailure("Lambda.ServiceException", "retire"),
        List.of(
            new InconclusiveStep(
                5,
                1,
                4,
                InconclusivePolicy.PROMOTE,
                List.of("5 canary requests, fewer than 20"),
                null)));
  }
}
