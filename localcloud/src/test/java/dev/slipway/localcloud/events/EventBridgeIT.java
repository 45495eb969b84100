package dev.slipway.localcloud.events;

import static dev.slipway.localcloud.server.LocalEndpoint.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.localcloud.protocol.Json;
import dev.slipway.localcloud.protocol.ServiceDescriptor;
import dev.slipway.localcloud.server.LocalCloudServer;
import dev.slipway.localcloud.server.StateDatabase;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.InputTransformer;
import software.amazon.awssdk.services.eventbridge.model.InvalidEventPatternException;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;
import software.amazon.awssdk.services.eventbridge.model.Target;

/** EventBridge through the real SDK client: patterns, transformers, retried delivery. */
class EventBridgeIT {
  static final String MACHINE = "arn:aws:states:us-east-1:000000000000:stateMachine:pipeline";
  @TempDir Path state;
  LocalCloudServer server;
  StateDatabase db;
  EventBridgeClient events;
  LocalEventBridge bridge;
  final List<String[]> delivered = new CopyOnWriteArrayList<>();
  final AtomicInteger failuresLeft = new AtomicInteger();

  @BeforeEach
  void start() throws Exception {
    db = new StateDatabase(state.resolve("state.db"));
    server = LocalCloudServer.start(0);
    TargetInvoker invoker =
        call -> {
          if (failuresLeft.getAndDecrement() > 0) {
            throw new IllegalStateException("target unavailable");
          }
          delivered.add(new String[] {call.arn(), call.input()});
        };
    bridge = new LocalEventBridge(db, Clock.systemUTC(), invoker, Duration.ofMillis(20));
    server.register(ServiceDescriptor.eventBridge(bridge));
    events = client(EventBridgeClient.builder(), server.endpoint());
    events.createEventBus(r -> r.name("slipway"));
    events.putRule(
        r ->
            r.eventBusName("slipway")
                .name("push-main")
                .eventPattern(
                    "{\"source\":[\"slipway.github\"],\"detail-type\":[\"push\"],\"detail\":{\"branch\":[\"main\"]}}"));
  }

  @AfterEach
  void stop() {
    events.close();
    bridge.close();
    server.close();
    db.close();
  }

  void push(String branch) {
    var out =
        events.putEvents(
            r ->
                r.entries(
                    PutEventsRequestEntry.builder()
                        .eventBusName("slipway")
                        .source("slipway.github")
                        .detailType("push")
                        .detail(
                            "{\"service\":\"hello\",\"branch\":\"" + branch + "\",\"sha\":\"abc\"}")
                        .build()));
    assertThat(out.failedEntryCount()).isZero();
  }

  @Test
  void matchingEventReachesTheTargetAsTheWholeEvent() throws Exception {
    events.putTargets(
        r ->
            r.eventBusName("slipway")
                .rule("push-main")
                .targets(Target.builder().id("sfn").arn(MACHINE).build()));
    push("feature");
    push("main");
    await().atMost(Duration.ofSeconds(5)).until(() -> delivered.size() == 1);
    JsonNode event = Json.MAPPER.readTree(delivered.getFirst()[1]);
    assertThat(delivered.getFirst()[0]).isEqualTo(MACHINE);
    assertThat(event.path("detail-type").asText()).isEqualTo("push");
    assertThat(event.path("account").asText()).isEqualTo("000000000000");
    assertThat(event.path("detail").path("branch").asText()).isEqualTo("main");
  }

  @Test
  void inputTransformerFillsTheTemplate() throws Exception {
    events.putTargets(
        r ->
            r.eventBusName("slipway")
                .rule("push-main")
                .targets(
                    Target.builder()
                        .id("t")
                        .arn(MACHINE)
                        .inputTransformer(
                            InputTransformer.builder()
                                .inputPathsMap(Map.of("sha", "$.detail.sha", "d", "$.detail"))
                                .inputTemplate("{\"text\":\"deploying <sha>\",\"detail\":<d>}")
                                .build())
                        .build()));
    push("main");
    await().atMost(Duration.ofSeconds(5)).until(() -> delivered.size() == 1);
    JsonNode input = Json.MAPPER.readTree(delivered.getFirst()[1]);
    assertThat(input.path("text").asText()).isEqualTo("deploying abc");
    assertThat(input.path("detail").path("service").asText()).isEqualTo("hello");
  }

  @Test
  void failedDeliveryIsRetriedUntilItSucceeds() {
    events.putTargets(
        r ->
            r.eventBusName("slipway")
                .rule("push-main")
                .targets(Target.builder().id("sfn").arn(MACHINE).build()));
    failuresLeft.set(3);
    push("main");
    await().atMost(Duration.ofSeconds(10)).until(() -> delivered.size() == 1);
    assertThat(bridge.pendingDeliveries()).isZero();
  }

  @Test
  void badPatternsAndUnknownBusesAreAwsErrors() {
    assertThatThrownBy(
            () -> events.putRule(r -> r.name("bad").eventPattern("{\"source\":\"not-a-list\"}")))
        .isInstanceOf(InvalidEventPatternException.class);
    assertThatThrownBy(
            () ->
                events.putRule(
                    r -> r.eventBusName("nope").name("x").eventPattern("{\"source\":[\"a\"]}")))
        .isInstanceOf(ResourceNotFoundException.class);
    var malformed =
        events.putEvents(
            r ->
                r.entries(
                    PutEventsRequestEntry.builder()
                        .source("s")
                        .detailType("d")
                        .detail("[1]")
                        .build()));
    assertThat(malformed.failedEntryCount()).isEqualTo(1);
    assertThat(malformed.entries().getFirst().errorCode()).isEqualTo("MalformedDetail");
  }
}
