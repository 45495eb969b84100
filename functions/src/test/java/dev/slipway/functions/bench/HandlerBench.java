package dev.slipway.functions.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.slipway.functions.FakeContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Webhook handler numbers: class initialisation (loading the handler and building its real SDK
 * clients), the first (cold) invocation, warm p50/p99 in-process, and the shaded jar's size.
 *
 * <p>The handler runs unchanged with its real clients; {@code AWS_ENDPOINT_URL} points them at an
 * AWS-shaped endpoint served by this JVM on 127.0.0.1 (Secrets Manager, DynamoDB, EventBridge), so
 * a warm invocation includes HMAC verification, JSON parsing, SDK marshalling and two loopback
 * round trips (conditional put, PutEvents). Run it with {@code functions/bench}.
 *
 * <p>Arguments: endpoint port, shaded jar path, conformance github-webhooks directory.
 */
public final class HandlerBench {
  private static final int WARMUP = 500;
  private static final int MEASURED = 3000;

  private HandlerBench() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    Path jar = Path.of(args[1]);
    Path webhooks = Path.of(args[2]);
    HttpServer aws = fakeAws(port);
    try {
      run(jar, webhooks);
    } finally {
      aws.stop(0);
    }
    // Library threads (EMF sinks, SDK reapers) must not keep the benchmark JVM alive.
    System.exit(0);
  }

  private static void run(Path jar, Path webhooks) throws Exception {
    ObjectMapper json = new ObjectMapper();
    String file = "push.existing-branch.go-playground.payload.json";
    String body = Files.readString(webhooks.resolve(file), StandardCharsets.UTF_8);
    String signature = null;
    for (JsonNode vector :
        json.readTree(webhooks.resolve("signature-vectors-derived.json").toFile())
            .path("payload_file_vectors")) {
      if (vector.path("payload_file").asText().equals(file)) {
        signature = vector.path("signature").asText();
      }
    }

    long t0 = System.nanoTime();
    @SuppressWarnings("unchecked")
    var handler =
        (RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>)
            Class.forName("dev.slipway.functions.ReceiveWebhook")
                .getDeclaredConstructor()
                .newInstance();
    long initNanos = System.nanoTime() - t0;
    Context context = new FakeContext("slipway-receive-webhook");

    long t1 = System.nanoTime();
    int status = handler.handleRequest(request(body, signature, "cold"), context).getStatusCode();
    long coldNanos = System.nanoTime() - t1;
    if (status != 202) {
      throw new IllegalStateException("first invocation answered " + status + ", expected 202");
    }

    for (int i = 0; i < WARMUP; i++) {
      handler.handleRequest(request(body, signature, "warmup-" + i), context);
    }
    long[] samples = new long[MEASURED];
    for (int i = 0; i < MEASURED; i++) {
      var event = request(body, signature, "measured-" + i);
      long start = System.nanoTime();
      var response = handler.handleRequest(event, context);
      samples[i] = System.nanoTime() - start;
      if (response.getStatusCode() != 202) {
        throw new IllegalStateException(
            "invocation " + i + " answered " + response.getStatusCode());
      }
    }
    Arrays.sort(samples);
    System.out.printf(
        "webhook handler (ReceiveWebhook), signed %d-byte push, real SDK clients over 127.0.0.1%n",
        body.length());
    System.out.printf("  class init + real client build : %8.1f ms%n", initNanos / 1e6);
    System.out.printf("  first (cold) invocation        : %8.1f ms%n", coldNanos / 1e6);
    System.out.printf(
        "  warm p50 (n=%d)              : %8.3f ms%n", MEASURED, percentile(samples, 0.50) / 1e6);
    System.out.printf(
        "  warm p99                       : %8.3f ms%n", percentile(samples, 0.99) / 1e6);
    System.out.printf(
        "  warm max                       : %8.3f ms%n", samples[samples.length - 1] / 1e6);
    System.out.printf(
        "shaded jar %s: %.1f MB (%d bytes)%n",
        jar.getFileName(), Files.size(jar) / 1048576.0, Files.size(jar));
  }

  private static long percentile(long[] sorted, double p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
  }

  private static APIGatewayV2HTTPEvent request(String body, String signature, String delivery) {
    Map<String, String> headers = new HashMap<>();
    headers.put("content-type", "application/json");
    headers.put("user-agent", "GitHub-Hookshot/8e24a36");
    headers.put("x-github-event", "push");
    headers.put("x-github-delivery", delivery);
    headers.put("x-hub-signature-256", signature);
    return APIGatewayV2HTTPEvent.builder()
        .withVersion("2.0")
        .withRouteKey("$default")
        .withRawPath("/")
        .withHeaders(headers)
        .withBody(body)
        .withIsBase64Encoded(false)
        .withRequestContext(
            APIGatewayV2HTTPEvent.RequestContext.builder()
                .withHttp(
                    APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                        .withMethod("POST")
                        .withPath("/")
                        .withSourceIp("140.82.115.44")
                        .build())
                .build())
        .build();
  }

  /** Secrets Manager, DynamoDB and EventBridge, answering the three calls the webhook makes. */
  private static HttpServer fakeAws(int port) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
    server.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          String target = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
          String answer =
              switch (target) {
                case "secretsmanager.GetSecretValue" ->
                    "{\"ARN\":\"arn:aws:secretsmanager:eu-west-1:123456789012:secret:gh\","
                        + "\"Name\":\"gh\",\"SecretString\":\"It's a Secret to Everybody\","
                        + "\"VersionId\":\"v1\"}";
                case "AWSEvents.PutEvents" ->
                    "{\"FailedEntryCount\":0,\"Entries\":[{\"EventId\":\"e1\"}]}";
                default -> "{}";
              };
          byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
          exchange.sendResponseHeaders(200, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    server.start();
    return server;
  }
}
