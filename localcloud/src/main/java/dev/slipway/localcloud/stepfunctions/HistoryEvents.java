package dev.slipway.localcloud.stepfunctions;

import java.util.Map;
import software.amazon.awssdk.services.sfn.model.ExecutionAbortedEventDetails;
import software.amazon.awssdk.services.sfn.model.ExecutionFailedEventDetails;
import software.amazon.awssdk.services.sfn.model.ExecutionStartedEventDetails;
import software.amazon.awssdk.services.sfn.model.ExecutionSucceededEventDetails;
import software.amazon.awssdk.services.sfn.model.ExecutionTimedOutEventDetails;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.MapIterationEventDetails;
import software.amazon.awssdk.services.sfn.model.MapStateStartedEventDetails;
import software.amazon.awssdk.services.sfn.model.StateEnteredEventDetails;
import software.amazon.awssdk.services.sfn.model.StateExitedEventDetails;
import software.amazon.awssdk.services.sfn.model.TaskFailedEventDetails;
import software.amazon.awssdk.services.sfn.model.TaskScheduledEventDetails;
import software.amazon.awssdk.services.sfn.model.TaskStartedEventDetails;
import software.amazon.awssdk.services.sfn.model.TaskSubmittedEventDetails;
import software.amazon.awssdk.services.sfn.model.TaskSucceededEventDetails;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutEventDetails;

/** Engine history events to the SDK's {@link HistoryEvent} with the detail field AWS sets. */
final class HistoryEvents {
  private HistoryEvents() {}

  static HistoryEvent toSdk(dev.slipway.localcloud.stepfunctions.asl.exec.HistoryEvent e) {
    Map<String, Object> d = e.details();
    HistoryEvent.Builder b =
        HistoryEvent.builder()
            .id(e.id())
            .previousEventId(e.previousEventId())
            .timestamp(e.timestamp())
            .type(e.type());
    String type = e.type();
    if (type.endsWith("StateEntered")) {
      b.stateEnteredEventDetails(
          StateEnteredEventDetails.builder().name(s(d, "name")).input(s(d, "input")).build());
    } else if (type.endsWith("StateExited")) {
      b.stateExitedEventDetails(
          StateExitedEventDetails.builder().name(s(d, "name")).output(s(d, "output")).build());
    } else if (type.startsWith("Execution")) {
      execution(b, type, d);
    } else if (type.startsWith("Task")) {
      task(b, type, d);
    } else if (type.startsWith("Map")) {
      map(b, type, d);
    }
    // ParallelState* events carry no details
    return b.build();
  }

  private static void execution(HistoryEvent.Builder b, String type, Map<String, Object> d) {
    switch (type) {
      case "ExecutionStarted" ->
          b.executionStartedEventDetails(
              ExecutionStartedEventDetails.builder()
                  .input(s(d, "input"))
                  .roleArn(s(d, "roleArn"))
                  .build());
      case "ExecutionSucceeded" ->
          b.executionSucceededEventDetails(
              ExecutionSucceededEventDetails.builder().output(s(d, "output")).build());
      case "ExecutionFailed" ->
          b.executionFailedEventDetails(
              ExecutionFailedEventDetails.builder()
                  .error(s(d, "error"))
                  .cause(s(d, "cause"))
                  .build());
      case "ExecutionTimedOut" ->
          b.executionTimedOutEventDetails(
              ExecutionTimedOutEventDetails.builder()
                  .error(s(d, "error"))
                  .cause(s(d, "cause"))
                  .build());
      default ->
          b.executionAbortedEventDetails(
              ExecutionAbortedEventDetails.builder()
                  .error(s(d, "error"))
                  .cause(s(d, "cause"))
                  .build());
    }
  }

  private static void task(HistoryEvent.Builder b, String type, Map<String, Object> d) {
    String resourceType = s(d, "resourceType");
    String resource = s(d, "resource");
    switch (type) {
      case "TaskScheduled" ->
          b.taskScheduledEventDetails(
              TaskScheduledEventDetails.builder()
                  .resourceType(resourceType)
                  .resource(resource)
                  .region(s(d, "region"))
                  .parameters(s(d, "parameters"))
                  .timeoutInSeconds(l(d, "timeoutInSeconds"))
                  .heartbeatInSeconds(l(d, "heartbeatInSeconds"))
                  .build());
      case "TaskStarted" ->
          b.taskStartedEventDetails(
              TaskStartedEventDetails.builder()
                  .resourceType(resourceType)
                  .resource(resource)
                  .build());
      case "TaskSubmitted" ->
          b.taskSubmittedEventDetails(
              TaskSubmittedEventDetails.builder()
                  .resourceType(resourceType)
                  .resource(resource)
                  .build());
      case "TaskSucceeded" ->
          b.taskSucceededEventDetails(
              TaskSucceededEventDetails.builder()
                  .resourceType(resourceType)
                  .resource(resource)
                  .output(s(d, "output"))
                  .build());
      case "TaskFailed" ->
          b.taskFailedEventDetails(
              TaskFailedEventDetails.builder()
                  .resourceType(resourceType)
                  .resource(resource)
                  .error(s(d, "error"))
                  .cause(s(d, "cause"))
                  .build());
      default ->
          b.taskTimedOutEventDetails(
              TaskTimedOutEventDetails.builder()
                  .resourceType(resourceType)
                  .resource(resource)
                  .error(s(d, "error"))
                  .cause(s(d, "cause"))
                  .build());
    }
  }

  private static void map(HistoryEvent.Builder b, String type, Map<String, Object> d) {
    if (type.equals("MapStateStarted")) {
      Long length = l(d, "length");
      b.mapStateStartedEventDetails(
          MapStateStartedEventDetails.builder()
              .length(length == null ? null : length.intValue())
              .build());
      return;
    }
    Long index = l(d, "index");
    MapIterationEventDetails it =
        MapIterationEventDetails.builder()
            .name(s(d, "name"))
            .index(index == null ? null : index.intValue())
            .build();
    switch (type) {
      case "MapIterationStarted" -> b.mapIterationStartedEventDetails(it);
      case "MapIterationSucceeded" -> b.mapIterationSucceededEventDetails(it);
      case "MapIterationFailed" -> b.mapIterationFailedEventDetails(it);
      default -> {
        // MapStateSucceeded / MapStateFailed carry no details
      }
    }
  }

  private static String s(Map<String, Object> d, String k) {
    Object v = d.get(k);
    return v == null ? null : v.toString();
  }

  private static Long l(Map<String, Object> d, String k) {
    return d.get(k) instanceof Number n ? n.longValue() : null;
  }
}
