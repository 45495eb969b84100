package dev.slipway.localcloud.stepfunctions;

import dev.slipway.localcloud.stepfunctions.asl.exec.CallbackRegistry;
import dev.slipway.localcloud.stepfunctions.asl.exec.EngineClock;
import dev.slipway.localcloud.stepfunctions.asl.exec.EngineKilled;
import dev.slipway.localcloud.stepfunctions.asl.exec.ExecutionDriver;
import dev.slipway.localcloud.stepfunctions.asl.exec.ExecutionIdentity;
import dev.slipway.localcloud.stepfunctions.asl.exec.ExecutionResult;
import dev.slipway.localcloud.stepfunctions.asl.exec.ExecutionRun;
import dev.slipway.localcloud.stepfunctions.asl.exec.HistoryEvent;
import dev.slipway.localcloud.stepfunctions.asl.exec.TaskDispatcher;
import dev.slipway.localcloud.stepfunctions.asl.model.StateMachine;
import dev.slipway.localcloud.stepfunctions.asl.parse.DefinitionParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Step Functions engine of local mode: state machines and executions, persisted in {@code
 * stateDir}, run on virtual threads with the given clock, Task resources through the given
 * dispatcher. {@link #start()} resumes executions a previous process left RUNNING.
 */
public final class StepFunctionsEngine implements AutoCloseable {
  private final SqliteStore store;
  private final EngineClock clock;
  private final TaskDispatcher dispatcher;
  private final CallbackRegistry callbacks = new CallbackRegistry();
  private final Map<String, StateMachineRecord> machines = new ConcurrentHashMap<>();
  private final Map<String, ExecutionRecord> executions = new ConcurrentHashMap<>();
  private final Map<String, ExecutionRun> running = new ConcurrentHashMap<>();
  private final Map<String, Thread> threads = new ConcurrentHashMap<>();

  /** Opens (or creates) the database in {@code stateDir}; call {@link #start()} next. */
  public StepFunctionsEngine(Path stateDir, EngineClock clock, TaskDispatcher dispatcher) {
    this.store = new SqliteStore(stateDir);
    this.clock = clock;
    this.dispatcher = dispatcher;
  }

  /** Loads stored state machines and executions and resumes the RUNNING ones. */
  public StepFunctionsEngine start() {
    store.stateMachines().forEach(m -> machines.put(m.arn(), m));
    for (StoredExecution stored : store.executions()) {
      ExecutionRecord e = stored.record();
      executions.put(e.arn(), e);
      String definition = stored.definition();
      if (e.status().equals("RUNNING") && stored.nextState() != null) {
        launch(e, definition, stored.nextState(), stored.nextInput(), stored.variables(), false);
      } else if (e.status().equals("RUNNING")) {
        // killed before ExecutionStarted was committed: start it over
        launch(e, definition, validate(definition).startAt(), e.input(), Map.of(), true);
      }
    }
    return this;
  }

  /** The clock executions run on. */
  public EngineClock clock() {
    return clock;
  }

  /** Validates and stores a state machine; throws DefinitionException for a bad definition. */
  public StateMachine validate(String definition) {
    return DefinitionParser.parse(definition);
  }

  /** Stores (creates or replaces) a state machine. */
  public void putStateMachine(StateMachineRecord m) {
    validate(m.definition());
    store.saveStateMachine(m);
    machines.put(m.arn(), m);
  }

  /** A state machine by ARN. */
  public Optional<StateMachineRecord> stateMachine(String arn) {
    return Optional.ofNullable(machines.get(arn));
  }

  /** All state machines, by creation time. */
  public List<StateMachineRecord> stateMachines() {
    List<StateMachineRecord> out = new ArrayList<>(machines.values());
    out.sort(Comparator.comparing(StateMachineRecord::created));
    return out;
  }

  /** Starts an execution (the caller checked name uniqueness). */
  public synchronized ExecutionRecord startExecution(
      StateMachineRecord machine, String name, Object input) {
    String arn = machine.arn().replace(":stateMachine:", ":execution:") + ":" + name;
    ExecutionRecord e =
        new ExecutionRecord(
            arn, machine.arn(), name, "RUNNING", input, null, null, null, clock.now(), null);
    store.createExecution(e, machine.definition());
    executions.put(arn, e);
    StateMachine parsed = validate(machine.definition());
    launch(e, machine.definition(), parsed.startAt(), input, Map.of(), true);
    return e;
  }

  /** Runs an execution on its own virtual thread, with the definition it started with. */
  private void launch(
      ExecutionRecord e,
      String definition,
      String startAt,
      Object input,
      Map<String, Object> vars,
      boolean fresh) {
    StateMachine parsed = DefinitionParser.parse(definition);
    StateMachineRecord m = machines.get(e.stateMachineArn());
    String machineName = e.stateMachineArn().substring(e.stateMachineArn().lastIndexOf(':') + 1);
    ExecutionIdentity id =
        new ExecutionIdentity(
            e.arn(),
            e.name(),
            e.stateMachineArn(),
            machineName,
            m == null ? null : m.roleArn(),
            e.started(),
            e.input());
    List<HistoryEvent> previous = fresh ? List.of() : store.events(e.arn());
    ExecutionRun run = new ExecutionRun(id, clock, dispatcher, callbacks, store, previous);
    running.put(e.arn(), run);
    Thread t =
        Thread.ofVirtual()
            .name("sfn-" + e.name())
            .uncaughtExceptionHandler((th, ex) -> running.remove(e.arn()))
            .unstarted(
                () -> {
                  ExecutionResult r;
                  try {
                    r = new ExecutionDriver().run(run, parsed, startAt, input, vars, fresh);
                  } catch (EngineKilled killed) {
                    return;
                  }
                  if (!r.status().equals("RUNNING")) {
                    executions.put(
                        e.arn(),
                        new ExecutionRecord(
                            e.arn(),
                            e.stateMachineArn(),
                            e.name(),
                            r.status(),
                            e.input(),
                            r.output(),
                            r.error(),
                            r.cause(),
                            e.started(),
                            clock.now()));
                  }
                  running.remove(e.arn());
                  threads.remove(e.arn());
                });
    threads.put(e.arn(), t);
    t.start();
  }

  /** An execution by ARN. */
  public Optional<ExecutionRecord> execution(String arn) {
    return Optional.ofNullable(executions.get(arn));
  }

  /** All executions, newest first. */
  public List<ExecutionRecord> executions() {
    List<ExecutionRecord> out = new ArrayList<>(executions.values());
    out.sort(Comparator.comparing(ExecutionRecord::started).reversed());
    return out;
  }

  /** The history of an execution. */
  public List<HistoryEvent> history(String arn) {
    ExecutionRun run = running.get(arn);
    return run != null ? run.events() : store.events(arn);
  }

  /** Stops a running execution (ABORTED, with optional error/cause); false when not running. */
  public boolean stop(String arn, String error, String cause) {
    ExecutionRun run = running.get(arn);
    if (run == null) {
      return false;
    }
    run.stop(error, cause);
    return true;
  }

  /** Deletes a state machine; its running executions go on, as in AWS. */
  public void deleteStateMachine(String arn) {
    machines.remove(arn);
    store.deleteStateMachine(arn);
  }

  /** Blocks until the execution is no longer running (for tests and the CLI). */
  public ExecutionRecord await(String arn) throws InterruptedException {
    Thread t = threads.get(arn);
    if (t != null) {
      t.join();
    }
    return executions.get(arn);
  }

  /** The state machine whose execution waits on a task token, while it waits. */
  public Optional<String> stateMachineOfTaskToken(String token) {
    return callbacks.stateMachineOf(token);
  }

  /** SendTaskSuccess: {@code output} is the parsed JSON; false for an unknown/closed token. */
  public boolean sendTaskSuccess(String token, Object output) {
    return callbacks.succeed(token, output);
  }

  /** SendTaskFailure; false for an unknown/closed token. */
  public boolean sendTaskFailure(String token, String error, String cause) {
    return callbacks.fail(token, error, cause);
  }

  /** SendTaskHeartbeat; false for an unknown/closed token. */
  public boolean sendTaskHeartbeat(String token) {
    return callbacks.heartbeat(token, clock.now());
  }

  /**
   * Simulates the process being killed: no further write reaches the database and every execution
   * thread stops where it is. A new engine on the same directory resumes them.
   */
  public void kill() {
    store.kill();
    threads.values().forEach(Thread::interrupt);
    for (Thread t : threads.values()) {
      try {
        t.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    store.close();
  }

  /** Stops execution threads without marking them (they resume on the next start) and closes. */
  @Override
  public void close() {
    kill();
  }
}
