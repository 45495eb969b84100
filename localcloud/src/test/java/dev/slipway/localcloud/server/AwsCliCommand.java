package dev.slipway.localcloud.server;

import dev.slipway.localcloud.containers.CommandResult;
import dev.slipway.localcloud.containers.HostCommand;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs the host's {@code aws} CLI against a local endpoint, for tests that check what it sees. */
public final class AwsCliCommand {
  /** Credentials local mode did not hand out: the account's administrator. */
  public static final Map<String, String> ADMINISTRATOR =
      Map.of("AWS_ACCESS_KEY_ID", "local", "AWS_SECRET_ACCESS_KEY", "local");

  private AwsCliCommand() {}

  /** {@code aws --endpoint-url <endpoint> --region us-east-1 --output json <args>}. */
  public static CommandResult run(URI endpoint, Map<String, String> credentials, String... args) {
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
    Map<String, String> env = new HashMap<>(credentials);
    env.put("AWS_PAGER", "");
    return HostCommand.of(command).environment(env).timeout(Duration.ofSeconds(60)).run();
  }

  /** Whether an {@code aws} CLI is on the PATH. */
  public static boolean installed() {
    try {
      return HostCommand.of(List.of("aws", "--version"))
          .timeout(Duration.ofSeconds(30))
          .run()
          .succeeded();
    } catch (RuntimeException e) {
      return false;
    }
  }
}
