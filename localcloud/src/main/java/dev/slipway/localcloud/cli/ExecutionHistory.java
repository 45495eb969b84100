package dev.slipway.localcloud.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.localcloud.protocol.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/** A pipeline execution's history as the commands read it. */
final class ExecutionHistory {
  private ExecutionHistory() {}

  /** A task token the run waits on, and the state waiting. */
  record Waiting(String state, String token) {}

  /** Every event of the execution's history, all pages of it, oldest first. */
  static List<HistoryEvent> of(SfnClient sfn, String executionArn) {
    List<HistoryEvent> events = new ArrayList<>();
    sfn.getExecutionHistoryPaginator(r -> r.executionArn(executionArn))
        .events()
        .forEach(events::add);
    return events;
  }

  /**
   * The task token the run waits on, from its history: the latest task scheduled with a {@code
   * taskToken} in its payload, in a state {@code states} accepts and that has not exited since.
   */
  static Optional<Waiting> waitingTask(List<HistoryEvent> events, Predicate<String> states) {
    String state = null;
    Waiting waiting = null;
    for (HistoryEvent h : events) {
      if (h.stateEnteredEventDetails() != null) {
        state = h.stateEnteredEventDetails().name();
      } else if (h.taskScheduledEventDetails() != null && state != null && states.test(state)) {
        String token = token(h.taskScheduledEventDetails().parameters());
        if (token != null) {
          waiting = new Waiting(state, token);
        }
      } else if (h.stateExitedEventDetails() != null
          && waiting != null
          && h.stateExitedEventDetails().name().equals(waiting.state())) {
        waiting = null;
      }
    }
    return Optional.ofNullable(waiting);
  }

  private static String token(String parameters) {
    try {
      JsonNode token = Json.MAPPER.readTree(parameters).path("Payload").path("taskToken");
      return token.isTextual() ? token.asText() : null;
    } catch (IOException | RuntimeException unreadable) {
      return null;
    }
  }
}
