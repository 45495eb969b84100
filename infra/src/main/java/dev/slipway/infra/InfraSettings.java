package dev.slipway.infra;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import java.util.TreeMap;
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
 * @param certificateArn ACM certificate (in the stack's region) for the production listener: with
 *     it production is served over HTTPS on 443 and port 80 answers a redirect to HTTPS; without it
 *     production is plain HTTP on 80
 * @param domainNames environment name → the DNS name its production listener is reached at over
 *     HTTPS (one the certificate covers, pointed at that environment's load balancer); required
 *     with {@code certificateArn}, one per environment (the smoke test and the {@code
 *     Url<Environment>} outputs use them: TLS cannot be verified against a load balancer's own DNS
 *     name)
 * @param healthCheckIntervalSeconds seconds between the load balancer's health checks of a task
 *     (5–300, default 10; two passing checks make a new task healthy, three failing ones unhealthy)
 * @param deregistrationDelaySeconds seconds a stopping task keeps serving the requests it has while
 *     the load balancer sends it no new ones (0–3600, default 30); every deploy waits this long
 *     before the old tasks stop, so a service that answers quickly can set it lower
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
    @JsonProperty("existingImageRepository") Boolean existingImageRepository,
    @JsonProperty("certificateArn") String certificateArn,
    @JsonProperty("domainNames") Map<String, String> domainNames,
    @JsonProperty("healthCheckIntervalSeconds") Integer healthCheckIntervalSeconds,
    @JsonProperty("deregistrationDelaySeconds") Integer deregistrationDelaySeconds) {

  private static final Pattern CONNECTION_ARN =
      Pattern.compile(
          "arn:aws[a-z-]*:(codeconnections|codestar-connections):[a-z0-9-]+:\\d{12}:connection/[A-Za-z0-9-]+");

  private static final Pattern CERTIFICATE_ARN =
      Pattern.compile("arn:aws[a-z-]*:acm:[a-z0-9-]+:\\d{12}:certificate/[A-Za-z0-9-]+");

  private static final Pattern DOMAIN_NAME =
      Pattern.compile(
          "(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}");

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
    tls(certificateArn, domainNames);
    domainNames = domainNames == null ? Map.of() : Map.copyOf(new TreeMap<>(domainNames));
    healthCheckIntervalSeconds =
        range("infra.healthCheckIntervalSeconds", healthCheckIntervalSeconds, 10, 5, 300);
    deregistrationDelaySeconds =
        range("infra.deregistrationDelaySeconds", deregistrationDelaySeconds, 30, 0, 3600);
  }

  /**
   * The health check's timeout: 5 s, or less when the interval is that short (ELB requires the
   * timeout to be shorter than the interval).
   */
  public int healthCheckTimeoutSeconds() {
    return Math.min(5, healthCheckIntervalSeconds - 1);
  }

  /** Whether production is served over HTTPS ({@link #certificateArn} is set). */
  public boolean https() {
    return certificateArn != null;
  }

  /**
   * Every environment must have a domain name when production is HTTPS, and no other name may be
   * given (a misspelt environment would otherwise be ignored).
   */
  void checkDomainNames(java.util.List<String> environments) {
    if (!https()) {
      return;
    }
    var missing = environments.stream().filter(e -> !domainNames.containsKey(e)).toList();
    var unknown = domainNames.keySet().stream().filter(e -> !environments.contains(e)).toList();
    if (!missing.isEmpty() || !unknown.isEmpty()) {
      throw new InvalidConfigException(
          "infra.domainNames",
          "needs one DNS name per environment ("
              + String.join(", ", environments)
              + ") with infra.certificateArn"
              + (missing.isEmpty() ? "" : "; missing: " + String.join(", ", missing))
              + (unknown.isEmpty() ? "" : "; not an environment: " + String.join(", ", unknown)));
    }
  }

  private static void tls(String certificateArn, Map<String, String> domainNames) {
    if (certificateArn != null && !CERTIFICATE_ARN.matcher(certificateArn).matches()) {
      throw new InvalidConfigException(
          "infra.certificateArn",
          "'"
              + certificateArn
              + "' is not an ACM certificate ARN"
              + " (arn:aws:acm:<region>:<account>:certificate/<id>)");
    }
    boolean named = domainNames != null && !domainNames.isEmpty();
    if (named) {
      domainNames.forEach(
          (environment, name) -> {
            if (name == null || !DOMAIN_NAME.matcher(name).matches()) {
              throw new InvalidConfigException(
                  "infra.domainNames." + environment,
                  "'" + name + "' is not a DNS name such as app.example.com");
            }
          });
    }
    if (certificateArn != null && !named) {
      throw new InvalidConfigException(
          "infra.domainNames",
          "is required with infra.certificateArn: each environment's DNS name (covered by the"
              + " certificate, pointed at its load balancer), which the smoke test and the Url"
              + " outputs reach it at over HTTPS");
    }
    if (certificateArn == null && named) {
      throw new InvalidConfigException(
          "infra.domainNames",
          "is only used with infra.certificateArn (production over HTTPS); set both or neither");
    }
  }

  /** Every setting at its default. */
  public static InfraSettings defaults() {
    return new InfraSettings(
        null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
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
