package dev.slipway.localcloud.stepfunctions.asl.exec;

import java.util.concurrent.CompletionStage;

/**
 * Runs a Task state's resource. Local mode wires Lambda ARNs, {@code
 * arn:aws:states:::lambda:invoke} and {@code arn:aws:states:::aws-sdk:<service>:<action>} to its
 * services through this. The stage completes with the task result (a JSON value as plain Java
 * objects) or exceptionally with {@link TaskFailedException} (error name + cause); any other
 * exception becomes {@code States.TaskFailed}. For {@code .waitForTaskToken} resources the result
 * is ignored: the task ends with SendTaskSuccess/SendTaskFailure for the token.
 */
@FunctionalInterface
public interface TaskDispatcher {
  /** Starts the call; must not block. */
  CompletionStage<Object> dispatch(TaskInvocation invocation);
}
