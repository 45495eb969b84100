package dev.slipway.localcloud.events;

/** Calls a rule target's service with the transformed input; throws when the call failed. */
@FunctionalInterface
public interface TargetInvoker {
  /**
   * One call of a rule's target.
   *
   * @param arn the target's ARN
   * @param roleArn the target's {@code RoleArn}, whose credentials EventBridge calls it with; null
   *     for targets that authorize EventBridge by a resource policy (functions, topics)
   * @param ruleArn the rule whose event this is ({@code aws:SourceArn} of the call)
   * @param input the event, or what the target's input settings made of it
   */
  record TargetCall(String arn, String roleArn, String ruleArn, String input) {}

  /**
   * Delivers the call's input to its target.
   *
   * @throws DeliveryRefused when the target refused the call for a reason a retry cannot change
   * @throws Exception when the call failed and is to be retried
   */
  void deliver(TargetCall call) throws Exception;

  /**
   * A failure EventBridge does not retry: missing permissions to call the target (or a target that
   * no longer exists). The event goes to the target's dead-letter queue at once, or is dropped.
   */
  final class DeliveryRefused extends Exception {
    private final String errorCode;

    /**
     * @param errorCode the dead-letter record's {@code ERROR_CODE} ({@code NO_PERMISSIONS})
     * @param message the {@code ERROR_MESSAGE}: the called service's message
     */
    public DeliveryRefused(String errorCode, String message) {
      super(message);
      this.errorCode = errorCode;
    }

    /** The dead-letter record's {@code ERROR_CODE}. */
    public String errorCode() {
      return errorCode;
    }
  }
}
