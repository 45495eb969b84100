package dev.slipway.pipeline.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;

/** Picks the {@link EventDetail} kind by its fields: {@code toSha} marks a manual rollback. */
final class EventDetailDeserializer extends StdDeserializer<EventDetail> {
  private static final long serialVersionUID = 1L;

  EventDetailDeserializer() {
    super(EventDetail.class);
  }

  @Override
  public EventDetail deserialize(JsonParser parser, DeserializationContext context)
      throws IOException {
    JsonNode node = parser.readValueAsTree();
    Class<? extends EventDetail> kind =
        node.has("toSha") ? ManualRollbackRequest.class : PushEvent.class;
    return context.readTreeAsValue(node, kind);
  }
}
