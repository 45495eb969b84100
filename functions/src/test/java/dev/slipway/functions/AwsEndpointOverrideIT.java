package dev.slipway.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Local mode points unchanged handlers at 127.0.0.1:4566 through the SDK's own endpoint setting
 * ({@code AWS_ENDPOINT_URL}, or the {@code aws.endpointUrl} system property used here because a
 * test cannot set environment variables): the real clients must honour it without code of ours.
 */
class AwsEndpointOverrideIT {
  private static HttpServer server;
  private static final List<String> received = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void localEndpoint() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          received.add(
              exchange.getRequestMethod()
                  + " "
                  + exchange.getRequestURI().getPath()
                  + " "
                  + exchange.getRequestHeaders().getFirst("X-Amz-Target")
                  + " "
                  + exchange.getRequestHeaders().getFirst("Authorization"));
          exchange.getRequestBody().readAllBytes();
          byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    String endpoint = "http://127.0.0.1:" + server.getAddress().getPort();
    System.setProperty("aws.endpointUrl", endpoint);
    System.setProperty("aws.region", "eu-west-1");
    System.setProperty("aws.accessKeyId", "AKIDLOCAL");
    System.setProperty("aws.secretAccessKey", "local-secret");
  }

  @AfterAll
  static void stop() {
    server.stop(0);
    for (String property :
        new String[] {"aws.endpointUrl", "aws.region", "aws.accessKeyId", "aws.secretAccessKey"}) {
      System.clearProperty(property);
    }
  }

  @Test
  void realStepFunctionsClientCallsTheConfiguredEndpoint() {
    AwsClients.sfn().sendTaskSuccess(r -> r.taskToken("token").output("{}"));

    assertThat(received)
        .anySatisfy(
            line ->
                assertThat(line)
                    .startsWith("POST / AWSStepFunctions.SendTaskSuccess")
                    .contains("AWS4-HMAC-SHA256 Credential=AKIDLOCAL/"));
  }

  @Test
  void signedCodeBuildCallsTheSameEndpoint() {
    var codeBuild =
        SignedCodeBuildApi.fromEnvironment(
            new Env(
                Map.of(
                    "AWS_ENDPOINT_URL",
                    System.getProperty("aws.endpointUrl"),
                    "AWS_REGION",
                    "eu-west-1")));

    codeBuild.findBuild("slipway-hello", "exec-1");

    assertThat(received)
        .anySatisfy(
            line ->
                assertThat(line)
                    .startsWith("POST / CodeBuild_20161006.ListBuildsForProject")
                    .contains("/eu-west-1/codebuild/aws4_request"));
  }
}
