package dev.slipway.localcloud.codebuild;

import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;

/**
 * Where CodeBuild's "CodeBuild Build State Change" events go: EventBridge's PutEvents on the
 * default bus, as an {@code EventBridgeClient} or the local EventBridge service object (both fit as
 * a method reference).
 */
@FunctionalInterface
public interface BuildEventSink {
  /** Puts the events on their bus. */
  void putEvents(PutEventsRequest request);
}
