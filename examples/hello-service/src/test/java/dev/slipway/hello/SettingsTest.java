package dev.slipway.hello;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {
  @Test
  void defaultsToPort8080AndFiveSecondDrain() {
    Settings s = Settings.fromEnvironment(Map.of());
    assertThat(s)
        .isEqualTo(new Settings(8080, "dev", Duration.ofSeconds(5), "faults.properties", "hello"));
  }

  @Test
  void readsVersionPortAndDrainFromEnvironment() {
    Settings s =
        Settings.fromEnvironment(
            Map.of("PORT", "9000", "SERVICE_VERSION", "abc123", "DRAIN_SECONDS", "0"));
    assertThat(s.port()).isEqualTo(9000);
    assertThat(s.version()).isEqualTo("abc123");
    assertThat(s.drain()).isZero();
  }

  @Test
  void rejectsBadDrainNamingTheVariable() {
    assertThatThrownBy(() -> Settings.fromEnvironment(Map.of("DRAIN_SECONDS", "soon")))
        .hasMessageContaining("DRAIN_SECONDS must be a whole number")
        .hasMessageContaining("'soon'");
  }

  @Test
  void readsTheServiceNameAndRejectsDimensionValuesCloudWatchWouldNotTake() {
    assertThat(Settings.fromEnvironment(Map.of("SERVICE_NAME", "checkout")).serviceName())
        .isEqualTo("checkout");
    assertThatThrownBy(() -> Settings.fromEnvironment(Map.of("SERVICE_NAME", "  ")))
        .hasMessageContaining("SERVICE_NAME is a CloudWatch dimension value");
    assertThatThrownBy(() -> Settings.fromEnvironment(Map.of("SERVICE_VERSION", "v\u00e9")))
        .hasMessageContaining("SERVICE_VERSION");
  }
}
