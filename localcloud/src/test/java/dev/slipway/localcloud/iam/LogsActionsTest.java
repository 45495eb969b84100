package dev.slipway.localcloud.iam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.localcloud.iam.Decision.Outcome;
import dev.slipway.localcloud.protocol.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * CloudWatch Logs calls map to the actions and resources of the Service Authorization Reference.
 */
class LogsActionsTest {
  private final RequestActions actions = new RequestActions(ResourceLookup.NONE);

  private AuthorizationRequest only(String op, String input) throws Exception {
    RequestActions.Mapped m = actions.map("logs", op, Json.MAPPER.readTree(input));
    assertThat(m.mapped()).isTrue();
    assertThat(m.requests()).hasSize(1);
    return m.requests().getFirst();
  }

  @Test
  void readCallsNameTheirGroupOrStream() throws Exception {
    assertThat(only("DescribeLogGroups", "{}").resource()).isEqualTo("*");
    assertThat(only("DescribeLogStreams", "{\"logGroupName\":\"/aws/lambda/f\"}").resource())
        .isEqualTo("arn:aws:logs:us-east-1:000000000000:log-group:/aws/lambda/f:log-stream:");
    assertThat(
            only(
                    "FilterLogEvents",
                    "{\"logGroupIdentifier\":\"arn:aws:logs:us-east-1:000000000000:log-group:/ecs/x:*\"}")
                .resource())
        .isEqualTo("arn:aws:logs:us-east-1:000000000000:log-group:/ecs/x:log-stream:");
    AuthorizationRequest get =
        only("GetLogEvents", "{\"logGroupName\":\"/aws/lambda/f\",\"logStreamName\":\"s/1\"}");
    assertThat(get.action()).isEqualTo("logs:GetLogEvents");
    assertThat(get.resource())
        .isEqualTo("arn:aws:logs:us-east-1:000000000000:log-group:/aws/lambda/f:log-stream:s/1");
  }

  @Test
  void aGrantOnTheGroupsStreamsAllowsAndOneOnAnotherGroupDoesNot() throws Exception {
    Policy grant =
        new Policy(
            "P",
            Json.MAPPER.readTree(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
                    + "[\"logs:FilterLogEvents\",\"logs:GetLogEvents\"],\"Resource\":"
                    + "\"arn:aws:logs:us-east-1:000000000000:log-group:/aws/lambda/f:*\"}]}"));
    assertThat(
            PolicyEvaluator.evaluate(
                    List.of(grant), only("FilterLogEvents", "{\"logGroupName\":\"/aws/lambda/f\"}"))
                .outcome())
        .isEqualTo(Outcome.ALLOWED);
    assertThat(
            PolicyEvaluator.evaluate(
                    List.of(grant), only("FilterLogEvents", "{\"logGroupName\":\"/aws/lambda/g\"}"))
                .outcome())
        .isEqualTo(Outcome.IMPLICIT_DENY);
    assertThat(PolicyEvaluator.evaluate(List.of(grant), only("DescribeLogGroups", "{}")).outcome())
        .isEqualTo(Outcome.IMPLICIT_DENY);
  }
}
