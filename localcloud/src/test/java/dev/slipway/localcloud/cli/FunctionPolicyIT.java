package dev.slipway.localcloud.cli;

import static dev.slipway.localcloud.server.LocalEndpoint.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.localcloud.deploy.CloudAssembly;
import dev.slipway.localcloud.protocol.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/**
 * The functions' resource-based policies ({@code AWS::Lambda::Permission}), as Lambda applies them
 * to callers with no role of the account: a function URL with {@code AuthType NONE} answers 403
 * {@code Forbidden} unless the policy grants {@code *} both {@code lambda:InvokeFunctionUrl} and
 * {@code lambda:InvokeFunction}; a rule's function target is invoked only when its policy allows
 * {@code events.amazonaws.com} for that rule, else the event is dropped unretried. Audit mode lets
 * both through and logs them.
 */
class FunctionPolicyIT {
  static final HttpClient HTTP = HttpClient.newHttpClient();

  static final String FUNCTION =
      """
      {"Type": "AWS::Lambda::Function", "Properties": {"FunctionName": "%s",
        "Handler": "dev.slipway.localcloud.lambda.fixture.Behaving::handleRequest",
        "Runtime": "java21", "MemorySize": 256, "Timeout": 20,
        "Code": {"S3Bucket": "assets", "S3Key": "classes"}}}
      """;

  static final String TEMPLATE =
      """
      {"Resources": {
        "Open": %s, "Closed": %s, "Listener": %s, "Deaf": %s,
        "OpenUrl": {"Type": "AWS::Lambda::Url", "Properties": {"AuthType": "NONE",
          "TargetFunctionArn": {"Fn::GetAtt": ["Open", "Arn"]}}},
        "OpenUrlPermission": {"Type": "AWS::Lambda::Permission", "Properties": {
          "Action": "lambda:InvokeFunctionUrl", "FunctionName": {"Fn::GetAtt": ["Open", "Arn"]},
          "FunctionUrlAuthType": "NONE", "Principal": "*"}},
        "OpenInvokePermission": {"Type": "AWS::Lambda::Permission", "Properties": {
          "Action": "lambda:InvokeFunction", "FunctionName": {"Fn::GetAtt": ["Open", "Arn"]},
          "InvokedViaFunctionUrl": true, "Principal": "*"}},
        "ClosedUrl": {"Type": "AWS::Lambda::Url", "Properties": {"AuthType": "NONE",
          "TargetFunctionArn": {"Fn::GetAtt": ["Closed", "Arn"]}}},
        "ClosedUrlPermission": {"Type": "AWS::Lambda::Permission", "Properties": {
          "Action": "lambda:InvokeFunctionUrl", "FunctionName": {"Fn::GetAtt": ["Closed", "Arn"]},
          "FunctionUrlAuthType": "NONE", "Principal": "*"}},
        "Bus": {"Type": "AWS::Events::EventBus", "Properties": {"Name": "slipway"}},
        "Rule": {"Type": "AWS::Events::Rule", "Properties": {
          "EventBusName": {"Ref": "Bus"}, "EventPattern": {"source": ["slipway.github"]},
          "Targets": [{"Id": "listener", "Arn": {"Fn::GetAtt": ["Listener", "Arn"]}},
                      {"Id": "deaf", "Arn": {"Fn::GetAtt": ["Deaf", "Arn"]}}]}},
        "ListenerPermission": {"Type": "AWS::Lambda::Permission", "Properties": {
          "Action": "lambda:InvokeFunction", "FunctionName": {"Fn::GetAtt": ["Listener", "Arn"]},
          "Principal": "events.amazonaws.com", "SourceArn": {"Fn::GetAtt": ["Rule", "Arn"]}}}}}
      """
          .formatted(
              FUNCTION.formatted("open"),
              FUNCTION.formatted("closed"),
              FUNCTION.formatted("listener"),
              FUNCTION.formatted("deaf"));

  @TempDir Path state;
  @TempDir Path assembly;

  @AfterEach
  void clearMode() {
    System.clearProperty("slipway.iam");
  }

  record Outcome(
      int open,
      int closed,
      String closedBody,
      boolean listenerRan,
      boolean deafRan,
      List<JsonNode> denials) {}

