package dev.slipway.localcloud.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;

/**
 * A running local mode as its state file ({@code <state dir>/slipway.json}, written by {@code
 * slipway up}) describes it: the endpoint, the deployed stacks' outputs and the local git
 * repositories.
 */
public record LocalModeState(JsonNode state) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Reads the state file; fails with what to do when local mode is not up and ready. */
  public static LocalModeState read(Path stateDir) {
    Path file = stateDir.resolve("slipway.json");
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException(
          "local mode is not running in " + stateDir + "; start it with `slipway up`");
    }
    try {
      JsonNode node = JSON.readTree(file.toFile());
      if (!node.path("ready").asBoolean()) {
        throw new IllegalStateException("local mode in " + stateDir + " is not ready yet");
      }
      return new LocalModeState(node);
    } catch (IOException e) {
      throw new IllegalStateException(
          "unreadable local mode state " + file + ": " + e.getMessage());
    }
  }

  /** The AWS endpoint on 127.0.0.1. */
  public URI endpoint() {
    return URI.create(state.path("endpoint").asText());
  }

  /** The pid of the local mode server process. */
  public long pid() {
    return state.path("pid").asLong(-1);
  }

  /** A stack output of the first stack that has it. */
  public Optional<String> output(String name) {
    for (JsonNode stack : state.path("stacks")) {
      if (stack.path("outputs").has(name)) {
        return Optional.of(stack.path("outputs").path(name).asText());
      }
    }
    return Optional.empty();
  }

  /** A stack output that must be there. */
  public String requireOutput(String name) {
    return output(name)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "the deployed stack has no output " + name + "; was the template deployed?"));
  }

  /** The bare repository local mode serves as GitHub repository {@code fullName}. */
  public Path repository(String fullName) {
    for (JsonNode repo : state.path("repositories")) {
      if (fullName.equals(repo.path("name").asText())) {
        return Path.of(repo.path("path").asText());
      }
    }
    throw new IllegalStateException(
        "local mode has no git repository "
            + fullName
            + " (it has "
            + state.path("repositories")
            + ")");
  }

  /** An SDK client for the local endpoint. */
  public <B extends AwsClientBuilder<B, C>, C> C client(B builder) {
    return builder
        .endpointOverride(endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
        .build();
  }
}
