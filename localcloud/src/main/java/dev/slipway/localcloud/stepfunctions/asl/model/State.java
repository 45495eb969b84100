package dev.slipway.localcloud.stepfunctions.asl.model;

import java.util.List;

/** An ASL state; one record per state type. */
public sealed interface State {
  /** Fields shared by all states. */
  StateCommon common();

  /** The state's name. */
  default String name() {
    return common().name();
  }

  /** Pass: optional Result. */
  record Pass(StateCommon common, boolean hasResult, Object result) implements State {}

  /** Task: a resource call with timeouts. */
  record Task(
      StateCommon common,
      String resource,
      Object timeoutSeconds,
      String timeoutSecondsPath,
      Object heartbeatSeconds,
      String heartbeatSecondsPath,
      Object credentials)
      implements State {}

  /** Choice: rules in order, optional Default. */
  record Choice(StateCommon common, List<ChoiceRule> choices, String defaultNext)
      implements State {}

  /** Wait: exactly one of the four forms (JSONata uses Seconds/Timestamp as expressions). */
  record Wait(
      StateCommon common,
      Object seconds,
      Object timestamp,
      String secondsPath,
      String timestampPath)
      implements State {}

  /** Succeed: ends the block successfully. */
  record Succeed(StateCommon common) implements State {}

  /** Fail: Error/Cause as literal, path or JSONata. */
  record Fail(StateCommon common, Object error, String errorPath, Object cause, String causePath)
      implements State {}

  /** Parallel: branches run concurrently; output is the array of branch outputs. */
  record Parallel(StateCommon common, List<StateMachine> branches) implements State {}

  /** Map (inline): runs the item processor for each item. */
  record MapState(
      StateCommon common,
      StateMachine processor,
      String itemsPath,
      Object items,
      Object itemSelector,
      Object maxConcurrency,
      String maxConcurrencyPath,
      Object toleratedFailureCount,
      String toleratedFailureCountPath,
      Object toleratedFailurePercentage,
      String toleratedFailurePercentagePath)
      implements State {}
}
