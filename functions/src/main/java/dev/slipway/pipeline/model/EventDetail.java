package dev.slipway.pipeline.model;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

/**
 * The {@code detail} of an execution's input event: a push, or a manual rollback request.
 *
 * <p>Both arrive as the same state machine's input; a manual rollback is recognised by its {@code
 * toSha} field (see {@link EventDetailDeserializer}).
 */
@JsonDeserialize(using = EventDetailDeserializer.class)
public sealed interface EventDetail permits PushEvent, ManualRollbackRequest {
  /** The service this event is for. */
  String service();
}
