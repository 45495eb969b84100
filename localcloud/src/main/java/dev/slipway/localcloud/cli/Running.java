package dev.slipway.localcloud.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;

/** The running local mode as the client commands see it: its state file and SDK clients. */
final class Running {
  /**
   * Local mode's region, and the keys the CLI signs with (no known principal: an administrator).
   */
  private static final Region REGION = Region.US_EAST_1;

  private static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));

  final JsonNode state;
  final URI endpoint;

  private Running(JsonNode state) {
    this.state = state;
    this.endpoint = URI.create(state.path("endpoint").asText());
  }

  /** The running local mode, or a plain message saying to start it. */
  static Running require(CommonOptions common) {
    Optional<JsonNode> s =
        RunState.read(common.stateDir()).filter(x -> RunState.liveServer(x).isPresent());
    if (s.isEmpty()) {
      throw new IllegalStateException("local mode is not running; start it with `slipway up`");
    }
    if (!s.get().path("ready").asBoolean()) {
      throw new IllegalStateException(
          "local mode is still starting; wait for `slipway up` to finish");
    }
    return new Running(s.get());
  }

  /** A stack output (first stack that has it), or null. */
  String output(String name) {
    for (JsonNode stack : state.path("stacks")) {
      if (stack.path("outputs").has(name)) {
        return stack.path("outputs").path(name).asText();
      }
    }
    return null;
  }

  /** The service of the first deployed stack ({@code Slipway-<service>}): the default one. */
  String onlyService() {
    return state.path("stacks").path(0).path("name").asText().replaceFirst("^Slipway-", "");
  }

  /** Runs {@code call} with a CodeBuild client of this local mode. */
  <T> T codeBuild(java.util.function.Function<dev.slipway.functions.CodeBuildApi, T> call) {
    try (var http = software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create()) {
      return call.apply(
          dev.slipway.functions.CodeBuildApi.at(http, CREDENTIALS, endpoint, REGION.id()));
    }
  }

  <B extends AwsClientBuilder<B, C>, C> C client(B builder) {
    return builder
        .endpointOverride(endpoint)
        .region(REGION)
        .credentialsProvider(CREDENTIALS)
        .build();
  }
}
