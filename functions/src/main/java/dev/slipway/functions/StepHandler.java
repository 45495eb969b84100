package dev.slipway.functions;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/**
 * A pipeline step's handler: input is a {@link Step}, logs correlate on the execution name.
 *
 * <p>A handler given {@link CancelRequests} fails its step with {@code Slipway.Cancelled} when the
 * run was cancelled ({@code slipway cancel}) before it started, unless {@link #cancellable} says
 * the step is part of the way out (a rollback, its verification, a record, a notice): those always
 * run, or a cancel would stop the rollback it asked for.
 */
public abstract class StepHandler<O> extends JsonStreamHandler<Step, O> {
  private final CancelRequests cancels;

  /** A step named {@code step} in logs and metrics, never cancelled. */
  protected StepHandler(String step) {
    this(step, CancelRequests.NONE);
  }

  /** A step named {@code step} that a cancelled run does not run. */
  StepHandler(String step, CancelRequests cancels) {
    super(step);
    this.cancels = cancels;
  }

  /** Whether a cancel stops this step (false for the steps of the way out); true by default. */
  protected boolean cancellable(Step step) {
    return true;
  }

  @Override
  protected final void beforeHandle(Step step) {
    if (cancellable(step)) {
      cancels.check(step.execution());
    }
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
