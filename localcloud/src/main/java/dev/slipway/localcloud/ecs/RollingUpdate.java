package dev.slipway.localcloud.ecs;

import java.util.ArrayList;
import java.util.List;

/**
 * One scheduling step of an ECS rolling update (and of plain desired-count keeping, which is the
 * same step with no old tasks): which tasks to stop and how many new ones to start, within {@code
 * minimumHealthyPercent} (rounded up) and {@code maximumPercent} (rounded down) of the desired
 * count, as the ECS documentation defines them.
 */
final class RollingUpdate {
  private RollingUpdate() {}

  /** Where a task is in its life, as far as scheduling cares. */
  enum Phase {
    /** Provisioning, pending or running but not yet passing its health checks. */
    STARTING,
    /** Running and passing its container and load balancer health checks. */
    HEALTHY,
    /** Running and failing a health check: ECS replaces it. */
    UNHEALTHY,
    /** Desired STOPPED: draining, stopping; still counts toward maximumPercent. */
    STOPPING
  }

  /**
   * A task as the planner sees it; {@code primary} = belongs to the deployment being rolled out.
   */
  record TaskView(String id, boolean primary, Phase phase) {}

  /** What to do now. */
  record Plan(int start, List<String> stop) {}

  static int minimumHealthy(int desired, int minimumHealthyPercent) {
    return (int) Math.ceil(desired * minimumHealthyPercent / 100.0);
  }

  static int maximumTotal(int desired, int maximumPercent) {
    return (int) Math.floor(desired * maximumPercent / 100.0);
  }

  static Plan plan(
      int desired, int minimumHealthyPercent, int maximumPercent, List<TaskView> tasks) {
    var minHealthy = minimumHealthy(desired, minimumHealthyPercent);
    var maxTotal = Math.max(maximumTotal(desired, maximumPercent), Math.min(desired, 1));
    var stop = new ArrayList<String>();
    var healthy = 0;
    var primaryLive = 0;
    for (var t : tasks) {
      if (t.phase() == Phase.HEALTHY) {
        healthy++;
      }
    }
    // failing tasks and old tasks that never became healthy cost no health: stop them first
    for (var t : tasks) {
      if (t.phase() == Phase.UNHEALTHY || !t.primary() && t.phase() == Phase.STARTING) {
        stop.add(t.id());
      }
    }
    // primary tasks beyond the desired count (scale in): the least healthy go first
    var primaries =
        tasks.stream()
            .filter(t -> t.primary() && (t.phase() == Phase.STARTING || t.phase() == Phase.HEALTHY))
            .sorted((a, b) -> a.phase().compareTo(b.phase()))
            .toList();
    var extraPrimaries = Math.max(0, primaries.size() - desired);
    for (var t : primaries) {
      if (extraPrimaries == 0) {
        break;
      }
      if (t.phase() == Phase.STARTING) {
        stop.add(t.id());
        extraPrimaries--;
      } else if (healthy > minHealthy) {
        stop.add(t.id());
        healthy--;
        extraPrimaries--;
      }
    }
    primaryLive =
        primaries.size() - (int) primaries.stream().filter(t -> stop.contains(t.id())).count();
    // old healthy tasks go as far as the minimum healthy count allows
    for (var t : tasks) {
      if (!t.primary() && t.phase() == Phase.HEALTHY && healthy > minHealthy) {
        stop.add(t.id());
        healthy--;
      }
    }
    var total = tasks.size();
    var start = Math.max(0, Math.min(desired - primaryLive, maxTotal - total));
    return new Plan(start, List.copyOf(stop));
  }
}
