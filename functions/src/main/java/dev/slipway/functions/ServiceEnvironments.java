package dev.slipway.functions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.slipway.pipeline.model.PipelineJson;
import java.util.Map;
import java.util.TreeMap;

/** The environments of this service, parsed from {@code SLIPWAY_ENVIRONMENTS}. */
public record ServiceEnvironments(Map<String, EnvironmentTarget> targets) {

  /** The environment variable the CDK app fills. */
  public static final String VARIABLE = "SLIPWAY_ENVIRONMENTS";

  public ServiceEnvironments {
    targets = Map.copyOf(targets);
  }

  /** Parses the JSON object {@code {"<env>": {cluster, service, ...}}}. */
  public static ServiceEnvironments parse(String json) {
    try {
      Map<String, EnvironmentTarget> parsed =
          PipelineJson.mapper()
              .readValue(json, new TypeReference<TreeMap<String, EnvironmentTarget>>() {});
      if (parsed == null) {
        throw new IllegalArgumentException(VARIABLE + " is JSON null; expected an object");
      }
      parsed.forEach(ServiceEnvironments::validate);
      return new ServiceEnvironments(parsed);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          VARIABLE + " is not a JSON object of environments: " + e.getOriginalMessage(), e);
    }
  }

  /** From the process environment. */
  public static ServiceEnvironments from(Env env) {
    return parse(env.required(VARIABLE));
  }

  /** The named environment; fails naming the known ones. */
  public EnvironmentTarget get(String environment) {
    EnvironmentTarget target = targets.get(environment);
    if (target == null) {
      throw new IllegalArgumentException(
          "environment '"
              + environment
              + "' is not in "
              + VARIABLE
              + " (known: "
              + String.join(", ", new TreeMap<>(targets).keySet())
              + ")");
    }
    return target;
  }

  private static void validate(String name, EnvironmentTarget target) {
    if (target == null) {
      throw new IllegalArgumentException(VARIABLE + "." + name + " is null");
    }
    require(name, "cluster", target.cluster());
    require(name, "service", target.service());
    require(name, "taskFamily", target.taskFamily());
    require(name, "containerName", target.containerName());
    require(name, "url", target.url());
  }

  private static void require(String env, String field, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(
          VARIABLE + "." + env + "." + field + " is missing; the CDK app must set it");
    }
  }
}
