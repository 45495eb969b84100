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

  Pending open(String token, Instant now, String stateMachineArn) {
    return pending.computeIfAbsent(token, t -> new Pending(now, stateMachineArn));
  }

  /**
   * The state machine whose execution waits on a token: the resource IAM authorizes SendTask* calls
   * against.
   */
  public Optional<String> stateMachineOf(String token) {
    Pending p = token == null ? null : pending.get(token);
    return Optional.ofNullable(p == null ? null : p.stateMachineArn);
  }

  void close(String token) {
    pending.remove(token);
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
