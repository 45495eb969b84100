package dev.slipway.functions;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/** An event bus that keeps what was put on it; can be told to refuse entries. */
final class FakeEvents implements EventBridgeClient {
  final List<PutEventsRequestEntry> entries = new ArrayList<>();
  boolean refuse;

  @Override
  public String serviceName() {
    return "events";
  }

  @Override
  public void close() {}

  @Override
  public PutEventsResponse putEvents(PutEventsRequest request) {
    if (refuse) {
      return PutEventsResponse.builder()
          .failedEntryCount(1)
          .entries(
              PutEventsResultEntry.builder()
                  .errorCode("InternalFailure")
                  .errorMessage("try again")
                  .build())
          .build();
    }
    entries.addAll(request.entries());
    return PutEventsResponse.builder()
        .failedEntryCount(0)
        .entries(PutEventsResultEntry.builder().eventId("e-" + entries.size()).build())
        .build();
  }
}