  /** A cloud assembly of the template whose one asset is the test classes (the fixture handler). */
  Path writeAssembly() throws IOException {
    Path classes = Path.of(System.getProperty("user.dir")).resolve("target/test-classes");
    Files.writeString(assembly.resolve("Policies.template.json"), TEMPLATE);
    Files.writeString(
        assembly.resolve("Policies.assets.json"),
        """
        {"version": "1", "files": {"classes": {"source": {"path": "%s", "packaging": "zip"},
          "destinations": {"d": {"bucketName": "assets", "objectKey": "classes"}}}}}
        """
            .formatted(classes.toAbsolutePath()));
    Files.writeString(
        assembly.resolve("manifest.json"),
        """
        {"version": "1", "artifacts": {
          "Policies.assets": {"type": "cdk:asset-manifest", "properties": {"file": "Policies.assets.json"}},
          "Policies": {"type": "aws:cloudformation:stack", "dependencies": ["Policies.assets"],
            "properties": {"templateFile": "Policies.template.json", "stackName": "Policies"}}}}
        """);
    return assembly;
  }

  Outcome run() throws Exception {
    Path root = Path.of(System.getProperty("slipway.root"));
    try (LocalCloud cloud = LocalCloud.start(state, 0, root, false, l -> {})) {
      cloud.deploy(CloudAssembly.read(writeAssembly()).getFirst(), l -> {});
      HttpResponse<String> open = get(cloud, "open");
      HttpResponse<String> closed = get(cloud, "closed");
      try (EventBridgeClient events =
          client(EventBridgeClient.builder(), cloud.server().endpoint())) {
        EventTargetRoleIT.putPushEvent(events);
      }
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  cloud.events().pendingDeliveries() == 0
                      && ran(cloud, "listener")
                      && (System.getProperty("slipway.iam") == null || ran(cloud, "deaf")));
      return new Outcome(
          open.statusCode(),
          closed.statusCode(),
          closed.body(),
          ran(cloud, "listener"),
          ran(cloud, "deaf"),
          DenialLog.read(state));
    }
  }

  /**
   * A JVM was started for the function: functions start on their first invocation here, and an
   * asynchronous one has no answer to wait for.
   */
  static boolean ran(LocalCloud cloud, String function) {
    return !cloud.lambda().pids().getOrDefault(function, List.of()).isEmpty();
  }

  static HttpResponse<String> get(LocalCloud cloud, String function) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(cloud.lambda().functionUrl(function) + "hello"))
            .timeout(Duration.ofSeconds(60))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void callersThePoliciesDoNotAllowAreRefusedAsLambdaRefusesThem() throws Exception {
    Outcome o = run();
    // the fixture answers a function URL's event with 201
    assertThat(o.open()).isEqualTo(201);
    assertThat(o.closed()).isEqualTo(403);
    assertThat(Json.MAPPER.readTree(o.closedBody()).path("Message").asText())
        .isEqualTo("Forbidden");
    assertThat(o.listenerRan()).isTrue();
    assertThat(o.deafRan()).as("the target its policy does not open to the rule").isFalse();
    assertThat(o.denials())
        .extracting(
            d ->
                d.path("mode").asText()
                    + " "
                    + d.path("principal").asText()
                    + " "
                    + d.path("action").asText()
                    + " "
                    + d.path("resource").asText())
        .containsExactlyInAnyOrder(
            "enforce * lambda:InvokeFunction arn:aws:lambda:us-east-1:000000000000:function:closed",
            "enforce events.amazonaws.com lambda:InvokeFunction"
                + " arn:aws:lambda:us-east-1:000000000000:function:deaf");
    JsonNode deaf =
        o.denials().stream()
            .filter(d -> d.path("resource").asText().endsWith(":deaf"))
            .findFirst()
            .orElseThrow();
    assertThat(deaf.path("message").asText())
        .isEqualTo(
            "User: events.amazonaws.com is not authorized to perform: lambda:InvokeFunction on"
                + " resource: arn:aws:lambda:us-east-1:000000000000:function:deaf because no"
                + " resource-based policy allows the lambda:InvokeFunction action");
  }

  @Test
  void auditModeLetsThemThroughAndLogsThem() throws Exception {
    System.setProperty("slipway.iam", "audit");
    Outcome o = run();
    assertThat(o.closed()).isEqualTo(201);
    assertThat(o.deafRan()).isTrue();
    assertThat(o.denials())
        .extracting(d -> d.path("mode").asText() + " " + d.path("resource").asText())
        .containsExactlyInAnyOrder(
            "audit arn:aws:lambda:us-east-1:000000000000:function:closed",
            "audit arn:aws:lambda:us-east-1:000000000000:function:deaf");
  }
}
