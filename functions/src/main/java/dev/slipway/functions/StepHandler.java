package dev.slipway.functions;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/** A pipeline step's handler: input is a {@link Step}, logs correlate on the execution name. */
public abstract class StepHandler<O> extends JsonStreamHandler<Step, O> {

  /** A step named {@code step} in logs and metrics. */
  protected StepHandler(String step) {
    super(step);
  }

  @Override
  protected final Step parse(JsonNode raw) throws IOException {
    return Step.of(raw);
  }

  @Override
  protected final String correlationId(Step request) {
    return request.execution();
  }
}
