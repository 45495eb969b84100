package dev.slipway.localcloud.iam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.localcloud.iam.Decision.Outcome;
import dev.slipway.localcloud.protocol.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One test per rule of IAM's evaluation logic for identity policies. */
class PolicyEvaluatorTest {
  static final String TABLE = "arn:aws:dynamodb:us-east-1:000000000000:table/locks";

  static Policy policy(String statementsJson) throws Exception {
    return new Policy(
        "P",
        Json.MAPPER.readTree("{\"Version\":\"2012-10-17\",\"Statement\":" + statementsJson + "}"));
  }

  static Outcome outcome(String statements, AuthorizationRequest request) throws Exception {
    return PolicyEvaluator.evaluate(List.of(policy(statements)), request).outcome();
  }

  @Test
  void nothingAttachedIsAnImplicitDeny() {
    Decision d =
        PolicyEvaluator.evaluate(List.of(), AuthorizationRequest.of("dynamodb:GetItem", TABLE));
    assertThat(d.outcome()).isEqualTo(Outcome.IMPLICIT_DENY);
    assertThat(d.policy()).isNull();
  }

  @Test
  void matchingAllowAllows() throws Exception {
    Decision d =
        PolicyEvaluator.evaluate(
            List.of(
                policy(
                    "[{\"Sid\":\"Locks\",\"Effect\":\"Allow\",\"Action\":\"dynamodb:GetItem\",\"Resource\":\""
                        + TABLE
                        + "\"}]")),
            AuthorizationRequest.of("dynamodb:GetItem", TABLE));
    assertThat(d.outcome()).isEqualTo(Outcome.ALLOWED);
    assertThat(d.statement()).isEqualTo("Locks");
  }

  @Test
  void allowForAnotherActionOrResourceIsAnImplicitDeny() throws Exception {
    String s =
        "{\"Effect\":\"Allow\",\"Action\":\"dynamodb:GetItem\",\"Resource\":\"" + TABLE + "\"}";
    assertThat(outcome("[" + s + "]", AuthorizationRequest.of("dynamodb:PutItem", TABLE)))
        .isEqualTo(Outcome.IMPLICIT_DENY);
    assertThat(outcome("[" + s + "]", AuthorizationRequest.of("dynamodb:GetItem", TABLE + "x")))
        .isEqualTo(Outcome.IMPLICIT_DENY);
  }

  @Test
  void explicitDenyWinsOverAnyAllow() throws Exception {
    Decision d =
        PolicyEvaluator.evaluate(
            List.of(
                policy("[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]"),
                new Policy(
                    "Guard",
                    Json.MAPPER.readTree(
                        "{\"Statement\":{\"Sid\":\"NoDelete\",\"Effect\":\"Deny\","
                            + "\"Action\":\"dynamodb:DeleteItem\",\"Resource\":\"*\"}}"))),
            AuthorizationRequest.of("dynamodb:DeleteItem", TABLE));
    assertThat(d.outcome()).isEqualTo(Outcome.EXPLICIT_DENY);
    assertThat(d.policy()).isEqualTo("Guard");
    assertThat(d.statement()).isEqualTo("NoDelete");
  }

  @Test
  void actionNamesAreCaseInsensitive() throws Exception {
    assertThat(
            outcome(
                "[{\"Effect\":\"Allow\",\"Action\":\"DynamoDB:getitem\",\"Resource\":\"*\"}]",
                AuthorizationRequest.of("dynamodb:GetItem", TABLE)))
        .isEqualTo(Outcome.ALLOWED);
  }

  @Test
  void actionWildcardsStarAndQuestionMark() throws Exception {
    String s =
        "[{\"Effect\":\"Allow\",\"Action\":[\"ecr:Describe*\",\"ecs:?istTasks\"],\"Resource\":\"*\"}]";
    assertThat(outcome(s, AuthorizationRequest.of("ecr:DescribeImages", "*")))
        .isEqualTo(Outcome.ALLOWED);
    assertThat(outcome(s, AuthorizationRequest.of("ecs:ListTasks", "*")))
        .isEqualTo(Outcome.ALLOWED);
    assertThat(outcome(s, AuthorizationRequest.of("ecr:BatchGetImage", "*")))
        .isEqualTo(Outcome.IMPLICIT_DENY);
    assertThat(outcome(s, AuthorizationRequest.of("ecs:ListTasksX", "*")))
        .isEqualTo(Outcome.IMPLICIT_DENY);
  }

