package dev.slipway.functions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.pipeline.model.PipelineJson;
import dev.slipway.pipeline.model.PipelineState;
import dev.slipway.pipeline.model.StepInput;
import java.io.IOException;
import java.util.Optional;

/**
 * One Task's payload: the {@link StepInput} plus the extra fields only some states pass ({@code
 * target}, {@code expect}, {@code check}, {@code action}, {@code bakeSeconds}, {@code outcome},
 * {@code notification}, … — see statemachines/CONTRACT.md), read from the raw JSON.
 */
public record Step(StepInput input, JsonNode raw) {

  /** Parses a payload. */
  public static Step of(JsonNode raw) throws IOException {
    return new Step(PipelineJson.mapper().treeToValue(raw, StepInput.class), raw);
  }

  /** The pipeline document. */
  public PipelineState state() {
    return input.state();
  }

  /** The execution name. */
  public String execution() {
    return input.execution();
  }

  /** A text field of the payload, if present and not null. */
  public Optional<String> text(String field) {
    JsonNode value = raw.get(field);
    return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
  }

  /** An integer field of the payload (JSONata may pass numbers as numbers or strings). */
  public Optional<Integer> integer(String field) {
    return text(field).map(v -> (int) Double.parseDouble(v));
  }

  /** A field as raw JSON, if present. */
  public Optional<JsonNode> node(String field) {
    JsonNode value = raw.get(field);
    return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
  }

  /** Whether the payload asks for a status check ({@code "check": "status"}). */
  public boolean isStatusCheck() {
    return text("check").filter("status"::equals).isPresent();
  }
}
