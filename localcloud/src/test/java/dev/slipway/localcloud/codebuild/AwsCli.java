package dev.slipway.localcloud.codebuild;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.localcloud.containers.CommandResult;
import dev.slipway.localcloud.containers.HostCommand;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The AWS CLI (a real AWS client) pointed at the local endpoint, for CodeBuild tests. */
final class AwsCli {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final URI endpoint;

  AwsCli(URI endpoint) {
    this.endpoint = endpoint;
  }

  JsonNode call(String... args) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                "aws",
                "--endpoint-url",
                endpoint.toString(),
                "--region",
                "us-east-1",
                "--output",
                "json"));
    command.addAll(List.of(args));
    CommandResult r =
        HostCommand.of(command)
            .environment(
                Map.of(
                    "AWS_ACCESS_KEY_ID", "local",
                    "AWS_SECRET_ACCESS_KEY", "local",
                    "AWS_PAGER", ""))
            .timeout(Duration.ofSeconds(60))
            .run();
    if (!r.succeeded()) {
      throw new IllegalStateException("aws " + String.join(" ", args) + ": " + r.outputTail());
    }
    return r.stdout().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.stdout());
  }
}
