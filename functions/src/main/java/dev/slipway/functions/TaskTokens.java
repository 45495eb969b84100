package dev.slipway.functions;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.TaskDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

/**
 * Resumes a waiting {@code .waitForTaskToken} state. An already-closed token is not an error: Step
 * Functions and EventBridge both deliver at least once, so the second report of the same outcome
 * (or a report after the state timed out) must be a quiet no-op.
 */
public final class TaskTokens {
  private static final Logger LOG = LoggerFactory.getLogger(TaskTokens.class);
  // Step Functions limits error names to 256 and causes to 32768 characters.
  private static final int MAX_ERROR = 256;
  private static final int MAX_CAUSE = 32_768;

  private final SfnClient sfn;

  /** Reports through the given Step Functions client. */
  public TaskTokens(SfnClient sfn) {
    this.sfn = sfn;
  }

  /** Sends the result JSON; false when the token was already closed. */
  public boolean succeed(String taskToken, String outputJson) {
    return closed(() -> sfn.sendTaskSuccess(r -> r.taskToken(taskToken).output(outputJson)));
  }

  /** Fails the waiting state; false when the token was already closed. */
  public boolean fail(String taskToken, String error, String cause) {
    return closed(
        () ->
            sfn.sendTaskFailure(
                r ->
                    r.taskToken(taskToken)
                        .error(clip(error, MAX_ERROR))
                        .cause(clip(cause, MAX_CAUSE))));
  }

  private static boolean closed(Runnable call) {
    try {
      call.run();
      return true;
    } catch (TaskTimedOutException | InvalidTokenException | TaskDoesNotExistException e) {
      // The token is not logged: it is a bearer credential for the waiting state.
      LOG.info("Task token already closed ({}); nothing to resume", e.getClass().getSimpleName());
      return false;
    }
  }

  private static String clip(String text, int max) {
    if (text == null) {
      return "";
    }
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }
}
