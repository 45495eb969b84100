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
 * @param serviceName the {@code Service} dimension of the service's metrics
 */
public record Settings(
    int port, String version, Duration drain, String faultsFile, String serviceName) {

  /**
   * Reads PORT, SERVICE_VERSION, DRAIN_SECONDS, FAULTS_FILE and SERVICE_NAME, with defaults. The
   * version and the service name are metric dimension values, so they must be what CloudWatch takes
   * as one: 1 to 1024 printable ASCII characters, not all spaces.
   */
  public static Settings fromEnvironment(Map<String, String> env) {
    return new Settings(
        number(env, "PORT", 8080),
        dimension(env, "SERVICE_VERSION", "dev"),
        Duration.ofSeconds(number(env, "DRAIN_SECONDS", 5)),
        env.getOrDefault("FAULTS_FILE", "faults.properties"),
        dimension(env, "SERVICE_NAME", "hello"));
  }

  private static String dimension(Map<String, String> env, String key, String fallback) {
    String value = env.get(key);
    if (value == null || value.isEmpty()) {
      return fallback;
    }
    if (value.length() > 1024
        || value.isBlank()
        || !value.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
      throw new IllegalArgumentException(
          key
              + " is a CloudWatch dimension value: 1 to 1024 printable ASCII characters, got '"
              + value
              + "'");
    }
    return value;
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
