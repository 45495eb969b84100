package dev.slipway.localcloud.iam;

import java.util.Optional;

/**
 * What the request alone does not say but IAM authorizes against: the state machine a task token
 * belongs to, the full ARN of a secret named without its suffix.
 */
public interface ResourceLookup {
  /** The state machine whose execution waits on {@code token}. */
  default Optional<String> stateMachineOfTaskToken(String token) {
    return Optional.empty();
  }

  /** The full ARN (with its random suffix) of the secret {@code nameOrArn}. */
  default Optional<String> secretArn(String nameOrArn) {
    return Optional.empty();
  }

  /** Knows nothing beyond the request. */
  ResourceLookup NONE = new ResourceLookup() {};
}