  @Test
  void notActionAllowsEverythingElse() throws Exception {
    String s = "[{\"Effect\":\"Allow\",\"NotAction\":\"iam:*\",\"Resource\":\"*\"}]";
    assertThat(outcome(s, AuthorizationRequest.of("sns:Publish", "*"))).isEqualTo(Outcome.ALLOWED);
    assertThat(outcome(s, AuthorizationRequest.of("iam:PassRole", "*")))
        .isEqualTo(Outcome.IMPLICIT_DENY);
  }

  @Test
  void notActionInADenyDeniesEverythingElse() throws Exception {
    String s =
        "[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"},"
            + "{\"Effect\":\"Deny\",\"NotAction\":\"dynamodb:Get*\",\"Resource\":\"*\"}]";
    assertThat(outcome(s, AuthorizationRequest.of("dynamodb:GetItem", TABLE)))
        .isEqualTo(Outcome.ALLOWED);
    assertThat(outcome(s, AuthorizationRequest.of("dynamodb:PutItem", TABLE)))
        .isEqualTo(Outcome.EXPLICIT_DENY);
  }

  @Test
  void resourceArnWildcardsMatchPerComponent() throws Exception {
    String s =
        "[{\"Effect\":\"Allow\",\"Action\":\"states:DescribeExecution\","
            + "\"Resource\":\"arn:aws:states:*:000000000000:execution:pipeline:*\"}]";
    assertThat(
            outcome(
                s,
                AuthorizationRequest.of(
                    "states:DescribeExecution",
                    "arn:aws:states:us-east-1:000000000000:execution:pipeline:run-1")))
        .isEqualTo(Outcome.ALLOWED);
    // the region wildcard does not reach into the account component
    assertThat(
            outcome(
                s,
                AuthorizationRequest.of(
                    "states:DescribeExecution",
                    "arn:aws:states:us-east-1:111111111111:execution:pipeline:run-1")))
        .isEqualTo(Outcome.IMPLICIT_DENY);
    assertThat(
            outcome(
                s,
                AuthorizationRequest.of(
                    "states:DescribeExecution",
                    "arn:aws:states:us-east-1:000000000000:execution:other:run-1")))
        .isEqualTo(Outcome.IMPLICIT_DENY);
  }

  @Test
  void resourceQuestionMarkMatchesOneCharacter() throws Exception {
    String s =
        "[{\"Effect\":\"Allow\",\"Action\":\"dynamodb:GetItem\","
            + "\"Resource\":\"arn:aws:dynamodb:us-east-1:000000000000:table/lock?\"}]";
    assertThat(outcome(s, AuthorizationRequest.of("dynamodb:GetItem", TABLE)))
        .isEqualTo(Outcome.ALLOWED);
    assertThat(outcome(s, AuthorizationRequest.of("dynamodb:GetItem", TABLE + "s")))
        .isEqualTo(Outcome.IMPLICIT_DENY);
  }

  @Test
  void resourcesAreCaseSensitive() throws Exception {
    String s =
        "[{\"Effect\":\"Allow\",\"Action\":\"dynamodb:GetItem\",\"Resource\":\""
            + TABLE.toUpperCase(java.util.Locale.ROOT).replace("ARN:AWS", "arn:aws")
            + "\"}]";
    assertThat(outcome(s, AuthorizationRequest.of("dynamodb:GetItem", TABLE)))
        .isEqualTo(Outcome.IMPLICIT_DENY);
  }

  @Test
  void notResourceAllowsOtherResources() throws Exception {
    String s =
        "[{\"Effect\":\"Allow\",\"Action\":\"dynamodb:*\",\"NotResource\":\"" + TABLE + "\"}]";
    assertThat(outcome(s, AuthorizationRequest.of("dynamodb:GetItem", TABLE)))
        .isEqualTo(Outcome.IMPLICIT_DENY);
    assertThat(outcome(s, AuthorizationRequest.of("dynamodb:GetItem", TABLE + "-2")))
        .isEqualTo(Outcome.ALLOWED);
  }

  @Test
  void starResourceMatchesActionsWithoutAResourceType() throws Exception {
    String s =
        "[{\"Effect\":\"Allow\",\"Action\":\"cloudwatch:GetMetricData\",\"Resource\":\"*\"}]";
    assertThat(outcome(s, AuthorizationRequest.of("cloudwatch:GetMetricData", "*")))
        .isEqualTo(Outcome.ALLOWED);
    String specific =
        "[{\"Effect\":\"Allow\",\"Action\":\"cloudwatch:GetMetricData\","
            + "\"Resource\":\"arn:aws:cloudwatch:us-east-1:000000000000:alarm:x\"}]";
    assertThat(outcome(specific, AuthorizationRequest.of("cloudwatch:GetMetricData", "*")))
        .isEqualTo(Outcome.IMPLICIT_DENY);
  }

  @Test
  void anAllowWhoseConditionFailsDoesNotAllow() throws Exception {
    String s =
        "[{\"Effect\":\"Allow\",\"Action\":\"iam:PassRole\",\"Resource\":\"*\","
            + "\"Condition\":{\"StringEquals\":{\"iam:PassedToService\":\"ecs-tasks.amazonaws.com\"}}}]";
    assertThat(
            outcome(
                s,
                AuthorizationRequest.of("iam:PassRole", "arn:aws:iam::000000000000:role/r")
                    .with("iam:PassedToService", "ecs-tasks.amazonaws.com")))
        .isEqualTo(Outcome.ALLOWED);
    assertThat(
            outcome(
                s,
                AuthorizationRequest.of("iam:PassRole", "arn:aws:iam::000000000000:role/r")
                    .with("iam:PassedToService", "lambda.amazonaws.com")))
        .isEqualTo(Outcome.IMPLICIT_DENY);
    assertThat(
            outcome(s, AuthorizationRequest.of("iam:PassRole", "arn:aws:iam::000000000000:role/r")))
        .isEqualTo(Outcome.IMPLICIT_DENY);
  }

  @Test
  void aDenyWhoseConditionHoldsDenies() throws Exception {
    String s =
        "[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"},"
            + "{\"Sid\":\"TlsOnly\",\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\","
            + "\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}}]";
    assertThat(
            outcome(
                s,
                AuthorizationRequest.of("sns:Publish", "*").with("aws:SecureTransport", "false")))
        .isEqualTo(Outcome.EXPLICIT_DENY);
    assertThat(
            outcome(
                s, AuthorizationRequest.of("sns:Publish", "*").with("aws:SecureTransport", "true")))
        .isEqualTo(Outcome.ALLOWED);
  }

  @Test
  void statementOrderDoesNotMatterForDeny() throws Exception {
    String s =
        "[{\"Effect\":\"Deny\",\"Action\":\"sns:Publish\",\"Resource\":\"*\"},"
            + "{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]";
    String reversed =
        "[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"},"
            + "{\"Effect\":\"Deny\",\"Action\":\"sns:Publish\",\"Resource\":\"*\"}]";
    assertThat(outcome(s, AuthorizationRequest.of("sns:Publish", "*")))
        .isEqualTo(Outcome.EXPLICIT_DENY);
    assertThat(outcome(reversed, AuthorizationRequest.of("sns:Publish", "*")))
        .isEqualTo(Outcome.EXPLICIT_DENY);
  }

  @Test
  void statementWithoutSidIsNamedByPosition() throws Exception {
    Decision d =
        PolicyEvaluator.evaluate(
            List.of(
                policy(
                    "[{\"Effect\":\"Allow\",\"Action\":\"sqs:x\",\"Resource\":\"*\"},"
                        + "{\"Effect\":\"Allow\",\"Action\":\"sns:Publish\",\"Resource\":\"*\"}]")),
            AuthorizationRequest.of("sns:Publish", "*"));
    assertThat(d.statement()).isEqualTo("#1");
  }

  @Test
  void deniedMessagesAreAws() {
    AuthorizationRequest r = AuthorizationRequest.of("cloudwatch:GetMetricData", "*");
    String who = "arn:aws:sts::000000000000:assumed-role/smoke/fn";
    assertThat(AccessDenied.message(who, r, Decision.IMPLICIT))
        .isEqualTo(
            "User: arn:aws:sts::000000000000:assumed-role/smoke/fn is not authorized to perform:"
                + " cloudwatch:GetMetricData on resource: * because no identity-based policy allows"
                + " the cloudwatch:GetMetricData action");
    assertThat(AccessDenied.message(who, r, new Decision(Outcome.EXPLICIT_DENY, "P", "S")))
        .isEqualTo(
            "User: arn:aws:sts::000000000000:assumed-role/smoke/fn is not authorized to perform:"
                + " cloudwatch:GetMetricData on resource: * with an explicit deny in an"
                + " identity-based policy");
  }
}
