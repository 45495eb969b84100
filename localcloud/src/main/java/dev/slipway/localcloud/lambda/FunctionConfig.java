package dev.slipway.localcloud.lambda;

import dev.slipway.localcloud.protocol.AwsErrors;
import dev.slipway.localcloud.protocol.Json;
import dev.slipway.localcloud.server.LocalAws;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * A function as deployed: what Lambda needs to start and call it.
 *
 * @param name function name
 * @param handler {@code pkg.Class::method} or {@code pkg.Class}
 * @param runtime e.g. {@code java21}
 * @param memoryMb MemorySize; the JVM heap limit (-Xmx)
 * @param timeoutSeconds invocation timeout
 * @param environment the function's environment variables
 * @param code the handler jar, or a directory with classes and {@code lib/*.jar}
 * @param reservedConcurrency the most JVMs run at once (null: local default)
 * @param snapStart {@code SnapStart.ApplyOn: PublishedVersions}: published versions start from a
 *     snapshot taken after init (local mode: init runs the runtime's checkpoint hooks, then
 *     resumes)
 * @param version {@code $LATEST}, or the number of a published version
 * @param logGroup where its logs go: {@code LoggingConfig.LogGroup}, else {@code
 *     /aws/lambda/<name>}
 */
public record FunctionConfig(
    String name,
    String handler,
    String runtime,
    int memoryMb,
    int timeoutSeconds,
    Map<String, String> environment,
    Path code,
    Integer reservedConcurrency,
    boolean snapStart,
    String version,
    String logGroup) {

  /** The unqualified version every function has. */
  public static final String LATEST = "$LATEST";

  /** A function's {@code $LATEST}, without SnapStart. */
  public FunctionConfig(
      String name,
      String handler,
      String runtime,
      int memoryMb,
      int timeoutSeconds,
      Map<String, String> environment,
      Path code,
      Integer reservedConcurrency) {
    this(
        name,
        handler,
        runtime,
        memoryMb,
        timeoutSeconds,
        environment,
        code,
        reservedConcurrency,
        false,
        LATEST,
        null);
  }

  /** Checks the values Lambda would reject. */
  public FunctionConfig {
    if (name == null || !name.matches("[A-Za-z0-9_-]{1,64}")) {
      throw new IllegalArgumentException(
          "function name must be 1-64 of [A-Za-z0-9_-], got " + name);
    }
    if (memoryMb < 128 || memoryMb > 10240) {
      throw new IllegalArgumentException(
          name + ": MemorySize must be 128-10240 MB, got " + memoryMb);
    }
    if (timeoutSeconds < 1 || timeoutSeconds > 900) {
      throw new IllegalArgumentException(name + ": Timeout must be 1-900 s, got " + timeoutSeconds);
    }
    checkEnvironmentSize(environment);
    environment = Map.copyOf(environment);
    if (version == null) {
      version = LATEST;
    }
    if (logGroup == null) {
      logGroup = "/aws/lambda/" + name;
    }
  }

  /** Lambda's limit on a function's environment variables, keys and values as JSON: 4 KB. */
  public static final int MAX_ENVIRONMENT_BYTES = 4096;

  /**
   * Refuses environment variables over Lambda's 4 KB, measured as Lambda measures them (the JSON
   * object of names and values), with its {@code InvalidParameterValueException} and message.
   */
  static void checkEnvironmentSize(Map<String, String> environment) {
    String measured;
    try {
      measured = Json.MAPPER.writeValueAsString(environment);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
    if (measured.getBytes(StandardCharsets.UTF_8).length > MAX_ENVIRONMENT_BYTES) {
      throw AwsErrors.generic(
          400,
          "InvalidParameterValueException",
          "Lambda was unable to configure your environment variables because the environment"
              + " variables you have provided exceeded the 4KB limit. String measured: "
              + measured);
    }
  }

  /** The function's ARN (unqualified). */
  public String arn() {
    return LocalAws.arn("lambda", "function:" + name);
  }

  /** The ARN of this version: {@code arn()} for {@code $LATEST}, else {@code arn():<version>}. */
  public String versionArn() {
    return version.equals(LATEST) ? arn() : arn() + ":" + version;
  }

  /** This configuration published as {@code number}. */
  public FunctionConfig published(String number) {
    return new FunctionConfig(
        name,
        handler,
        runtime,
        memoryMb,
        timeoutSeconds,
        environment,
        code,
        reservedConcurrency,
        snapStart,
        number,
        logGroup);
  }

  /**
   * Whether a JVM of this configuration initializes for SnapStart: a published version of a
   * function with SnapStart on ({@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start}).
   */
  public boolean restoresFromSnapshot() {
    return snapStart && !version.equals(LATEST);
  }
}
