package dev.slipway.hello;

import java.time.Duration;
import java.util.Map;

/**
 * The service's settings from its environment.
 *
 * @param port listen port
 * @param version the git SHA the image was built from ("dev" outside an image)
 * @param drain how long to keep serving after SIGTERM
 * @param faultsFile path of the fault switches file
 */
public record Settings(int port, String version, Duration drain, String faultsFile) {

  /** Reads PORT, SERVICE_VERSION, DRAIN_SECONDS and FAULTS_FILE, with defaults. */
  public static Settings fromEnvironment(Map<String, String> env) {
    return new Settings(
        number(env, "PORT", 8080),
        env.getOrDefault("SERVICE_VERSION", "dev"),
        Duration.ofSeconds(number(env, "DRAIN_SECONDS", 5)),
        env.getOrDefault("FAULTS_FILE", "faults.properties"));
  }

  private static int number(Map<String, String> env, String key, int fallback) {
    String value = env.get(key);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(value.strip());
      if (n < 0) {
        throw new NumberFormatException("negative");
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          key + " must be a whole number of 0 or more, got '" + value + "'", e);
    }
  }
}
