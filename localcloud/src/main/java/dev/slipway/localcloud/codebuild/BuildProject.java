package dev.slipway.localcloud.codebuild;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A CodeBuild project as local mode runs it, from a CreateProject request (which is also what the
 * template's AWS::CodeBuild::Project becomes).
 *
 * @param name project name
 * @param arn project ARN
 * @param sourceType source type (GITHUB, CODECONNECTIONS, …; local mode clones a local repository)
 * @param sourceLocation the source location as given (a repository URL or a local path)
 * @param buildspec inline buildspec YAML, a file name in the source, or null for buildspec.yml
 * @param variables PLAINTEXT environment variables of the project
 * @param image the build image name (reported, not used: builds run on the host)
 * @param computeType the compute type (reported)
 * @param timeoutInMinutes build timeout
 * @param raw the request as received, echoed by BatchGetProjects
 */
public record BuildProject(
    String name,
    String arn,
    String sourceType,
    String sourceLocation,
    String buildspec,
    Map<String, String> variables,
    String image,
    String computeType,
    int timeoutInMinutes,
    JsonNode raw) {

  /** Reads CreateProject's input; a missing name or an unsupported variable type throws. */
  public static BuildProject fromCreateProject(JsonNode in, String region, String account) {
    String name = in.path("name").asText("");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("name is required");
    }
    JsonNode source = in.path("source");
    credentialFor(source);
    JsonNode env = in.path("environment");
    Map<String, String> vars = new LinkedHashMap<>();
    for (JsonNode v : env.path("environmentVariables")) {
      String type = v.path("type").asText("PLAINTEXT");
      if (!type.equals("PLAINTEXT")) {
        throw new IllegalArgumentException(
            "environment variable "
                + v.path("name").asText()
                + " has type "
                + type
                + "; local mode supports PLAINTEXT project variables only");
      }
      vars.put(v.path("name").asText(), v.path("value").asText(""));
    }
    int timeout = in.path("timeoutInMinutes").asInt(60);
    if (timeout < 5 || timeout > 2160) {
      throw new IllegalArgumentException(
          "timeoutInMinutes must be between 5 and 2160, got " + timeout);
    }
    return new BuildProject(
        name,
        "arn:aws:codebuild:" + region + ":" + account + ":project/" + name,
        source.path("type").asText("NO_SOURCE"),
        source.path("location").asText(null),
        source.path("buildspec").asText(null),
        Map.copyOf(vars),
        env.path("image").asText("aws/codebuild/standard:7.0"),
        env.path("computeType").asText("BUILD_GENERAL1_SMALL"),
        timeout,
        in);
  }

  /**
   * CodeBuild needs a credential for a GitHub or Bitbucket source that reports build status: the
   * source's {@code auth} (a CodeConnections connection) or a credential imported into the account
   * ({@code ImportSourceCredentials}, which local mode does not offer). Without one AWS refuses
   * CreateProject with this error (aws/aws-cdk#1844); reading a public repository needs none.
   */
  private static void credentialFor(JsonNode source) {
    String type = source.path("type").asText("NO_SOURCE");
    boolean hosted =
        type.equals("GITHUB") || type.equals("GITHUB_ENTERPRISE") || type.equals("BITBUCKET");
    if (hosted && source.path("reportBuildStatus").asBoolean(false) && !source.has("auth")) {
      throw new IllegalArgumentException(
          "No Access token found, please visit AWS CodeBuild console to connect to "
              + (type.equals("BITBUCKET") ? "Bitbucket" : "GitHub"));
    }
    JsonNode auth = source.path("auth");
    if (auth.isObject()) {
      String authType = auth.path("type").asText("");
      if (!authType.equals("CODECONNECTIONS") && !authType.equals("OAUTH")) {
        throw new IllegalArgumentException(
            "Invalid source auth type: " + authType + "; expected CODECONNECTIONS or OAUTH");
      }
      if (authType.equals("CODECONNECTIONS")
          && !auth.path("resource")
              .asText("")
              .matches("arn:aws[a-z-]*:(codeconnections|codestar-connections):.+:connection/.+")) {
        throw new IllegalArgumentException(
            "Invalid connection ARN for source auth: " + auth.path("resource").asText(""));
      }
    }
  }

  /**
   * CreateProject's input from a template's resolved {@code AWS::CodeBuild::Project} properties.
   */
  static ObjectNode createProjectInput(JsonNode properties, String generatedName) {
    ObjectNode in = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
    in.put("name", properties.path("Name").asText(generatedName));
    JsonNode source = properties.path("Source");
    ObjectNode s = in.putObject("source").put("type", source.path("Type").asText("NO_SOURCE"));
    if (source.hasNonNull("Location")) {
      s.put("location", source.path("Location").asText());
    }
    if (source.hasNonNull("BuildSpec")) {
      s.put("buildspec", source.path("BuildSpec").asText());
    }
    if (source.has("ReportBuildStatus")) {
      s.put("reportBuildStatus", source.path("ReportBuildStatus").asBoolean());
    }
    if (source.path("Auth").isObject()) {
      s.putObject("auth")
          .put("type", source.path("Auth").path("Type").asText())
          .put("resource", source.path("Auth").path("Resource").asText(null));
    }
    JsonNode env = properties.path("Environment");
    ObjectNode e = in.putObject("environment");
    e.put("image", env.path("Image").asText("aws/codebuild/standard:7.0"));
    e.put("computeType", env.path("ComputeType").asText("BUILD_GENERAL1_SMALL"));
    ArrayNode vars = e.putArray("environmentVariables");
    for (JsonNode v : env.path("EnvironmentVariables")) {
      vars.addObject()
          .put("name", v.path("Name").asText())
          .put("value", v.path("Value").asText(""))
          .put("type", v.path("Type").asText("PLAINTEXT"));
    }
    in.put("timeoutInMinutes", properties.path("TimeoutInMinutes").asInt(60));
    JsonNode logs = properties.path("LogsConfig").path("CloudWatchLogs");
    if (logs.isObject()) {
      ObjectNode l = in.putObject("logsConfig").putObject("cloudWatchLogs");
      l.put("status", logs.path("Status").asText("ENABLED"));
      if (logs.hasNonNull("GroupName")) {
        l.put("groupName", logs.path("GroupName").asText());
      }
      if (logs.hasNonNull("StreamName")) {
        l.put("streamName", logs.path("StreamName").asText());
      }
    }
    return in;
  }

  /**
   * Whether builds send their logs to CloudWatch Logs ({@code logsConfig.cloudWatchLogs.status}).
   */
  public boolean cloudWatchLogs() {
    return !raw.path("logsConfig")
        .path("cloudWatchLogs")
        .path("status")
        .asText("ENABLED")
        .equals("DISABLED");
  }

  /**
   * The builds' log group: {@code logsConfig.cloudWatchLogs.groupName}, else CodeBuild's default.
   */
  public String logGroup() {
    return raw.path("logsConfig")
        .path("cloudWatchLogs")
        .path("groupName")
        .asText("/aws/codebuild/" + name);
  }

  /**
   * A build's log stream: the build id's part after the colon, under {@code streamName} as its
   * prefix when the project sets one (LogsConfig.CloudWatchLogs in the CodeBuild API reference).
   */
  public String logStream(String buildId) {
    String id = buildId.substring(buildId.indexOf(':') + 1);
    JsonNode prefix = raw.path("logsConfig").path("cloudWatchLogs").path("streamName");
    return prefix.isTextual() ? prefix.asText() + "/" + id : id;
  }
}
