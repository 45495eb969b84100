package dev.slipway.localcloud.lambda;

import static dev.slipway.localcloud.server.LocalEndpoint.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.localcloud.protocol.Json;
import dev.slipway.localcloud.protocol.ServiceDescriptor;
import dev.slipway.localcloud.server.LocalAws;
import dev.slipway.localcloud.server.LocalCloudServer;
import dev.slipway.localcloud.server.ProcessRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/** Real function JVMs under the runtime interface client, driven through the SDK's LambdaClient. */
class LambdaIT {
  static Path state;
  static LocalCloudServer server;
  static LocalLambda lambda;
  static LambdaClient client;

  @BeforeAll
  static void start() throws Exception {
    // kept under target/ so function logs can be read after a failure
    state = java.nio.file.Files.createTempDirectory(Path.of("target"), "lambda-it-");
    server = LocalCloudServer.start(0);
    ProcessRegistry processes = new ProcessRegistry(state.resolve("processes"));
    lambda =
        new LocalLambda(
            new LambdaEnvironment(server.endpoint(), state.resolve("logs"), processes),
            state,
            Duration.ofMillis(50));
    server.register(ServiceDescriptor.lambda(lambda));
    server.route(FunctionUrlRoute.PREFIX, new FunctionUrlRoute(lambda, Clock.systemUTC()));
    Path code = Path.of(LambdaIT.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    String handler = "dev.slipway.localcloud.lambda.fixture.Behaving::handleRequest";
    lambda.deploy(
        new FunctionConfig("echo", handler, "java21", 256, 10, Map.of("GREETING", "hi"), code, 2),
        true);
    lambda.deploy(new FunctionConfig("slow", handler, "java21", 128, 1, Map.of(), code, 1), false);
    client = client(LambdaClient.builder(), server.endpoint());
  }

  @AfterAll
  static void stop() {
    client.close();
    lambda.close();
    server.close();
  }

  static JsonNode call(String function, String payload) throws Exception {
    var out =
        client.invoke(r -> r.functionName(function).payload(SdkBytes.fromUtf8String(payload)));
    JsonNode body = Json.MAPPER.readTree(out.payload().asByteArray());
    if (out.functionError() != null) {
      ((com.fasterxml.jackson.databind.node.ObjectNode) body)
          .put("functionError", out.functionError());
    }
    return body;
  }

  @Test
  void invokesTheHandlerWithItsEnvironmentAndMemory() throws Exception {
    JsonNode out = call("echo", "{\"a\":1}");
    assertThat(out.path("echo").path("a").asInt()).isEqualTo(1);
    assertThat(out.path("greeting").asText()).isEqualTo("hi");
    assertThat(out.path("function").asText()).isEqualTo("echo");
    assertThat(out.path("memory").asInt()).isEqualTo(256);
    assertThat(out.path("maxHeapMb").asLong()).isBetween(200L, 256L);
    assertThat(out.path("endpoint").asText()).isEqualTo(server.endpoint().toString());
    // warm: the same JVM answers again
    assertThat(call("echo", "{}").path("pid").asLong()).isEqualTo(out.path("pid").asLong());
  }

  @Test
  void handlerExceptionIsAnUnhandledFunctionError() throws Exception {
    JsonNode out = call("echo", "{\"fail\":\"boom\"}");
    assertThat(out.path("functionError").asText()).isEqualTo("Unhandled");
    assertThat(out.path("errorType").asText()).isEqualTo("java.lang.IllegalStateException");
    assertThat(out.path("errorMessage").asText()).isEqualTo("boom");
  }

  @Test
  void timedOutAndCrashedJvmsAreReplaced() throws Exception {
    long first = call("slow", "{}").path("pid").asLong();
    JsonNode timedOut = call("slow", "{\"sleepMs\":3000}");
    assertThat(timedOut.path("errorType").asText()).isEqualTo("Sandbox.Timedout");
    assertThat(timedOut.path("errorMessage").asText())
        .contains("Task timed out after 1.00 seconds");
    long second = call("slow", "{}").path("pid").asLong();
    assertThat(second).isNotEqualTo(first);
    assertThat(ProcessHandle.of(first).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    JsonNode crashed = call("slow", "{\"crash\":true}");
    assertThat(crashed.path("errorType").asText()).isEqualTo("Runtime.ExitError");
    assertThat(call("slow", "{}").path("pid").asLong()).isNotIn(first, second);
  }

  @Test
  void concurrentInvocationsStartAnotherJvm() throws Exception {
    // own threads: the common pool may have a single worker on a 2-core machine
    var threads = java.util.concurrent.Executors.newFixedThreadPool(2);
    var a = CompletableFuture.supplyAsync(() -> uncheckedCall("{\"sleepMs\":1500}"), threads);
    var b = CompletableFuture.supplyAsync(() -> uncheckedCall("{\"sleepMs\":1500}"), threads);
    threads.shutdown();
    assertThat(a.get().path("pid").asLong()).isNotEqualTo(b.get().path("pid").asLong());
    assertThat(lambda.pids().get("echo"))
        .contains(a.get().path("pid").asLong(), b.get().path("pid").asLong());
  }

  static JsonNode uncheckedCall(String payload) {
    try {
      return call("echo", payload);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void functionUrlSendsAnHttpEventAndReturnsTheHandlersResponse() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(lambda.functionUrl("echo") + "hook?x=1"))
                    .header("X-GitHub-Event", "push")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"ref\":\"refs/heads/main\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(response.headers().firstValue("X-Seen-Path")).hasValue("/hook");
    assertThat(response.body()).isEqualTo("got {\"ref\":\"refs/heads/main\"}");
  }

  /**
   * Lambda refuses an invocation payload over 6 MB; through a function URL that is a 413 before the
   * function runs (GitHub sends webhook bodies of up to 25 MB).
   */
  @Test
  void functionUrlAnswersOversizeBodies413WithoutInvoking() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(lambda.functionUrl("echo") + "hook"))
                    .POST(HttpRequest.BodyPublishers.ofString("x".repeat(30 * 1024 * 1024)))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.body()).contains("Request must be smaller than 6291456 bytes");
    // just under the limit still reaches the function
    HttpResponse<String> fits =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(lambda.functionUrl("echo") + "hook"))
                    .POST(HttpRequest.BodyPublishers.ofString("x".repeat(6 * 1024 * 1024 - 2048)))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(fits.statusCode()).isEqualTo(201);
  }

  @Test
  void manyJvmsStartingTogetherAllComeUp() {
    Path code = Path.of(System.getProperty("user.dir")).resolve("target/test-classes");
    String handler = "dev.slipway.localcloud.lambda.fixture.Behaving::handleRequest";
    for (int i = 0; i < 6; i++) {
      lambda.deploy(
          new FunctionConfig("crowd" + i, handler, "java21", 128, 10, Map.of(), code, 1), true);
    }
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(90)).until(lambda::allWarm);
    for (int i = 0; i < 6; i++) {
      assertThat(lambda.pids().get("crowd" + i)).as("JVM of crowd" + i).hasSize(1);
      lambda.remove("crowd" + i);
    }
  }

  @Test
  void unknownFunctionIsResourceNotFound() {
    assertThatThrownBy(() -> client.invoke(r -> r.functionName("nope")))
        .isInstanceOfSatisfying(
            ResourceNotFoundException.class, e -> assertThat(e.statusCode()).isEqualTo(404));
  }

  /**
   * Code for {@link fixture.Primed}: its class and the CRaC API jar in {@code lib/}, as a function
   * jar packages them.
   */
  static Path primedCode() throws Exception {
    Path dir = java.nio.file.Files.createTempDirectory(state, "primed-");
    Path classes = Path.of(System.getProperty("user.dir")).resolve("target/test-classes");
    Path fixture = Path.of("dev/slipway/localcloud/lambda/fixture/Primed.class");
    java.nio.file.Files.createDirectories(dir.resolve(fixture).getParent());
    java.nio.file.Files.copy(classes.resolve(fixture), dir.resolve(fixture));
    Path crac =
        Path.of(
            org.crac.Resource.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    java.nio.file.Files.createDirectories(dir.resolve("lib"));
    java.nio.file.Files.copy(crac, dir.resolve("lib").resolve(crac.getFileName()));
    return dir;
  }

  static FunctionConfig primed(String name, Path code, Map<String, String> env) {
    return new FunctionConfig(
        name,
        "dev.slipway.localcloud.lambda.fixture.Primed::handleRequest",
        "java21",
        256,
        10,
        env,
        code,
        1,
        true,
        FunctionConfig.LATEST,
        null);
  }

  /**
   * SnapStart as Lambda runs it: {@code $LATEST} initializes on demand without the hooks; a
   * published version is initialized when it is published, its {@code beforeCheckpoint} hook runs
   * (the priming), then {@code afterRestore}, all before its first invocation; an alias and a
   * function URL on the alias reach that version; unchanged code publishes no new version.
   */
  @Test
  void snapStartVersionsRunTheCheckpointHooksWhenPublished() throws Exception {
    Path code = primedCode();
    lambda.deploy(primed("snappy", code, Map.of()), false);
    JsonNode latest = call("snappy", "{}");
    assertThat(latest.path("initializationType").asText()).isEqualTo("on-demand");
    assertThat(latest.path("version").asText()).isEqualTo("$LATEST");
    assertThat(latest.path("hooks")).isEmpty();

    String version = lambda.publishVersion("snappy", Duration.ofMinutes(1));
    assertThat(version).isEqualTo("1");
    assertThat(lambda.pids().get("snappy:1")).as("initialized at publish").hasSize(1);
    assertThat(lambda.publishVersion("snappy", Duration.ofMinutes(1)))
        .as("nothing changed: the same version")
        .isEqualTo("1");
    var out =
        client.invoke(
            r -> r.functionName("snappy").qualifier("1").payload(SdkBytes.fromUtf8String("{}")));
    assertThat(out.executedVersion()).isEqualTo("1");
    JsonNode v1 = Json.MAPPER.readTree(out.payload().asByteArray());
    assertThat(v1.path("initializationType").asText()).isEqualTo("snap-start");
    assertThat(v1.path("version").asText()).isEqualTo("1");
    assertThat(v1.path("hooks").toString()).isEqualTo("[\"beforeCheckpoint\",\"afterRestore\"]");
    assertThat(v1.path("pid").asLong()).isEqualTo(lambda.pids().get("snappy:1").getFirst());

    assertThat(lambda.alias("snappy", "live", "1"))
        .isEqualTo(LocalAws.arn("lambda", "function:snappy:live"));
    lambda.functionUrl("snappy", "live");
    HttpResponse<String> viaUrl =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(lambda.functionUrl("snappy")))
                    .POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(Json.MAPPER.readTree(viaUrl.body()).path("version").asText()).isEqualTo("1");

    // what a user reads back: the versions, the alias, the URL on the alias
    assertThat(client.listVersionsByFunction(r -> r.functionName("snappy")).versions())
        .extracting(
            v -> v.version() + " " + v.functionArn() + " " + v.snapStart().optimizationStatus())
        .containsExactly(
            "$LATEST " + LocalAws.arn("lambda", "function:snappy:$LATEST") + " Off",
            "1 " + LocalAws.arn("lambda", "function:snappy:1") + " On");
    assertThat(client.listAliases(r -> r.functionName("snappy")).aliases())
        .extracting(a -> a.name() + " -> " + a.functionVersion())
        .containsExactly("live -> 1");
    assertThat(client.getAlias(r -> r.functionName("snappy").name("live")).aliasArn())
        .isEqualTo(LocalAws.arn("lambda", "function:snappy:live"));
    assertThatThrownBy(() -> client.getAlias(r -> r.functionName("snappy").name("blue")))
        .isInstanceOfSatisfying(
            ResourceNotFoundException.class,
            e ->
                assertThat(e.getMessage())
                    .contains(
                        "Cannot find alias arn: "
                            + LocalAws.arn("lambda", "function:snappy:blue")));
    assertThat(
            client
                .getFunctionConfiguration(r -> r.functionName("snappy").qualifier("live"))
                .version())
        .isEqualTo("1");
    assertThat(
            client
                .getFunctionUrlConfig(r -> r.functionName("snappy").qualifier("live"))
                .functionArn())
        .isEqualTo(LocalAws.arn("lambda", "function:snappy:live"));
    assertThatThrownBy(() -> client.getFunctionUrlConfig(r -> r.functionName("snappy")))
        .as("the URL belongs to the alias, not to $LATEST")
        .isInstanceOf(ResourceNotFoundException.class);

    assertThatThrownBy(
            () ->
                client.invoke(
                    r ->
                        r.functionName("snappy")
                            .qualifier("7")
                            .payload(SdkBytes.fromUtf8String("{}"))))
        .isInstanceOfSatisfying(
            ResourceNotFoundException.class,
            e ->
                assertThat(e.getMessage())
                    .contains(
                        "Function not found: " + LocalAws.arn("lambda", "function:snappy:7")));
    lambda.remove("snappy");
  }

  /** Invoke refuses payloads over its limits before any JVM starts: 6 MB sync, 1 MB async. */
  @Test
  void payloadsOverInvokesLimitsAreRefused() throws Exception {
    lambda.deploy(primed("limits", primedCode(), Map.of()), false);
    byte[] sync = new byte[LocalLambda.MAX_SYNC_PAYLOAD + 1];
    java.util.Arrays.fill(sync, (byte) 'x');
    assertThatThrownBy(
            () ->
                client.invoke(r -> r.functionName("limits").payload(SdkBytes.fromByteArray(sync))))
        .isInstanceOfSatisfying(
            software.amazon.awssdk.services.lambda.model.LambdaException.class,
            e -> {
              // what the AWS CLI shows: "An error occurred (RequestEntityTooLargeException) ..."
              assertThat(e.statusCode()).isEqualTo(413);
              assertThat(e.awsErrorDetails().errorCode())
                  .isEqualTo("RequestEntityTooLargeException");
              assertThat(e.getMessage())
                  .contains(
                      "Request must be smaller than 6291456 bytes for the InvokeFunction operation");
            });
    byte[] async = new byte[LocalLambda.MAX_ASYNC_PAYLOAD + 1];
    java.util.Arrays.fill(async, (byte) 'x');
    assertThatThrownBy(
            () ->
                client.invoke(
                    r ->
                        r.functionName("limits")
                            .invocationType(
                                software.amazon.awssdk.services.lambda.model.InvocationType.EVENT)
                            .payload(SdkBytes.fromByteArray(async))))
        .hasMessageContaining(
            "Request must be smaller than 1048576 bytes for the InvokeFunction operation");
    assertThat(lambda.pids().get("limits")).as("no JVM started").isEmpty();
    lambda.remove("limits");
  }

  /** A version whose checkpoint hook throws is not published, and says why. */
  @Test
  void aFailingCheckpointHookFailsThePublish() throws Exception {
    lambda.deploy(primed("broken-priming", primedCode(), Map.of("failCheckpoint", "1")), false);
    assertThatThrownBy(() -> lambda.publishVersion("broken-priming", Duration.ofMinutes(1)))
        .hasMessageContaining("SnapStart initialization of")
        .hasMessageContaining("CheckpointException")
        .hasMessageContaining("slipway logs broken-priming");
    assertThat(java.nio.file.Files.readString(state.resolve("logs/broken-priming.log")))
        .contains("priming failed on purpose");
    assertThat(lambda.pids()).doesNotContainKey("broken-priming:1");
    lambda.remove("broken-priming");
  }
}
