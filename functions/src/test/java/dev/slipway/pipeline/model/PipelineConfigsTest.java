package dev.slipway.pipeline.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PipelineConfigsTest {

  @Test
  void minimalConfigTakesDefaults() {
    PipelineConfig config =
        PipelineConfigs.parse("{\"service\": \"hello\", \"repository\": \"acme/hello\"}");

    assertThat(config.branch()).isEqualTo("main");
    assertThat(config.environments()).containsExactly("staging", "production");
    assertThat(config.productionEnvironment()).isEqualTo("production");
    assertThat(config.strategy()).isEqualTo(Strategy.ROLLING);
    assertThat(config.canarySteps()).containsExactly(5, 25, 50, 100);
    assertThat(config.bakeSeconds()).isEqualTo(300);
    assertThat(config.maxBakeExtensions()).isEqualTo(2);
    assertThat(config.inconclusiveCanary()).isEqualTo(InconclusivePolicy.ROLLBACK);
    assertThat(config.analysis()).isEqualTo(AnalysisThresholds.defaults());
    assertThat(config.scan().maxCritical()).isZero();
    assertThat(config.approvalRequired()).isFalse();
    assertThat(config.freezeWindows()).isEmpty();
    assertThat(config.notifications().onFailure()).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"rollback, ROLLBACK", "pause, PAUSE", "promote, PROMOTE"})
  void readsTheInconclusiveCanaryPolicyAndWritesItBack(String wire, InconclusivePolicy policy) {
    PipelineConfig config =
        PipelineConfigs.parse(
            "{\"service\": \"hello\", \"repository\": \"acme/hello\", \"inconclusiveCanary\": \""
                + wire
                + "\"}");

    assertThat(config.inconclusiveCanary()).isEqualTo(policy);
    assertThat(PipelineConfigs.toJson(config)).contains("\"inconclusiveCanary\":\"" + wire + "\"");
  }

  @Test
  void readsFreezeWindowsInLocalTime() {
    FreezeWindow window = ModelFixtures.config().freezeWindows().getFirst();

    assertThat(window.start()).isEqualTo(new WeeklyTime(DayOfWeek.FRIDAY, LocalTime.of(15, 0)));
    assertThat(window.end()).isEqualTo(new WeeklyTime(DayOfWeek.MONDAY, LocalTime.of(8, 0)));
    assertThat(window.mode()).isEqualTo(FreezeMode.WAIT);
    assertThat(window.appliesTo("production")).isTrue();
    assertThat(window.appliesTo("staging")).isFalse();
  }

  @Test
  void writtenConfigParsesBackToTheSameConfig() {
    PipelineConfig config = ModelFixtures.config();

    assertThat(PipelineConfigs.parse(PipelineConfigs.toJson(config))).isEqualTo(config);
    assertThat(PipelineConfigs.toJson(config)).contains("\"start\":\"Fri 15:00\"");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          "strategy": "canery"                | strategy: 'canery' is not one of rolling, blue-green, canary
          "stratgy": "canary"                 | stratgy: unknown field; known fields are [analysis, approvalRequired, bakeSeconds
          "canarySteps": [5, 50, 25, 100]     | canarySteps[2]: 25 must be above the previous step (50) and at most 100
          "canarySteps": [10, 50]             | canarySteps: [10, 50] must end at 100
          "bakeSeconds": -1                   | bakeSeconds: -1 is below the minimum 0
          "inconclusiveCanary": "wait"        | inconclusiveCanary: 'wait' is not one of rollback, pause, promote
          "inconclusiveCanary": "Pause"       | inconclusiveCanary: 'Pause' is not one of rollback, pause, promote
          "bakeSeconds": "soon"               | bakeSeconds:
          "environments": []                  | environments: needs at least one environment
          "environments": ["qa", "qa"]        | environments[1]: 'qa' is listed twice
          "environments": ["Prod"]            | environments[0]: 'Prod' must be lowercase letters
          "analysis": {"maxErrorRateRatio": 0.5} | analysis.maxErrorRateRatio: 0.5 must be at least 1.0
          "analysis": {"latencyPValue": 2}    | analysis.latencyPValue: 2.0 is not between
          "scan": {"maxHigh": -3}             | scan.maxHigh: -3 is below the minimum 0
          "smokeChecks": [{"path": "healthz"}] | smokeChecks[0].path: 'healthz' must start with '/'
          "smokeChecks": [{"path": "/", "expectedStatus": 42}] | smokeChecks[0].expectedStatus: 42 is not an HTTP status
          "notifications": {"emails": ["ops"]} | notifications.emails[0]: 'ops' is not an e-mail address
          "freezeWindows": [{"start": "Fri 15:00", "end": "Mon 08:00", "timeZone": "Europe/Berln"}] | freezeWindows[0].timeZone: 'Europe/Berln' is not an IANA time zone id
          "freezeWindows": [{"start": "Fryday 15:00", "end": "Mon 08:00", "timeZone": "UTC"}] | freezeWindows[0].start: 'Fryday 15:00' is not a weekly time like 'Fri 15:00'
          "freezeWindows": [{"start": "Fri 25:00", "end": "Mon 08:00", "timeZone": "UTC"}] | freezeWindows[0].start: 'Fri 25:00' is not a weekly time
          "freezeWindows": [{"start": "Fri 15:00", "end": "Fri 15:00", "timeZone": "UTC"}] | freezeWindows[0].end: equals start (Fri 15:00)
          "freezeWindows": [{"start": "Fri 15:00", "end": "Mon 08:00", "timeZone": "UTC", "mode": "block"}] | freezeWindows[0].mode: 'block' is not one of wait, refuse
          "freezeWindows": [{"environments": ["prod"], "start": "Fri 15:00", "end": "Mon 08:00", "timeZone": "UTC"}] | freezeWindows[0].environments[0]: 'prod' is not one of staging, production
          "repository": "hello"               | repository: 'hello' is not a GitHub repository of the form owner/name
          "service": "Hello World"            | service: 'Hello World' must be lowercase letters
          """)
  void rejectsBadFieldNamingItAndTheAllowedValues(String field, String message) {
    String json = "{\"service\": \"hello\", \"repository\": \"acme/hello\", " + field + "}";
    // a later duplicate key overrides the earlier one, so service/repository can be replaced too
    assertThatThrownBy(() -> PipelineConfigs.parse(json))
        .isInstanceOf(InvalidPipelineConfigException.class)
        .hasMessageStartingWith(message);
  }

  @Test
  void rejectsMissingServiceByName() {
    assertThatThrownBy(() -> PipelineConfigs.parse("{\"repository\": \"acme/hello\"}"))
        .isInstanceOf(InvalidPipelineConfigException.class)
        .hasMessage("service: is required (a non-empty string)");
  }

  @Test
  void rejectsMalformedJsonWithItsLocation() {
    assertThatThrownBy(() -> PipelineConfigs.parse("{\"service\": \"hello\",\n  oops}"))
        .isInstanceOf(InvalidPipelineConfigException.class)
        .hasMessageStartingWith("pipeline config is not valid JSON")
        .hasMessageContaining("line 2");
  }

  @Test
  void rejectsEmptyAndNullConfig() {
    for (String json : List.of("", "  ", "null")) {
      assertThatThrownBy(() -> PipelineConfigs.parse(json))
          .isInstanceOf(InvalidPipelineConfigException.class)
          .hasMessageContaining("expected a JSON object");
    }
  }
}
