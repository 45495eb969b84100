package dev.slipway.localcloud.sns;

import java.time.Instant;

/** One published message. */
public record Notification(
    String messageId, String topicArn, String subject, String message, Instant timestamp) {}
