package dev.slipway.pipeline.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The payload every pipeline Lambda receives from its Task state.
 *
 * @param execution the execution name, {@code $$.Execution.Name}; the logs' correlation id
 * @param taskToken only for {@code .waitForTaskToken} tasks
 * @param environment only for steps that act on one environment
 * @param trafficPercent only for canary steps
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StepInput(
    @JsonProperty("state") PipelineState state,
    @JsonProperty("execution") String execution,
    @JsonProperty("taskToken") String taskToken,
    @JsonProperty("environment") String environment,
    @JsonProperty("trafficPercent") Integer trafficPercent) {

  public StepInput {
    Fields.required("state", state);
    Fields.text("execution", execution);
    if (trafficPercent != null) {
      Fields.percent("trafficPercent", trafficPercent);
    }
  }

  /** The task token; fails with a clear message if the Task did not pass one. */
  public String requireTaskToken() {
    if (taskToken == null || taskToken.isBlank()) {
      throw new IllegalStateException(
          "step input for execution "
              + execution
              + " has no taskToken; the Task state must use"
              + " .waitForTaskToken and pass \"taskToken.$\": \"$$.Task.Token\"");
    }
    return taskToken;
  }

  /** The environment; fails with a clear message if the Task did not pass one. */
  public String requireEnvironment() {
    if (environment == null || environment.isBlank()) {
      throw new IllegalStateException(
          "step input for execution "
              + execution
              + " has no environment; the Task state must"
              + " pass \"environment\": \"<name>\"");
    }
    return environment;
  }
}
