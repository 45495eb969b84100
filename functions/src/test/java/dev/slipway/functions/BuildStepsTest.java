package dev.slipway.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.pipeline.model.BuildResult;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

/** StartBuild and OnBuildStateChange: the "Build image" callback round trip. */
class BuildStepsTest {
  private final FakeCodeBuild codeBuild = new FakeCodeBuild();
  private final FakeSfn sfn = new FakeSfn();
  private final FakeDynamo dynamo = new FakeDynamo();
  private final Env env = new Env(Steps.env());
  private final InstantSource clock = InstantSource.fixed(Instant.parse("2026-11-25T16:55:00Z"));

  private final FakeEcr ecr = new FakeEcr();

  private StartBuild startBuild() {
    return new StartBuild(codeBuild, dynamo, ecr, sfn, env, clock);
  }

  private OnBuildStateChange onBuildStateChange() {
    return new OnBuildStateChange(sfn, codeBuild, dynamo, env, clock);
  }

  /** The build of {@link Steps#EXECUTION} started, its state waiting on {@link Steps#TOKEN}. */
  private void started() {
    Steps.invoke(startBuild(), startPayload());
  }

  private ObjectNode startPayload() {
    return Steps.payload(Steps.state(), "taskToken", Steps.TOKEN);
  }

  private static ObjectNode event(String status) {
    ObjectNode event =
        (ObjectNode) Steps.json(Fixtures.event("codebuild-build-state-change-failed.json"));
    ((ObjectNode) event.get("detail")).put("build-status", status);
    return event;
  }

  @Test
  void startBuildPassesTheExecutionAndShaToTheBuildButNeverTheTaskToken() {
    var answer = Steps.invoke(startBuild(), startPayload());

    assertThat(answer.path("buildId").asText()).isEqualTo("slipway-hello:build-1");
    var build = codeBuild.started.getFirst();
    assertThat(build.project()).isEqualTo("slipway-hello");
    assertThat(build.sourceVersion()).isEqualTo(Steps.SHA);
    assertThat(build.environment())
        .contains(
            new CodeBuildApi.EnvironmentVariable("IMAGE_TAG", Steps.SHA),
            new CodeBuildApi.EnvironmentVariable("SLIPWAY_EXECUTION", Steps.EXECUTION));
    assertThat(build.environment().toString()).doesNotContain(Steps.TOKEN);
    assertThat(dynamo.table("locks").toString()).contains(Steps.TOKEN);
  }

  /**
   * A retried attempt of "Build image" has a new task token; CodeBuild answers a reused idempotency
   * token with changed parameters by a parameter mismatch error, so the token must not be among
   * them. The build's event then resumes the attempt that waits.
   */
  @Test
  void retriedAttemptWithANewTaskTokenGetsTheSameBuildAndIsTheOneResumed() {
    started();
    var again =
        Steps.invoke(startBuild(), Steps.payload(Steps.state(), "taskToken", "second-attempt"));

    assertThat(codeBuild.started).hasSize(1);
    assertThat(again.path("buildId").asText()).isEqualTo("slipway-hello:build-1");
    Steps.invoke(onBuildStateChange(), event("SUCCEEDED"));
    assertThat(sfn.sent)
        .singleElement()
        .satisfies(s -> assertThat(s.token()).isEqualTo("second-attempt"));
  }

  /**
   * The same commit pushed again under a new delivery id: its image is in ECR (immutable tags), so
   * the run deploys it again instead of a build that would fail pushing the existing tag.
   */
  @Test
  void commitWhoseImageIsInEcrIsDeployedAgainWithoutABuild() {
    ecr.tags.put(Steps.SHA, "sha256:" + "2".repeat(64));

    var answer = Steps.invoke(startBuild(), startPayload());

    assertThat(codeBuild.started).isEmpty();
    assertThat(answer.path("buildId").asText()).isEqualTo("existing-image:" + Steps.SHA);
    var sent = sfn.sent.getFirst();
    assertThat(sent.token()).isEqualTo(Steps.TOKEN);
    var result = Steps.as(Steps.json(sent.output()), BuildResult.class);
    assertThat(result.succeeded()).isTrue();
    assertThat(result.imageTag()).isEqualTo(Steps.SHA);
  }

  @Test
  void succeededBuildResumesWithTheBuildResult() {
    started();
    Steps.invoke(onBuildStateChange(), event("SUCCEEDED"));

    var sent = sfn.sent.getFirst();
    assertThat(sent.token()).isEqualTo(Steps.TOKEN);
    var result = Steps.as(Steps.json(sent.output()), BuildResult.class);
    assertThat(result.succeeded()).isTrue();
    assertThat(result.imageTag()).isEqualTo(Steps.SHA);
    assertThat(result.startedAt()).isEqualTo(Instant.parse("2026-11-25T16:55:03Z"));
    assertThat(result.finishedAt()).isEqualTo(Instant.parse("2026-11-25T16:58:41Z"));
    assertThat(result.logsUrl()).contains("/aws/codebuild/slipway-hello");
  }

  @Test
  void failedBuildFailsTheStateNamingThePhase() {
    started();
    Steps.invoke(onBuildStateChange(), event("FAILED"));

    var sent = sfn.sent.getFirst();
    assertThat(sent.success()).isFalse();
    assertThat(sent.error()).isEqualTo("Slipway.BuildFailed");
    assertThat(sent.cause())
        .contains("FAILED in phase BUILD")
        .contains("mvn -B verify")
        .contains("logs: https://");
  }

  @Test
  void inProgressBuildDoesNotResume() {
    started();
    Steps.invoke(onBuildStateChange(), event("IN_PROGRESS"));

    assertThat(sfn.sent).isEmpty();
  }

  @Test
  void redeliveredEventAfterTheStateClosedIsNotAnError() {
    started();
    Steps.invoke(onBuildStateChange(), event("SUCCEEDED"));
    var second = Steps.invoke(onBuildStateChange(), event("SUCCEEDED"));

    assertThat(second.path("resumed").asBoolean()).isFalse();
    assertThat(sfn.sent).hasSize(1);
  }

  @Test
  void buildsNotStartedByThePipelineAreIgnored() {
    ObjectNode event = event("SUCCEEDED");
    ((ObjectNode) event.path("detail").path("additional-information").path("environment"))
        .putArray("environment-variables");

    started();
    Steps.invoke(onBuildStateChange(), event);

    assertThat(sfn.sent).isEmpty();
  }

  @Test
  void statusCheckReturnsTheBuildWhateverItsStatus() {
    codeBuild.byExecution.put(
        Steps.EXECUTION,
        new CodeBuildApi.Build(
            "slipway-hello:b1",
            "TIMED_OUT",
            "https://logs",
            Instant.parse("2026-11-25T16:55:03Z"),
            null,
            Steps.SHA));

    var result =
        Steps.as(
            Steps.invoke(onBuildStateChange(), Steps.payload(Steps.state(), "check", "status")),
            BuildResult.class);

    assertThat(result.status()).isEqualTo("TIMED_OUT");
    assertThat(result.buildId()).isEqualTo("slipway-hello:b1");
  }

  @Test
  void statusCheckWithoutABuildThrows() {
    assertThatThrownBy(
            () ->
                Steps.invoke(onBuildStateChange(), Steps.payload(Steps.state(), "check", "status")))
        .isInstanceOf(StepFailedException.class)
        .hasMessageContaining("no recent build for execution " + Steps.EXECUTION);
  }
}
