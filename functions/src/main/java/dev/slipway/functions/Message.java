package dev.slipway.functions;

/** A notification: SNS subject (at most 100 characters), text, and severity. */
record Message(String subject, String text, String severity) {
  Message {
    subject = subject.length() <= 100 ? subject : subject.substring(0, 99) + "…";
  }
}
