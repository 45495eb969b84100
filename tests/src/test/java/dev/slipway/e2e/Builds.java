package dev.slipway.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/**
 * The CodeBuild builds of the pipeline's project, read through local mode's CodeBuild API (AWS JSON
 * 1.1; the SDK's CodeBuild client is not a dependency here). The project is the one of the build an
 * execution ran ({@code build.buildId} = {@code <project>:<uuid>}).
 */
record Builds(URI endpoint, String project) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** {@code "buildId": "[arn:aws:codebuild:<region>:<account>:build/]<project>:<uuid>"}. */
  private static final Pattern BUILD_ID =
      Pattern.compile("\"buildId\"\\s*:\\s*\"(?:arn:[^\"]*?:build/)?([^\":/]+):");

  /** The builds of the project {@code executionArn}'s build ran in. */
  static Builds of(LocalModeRun local, String executionName, String executionArn) {
    List<String> texts = new ArrayList<>();
    texts.add(local.sfn.describeExecution(r -> r.executionArn(executionArn)).output());
    for (HistoryEvent e :
        local.sfn.getExecutionHistoryPaginator(r -> r.executionArn(executionArn)).events()) {
      if (e.stateExitedEventDetails() != null) {
        texts.add(e.stateExitedEventDetails().output());
      }
    }
    for (String text : texts) {
      Matcher m = BUILD_ID.matcher(text == null ? "" : text);
      if (m.find()) {
        return new Builds(local.state.endpoint(), m.group(1));
      }
    }
    throw new AssertionError("execution " + executionName + " shows no build.buildId");
  }

  /** The pipeline's project, as the stack's {@code BuildProjectName} output names it. */
  static Builds ofStack(LocalModeRun local) {
    return new Builds(local.state.endpoint(), local.state.requireOutput("BuildProjectName"));
  }

  /** Ids of the project's builds whose source version is {@code sha}. */
  List<String> forSha(String sha) throws IOException, InterruptedException {
    return List.copyOf(statusesOf(sha).keySet());
  }

  /** Build id → buildStatus of the project's builds whose source version is {@code sha}. */
  java.util.Map<String, String> statusesOf(String sha) throws IOException, InterruptedException {
    ObjectNode list = JSON.createObjectNode().put("projectName", project);
    List<String> ids = new ArrayList<>();
    call("ListBuildsForProject", list).path("ids").forEach(id -> ids.add(id.asText()));
    if (ids.isEmpty()) {
      return java.util.Map.of();
    }
    ObjectNode get = JSON.createObjectNode();
    ids.forEach(get.putArray("ids")::add);
    java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
    for (JsonNode b : call("BatchGetBuilds", get).path("builds")) {
      if (sha.equals(b.path("sourceVersion").asText())
          || sha.equals(b.path("resolvedSourceVersion").asText())) {
        out.put(b.path("id").asText(), b.path("buildStatus").asText());
      }
    }
    return out;
  }

  private JsonNode call(String action, JsonNode body) throws IOException, InterruptedException {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(endpoint.resolve("/"))
                    .header("X-Amz-Target", "CodeBuild_20161006." + action)
                    .header("Content-Type", "application/x-amz-json-1.1")
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new AssertionError(
          "CodeBuild " + action + " answered " + r.statusCode() + ": " + r.body());
    }
    return JSON.readTree(r.body());
  }
}
