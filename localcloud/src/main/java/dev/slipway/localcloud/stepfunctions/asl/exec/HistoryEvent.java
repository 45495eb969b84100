package dev.slipway.localcloud.stepfunctions.asl.exec;

import java.time.Instant;
import java.util.Map;

/**
 * One execution history event, named as in GetExecutionHistory ({@code TaskStateEntered}, {@code
 * TaskScheduled}, ...). {@code details} holds the event's detail fields (name, input, output,
 * error, cause, resource, ...), values already JSON text where AWS sends text.
 */
public record HistoryEvent(
    long id, long previousEventId, Instant timestamp, String type, Map<String, Object> details) {}
