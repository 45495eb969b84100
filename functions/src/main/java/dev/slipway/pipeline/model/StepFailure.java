package dev.slipway.pipeline.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A caught error, under {@code $.failure}, exactly as Step Functions' {@code Catch} gives it. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StepFailure(
    @JsonProperty("Error") String error, @JsonProperty("Cause") String cause) {}
