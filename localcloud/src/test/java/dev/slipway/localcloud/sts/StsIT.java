package dev.slipway.localcloud.sts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.localcloud.containers.CommandResult;
import dev.slipway.localcloud.iam.IamGate;
import dev.slipway.localcloud.iam.IamMode;
import dev.slipway.localcloud.iam.Principals;
import dev.slipway.localcloud.iam.ResourceLookup;
import dev.slipway.localcloud.protocol.Json;
import dev.slipway.localcloud.server.AwsCliCommand;
import dev.slipway.localcloud.server.LocalCloudServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code aws sts get-caller-identity}, the AWS CLI's own first call, against local mode: a
 * function's credentials are its role's session, any other credentials the account's root.
 */
class StsIT {
  private static final String ROLE =
      "arn:aws:iam::000000000000:role/Slipway-hello-HandlersPrepareRole1234";
  static LocalCloudServer server;
  static Principals principals;

  @BeforeAll
  static void start() throws Exception {
    server = LocalCloudServer.start(0);
    principals = new Principals();
    principals.defineRole(ROLE, List.of(), List.of());
    server.iam(
        new IamGate(
            IamMode.ENFORCE,
            principals,
            ResourceLookup.NONE,
            Files.createTempDirectory(Path.of("target"), "sts-it-").resolve("denials.log"),
            Clock.systemUTC()));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static CommandResult aws(Map<String, String> credentials, String... args) {
    return AwsCliCommand.run(server.endpoint(), credentials, args);
  }

  static boolean cliInstalled() {
    return AwsCliCommand.installed();
  }

  @Test
  void theCallerIsTheFunctionsRoleSessionOrTheAccountRoot() throws Exception {
    assumeTrue(cliInstalled(), "skipped: the AWS CLI is not installed");
    Map<String, String> function =
        principals.credentials(ROLE, "slipway-hello-Prepare").environment();
    CommandResult asFunction = aws(function, "sts", "get-caller-identity");
    assertThat(asFunction.succeeded()).as(asFunction.outputTail()).isTrue();
    JsonNode id = Json.MAPPER.readTree(asFunction.stdout());
    assertThat(id.path("Arn").asText())
        .isEqualTo(
            "arn:aws:sts::000000000000:assumed-role/Slipway-hello-HandlersPrepareRole1234/slipway-hello-Prepare");
    assertThat(id.path("Account").asText()).isEqualTo("000000000000");
    assertThat(id.path("UserId").asText()).matches("AROA[0-9A-F]{17}:slipway-hello-Prepare");

    CommandResult asAdmin =
        aws(
            Map.of("AWS_ACCESS_KEY_ID", "local", "AWS_SECRET_ACCESS_KEY", "local"),
            "sts",
            "get-caller-identity");
    assertThat(asAdmin.succeeded()).as(asAdmin.outputTail()).isTrue();
    assertThat(Json.MAPPER.readTree(asAdmin.stdout()).path("Arn").asText())
        .isEqualTo("arn:aws:iam::000000000000:root");
  }

  @Test
  void anotherActionIsInvalidAction() throws Exception {
    assumeTrue(cliInstalled(), "skipped: the AWS CLI is not installed");
    CommandResult r =
        aws(
            Map.of("AWS_ACCESS_KEY_ID", "local", "AWS_SECRET_ACCESS_KEY", "local"),
            "sts",
            "get-session-token");
    assertThat(r.succeeded()).isFalse();
    assertThat(r.outputTail())
        .contains("InvalidAction")
        .contains("Could not find operation GetSessionToken for version 2011-06-15");
  }
}
