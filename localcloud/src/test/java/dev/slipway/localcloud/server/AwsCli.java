package dev.slipway.localcloud.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.localcloud.containers.CommandResult;
import dev.slipway.localcloud.containers.HostCommand;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The AWS command line clients installed on this machine, run against a local endpoint: the one on
 * {@code PATH} and the Debian package's {@code /usr/bin/aws} (which {@code scripts/setup} installs)
 * when they differ, since they speak different protocols to some services (the CLI v2.9 speaks
 * query to CloudWatch, a newer botocore CBOR).
 */
public final class AwsCli {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Credentials local mode treats as an administrator's. */
  public static final Map<String, String> ADMIN =
      Map.of("AWS_ACCESS_KEY_ID", "local", "AWS_SECRET_ACCESS_KEY", "local");

  private final String program;
  private final String version;

  private AwsCli(String program, String version) {
    this.program = program;
    this.version = version;
  }

  /** Every distinct installed CLI, by version; empty when none is installed. */
  public static List<AwsCli> installed() {
    Map<String, AwsCli> byVersion = new LinkedHashMap<>();
    List<String> candidates = new ArrayList<>(List.of("aws"));
    if (Files.isExecutable(Path.of("/usr/bin/aws"))) {
      candidates.add("/usr/bin/aws");
    }
    for (String program : candidates) {
      try {
        CommandResult r =
            HostCommand.of(program, "--version").timeout(Duration.ofSeconds(60)).run();
        if (r.succeeded()) {
          String version = (r.stdout() + r.stderr()).strip().split("\\s+")[0];
          byVersion.putIfAbsent(version, new AwsCli(program, version));
        }
      } catch (RuntimeException e) {
        // not installed
      }
    }
    return List.copyOf(byVersion.values());
  }

  /** The first installed CLI, or null. */
  public static AwsCli any() {
    List<AwsCli> all = installed();
    return all.isEmpty() ? null : all.getFirst();
  }

  /** The first installed CLI; fails saying what installs one when there is none. */
  public static AwsCli require() {
    AwsCli cli = any();
    if (cli == null) {
      throw new IllegalStateException("no aws CLI installed: scripts/setup installs it");
    }
    return cli;
  }

  /** This CLI against {@code endpoint} as an administrator, answering parsed JSON. */
  public At at(URI endpoint) {
    return new At(this, endpoint);
  }

  /** A CLI bound to an endpoint: each call's JSON output, or an exception with its error. */
  public record At(AwsCli cli, URI endpoint) {
    public JsonNode call(String... args) throws IOException {
      CommandResult r = cli.run(endpoint, ADMIN, args);
      if (!r.succeeded()) {
        throw new IllegalStateException("aws " + String.join(" ", args) + ": " + r.outputTail());
      }
      return r.stdout().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.stdout());
    }
  }

  /** {@code aws-cli/2.9.19} and the like. */
  public String version() {
    return version;
  }

  /** Runs {@code aws --endpoint-url <endpoint> --region us-east-1 --output json <args>}. */
  public CommandResult run(URI endpoint, Map<String, String> credentials, String... args) {
    List<String> command =
        new ArrayList<>(
            List.of(
                program,
                "--endpoint-url",
                endpoint.toString(),
                "--region",
                "us-east-1",
                "--output",
                "json"));
    command.addAll(List.of(args));
    Map<String, String> env = new HashMap<>(credentials);
    env.put("AWS_PAGER", "");
    env.put("AWS_EC2_METADATA_DISABLED", "true");
    return HostCommand.of(command).environment(env).timeout(Duration.ofSeconds(60)).run();
  }

  @Override
  public String toString() {
    return version + " (" + program + ")";
  }
}
