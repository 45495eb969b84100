package dev.slipway.localcloud.stepfunctions.asl.model;

import java.util.Map;

/** A parsed block of states: a whole definition, a Parallel branch or a Map item processor. */
public record StateMachine(
    String startAt, Map<String, State> states, QueryLanguage queryLanguage, Long timeoutSeconds) {
  /** The state named {@code name}; the parser guarantees every transition target exists. */
  public State state(String name) {
    return states.get(name);
  }
}
