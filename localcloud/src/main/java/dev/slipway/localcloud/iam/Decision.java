package dev.slipway.localcloud.iam;

/**
 * The outcome of evaluating one {@link AuthorizationRequest}.
 *
 * @param outcome allowed, denied by a statement, or denied because nothing allows it
 * @param policy the policy of the deciding statement (null for an implicit deny)
 * @param statement the deciding statement's Sid, or its position {@code #<n>} (null for an implicit
 *     deny)
 */
public record Decision(Outcome outcome, String policy, String statement) {
  /** The three outcomes of IAM's evaluation logic. */
  public enum Outcome {
    /** An Allow statement matches and no Deny does. */
    ALLOWED,
    /** A Deny statement matches: nothing else counts. */
    EXPLICIT_DENY,
    /** No statement allows it. */
    IMPLICIT_DENY
  }

  /** True when the request may proceed. */
  public boolean allowed() {
    return outcome == Outcome.ALLOWED;
  }

  static final Decision IMPLICIT = new Decision(Outcome.IMPLICIT_DENY, null, null);
}
