package dev.slipway.pipeline.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Canary analysis settings that could never judge are refused when the config is read. */
class AnalysisConfigTest {
  private static final String APP_LATENCY =
      "{\"name\": \"app-latency\", \"type\": \"value\", \"namespace\": \"HelloService\","
          + " \"metric\": \"Latency\", \"dimensions\": {\"Service\": \"hello\", \"Version\":"
          + " \"{version}\"}, \"periodSeconds\": 1, \"delaySeconds\": 5}";

  private static PipelineConfig canary(String settings) {
    return PipelineConfigs.parse(
        "{\"service\": \"hello\", \"repository\": \"acme/hello\", \"strategy\": \"canary\", "
            + settings
            + "}");
  }

  @Test
  void theDefaultsJudgeOnTheLoadBalancersMinutesWithABudgetPerDeploy() {
    var config = canary("\"bakeSeconds\": 300");

    assertThat(config.analysis().checks())
        .extracting(MetricCheck::name)
        .containsExactly("alb-errors", "alb-latency");
    assertThat(config.analysis().falseRollbackRate()).isEqualTo(0.01);
    // 2 checks x 4 steps x 3 bakes
    assertThat(config.analysis().alphaPerLook(4, 2)).isEqualTo(0.01 / 24);
    assertThat(AnalysisThresholds.minSamplesToFail(0.01 / 24)).isEqualTo(7);
  }

  @Test
  void aBakeTooShortForOneMinuteDataIsRefusedWithTheBakeItNeeds() {
    assertThatThrownBy(() -> canary("\"bakeSeconds\": 30"))
        .isInstanceOf(InvalidPipelineConfigException.class)
        .hasMessageContaining("bakeSeconds: 30 s with 2 extension(s) gives check alb-errors")
        .hasMessageContaining("raise bakeSeconds to at least 60");
    assertThatThrownBy(() -> canary("\"bakeSeconds\": 120"))
        .hasMessageContaining("check alb-latency at most 4 settled period(s) of 60 s")
        .hasMessageContaining("needs 7 to judge: raise bakeSeconds to at least 180");
    assertThat(canary("\"bakeSeconds\": 180").bakeSeconds()).isEqualTo(180);
  }

  @Test
  void aLatencyGateThatCouldNeverFailIsRefused() {
    assertThatThrownBy(
            () -> canary("\"bakeSeconds\": 600, \"analysis\": {\"minLatencySamples\": 3}"))
        .hasMessageContaining("analysis.minLatencySamples")
        .hasMessageContaining("3 samples per group can never fail this check")
        .hasMessageContaining("needs at least 7");
  }

  @Test
  void aHighResolutionCustomCheckAllowsShortBakes() {
    var config = canary("\"bakeSeconds\": 30, \"analysis\": {\"checks\": [" + APP_LATENCY + "]}");

    MetricCheck check = config.analysis().checks().getFirst();
    assertThat(check.source()).isEqualTo(MetricCheck.Source.CUSTOM);
    assertThat(check.statistic()).isEqualTo("Average");
    assertThat(check.dimensionsFor("abc")).containsEntry("Version", "abc");
  }

  @Test
  void customChecksAreValidatedByName() {
    assertThatThrownBy(
            () ->
                canary(
                    "\"analysis\": {\"checks\": [{\"name\": \"x\", \"type\": \"value\","
                        + " \"namespace\": \"App\", \"metric\": \"Latency\"}]}"))
        .hasMessageContaining("analysis.checks[x].dimensions")
        .hasMessageContaining("{version}");
    assertThatThrownBy(
            () ->
                canary(
                    "\"analysis\": {\"checks\": ["
                        + APP_LATENCY.replace("\": 1,", "\": 15,")
                        + "]}"))
        .hasMessageContaining("15 is not a period CloudWatch serves");
    assertThatThrownBy(
            () ->
                canary(
                    "\"analysis\": {\"checks\": [{\"name\": \"alb-latency\", \"type\": \"value\","
                        + " \"periodSeconds\": 10}]}"))
        .hasMessageContaining("publishes its metrics once a minute");
    assertThatThrownBy(
            () -> canary("\"analysis\": {\"checks\": [" + APP_LATENCY + ", " + APP_LATENCY + "]}"))
        .hasMessageContaining("two checks are named 'app-latency'");
  }

  @Test
  void aRollingDeployIsNotHeldToCanaryRules() {
    var config =
        PipelineConfigs.parse(
            "{\"service\": \"hello\", \"repository\": \"acme/hello\", \"bakeSeconds\": 5}");
    assertThat(config.bakeSeconds()).isEqualTo(5);
  }
}
