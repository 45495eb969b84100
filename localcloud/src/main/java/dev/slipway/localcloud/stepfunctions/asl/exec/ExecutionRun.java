package dev.slipway.localcloud.stepfunctions.asl.exec;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * One running execution: its identity, its services (clock, dispatcher, callbacks, store) and its
 * history. Thread-safe: Map iterations and Parallel branches append events concurrently.
 */
public final class ExecutionRun {
  private final ExecutionIdentity identity;
  private final EngineClock clock;
  private final TaskDispatcher dispatcher;
  private final CallbackRegistry callbacks;
  private final ExecutionStore store;
  private final List<HistoryEvent> events = new ArrayList<>();
  private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
  private int unflushed;
  private volatile boolean stopped;
  private volatile boolean timedOut;
  private volatile String stopError;
  private volatile String stopCause;

  /** {@code previous} are events already committed (a resumed execution). */
  public ExecutionRun(
      ExecutionIdentity identity,
      EngineClock clock,
      TaskDispatcher dispatcher,
      CallbackRegistry callbacks,
      ExecutionStore store,
      List<HistoryEvent> previous) {
    this.identity = identity;
    this.clock = clock;
    this.dispatcher = dispatcher;
    this.callbacks = callbacks;
    this.store = store;
    this.events.addAll(previous);
    this.unflushed = events.size();
  }

  /** The execution's identity. */
  public ExecutionIdentity identity() {
    return identity;
  }

  EngineClock clock() {
    return clock;
  }

  TaskDispatcher dispatcher() {
    return dispatcher;
  }

  CallbackRegistry callbacks() {
    return callbacks;
  }

  ExecutionStore store() {
    return store;
  }

  /** Appends an event; returns its id. */
  public synchronized long append(String type, Map<String, Object> details) {
    long id = events.size() + 1L;
    Map<String, Object> copy = new LinkedHashMap<>();
    details.forEach(
        (k, v) -> {
          if (v != null) {
            copy.put(k, v);
          }
        });
    events.add(
        new HistoryEvent(
            id,
            id - 1,
            clock.now().truncatedTo(ChronoUnit.MILLIS),
            type,
            Collections.unmodifiableMap(copy)));
    return id;
  }

  /**
   * Commits the events appended since the last commit with {@code write}, holding the history lock
   * meanwhile: commits then reach the store in event-id order, so the stored history never has a
   * gap a resumed run would fill with ids that are already taken.
   */
  synchronized void commit(Consumer<List<HistoryEvent>> write) {
    write.accept(drain());
  }

  /**
   * Appends an event and commits it with {@code write} under one hold of the history lock. A branch
   * task's TaskSucceeded must reach the store in the same write as its journal entry: appended
   * alone, a concurrent branch's commit could carry it to the store first, and a kill before the
   * journal write would leave a committed result that a resumed run does not find and runs again.
   */
  synchronized long appendAndCommit(
      String type, Map<String, Object> details, Consumer<List<HistoryEvent>> write) {
    long id = append(type, details);
    commit(write);
    return id;
  }

  /** Events appended since the last call (to be committed). */
  private List<HistoryEvent> drain() {
    List<HistoryEvent> out = new ArrayList<>(events.subList(unflushed, events.size()));
    unflushed = events.size();
    return out;
  }

  /** A snapshot of the whole history. */
  public synchronized List<HistoryEvent> events() {
    return new ArrayList<>(events);
  }

  /** The current time, truncated to milliseconds as AWS reports it. */
  Instant now() {
    return clock.now().truncatedTo(ChronoUnit.MILLIS);
  }

  /** StopExecution: ends the execution ABORTED with an optional error and cause. */
  public void stop(String error, String cause) {
    this.stopError = error;
    this.stopCause = cause;
    stop();
  }

  /** The error given to StopExecution, or null. */
  String stopError() {
    return stopError;
  }

  /** The cause given to StopExecution, or null. */
  String stopCause() {
    return stopCause;
  }

  /** Marks the execution stopped and interrupts its threads. */
  public void stop() {
    stopped = true;
    threads.forEach(Thread::interrupt);
  }

  /** Stops the execution because its TimeoutSeconds passed. */
  void timeOut() {
    timedOut = true;
    stop();
  }

  /** True after the execution's TimeoutSeconds passed. */
  boolean timedOut() {
    return timedOut;
  }

  /** True after {@link #stop}. */
  public boolean stopped() {
    return stopped;
  }

  void register(Thread t) {
    threads.add(t);
    if (stopped) {
      t.interrupt();
    }
  }

  void unregister(Thread t) {
    threads.remove(t);
  }
}
