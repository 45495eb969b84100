package dev.slipway.localcloud.stepfunctions.asl.exec;

import dev.slipway.localcloud.stepfunctions.asl.eval.EvaluationException;
import dev.slipway.localcloud.stepfunctions.asl.model.State;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** One run of one state: where it is, what it sees, and how its errors are worded. */
final class StateContext {
  final ExecutionRun run;
  final State state;
  final long enteredEventId;
  final Instant enteredTime;
  final Variables vars;
  final String blockKey;
  final Interpreter interpreter;
  String taskToken;
  int retryCount;

  StateContext(
      Interpreter interpreter,
      ExecutionRun run,
      State state,
      long enteredEventId,
      Variables vars,
      String blockKey) {
    this.interpreter = interpreter;
    this.run = run;
    this.state = state;
    this.enteredEventId = enteredEventId;
    this.enteredTime = run.now();
    this.vars = vars;
    this.blockKey = blockKey;
  }

  /** The context object ($$), optionally with a Map item. */
  Map<String, Object> context(Map<String, Object> mapItem) {
    ExecutionIdentity id = run.identity();
    Map<String, Object> execution = new LinkedHashMap<>();
    execution.put("Id", id.executionArn());
    execution.put("Input", id.input());
    execution.put("StartTime", Timestamps.format(id.startTime()));
    execution.put("Name", id.executionName());
    execution.put("RoleArn", id.roleArn());
    execution.put("RedriveCount", 0L);
    Map<String, Object> machine = new LinkedHashMap<>();
    machine.put("Id", id.stateMachineArn());
    machine.put("Name", id.stateMachineName());
    Map<String, Object> st = new LinkedHashMap<>();
    st.put("Name", state.name());
    st.put("EnteredTime", Timestamps.format(enteredTime));
    if (state instanceof State.Task) {
      st.put("RetryCount", (long) retryCount);
    }
    Map<String, Object> ctx = new LinkedHashMap<>();
    ctx.put("Execution", execution);
    ctx.put("StateMachine", machine);
    ctx.put("State", st);
    if (taskToken != null) {
      ctx.put("Task", new LinkedHashMap<>(Map.of("Token", taskToken)));
    }
    if (mapItem != null) {
      ctx.put("Map", new LinkedHashMap<>(Map.of("Item", mapItem)));
    }
    return ctx;
  }

  StateScope scope() {
    return new StateScope(context(null), vars);
  }

  StateScope scope(Map<String, Object> mapItem) {
    return new StateScope(context(mapItem), vars);
  }

  /** AWS's cause prefix for errors raised while running this state. */
  String prefix() {
    return "An error occurred while executing the state '"
        + state.name()
        + "' (entered at the event id #"
        + enteredEventId
        + "). ";
  }

  StateFailure failure(EvaluationException e) {
    return new StateFailure(e.error(), prefix() + e.detail());
  }

  StateFailure runtime(String detail) {
    return new StateFailure("States.Runtime", prefix() + detail);
  }
}
