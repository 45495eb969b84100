package dev.slipway.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.slipway.functions.CodeBuildApi.EnvironmentVariable;
import dev.slipway.pipeline.model.BuildResult;
import dev.slipway.pipeline.model.PipelineJson;
import dev.slipway.pipeline.model.PushEvent;
import dev.slipway.pipeline.model.StepInput;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.ImageNotFoundException;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * "Build image": starts the CodeBuild build of the pushed commit. The state waits on its task
 * token, which is kept in {@code LOCKS_TABLE} under the execution name; the build carries only the
 * execution name ({@code SLIPWAY_EXECUTION}), which comes back in CodeBuild's Build State Change
 * event to {@link OnBuildStateChange}. A task token is a bearer credential (whoever holds it can
 * complete the state), and build environment variables are shown by BatchGetBuilds, the console and
 * every build event, so it never goes into the build.
 */
public final class StartBuild extends StepHandler<StartBuild.BuildStarted> {
  private static final Logger LOG = LoggerFactory.getLogger(StartBuild.class);

  /** Variable names the buildspec and {@link OnBuildStateChange} rely on. */
  static final String EXECUTION = "SLIPWAY_EXECUTION";

  static final String IMAGE_TAG = "IMAGE_TAG";
  static final String REPOSITORY_URI = "ECR_REPOSITORY_URI";

  /** What the Lambda returns (the state's real result arrives through the task token). */
  public record BuildStarted(@JsonProperty("buildId") String buildId) {}

  private final CodeBuildApi codeBuild;
  private final PendingCallbacks callbacks;
  private final EcrClient ecr;
  private final TaskTokens tokens;
  private final Env env;
  private final InstantSource clock;

  /** Real clients, built once per container. */
  public StartBuild() {
    this(
        defaultCodeBuild(),
        AwsClients.dynamoDb(),
        AwsClients.ecr(),
        AwsClients.sfn(),
        Env.system(),
        InstantSource.system());
  }

  /** The container's CodeBuild client. */
  static CodeBuildApi defaultCodeBuild() {
    return Holder.CODE_BUILD;
  }

  StartBuild(
      CodeBuildApi codeBuild,
      DynamoDbClient dynamo,
      EcrClient ecr,
      SfnClient sfn,
      Env env,
      InstantSource clock) {
    super("StartBuild", CancelRequests.from(() -> dynamo, env));
    this.codeBuild = codeBuild;
    this.callbacks = new PendingCallbacks(dynamo, env.required("LOCKS_TABLE"), clock);
    this.ecr = ecr;
    this.tokens = new TaskTokens(sfn);
    this.env = env;
    this.clock = clock;
  }

  private static final class Holder {
    static final CodeBuildApi CODE_BUILD = SignedCodeBuildApi.fromEnvironment(Env.system());
  }

  @Override
  protected BuildStarted handle(Step step, Context context) {
    StepInput input = step.input();
    PushEvent push = input.state().push();
    if (imageExists(push.sha())) {
      return reuse(input, push);
    }
    // stored before the build starts, so that its first event finds it; a retried attempt (a new
    // token) replaces it
    callbacks.putBuild(input.execution(), input.requireTaskToken());
    List<EnvironmentVariable> variables =
        List.of(
            new EnvironmentVariable(EXECUTION, input.execution()),
            new EnvironmentVariable(IMAGE_TAG, push.sha()),
            new EnvironmentVariable(REPOSITORY_URI, env.required("ECR_REPOSITORY_URI")));
    // A retried invocation carries the same execution name and the same overrides (no task token
    // among them), so CodeBuild returns the build it already started instead of starting a second
    // one or answering "parameter mismatch".
    String idempotencyToken =
        UUID.nameUUIDFromBytes(input.execution().getBytes(StandardCharsets.UTF_8)).toString();
    String buildId =
        codeBuild.startBuild(
            env.required("BUILD_PROJECT_NAME"), push.sha(), variables, idempotencyToken);
    LOG.info("Started build {} of {} for {}", buildId, push.sha(), push.service());
    return new BuildStarted(buildId);
  }

  /**
   * Whether ECR already has the commit's image. Tags are immutable and a tag is the full SHA, so
   * that image is this commit's build: a re-push or a redelivery under a new id deploys it again
   * instead of rebuilding, which would fail pushing the tag that exists.
   */
  private boolean imageExists(String sha) {
    try {
      return !ecr.describeImages(
              r ->
                  r.repositoryName(env.required("ECR_REPOSITORY_NAME"))
                      .imageIds(ImageIdentifier.builder().imageTag(sha).build()))
          .imageDetails()
          .isEmpty();
    } catch (ImageNotFoundException notBuilt) {
      return false;
    }
  }

  /** Completes "Build image" at once with the image that is there. */
  private BuildStarted reuse(StepInput input, PushEvent push) {
    Instant now = clock.instant();
    String id = "existing-image:" + push.sha();
    var result = new BuildResult(id, "SUCCEEDED", push.sha(), null, now, now);
    try {
      tokens.succeed(input.requireTaskToken(), PipelineJson.mapper().writeValueAsString(result));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    LOG.info(
        "{} is already in ECR as {}: deploying it again without a build",
        push.shortSha(),
        env.required("ECR_REPOSITORY_URI") + ":" + push.sha());
    return new BuildStarted(id);
  }
}
