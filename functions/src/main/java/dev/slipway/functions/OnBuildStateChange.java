package dev.slipway.functions;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.pipeline.model.BuildResult;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Resumes "Build image" from CodeBuild's <em>Build State Change</em> event: SUCCEEDED sends the
 * {@link BuildResult}; FAILED, FAULT, STOPPED and TIMED_OUT fail the state naming the failing
 * phase.
 */
public final class OnBuildStateChange extends EventOrStatusCheck {
  private static final Logger LOG = LoggerFactory.getLogger(OnBuildStateChange.class);
  private static final Set<String> TERMINAL =
      Set.of("SUCCEEDED", "FAILED", "FAULT", "STOPPED", "TIMED_OUT");
  // CodeBuild writes build-start-time as e.g. "Sep 1, 2017 4:12:29 PM" (UTC).
  private static final DateTimeFormatter START_TIME =
      DateTimeFormatter.ofPattern("MMM d, yyyy h:mm:ss a", Locale.US);

  /** What this invocation did, for logs and tests. */
  public record Outcome(
      @JsonProperty("buildId") String buildId,
      @JsonProperty("status") String status,
      @JsonProperty("resumed") boolean resumed) {}

  /** The error a failed build gives its state. */
  static final String BUILD_FAILED = "Slipway.BuildFailed";

  private final TaskTokens tokens;
  private final SfnClient sfn;
  private final CodeBuildApi codeBuild;
  private final PendingCallbacks callbacks;
  private final Env env;

  /** Real clients, built once per container. */
  public OnBuildStateChange() {
    this(
        AwsClients.sfn(),
        StartBuild.defaultCodeBuild(),
        AwsClients.dynamoDb(),
        Env.system(),
        InstantSource.system());
  }

  OnBuildStateChange(
      SfnClient sfn, CodeBuildApi codeBuild, DynamoDbClient dynamo, Env env, InstantSource clock) {
    super("OnBuildStateChange");
    this.tokens = new TaskTokens(sfn);
    this.sfn = sfn;
    this.codeBuild = codeBuild;
    this.callbacks = new PendingCallbacks(dynamo, env.required("LOCKS_TABLE"), clock);
    this.env = env;
  }

  @Override
  protected String correlationId(JsonNode request) {
    if (request.has("execution")) {
      return request.path("execution").asText();
    }
    for (JsonNode variable :
        request
            .path("detail")
            .path("additional-information")
            .path("environment")
            .path("environment-variables")) {
      if (StartBuild.EXECUTION.equals(variable.path("name").asText())) {
        return variable.path("value").asText();
      }
    }
    return null;
  }

  @Override
  protected BuildResult statusCheck(Step step) {
    String project = env.required("BUILD_PROJECT_NAME");
    var build =
        codeBuild
            .findBuild(project, step.execution())
            .orElseThrow(
                () ->
                    new StepFailedException(
                        "CodeBuild project "
                            + project
                            + " has no recent build for execution "
                            + step.execution()
                            + "; StartBuild did not start one"));
    return new BuildResult(
        build.id(),
        build.status(),
        build.imageTag(),
        build.logsUrl(),
        build.startedAt(),
        build.finishedAt());
  }

  @Override
  protected Outcome onEvent(AwsEvent event) {
    String buildId = event.text("build-id");
    String status = event.text("build-status");
    String execution = variable(event, StartBuild.EXECUTION);
    boolean phaseChange = "CodeBuild Build Phase Change".equals(event.detailType());
    if (!phaseChange && (status == null || !TERMINAL.contains(status))) {
      return new Outcome(buildId, status, false);
    }
    String token = execution == null ? null : callbacks.buildToken(execution).orElse(null);
    if (phaseChange) {
      if (token != null) {
        heartbeat(token);
      }
      return new Outcome(buildId, event.text("completed-phase"), false);
    }
    if (token == null) {
      LOG.info(
          "Build {} has no waiting pipeline state (execution {}); ignoring", buildId, execution);
      return new Outcome(buildId, status, false);
    }
    boolean resumed;
    if ("SUCCEEDED".equals(status)) {
      resumed = tokens.succeed(token, toJson(result(event, buildId, status)));
    } else {
      resumed = tokens.fail(token, BUILD_FAILED, failureCause(event, buildId, status));
    }
    callbacks.deleteBuild(execution);
    LOG.info("Build {} ended {}; pipeline resumed: {}", buildId, status, resumed);
    return new Outcome(buildId, status, resumed);
  }

  private void heartbeat(String token) {
    try {
      sfn.sendTaskHeartbeat(r -> r.taskToken(token));
    } catch (software.amazon.awssdk.services.sfn.model.SfnException closed) {
      LOG.info(
          "Heartbeat not delivered ({}); the state has ended", closed.getClass().getSimpleName());
    }
  }

  private static BuildResult result(AwsEvent event, String buildId, String status) {
    JsonNode info = event.detail().path("additional-information");
    String tag = variable(event, StartBuild.IMAGE_TAG);
    if (tag == null) {
      tag = info.path("source-version").asText(null);
    }
    return new BuildResult(
        buildId,
        status,
        tag,
        info.path("logs").path("deep-link").asText(null),
        startTime(info.path("build-start-time").asText(null)),
        event.time());
  }

  /** "Build arn:… FAILED in phase BUILD (COMMAND_EXECUTION_ERROR: …); logs: <link>". */
  static String failureCause(AwsEvent event, String buildId, String status) {
    JsonNode info = event.detail().path("additional-information");
    StringBuilder cause = new StringBuilder("Build ").append(buildId).append(' ').append(status);
    for (JsonNode phase : info.path("phases")) {
      String phaseStatus = phase.path("phase-status").asText("");
      if (!phaseStatus.isEmpty() && !"SUCCEEDED".equals(phaseStatus)) {
        cause.append(" in phase ").append(phase.path("phase-type").asText("?"));
        String context = String.join("; ", texts(phase.path("phase-context")));
        if (!context.isBlank()) {
          cause.append(" (").append(context).append(')');
        }
        break;
      }
    }
    String logs = info.path("logs").path("deep-link").asText("");
    if (!logs.isEmpty()) {
      cause.append("; logs: ").append(logs);
    }
    return cause.toString();
  }

  private static java.util.List<String> texts(JsonNode array) {
    var out = new java.util.ArrayList<String>();
    array.forEach(n -> out.add(n.asText()));
    out.removeIf(s -> s.isBlank() || ": ".equals(s.trim()) || ":".equals(s.trim()));
    return out;
  }

  /** A build environment variable as the event lists it, or {@code null}. */
  static String variable(AwsEvent event, String name) {
    if (event.detail() == null) {
      return null;
    }
    JsonNode variables =
        event
            .detail()
            .path("additional-information")
            .path("environment")
            .path("environment-variables");
    for (JsonNode variable : variables) {
      if (name.equals(variable.path("name").asText())) {
        return variable.path("value").asText(null);
      }
    }
    return null;
  }

  private static Instant startTime(String text) {
    if (text == null) {
      return null;
    }
    try {
      return LocalDateTime.parse(text, START_TIME).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
