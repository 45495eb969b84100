package dev.slipway.localcloud.ecs;

import java.nio.file.Path;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.LogDriver;

/**
 * Where the output of task containers that log with the {@code awslogs} driver goes: in local mode
 * the CloudWatch Logs reader, which turns their embedded metric format lines into metrics.
 */
public interface TaskLogs {
  /** Output goes nowhere. */
  TaskLogs NONE = of((id, file) -> {}, id -> {});

  /** Starts reading container {@code id}'s log file (again, after a restart). */
  void follow(String containerId, Path logFile);

  /** Reads the rest of a stopped container's output and stops following it. */
  void finish(String containerId);

  /** Task logs from two functions. */
  static TaskLogs of(BiConsumer<String, Path> follow, Consumer<String> finish) {
    return new TaskLogs() {
      @Override
      public void follow(String containerId, Path logFile) {
        follow.accept(containerId, logFile);
      }

      @Override
      public void finish(String containerId) {
        finish.accept(containerId);
      }
    };
  }

  /** Whether the container definition sends its output to CloudWatch Logs. */
  static boolean awslogs(ContainerDefinition def) {
    return def != null
        && def.logConfiguration() != null
        && def.logConfiguration().logDriver() == LogDriver.AWSLOGS;
  }
}
