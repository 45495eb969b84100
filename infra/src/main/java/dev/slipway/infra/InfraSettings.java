package dev.slipway.infra;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.regex.Pattern;

/**
 * The AWS-side settings of one service, next to its pipeline config in {@code slipway.json}. Every
 * field is optional; {@link #defaults()} lists the defaults.
 *
 * @param connectionArn CodeConnections connection to GitHub; without it CodeBuild uses the
 *     account's GitHub source credential (or reads a public repository)
 * @param containerPort the port the service listens on inside its container
 * @param healthCheckPath the path the load balancer's health check requests
 * @param existingImageRepository use the ECR repository {@code slipway/<service>} that exists (kept
 *     by an earlier {@code cdk destroy}, with its images) instead of creating it, which
 *     CloudFormation would refuse because the name is taken
 */
public record InfraSettings(
    @JsonProperty("connectionArn") String connectionArn,
    @JsonProperty("containerPort") Integer containerPort,
    @JsonProperty("healthCheckPath") String healthCheckPath,
    @JsonProperty("cpu") Integer cpu,
    @JsonProperty("memoryMiB") Integer memoryMiB,
    @JsonProperty("desiredCount") Integer desiredCount,
    @JsonProperty("buildTimeoutMinutes") Integer buildTimeoutMinutes,
    @JsonProperty("deployTimeoutMinutes") Integer deployTimeoutMinutes,
    @JsonProperty("approvalTimeoutHours") Integer approvalTimeoutHours,
    @JsonProperty("logRetentionDays") Integer logRetentionDays,
    @JsonProperty("existingImageRepository") Boolean existingImageRepository) {

  private static final Pattern CONNECTION_ARN =
      Pattern.compile(
          "arn:aws[a-z-]*:(codeconnections|codestar-connections):[a-z0-9-]+:\\d{12}:connection/[A-Za-z0-9-]+");

  /** Fargate's valid CPU units, and the memory (MiB) range each allows. */
  private static final int[][] FARGATE_SIZES = {
    {256, 512, 2048},
    {512, 1024, 4096},
    {1024, 2048, 8192},
    {2048, 4096, 16384},
    {4096, 8192, 30720}
  };

  public InfraSettings {
    if (connectionArn != null && !CONNECTION_ARN.matcher(connectionArn).matches()) {
      throw new InvalidConfigException(
          "infra.connectionArn",
          "'"
              + connectionArn
              + "' is not a CodeConnections connection ARN"
              + " (arn:aws:codeconnections:<region>:<account>:connection/<id>)");
    }
    containerPort = range("infra.containerPort", containerPort, 8080, 1, 65535);
    healthCheckPath = healthCheckPath == null ? "/ready" : healthCheckPath;
    if (!healthCheckPath.startsWith("/")) {
      throw new InvalidConfigException(
          "infra.healthCheckPath", "'" + healthCheckPath + "' must start with '/'");
    }
    cpu = cpu == null ? 256 : cpu;
    memoryMiB = memoryMiB == null ? 512 : memoryMiB;
    fargateSize(cpu, memoryMiB);
    desiredCount = range("infra.desiredCount", desiredCount, 2, 1, 100);
    buildTimeoutMinutes = range("infra.buildTimeoutMinutes", buildTimeoutMinutes, 30, 5, 480);
    deployTimeoutMinutes = range("infra.deployTimeoutMinutes", deployTimeoutMinutes, 30, 5, 240);
    approvalTimeoutHours = range("infra.approvalTimeoutHours", approvalTimeoutHours, 24, 1, 168);
    logRetentionDays = logRetention(logRetentionDays == null ? 30 : logRetentionDays);
    existingImageRepository = Boolean.TRUE.equals(existingImageRepository);
  }

  /** Every setting at its default. */
  public static InfraSettings defaults() {
    return new InfraSettings(null, null, null, null, null, null, null, null, null, null, null);
  }

  private static int range(String field, Integer value, int fallback, int min, int max) {
    int v = value == null ? fallback : value;
    if (v < min || v > max) {
      throw new InvalidConfigException(
          field, v + " is outside the allowed range " + min + "–" + max);
    }
    return v;
  }

  private static void fargateSize(int cpu, int memory) {
    StringBuilder allowed = new StringBuilder();
    for (int[] size : FARGATE_SIZES) {
      if (size[0] == cpu) {
        if (memory < size[1] || memory > size[2]) {
          throw new InvalidConfigException(
              "infra.memoryMiB",
              memory
                  + " is not allowed with cpu "
                  + cpu
                  + "; Fargate allows "
                  + size[1]
                  + "–"
                  + size[2]
                  + " MiB");
        }
        return;
      }
      allowed.append(allowed.isEmpty() ? "" : ", ").append(size[0]);
    }
    throw new InvalidConfigException("infra.cpu", cpu + " is not one of " + allowed);
  }

  private static int logRetention(int days) {
    int[] allowed = {1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1827, 3653};
    for (int a : allowed) {
      if (a == days) {
        return days;
      }
    }
    throw new InvalidConfigException(
        "infra.logRetentionDays",
        days
            + " is not one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1827, 3653");
  }
}
