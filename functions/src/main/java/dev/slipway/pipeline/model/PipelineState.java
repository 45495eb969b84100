package dev.slipway.pipeline.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * The document that flows through the pipeline state machine: the EventBridge event that started it
 * plus one key per finished step (all {@code null} until that step ran).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PipelineState(
    @JsonProperty("id") String id,
    @JsonProperty("source") String source,
    @JsonProperty("detail-type") String detailType,
    @JsonProperty("time") Instant time,
    @JsonProperty("detail") EventDetail detail,
    @JsonProperty("prepare") PrepareResult prepare,
    @JsonProperty("build") BuildResult build,
    @JsonProperty("image") ImageRef image,
    @JsonProperty("staging") DeploymentResult staging,
    @JsonProperty("stagingSmoke") SmokeResult stagingSmoke,
    @JsonProperty("approval") ApprovalResult approval,
    @JsonProperty("production") DeploymentResult production,
    @JsonProperty("analysis") CanaryVerdict analysis,
    @JsonProperty("productionSmoke") SmokeResult productionSmoke,
    @JsonProperty("record") DeploymentRecord record,
    @JsonProperty("failure") StepFailure failure,
    @JsonProperty("rollback") RollbackResult rollback,
    @JsonProperty("greenSmoke") SmokeResult greenSmoke,
    @JsonProperty("rollbackSmoke") SmokeResult rollbackSmoke,
    @JsonProperty("buildTimeout") StepFailure buildTimeout,
    @JsonProperty("stagingTimeout") StepFailure stagingTimeout,
    @JsonProperty("productionTimeout") StepFailure productionTimeout,
    @JsonProperty("rollbackFailure") StepFailure rollbackFailure,
    @JsonProperty("recordFailure") StepFailure recordFailure,
    @JsonProperty("notificationFailure") StepFailure notificationFailure,
    @JsonProperty("retireFailure") StepFailure retireFailure,
    @JsonProperty("canaryInconclusive") List<InconclusiveStep> canaryInconclusive) {

  /** A state with only the execution input: a push event as the bus delivers it. */
  public static PipelineState of(PushEvent push, String eventId, Instant time) {
    return initial(eventId, PushEvent.SOURCE, PushEvent.DETAIL_TYPE, time, push);
  }

  /** A state with only the execution input: a manual rollback request. */
  public static PipelineState of(ManualRollbackRequest request, String eventId, Instant time) {
    return initial(
        eventId, ManualRollbackRequest.SOURCE, ManualRollbackRequest.DETAIL_TYPE, time, request);
  }

  private static PipelineState initial(
      String eventId, String source, String detailType, Instant time, EventDetail detail) {
    // 12 step results: none yet; then 9 keys of the failure and blue-green paths, 1 of the canary's
    return new PipelineState(
        eventId,
        source,
        detailType,
        time,
        detail,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  /**
   * The canary steps that passed without evidence (INCONCLUSIVE after every bake extension); empty
   * unless the {@code inconclusiveCanary} policy or a person's approval let one pass.
   */
  public List<InconclusiveStep> inconclusiveSteps() {
    return canaryInconclusive == null ? List.of() : canaryInconclusive;
  }

  /** The push that started this run; fails if it was a manual rollback. */
  public PushEvent push() {
    if (detail instanceof PushEvent push) {
      return push;
    }
    throw new IllegalStateException(
        "execution input is " + describe() + ", not a push event (source slipway.github)");
  }

  /** The manual rollback request that started this run; fails if it was a push. */
  public ManualRollbackRequest manualRollback() {
    if (detail instanceof ManualRollbackRequest request) {
      return request;
    }
    throw new IllegalStateException(
        "execution input is " + describe() + ", not a manual rollback (source slipway.manual)");
  }

  /** Whether this run is a manual rollback rather than a push. */
  public boolean isManualRollback() {
    return detail instanceof ManualRollbackRequest;
  }

  /** The service the run is for, from its input event. */
  public String service() {
    if (detail == null) {
      throw new IllegalStateException("execution input has no detail");
    }
    return detail.service();
  }

  private String describe() {
    return detail == null ? "missing its detail" : detail.getClass().getSimpleName();
  }
}
