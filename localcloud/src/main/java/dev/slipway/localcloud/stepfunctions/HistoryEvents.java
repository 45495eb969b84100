package dev.slipway.localcloud.stepfunctions;

import java.util.Map;
import software.amazon.awssdk.services.sfn.model.*;

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
    } else {
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
        case "ExecutionAborted" ->
            b.executionAbortedEventDetails(ExecutionAbortedEventDetails.builder().build());
        case "TaskScheduled" ->
            b.taskScheduledEventDetails(
                TaskScheduledEventDetails.builder()
                    .resourceType(s(d, "resourceType"))
                    .resource(s(d, "resource"))
                    .region(s(d, "region"))
                    .parameters(s(d, "parameters"))
                    .timeoutInSeconds(l(d, "timeoutInSeconds"))
                    .heartbeatInSeconds(l(d, "heartbeatInSeconds"))
                    .build());
        case "TaskStarted" ->
            b.taskStartedEventDetails(
                TaskStartedEventDetails.builder()
                    .resourceType(s(d, "resourceType"))
                    .resource(s(d, "resource"))
                    .build());
        case "TaskSubmitted" ->
            b.taskSubmittedEventDetails(
                TaskSubmittedEventDetails.builder()
                    .resourceType(s(d, "resourceType"))
                    .resource(s(d, "resource"))
                    .build());
        case "TaskSucceeded" ->
            b.taskSucceededEventDetails(
                TaskSucceededEventDetails.builder()
                    .resourceType(s(d, "resourceType"))
                    .resource(s(d, "resource"))
                    .output(s(d, "output"))
                    .build());
        case "TaskFailed" ->
            b.taskFailedEventDetails(
                TaskFailedEventDetails.builder()
                    .resourceType(s(d, "resourceType"))
                    .resource(s(d, "resource"))
                    .error(s(d, "error"))
                    .cause(s(d, "cause"))
                    .build());
        case "TaskTimedOut" ->
            b.taskTimedOutEventDetails(
                TaskTimedOutEventDetails.builder()
                    .resourceType(s(d, "resourceType"))
                    .resource(s(d, "resource"))
                    .error(s(d, "error"))
                    .cause(s(d, "cause"))
                    .build());
        case "MapStateStarted" ->
            b.mapStateStartedEventDetails(
                MapStateStartedEventDetails.builder()
                    .length(l(d, "length") == null ? null : l(d, "length").intValue())
                    .build());
        case "MapIterationStarted", "MapIterationSucceeded", "MapIterationFailed" -> {
          MapIterationEventDetails it =
              MapIterationEventDetails.builder()
                  .name(s(d, "name"))
                  .index(l(d, "index") == null ? null : l(d, "index").intValue())
                  .build();
          switch (type) {
            case "MapIterationStarted" -> b.mapIterationStartedEventDetails(it);
            case "MapIterationSucceeded" -> b.mapIterationSucceededEventDetails(it);
            default -> b.mapIterationFailedEventDetails(it);
          }
        }
        default -> {
          // ParallelState*/MapStateSucceeded/MapStateFailed carry no details
        }
      }
    }
    return b.build();
  }

  private static String s(Map<String, Object> d, String k) {
    Object v = d.get(k);
    return v == null ? null : v.toString();
  }

  private static Long l(Map<String, Object> d, String k) {
    return d.get(k) instanceof Number n ? n.longValue() : null;
  }
}
