package dev.slipway.localcloud.ecs;

import java.nio.file.Path;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.LogDriver;

/**
 * Where the output of task containers that log with the {@code awslogs} driver goes: in local mode
 * the CloudWatch Logs reader, which stores their lines in the local CloudWatch Logs and turns their
 * embedded metric format lines into metrics.
 */
public interface TaskLogs {
  /** Output goes nowhere. */
  TaskLogs NONE = of((id, file) -> {}, id -> {});

  /**
   * The log group and stream of a container, as the awslogs driver names them on Fargate.
   *
   * @param group {@code awslogs-group}
   * @param stream {@code <awslogs-stream-prefix>/<container name>/<task id>}
   */
  record Destination(String group, String stream) {}

  /** Starts reading container {@code id}'s log file (again, after a restart) into {@code to}. */
  void follow(String containerId, Path logFile, Destination to);

  /** How {@link #follow} is given as a function. */
  @FunctionalInterface
  interface Follow {
    void follow(String containerId, Path logFile, Destination to);
  }

  /** Reads the rest of a stopped container's output and stops following it. */
  void finish(String containerId);

  /** Task logs from two functions; the destination is not used. */
  static TaskLogs of(BiConsumer<String, Path> follow, Consumer<String> finish) {
    return of((Follow) (id, file, to) -> follow.accept(id, file), finish);
  }

  /** Task logs from two functions. */
  static TaskLogs of(Follow follow, Consumer<String> finish) {
    return new TaskLogs() {
      @Override
      public void follow(String containerId, Path logFile, Destination to) {
        follow.follow(containerId, logFile, to);
      }

      @Override
      public void finish(String containerId) {
        finish.accept(containerId);
      }
    };
  }

  /**
   * Where the awslogs driver sends the output of container {@code def} of task {@code taskArn}:
   * {@code awslogs-group}, and the stream {@code <prefix>/<container name>/<task id>} (without a
   * prefix, as on EC2, the container's id), per the awslogs driver's documentation
   * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_awslogs.html).
   */
  static Destination destination(ContainerDefinition def, String taskArn, String containerId) {
    var options = def.logConfiguration().options();
    String group = options.getOrDefault("awslogs-group", "/ecs/" + def.name());
    String prefix = options.get("awslogs-stream-prefix");
    String taskId = taskArn.substring(taskArn.lastIndexOf('/') + 1);
    return new Destination(
        group, prefix == null ? containerId : prefix + "/" + def.name() + "/" + taskId);
  }

  /** Whether the container definition sends its output to CloudWatch Logs. */
  static boolean awslogs(ContainerDefinition def) {
    return def != null
        && def.logConfiguration() != null
        && def.logConfiguration().logDriver() == LogDriver.AWSLOGS;
  }
}
