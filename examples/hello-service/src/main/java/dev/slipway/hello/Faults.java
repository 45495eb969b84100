package dev.slipway.hello;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;

/**
 * The fault switches from {@code faults.properties}, committed in the service's repository so that
 * a commit is what breaks the service.
 *
 * @param failPercent share of API requests answered with 500, 0–100
 * @param latencyMillis extra latency per API request
 * @param readyFails whether {@code /ready} answers 503
 * @param startFails whether the service exits with status 1 at start
 * @param testFails whether the fault-switch unit test fails (a build failure)
 */
public record Faults(
    int failPercent,
    long latencyMillis,
    boolean readyFails,
    boolean startFails,
    boolean testFails) {

  /** All switches off. */
  public static final Faults NONE = new Faults(0, 0, false, false, false);

  private static final Set<String> KEYS =
      Set.of("fail.percent", "latency.ms", "ready.fail", "start.fail", "test.fail");

  /** Checks ranges. */
  public Faults {
    if (failPercent < 0 || failPercent > 100) {
      throw new IllegalArgumentException(
          "fail.percent must be between 0 and 100, got " + failPercent);
    }
    if (latencyMillis < 0) {
      throw new IllegalArgumentException("latency.ms must be 0 or more, got " + latencyMillis);
    }
  }

  /** Reads the switches; a missing file means all off. */
  public static Faults load(Path file) throws IOException {
    if (!Files.exists(file)) {
      return NONE;
    }
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(file)) {
      p.load(in);
    }
    return parse(p, file.toString());
  }

  /** Reads the switches from properties; unknown keys and bad values name the file and key. */
  public static Faults parse(Properties p, String source) {
    for (String key : p.stringPropertyNames()) {
      if (!KEYS.contains(key)) {
        throw new IllegalArgumentException(
            source + ": unknown fault switch '" + key + "'; known: " + String.join(", ", KEYS));
      }
    }
    try {
      return new Faults(
          Integer.parseInt(p.getProperty("fail.percent", "0").strip()),
          Long.parseLong(p.getProperty("latency.ms", "0").strip()),
          bool(p, "ready.fail", source),
          bool(p, "start.fail", source),
          bool(p, "test.fail", source));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          source + ": fail.percent and latency.ms must be whole numbers (" + e.getMessage() + ")",
          e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
  }

  private static boolean bool(Properties p, String key, String source) {
    String value = p.getProperty(key, "false").strip();
    return switch (value) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw new IllegalArgumentException(
              key + " must be true or false, got '" + value + "' in " + source);
    };
  }
}
