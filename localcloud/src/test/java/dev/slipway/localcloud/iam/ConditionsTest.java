package dev.slipway.localcloud.iam;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The condition operators and IAM's rules for missing keys, IfExists and set qualifiers. */
class ConditionsTest {
  static boolean holds(String op, List<String> request, String... policy) {
    return Conditions.holds(op, request, List.of(policy));
  }

  @Test
  void stringEqualsIsExactAndCaseSensitive() {
    assertThat(holds("StringEquals", List.of("ecs-tasks.amazonaws.com"), "ecs-tasks.amazonaws.com"))
        .isTrue();
    assertThat(holds("StringEquals", List.of("ECS-tasks.amazonaws.com"), "ecs-tasks.amazonaws.com"))
        .isFalse();
    assertThat(holds("StringEquals", List.of("ecs-*"), "ecs-*")).isTrue();
    assertThat(holds("StringEquals", List.of("ecs-tasks"), "ecs-*")).isFalse();
  }

  @Test
  void anyPolicyValueMayMatch() {
    assertThat(holds("StringEquals", List.of("b"), "a", "b")).isTrue();
  }

  @Test
  void stringEqualsIgnoreCase() {
    assertThat(holds("StringEqualsIgnoreCase", List.of("ABC"), "abc")).isTrue();
    assertThat(holds("StringNotEqualsIgnoreCase", List.of("ABC"), "abc")).isFalse();
  }

  @Test
  void stringLikeTakesWildcards() {
    assertThat(holds("StringLike", List.of("ecs-tasks.amazonaws.com"), "ecs-*")).isTrue();
    assertThat(holds("StringLike", List.of("lambda.amazonaws.com"), "ecs-?asks*")).isFalse();
    assertThat(holds("StringNotLike", List.of("lambda.amazonaws.com"), "ecs-*")).isTrue();
  }

  @Test
  void arnEqualsAndArnLikeCompareComponents() {
    String cluster = "arn:aws:ecs:us-east-1:000000000000:cluster/staging";
    assertThat(holds("ArnEquals", List.of(cluster), cluster)).isTrue();
    assertThat(
            holds(
                "ArnEquals",
                List.of(cluster),
                "arn:aws:ecs:us-east-1:000000000000:cluster/production"))
        .isFalse();
    assertThat(holds("ArnLike", List.of(cluster), "arn:aws:ecs:*:000000000000:cluster/*")).isTrue();
    assertThat(holds("ArnLike", List.of(cluster), "arn:aws:ecs:*:111111111111:cluster/*"))
        .isFalse();
    assertThat(holds("ArnNotLike", List.of(cluster), "arn:aws:ecs:*:111111111111:cluster/*"))
        .isTrue();
  }

  @Test
  void boolComparesTrueAndFalse() {
    assertThat(holds("Bool", List.of("true"), "true")).isTrue();
    assertThat(holds("Bool", List.of("false"), "true")).isFalse();
    assertThat(holds("Bool", List.of("TRUE"), "true")).isTrue();
  }

  @Test
  void numericOperators() {
    assertThat(holds("NumericLessThan", List.of("5"), "10")).isTrue();
    assertThat(holds("NumericGreaterThanEquals", List.of("10"), "10")).isTrue();
    assertThat(holds("NumericEquals", List.of("x"), "10")).isFalse();
  }

  @Test
  void missingKeyFailsPositiveOperatorsAndSatisfiesNegatedOnes() {
    assertThat(holds("StringEquals", null, "a")).isFalse();
    assertThat(holds("ArnLike", null, "*")).isFalse();
    assertThat(holds("Bool", null, "true")).isFalse();
    assertThat(holds("StringNotEquals", null, "a")).isTrue();
    assertThat(holds("ArnNotEquals", null, "a")).isTrue();
  }

  @Test
  void ifExistsLetsAMissingKeyPass() {
    assertThat(holds("StringEqualsIfExists", null, "a")).isTrue();
    assertThat(holds("StringEqualsIfExists", List.of("b"), "a")).isFalse();
    assertThat(holds("BoolIfExists", List.of("false"), "true")).isFalse();
  }

  @Test
  void nullTestsPresence() {
    assertThat(holds("Null", null, "true")).isTrue();
    assertThat(holds("Null", List.of("x"), "true")).isFalse();
    assertThat(holds("Null", List.of("x"), "false")).isTrue();
  }

  @Test
  void setQualifiers() {
    assertThat(holds("ForAllValues:StringEquals", List.of("a", "b"), "a", "b", "c")).isTrue();
    assertThat(holds("ForAllValues:StringEquals", List.of("a", "d"), "a", "b")).isFalse();
    assertThat(holds("ForAllValues:StringEquals", null, "a")).isTrue();
    assertThat(holds("ForAnyValue:StringEquals", List.of("x", "b"), "a", "b")).isTrue();
    assertThat(holds("ForAnyValue:StringEquals", null, "a")).isFalse();
  }

  @Test
  void negatedOperatorOnSeveralValuesNeedsAllToDiffer() {
    assertThat(holds("StringNotEquals", List.of("x", "a"), "a")).isFalse();
    assertThat(holds("StringNotEquals", List.of("x", "y"), "a")).isTrue();
  }

  @Test
  void unknownOperatorsFail() {
    assertThat(holds("DateLessThanButNotReally", List.of("a"), "a")).isFalse();
  }

  @Test
  void keyNamesAreCaseInsensitiveAndAllKeysMustHold() throws Exception {
    var block =
        dev.slipway.localcloud.protocol.Json.MAPPER.readTree(
            "{\"StringEquals\":{\"IAM:passedToService\":\"ecs-tasks.amazonaws.com\"},"
                + "\"Bool\":{\"aws:SecureTransport\":\"true\"}}");
    AuthorizationRequest r =
        AuthorizationRequest.of("iam:PassRole", "*")
            .with("iam:PassedToService", "ecs-tasks.amazonaws.com");
    assertThat(Conditions.hold(block, r)).isFalse();
    assertThat(Conditions.hold(block, r.with("aws:SecureTransport", "true"))).isTrue();
  }

  @Test
  void wildcardBacktracking() {
    assertThat(Wildcards.matches("a*b*c", "aXbYbZc", false)).isTrue();
    assertThat(Wildcards.matches("a*b*c", "aXbYbZ", false)).isFalse();
    assertThat(Wildcards.matches("*", "", false)).isTrue();
    assertThat(Wildcards.arnMatches("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a:b/c")).isTrue();
  }
}
