package dev.slipway.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.pipeline.WebhookSignature;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The function URL handlers go through the Lambda runtime's own event serializer (the one the
 * runtime interface client uses): the request must arrive with its headers and body, and the answer
 * must leave with the field names function URLs read ({@code statusCode}, {@code body}).
 */
class RuntimeSerializationTest {
  @Test
  void webhookRequestAndAnswerRoundTripThroughTheRuntimeSerializer() throws Exception {
    var loader = getClass().getClassLoader();
    var in = LambdaEventSerializers.serializerFor(APIGatewayV2HTTPEvent.class, loader);
    var out = LambdaEventSerializers.serializerFor(APIGatewayV2HTTPResponse.class, loader);
    String secret = "It's a Secret to Everybody";
    byte[] body = Fixtures.webhookBytes("ping.payload.json");
    var fixture = (ObjectNode) Steps.json(Fixtures.event("function-url-github-push.json"));
    ((ObjectNode) fixture.get("headers"))
        .put("x-github-event", "ping")
        .put("x-hub-signature-256", WebhookSignature.withSecret(secret).sign(body));
    fixture.put("body", new String(body, StandardCharsets.UTF_8));

    APIGatewayV2HTTPEvent request =
        in.fromJson(new ByteArrayInputStream(fixture.toString().getBytes(StandardCharsets.UTF_8)));
    var handler =
        new ReceiveWebhook(
            new FakeSecrets().with("arn:secret", secret),
            new FakeEvents(),
            new FakeDynamo(),
            new Env(
                Map.of(
                    "WEBHOOK_SECRET_ARN",
                    "arn:secret",
                    "EVENT_BUS_NAME",
                    "bus",
                    "DELIVERIES_TABLE",
                    "d",
                    "SLIPWAY_SERVICE",
                    "hello")),
            InstantSource.fixed(Instant.parse("2026-11-25T17:00:00Z")));
    var response = handler.handleRequest(request, new FakeContext("slipway-receive-webhook"));
    var written = new ByteArrayOutputStream();
    out.toJson(response, written);

    JsonNode answer = Steps.json(written.toString(StandardCharsets.UTF_8));
    assertThat(answer.path("statusCode").asInt()).isEqualTo(200);
    assertThat(Steps.json(answer.path("body").asText()).path("status").asText()).isEqualTo("pong");
    assertThat(answer.path("headers").path("Content-Type").asText()).isEqualTo("application/json");
  }
}
