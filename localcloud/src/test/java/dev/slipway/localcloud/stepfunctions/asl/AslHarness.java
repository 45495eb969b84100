package dev.slipway.localcloud.stepfunctions.asl;

import dev.slipway.localcloud.stepfunctions.asl.exec.CallbackRegistry;
import dev.slipway.localcloud.stepfunctions.asl.exec.EngineClock;
import dev.slipway.localcloud.stepfunctions.asl.exec.ExecutionDriver;
import dev.slipway.localcloud.stepfunctions.asl.exec.ExecutionIdentity;
import dev.slipway.localcloud.stepfunctions.asl.exec.ExecutionResult;
import dev.slipway.localcloud.stepfunctions.asl.exec.ExecutionRun;
import dev.slipway.localcloud.stepfunctions.asl.exec.ExecutionStore;
import dev.slipway.localcloud.stepfunctions.asl.exec.TaskDispatcher;
import dev.slipway.localcloud.stepfunctions.asl.exec.VirtualClock;
import dev.slipway.localcloud.stepfunctions.asl.json.Json;
import dev.slipway.localcloud.stepfunctions.asl.model.StateMachine;
import dev.slipway.localcloud.stepfunctions.asl.parse.DefinitionParser;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Runs a definition in-process, without persistence, on a virtual clock. */
final class AslHarness {
  static final String SM_ARN = "arn:aws:states:us-east-1:111111111111:stateMachine:Conformance";

  final EngineClock clock;
  final TaskDispatcher dispatcher;
  final CallbackRegistry callbacks = new CallbackRegistry();
  ExecutionRun lastRun;

  AslHarness() {
    this(
        new VirtualClock(Instant.parse("2026-01-01T00:00:00Z")),
        inv ->
            CompletableFuture.failedFuture(
                new IllegalStateException("no task dispatcher in this test")));
  }

  AslHarness(EngineClock clock, TaskDispatcher dispatcher) {
    this.clock = clock;
    this.dispatcher = dispatcher;
  }

  ExecutionResult run(Object definition, Object input) {
    String text = definition instanceof String s ? s : Json.write(definition);
    StateMachine machine = DefinitionParser.parse(text);
    String name = "exec-1";
    ExecutionIdentity id =
        new ExecutionIdentity(
            "arn:aws:states:us-east-1:111111111111:execution:Conformance:" + name,
            name,
            SM_ARN,
            "Conformance",
            "arn:aws:iam::111111111111:role/conformance",
            clock.now(),
            input);
    lastRun = new ExecutionRun(id, clock, dispatcher, callbacks, ExecutionStore.NONE, List.of());
    return new ExecutionDriver()
        .run(lastRun, machine, machine.startAt(), Json.copy(input), Map.of(), true);
  }
}
