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
  @CsvSource({
    "s3cret, s3cret, true",
    "s3cret, S3CRET, true",
    "s3cret, s3cretx, false",
    "s3cret, xs3cret, false",
    "s3*, S3cret-value, true",
    "s3cre?, s3cret, true",
    "s3cre?, s3cre, false",
    "'a,b', 'a,b', true"
  })
  void headerValuesMatchWholeAndCaseInsensitivelyWithWildcards(
      String pattern, String value, boolean matches) {
    var regex = "^" + RuleConditions.wildcardRegex(pattern) + "$";
    assertThat(Pattern.compile(regex, Pattern.CASE_INSENSITIVE).matcher(value).matches())
        .isEqualTo(matches);
  }

  @org.junit.jupiter.api.Test
  void httpHeaderConditionReadsTheWholeHeaderValueIgnoringCase() {
    var condition =
        RuleCondition.builder()
            .field("http-header")
            .httpHeaderConfig(h -> h.httpHeaderName("X-Slipway-Test").values("abc*"))
            .build();
    // fhdr: the full value (hdr would split at commas); -i: case-insensitive, as ALB compares
    assertThat(RuleConditions.acls(List.of(condition)))
        .containsExactly("req.fhdr(X-Slipway-Test) -i -m reg '^abc.*$'");
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
