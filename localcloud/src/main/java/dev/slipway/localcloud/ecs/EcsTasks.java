package dev.slipway.localcloud.ecs;

import java.util.ArrayList;
import software.amazon.awssdk.services.ecs.model.*;

/** Tasks: listing, describing and stopping them, on the shared state. */
final class EcsTasks {
  private final EcsState state;
  private final EcsNames names;
  private final TaskRunner runner;

  EcsTasks(EcsState state, EcsNames names, TaskRunner runner) {
    this.state = state;
    this.names = names;
    this.runner = runner;
  }

  ListTasksResponse list(ListTasksRequest r) {
    synchronized (state) {
      var c = state.cluster(r.cluster());
      var wanted = r.desiredStatus() == null ? "RUNNING" : r.desiredStatusAsString();
      var serviceArn =
          r.serviceName() == null
              ? null
              : names.service(c.name(), EcsNames.lastSegment(r.serviceName()));
      if (serviceArn != null && !state.services.containsKey(serviceArn)) {
        throw EcsErrors.serviceNotFound(r.serviceName());
      }
      var arns =
          state.tasks.values().stream()
              .filter(t -> t.clusterArn.equals(c.arn()))
              .filter(t -> serviceArn == null || serviceArn.equals(t.serviceArn))
              .filter(t -> r.family() == null || t.taskDefinition.family().equals(r.family()))
              .filter(t -> t.desiredStatus.equals(wanted))
              .map(t -> t.arn)
              .toList();
      return ListTasksResponse.builder().taskArns(arns).build();
    }
  }

  DescribeTasksResponse describe(DescribeTasksRequest r) {
    synchronized (state) {
      var c = state.cluster(r.cluster());
      var out = new ArrayList<Task>();
      var failures = new ArrayList<Failure>();
      for (var ref : r.tasks()) {
        var t =
            state.tasks.values().stream()
                .filter(
                    x -> x.clusterArn.equals(c.arn()) && (x.arn.equals(ref) || x.id().equals(ref)))
                .findFirst();
        if (t.isPresent()) {
          out.add(EcsViews.task(t.get()));
        } else {
          failures.add(Failure.builder().arn(ref).reason("MISSING").build());
        }
      }
      return DescribeTasksResponse.builder().tasks(out).failures(failures).build();
    }
  }

  StopTaskResponse stop(StopTaskRequest r) {
    synchronized (state) {
      var c = state.cluster(r.cluster());
      var t =
          state.tasks.values().stream()
              .filter(
                  x ->
                      x.clusterArn.equals(c.arn())
                          && (x.arn.equals(r.task()) || x.id().equals(r.task())))
              .findFirst()
              .orElseThrow(
                  () ->
                      EcsErrors.invalidParameter("The referenced task was not found: " + r.task()));
      runner.requestStop(
          t, r.reason() == null ? "Task stopped by user" : r.reason(), TaskStopCode.USER_INITIATED);
      return StopTaskResponse.builder().task(EcsViews.task(t)).build();
    }
  }
}
