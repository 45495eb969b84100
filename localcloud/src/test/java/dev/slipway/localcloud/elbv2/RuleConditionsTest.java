package dev.slipway.localcloud.elbv2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RuleCondition;

class RuleConditionsTest {

  @ParameterizedTest
  @CsvSource({
    "/api/*, /api/users, true",
    "/api/*, /api, false",
    "/api/*, /apix/users, false",
    "/v?/x, /v2/x, true",
    "/v?/x, /v22/x, false",
    "/a.b, /a.b, true",
    "/a.b, /aXb, false",
    "*.json, /x/y.json, true",
    "/(x)+, /(x)+, true",
    "/(x)+, /xx, false"
  })
  void wildcardsMatchAsElbv2Does(String pattern, String path, boolean matches) {
    var regex = "^" + RuleConditions.wildcardRegex(pattern) + "$";
    assertThat(Pattern.matches(regex, path)).isEqualTo(matches);
  }

  @ParameterizedTest
  @CsvSource({"/a\\b", "/a b", "/a^b"})
  void refusesCharactersItCannotMatchSafely(String pattern) {
    assertThatThrownBy(() -> RuleConditions.wildcardRegex(pattern))
        .isInstanceOf(AwsServiceException.class)
        .hasMessageContaining(pattern);
  }

  @ParameterizedTest
  @CsvSource({"query-string", "source-ip"})
  void namesUnsupportedConditionFields(String field) {
    var condition = RuleCondition.builder().field(field).values("x").build();
    assertThatThrownBy(() -> RuleConditions.acls(List.of(condition)))
        .isInstanceOf(AwsServiceException.class)
        .hasMessageContaining(field);
  }
}
