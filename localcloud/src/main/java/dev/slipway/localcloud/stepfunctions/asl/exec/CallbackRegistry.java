package dev.slipway.localcloud.stepfunctions.asl.exec;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** Open task tokens of {@code .waitForTaskToken} tasks, completed by SendTask* calls. */
public final class CallbackRegistry {
  /** A waiting task: its result and the time of its last heartbeat. */
  public static final class Pending {
    final CompletableFuture<Object> result = new CompletableFuture<>();
    volatile Instant lastHeartbeat;
    final String stateMachineArn;

    Pending(Instant now, String stateMachineArn) {
      this.lastHeartbeat = now;
      this.stateMachineArn = stateMachineArn;
    }
  }

  private final Map<String, Pending> pending = new ConcurrentHashMap<>();

  /**
   * The state machines of tokens already closed, newest last (bounded): a late SendTask* call with
   * such a token is still authorized against its state machine, as AWS reads it from the token, and
   * then answered TaskTimedOut / TaskDoesNotExist.
   */
  private final Map<String, String> closed =
      java.util.Collections.synchronizedMap(
          new java.util.LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
              return size() > 10_000;
            }
          });

  Pending open(String token, Instant now, String stateMachineArn) {
    return pending.computeIfAbsent(token, t -> new Pending(now, stateMachineArn));
  }

  /**
   * The state machine whose execution waits on a token: the resource IAM authorizes SendTask* calls
   * against.
   */
  public Optional<String> stateMachineOf(String token) {
    if (token == null) {
      return Optional.empty();
    }
    Pending p = pending.get(token);
    return Optional.ofNullable(p != null ? p.stateMachineArn : closed.get(token));
  }

  void close(String token) {
    Pending p = pending.remove(token);
    if (p != null && p.stateMachineArn != null) {
      closed.put(token, p.stateMachineArn);
    }
  }

  /** Completes the task with its JSON output; false when the token is unknown or closed. */
  public boolean succeed(String token, Object output) {
    Pending p = pending.get(token);
    return p != null && p.result.complete(output);
  }

  /** Fails the task with an error name and cause; false when the token is unknown or closed. */
  public boolean fail(String token, String error, String cause) {
    Pending p = pending.get(token);
    return p != null && p.result.completeExceptionally(new TaskFailedException(error, cause));
  }

  /** Records a heartbeat; false when the token is unknown or closed. */
  public boolean heartbeat(String token, Instant now) {
    Pending p = pending.get(token);
    if (p == null || p.result.isDone()) {
      return false;
    }
    p.lastHeartbeat = now;
    return true;
  }

  /** The waiting task for a token. */
  Optional<Pending> get(String token) {
    return Optional.ofNullable(pending.get(token));
  }
}
