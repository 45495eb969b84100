package dev.slipway.localcloud.ecs;

import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;

/**
 * Where ECS's state change events go: EventBridge's PutEvents on the default bus, as an {@code
 * EventBridgeClient} or the local EventBridge service object (both fit as a method reference).
 */
@FunctionalInterface
public interface EventSink {
  void putEvents(PutEventsRequest request);
}
