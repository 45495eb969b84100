package dev.slipway.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/**
 * A handler that resumes a callback state from an EventBridge event, and is also invoked as a step
 * ({@code "check": "status"}) when no event arrived before the state's timeout. The input tells
 * which: events carry {@code detail-type}, step payloads do not.
 */
abstract class EventOrStatusCheck extends JsonStreamHandler<JsonNode, Object> {

  EventOrStatusCheck(String step) {
    super(step);
  }

  @Override
  protected final JsonNode parse(JsonNode raw) {
    return raw;
  }

  @Override
  protected final Object handle(JsonNode request, Context context) {
    try {
      if (!request.has("detail-type")) {
        return statusCheck(Step.of(request));
      }
      return onEvent(JSON.treeToValue(request, AwsEvent.class));
    } catch (IOException e) {
      throw new IllegalArgumentException("unreadable input: " + e.getMessage(), e);
    }
  }

  /** Handles the EventBridge event; returns what it did. */
  protected abstract Object onEvent(AwsEvent event);

  /** Looks the step's build or deployment up once and returns its result, or throws. */
  protected abstract Object statusCheck(Step step);
}
