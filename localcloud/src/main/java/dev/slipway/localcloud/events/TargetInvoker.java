package dev.slipway.localcloud.events;

/** Calls a rule target's service with the transformed input; throws when the call failed. */
@FunctionalInterface
public interface TargetInvoker {
  /** Delivers {@code input} to the resource at {@code arn}. */
  void deliver(String arn, String input) throws Exception;
}
