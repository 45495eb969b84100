package dev.slipway.functions;

import dev.slipway.pipeline.NotificationSubject;

/** A notification: SNS subject (made valid by {@link NotificationSubject}), text, and severity. */
record Message(String subject, String text, String severity) {
  Message {
    subject = NotificationSubject.of(subject);
  }
}
