package dev.slipway.functions;

import java.util.Map;
import java.util.Optional;

/** The handler's environment variables (set by the CDK app), readable with clear errors. */
public record Env(Map<String, String> values) {

  public Env {
    values = Map.copyOf(values);
  }

  /** The process environment. */
  public static Env system() {
    return new Env(System.getenv());
  }

  /** A variable the handler cannot work without. */
  public String required(String name) {
    String value = values.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          "Environment variable "
              + name
              + " is not set; the Slipway stack sets it on this function (see"
              + " statemachines/CONTRACT.md), redeploy the stack or set it by hand");
    }
    return value;
  }

  /** A variable that may be absent or blank. */
  public Optional<String> optional(String name) {
    return Optional.ofNullable(values.get(name)).filter(v -> !v.isBlank());
  }
}
