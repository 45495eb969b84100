package dev.slipway.localcloud.logs;

/**
 * Where a producer of log lines (a function's JVM, a task container's awslogs driver, a build)
 * sends each line, as Lambda, ECS and CodeBuild send theirs to CloudWatch Logs: one event in a
 * group and stream, created when missing (as those services create them).
 */
@FunctionalInterface
public interface LogSink {
  /** Lines go nowhere. */
  LogSink NONE = (group, stream, timestamp, message) -> {};

  /** Appends one event; must not block for long (the store writes in batches). */
  void append(String group, String stream, long timestampMillis, String message);
}
