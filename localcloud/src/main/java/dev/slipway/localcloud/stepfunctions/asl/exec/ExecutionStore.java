package dev.slipway.localcloud.stepfunctions.asl.exec;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where an execution's progress goes. The interpreter calls {@link #transition} after every
 * top-level state transition with the events since the last call; a store that commits there lets a
 * restarted engine resume from the last transition. Task results inside Map/Parallel branches go to
 * the journal so a resumed branch replays them instead of calling the task again.
 */
public interface ExecutionStore {
  /** Commits new events and the position to resume from (next state, its input, variables). */
  void transition(
      String executionArn,
      List<HistoryEvent> events,
      String nextState,
      Object nextInput,
      Map<String, Object> variables);

  /** Commits new events and the final status. */
  void finish(
      String executionArn,
      List<HistoryEvent> events,
      String status,
      Object output,
      String error,
      String cause);

  /** A committed task result inside a branch, if the key was recorded. */
  Optional<Object> journaled(String executionArn, String key);

  /** Commits new events and a task result inside a branch. */
  void journal(String executionArn, List<HistoryEvent> events, String key, Object result);

  /** Keeps nothing: executions do not survive a restart. */
  ExecutionStore NONE =
      new ExecutionStore() {
        @Override
        public void transition(
            String arn, List<HistoryEvent> e, String s, Object i, Map<String, Object> v) {}

        @Override
        public void finish(
            String arn, List<HistoryEvent> e, String st, Object o, String err, String c) {}

        @Override
        public Optional<Object> journaled(String arn, String key) {
          return Optional.empty();
        }

        @Override
        public void journal(String arn, List<HistoryEvent> e, String key, Object result) {}
      };
}
