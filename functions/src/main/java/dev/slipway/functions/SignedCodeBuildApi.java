package dev.slipway.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.pipeline.model.PipelineJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * CodeBuild over its AWS JSON 1.1 protocol, signed with SigV4 by the SDK's own signer. The endpoint
 * follows the SDK's rules: {@code AWS_ENDPOINT_URL_CODEBUILD}, then {@code AWS_ENDPOINT_URL}, then
 * the regional endpoint.
 */
final class SignedCodeBuildApi implements CodeBuildApi {
  private static final ObjectMapper JSON = PipelineJson.mapper();
  private static final String TARGET_PREFIX = "CodeBuild_20161006.";

  private final SdkHttpClient http;
  private final AwsCredentialsProvider credentials;
  private final URI endpoint;
  private final String region;

  SignedCodeBuildApi(
      SdkHttpClient http, AwsCredentialsProvider credentials, URI endpoint, String region) {
    this.http = http;
    this.credentials = credentials;
    this.endpoint = endpoint;
    this.region = region;
  }

  /** The client for this container's environment. */
  static SignedCodeBuildApi fromEnvironment(Env env) {
    String region =
        env.optional("AWS_REGION").or(() -> env.optional("AWS_DEFAULT_REGION")).orElse("us-east-1");
    URI endpoint =
        URI.create(
            env.optional("AWS_ENDPOINT_URL_CODEBUILD")
                .or(() -> env.optional("AWS_ENDPOINT_URL"))
                .orElse("https://codebuild." + region + ".amazonaws.com"));
    return new SignedCodeBuildApi(AwsClients.http(), AwsClients.credentials(), endpoint, region);
  }

  @Override
  public String startBuild(
      String projectName,
      String sourceVersion,
      List<EnvironmentVariable> environment,
      String idempotencyToken) {
    ObjectNode request = JSON.createObjectNode();
    request.put("projectName", projectName);
    request.put("sourceVersion", sourceVersion);
    request.put("idempotencyToken", idempotencyToken);
    ArrayNode overrides = request.putArray("environmentVariablesOverride");
    for (EnvironmentVariable variable : environment) {
      overrides
          .addObject()
          .put("name", variable.name())
          .put("value", variable.value())
          .put("type", "PLAINTEXT");
    }
    JsonNode response = call("StartBuild", request);
    return response.path("build").path("id").asText();
  }

  @Override
  public java.util.Optional<Build> findBuild(String projectName, String execution) {
    ObjectNode list = JSON.createObjectNode();
    list.put("projectName", projectName);
    list.put("sortOrder", "DESCENDING");
    JsonNode ids = call("ListBuildsForProject", list).path("ids");
    ObjectNode batch = JSON.createObjectNode();
    ArrayNode wanted = batch.putArray("ids");
    // The newest builds are enough: a run's build is recent when its status is checked.
    for (int i = 0; i < Math.min(ids.size(), 25); i++) {
      wanted.add(ids.get(i).asText());
    }
    if (wanted.isEmpty()) {
      return java.util.Optional.empty();
    }
    for (JsonNode build : call("BatchGetBuilds", batch).path("builds")) {
      String buildExecution = null;
      String tag = null;
      for (JsonNode variable : build.path("environment").path("environmentVariables")) {
        String name = variable.path("name").asText();
        if (StartBuild.EXECUTION.equals(name)) {
          buildExecution = variable.path("value").asText();
        } else if (StartBuild.IMAGE_TAG.equals(name)) {
          tag = variable.path("value").asText();
        }
      }
      if (execution.equals(buildExecution)) {
        return java.util.Optional.of(
            new Build(
                build.path("id").asText(),
                build.path("buildStatus").asText(),
                build.path("logs").path("deepLink").asText(null),
                epoch(build.path("startTime")),
                epoch(build.path("endTime")),
                tag != null ? tag : build.path("sourceVersion").asText(null)));
      }
    }
    return java.util.Optional.empty();
  }

  @Override
  public void stopBuild(String buildId) {
    call("StopBuild", JSON.createObjectNode().put("id", buildId));
  }

  // AWS JSON protocols send timestamps as epoch seconds with a fraction.
  private static java.time.Instant epoch(JsonNode value) {
    if (value.isMissingNode() || value.isNull()) {
      return null;
    }
    return java.time.Instant.ofEpochMilli(Math.round(value.asDouble() * 1000));
  }

  private JsonNode call(String operation, JsonNode body) {
    byte[] payload = body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    SdkHttpRequest request =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.POST)
            .uri(endpoint.resolve("/"))
            .putHeader("Content-Type", "application/x-amz-json-1.1")
            .putHeader("X-Amz-Target", TARGET_PREFIX + operation)
            .putHeader("Content-Length", Integer.toString(payload.length))
            .build();
    SignedRequest signed =
        AwsV4HttpSigner.create()
            .sign(
                r ->
                    r.identity(credentials.resolveCredentials())
                        .request(request)
                        .payload(ContentStreamProvider.fromByteArray(payload))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "codebuild")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, region));
    try {
      HttpExecuteResponse response =
          http.prepareRequest(
                  HttpExecuteRequest.builder()
                      .request(signed.request())
                      .contentStreamProvider(signed.payload().orElse(null))
                      .build())
              .call();
      JsonNode answer = read(response);
      int status = response.httpResponse().statusCode();
      if (status / 100 != 2) {
        String type = answer.path("__type").asText("UnknownError");
        throw new CodeBuildException(
            type.substring(type.lastIndexOf('#') + 1),
            status,
            answer.path("message").asText(answer.path("Message").asText("")));
      }
      return answer;
    } catch (IOException e) {
      throw new UncheckedIOException("CodeBuild " + operation + " at " + endpoint + " failed", e);
    }
  }

  private static JsonNode read(HttpExecuteResponse response) throws IOException {
    if (response.responseBody().isEmpty()) {
      return JSON.createObjectNode();
    }
    try (InputStream in = response.responseBody().get()) {
      byte[] bytes = in.readAllBytes();
      return bytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(bytes);
    }
  }
}
