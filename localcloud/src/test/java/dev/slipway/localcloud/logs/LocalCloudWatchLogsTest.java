package dev.slipway.localcloud.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.localcloud.server.StateDatabase;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudwatchlogs.model.CreateLogGroupRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.CreateLogStreamRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.DescribeLogGroupsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.DescribeLogGroupsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.DescribeLogStreamsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.InvalidParameterException;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogStream;
import software.amazon.awssdk.services.cloudwatchlogs.model.OrderBy;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.PutLogEventsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

/**
 * The local CloudWatch Logs on the SDK's request and response types: GetLogEvents' forward and
 * backward tokens, pagination of the Describe calls and FilterLogEvents, filter patterns, AWS's
 * errors, and events that survive a restart.
 */
class LocalCloudWatchLogsTest {
  private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
  private static final long T0 = NOW.toEpochMilli() - 60_000;

  @TempDir Path dir;
  private StateDatabase db;
  private LocalCloudWatchLogs logs;

  @BeforeEach
  void open() {
    db = new StateDatabase(dir.resolve("state.db"));
    logs = new LocalCloudWatchLogs(db, Clock.fixed(NOW, ZoneOffset.UTC), false);
  }

  @AfterEach
  void close() {
    logs.close();
    db.close();
  }

  /** Ten events "line 0" … "line 9", one a second, in group g, stream s. */
  private void tenLines() {
    for (int i = 0; i < 10; i++) {
      logs.sink().append("g", "s", T0 + i * 1000L, "line " + i);
    }
  }

  private static List<String> messages(GetLogEventsResponse r) {
    return r.events().stream().map(OutputLogEvent::message).toList();
  }

  private GetLogEventsResponse get(String token, Boolean head, int limit) {
    return logs.getLogEvents(
        GetLogEventsRequest.builder()
            .logGroupName("g")
            .logStreamName("s")
            .nextToken(token)
            .startFromHead(head)
            .limit(limit)
            .build());
  }

  @Test
  void forwardTokensReadOnAndComeBackUnchangedAtTheEnd() {
    tenLines();
    var first = get(null, true, 4);
    assertThat(messages(first)).containsExactly("line 0", "line 1", "line 2", "line 3");
    assertThat(first.nextForwardToken()).matches("f/[0-9]{56}");
    assertThat(first.nextBackwardToken()).matches("b/[0-9]{56}");
    var second = get(first.nextForwardToken(), true, 4);
    assertThat(messages(second)).containsExactly("line 4", "line 5", "line 6", "line 7");
    var third = get(second.nextForwardToken(), true, 4);
    assertThat(messages(third)).containsExactly("line 8", "line 9");
    var end = get(third.nextForwardToken(), true, 4);
    assertThat(end.events()).isEmpty();
    assertThat(end.nextForwardToken()).isEqualTo(third.nextForwardToken());
    assertThat(end.nextBackwardToken()).startsWith("b/");

    logs.sink().append("g", "s", T0 + 20_000, "line 10");
    var more = get(end.nextForwardToken(), true, 4);
    assertThat(messages(more)).containsExactly("line 10");
  }

  @Test
  void withoutStartFromHeadTheLastEventsComeFirstAndBackwardTokensReadEarlierOnes() {
    tenLines();
    var last = get(null, null, 3);
    assertThat(messages(last)).containsExactly("line 7", "line 8", "line 9");
    var before = get(last.nextBackwardToken(), null, 3);
    assertThat(messages(before)).containsExactly("line 4", "line 5", "line 6");
    var earliest = get(get(before.nextBackwardToken(), null, 3).nextBackwardToken(), null, 3);
    assertThat(messages(earliest)).containsExactly("line 0");
    var beyond = get(earliest.nextBackwardToken(), null, 3);
    assertThat(beyond.events()).isEmpty();
    assertThat(beyond.nextBackwardToken()).isEqualTo(earliest.nextBackwardToken());
    // and forward again from the oldest page
    assertThat(messages(get(earliest.nextForwardToken(), true, 2)))
        .containsExactly("line 1", "line 2");
  }

  @Test
  void startTimeIsInclusiveAndEndTimeExclusive() {
    tenLines();
    var r =
        logs.getLogEvents(
            GetLogEventsRequest.builder()
                .logGroupName("g")
                .logStreamName("s")
                .startTime(T0 + 2000)
                .endTime(T0 + 5000)
                .startFromHead(true)
                .build());
    assertThat(messages(r)).containsExactly("line 2", "line 3", "line 4");
  }

  @Test
  void unknownGroupsStreamsAndTokensGetAwsErrors() {
    tenLines();
    assertThatThrownBy(
            () ->
                logs.getLogEvents(
                    GetLogEventsRequest.builder().logGroupName("nope").logStreamName("s").build()))
        .isInstanceOf(ResourceNotFoundException.class)
        .hasMessageContaining("The specified log group does not exist.");
    assertThatThrownBy(
            () ->
                logs.getLogEvents(
                    GetLogEventsRequest.builder().logGroupName("g").logStreamName("x").build()))
        .isInstanceOf(ResourceNotFoundException.class)
        .hasMessageContaining("The specified log stream does not exist.");
    assertThatThrownBy(() -> get("f/123", true, 1))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageContaining("The specified nextToken is invalid.");
    assertThatThrownBy(
            () -> logs.createLogGroup(CreateLogGroupRequest.builder().logGroupName("g").build()))
        .isInstanceOf(ResourceAlreadyExistsException.class);
    assertThatThrownBy(
            () ->
                logs.describeLogStreams(
                    DescribeLogStreamsRequest.builder().logGroupName("nope").build()))
        .isInstanceOf(ResourceNotFoundException.class)
        .hasMessageContaining("The specified log group does not exist.");
    assertThatThrownBy(() -> get(null, true, 0))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageContaining("Member must have value greater than or equal to 1");
  }

  @Test
  void describeLogGroupsPagesByNameWithPrefix() {
    for (String g : List.of("/aws/lambda/b", "/aws/lambda/a", "/aws/codebuild/p", "/ecs/x")) {
      logs.provisionGroup(g, g.equals("/ecs/x") ? 30 : null);
    }
    List<String> names = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      DescribeLogGroupsResponse r =
          logs.describeLogGroups(
              DescribeLogGroupsRequest.builder()
                  .logGroupNamePrefix("/aws/")
                  .limit(2)
                  .nextToken(token)
                  .build());
      r.logGroups().forEach(g -> names.add(g.logGroupName()));
      token = r.nextToken();
      pages++;
    } while (token != null);
    assertThat(names).containsExactly("/aws/codebuild/p", "/aws/lambda/a", "/aws/lambda/b");
    assertThat(pages).isEqualTo(2);
    var ecs =
        logs.describeLogGroups(
                DescribeLogGroupsRequest.builder().logGroupNamePrefix("/ecs").build())
            .logGroups()
            .getFirst();
    assertThat(ecs.retentionInDays()).isEqualTo(30);
    assertThat(ecs.arn()).isEqualTo("arn:aws:logs:us-east-1:000000000000:log-group:/ecs/x:*");
    assertThatThrownBy(() -> logs.provisionGroup("/bad", 2))
        .isInstanceOf(InvalidParameterException.class);
  }

  @Test
  void describeLogStreamsOrdersByNameOrLastEventTime() {
    logs.sink().append("g", "b", T0 + 1000, "x");
    logs.sink().append("g", "a", T0 + 3000, "x");
    logs.sink().append("g", "c", T0 + 2000, "x");
    assertThat(streams(DescribeLogStreamsRequest.builder().logGroupName("g")))
        .containsExactly("a", "b", "c");
    assertThat(
            streams(
                DescribeLogStreamsRequest.builder()
                    .logGroupName("g")
                    .orderBy(OrderBy.LAST_EVENT_TIME)
                    .descending(true)))
        .containsExactly("a", "c", "b");
    assertThat(
            streams(DescribeLogStreamsRequest.builder().logGroupName("g").logStreamNamePrefix("b")))
        .containsExactly("b");
    var page =
        logs.describeLogStreams(
            DescribeLogStreamsRequest.builder().logGroupName("g").limit(2).build());
    assertThat(page.logStreams()).hasSize(2);
    assertThat(
            logs.describeLogStreams(
                    DescribeLogStreamsRequest.builder()
                        .logGroupName("g")
                        .nextToken(page.nextToken())
                        .build())
                .logStreams())
        .extracting(LogStream::logStreamName)
        .containsExactly("c");
    LogStream a = page.logStreams().getFirst();
    assertThat(a.lastEventTimestamp()).isEqualTo(T0 + 3000);
    assertThat(a.arn()).isEqualTo("arn:aws:logs:us-east-1:000000000000:log-group:g:log-stream:a");
    assertThatThrownBy(
            () ->
                logs.describeLogStreams(
                    DescribeLogStreamsRequest.builder()
                        .logGroupName("g")
                        .orderBy(OrderBy.LAST_EVENT_TIME)
                        .logStreamNamePrefix("a")
                        .build()))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageContaining("Cannot order by LastEventTime with a logStreamNamePrefix.");
  }

  private List<String> streams(DescribeLogStreamsRequest.Builder b) {
    return logs.describeLogStreams(b.build()).logStreams().stream()
        .map(LogStream::logStreamName)
        .toList();
  }

  @Test
  void filterInterleavesStreamsMatchesTermsAndPhrasesAndPages() {
    logs.sink().append("g", "web/app/1", T0 + 1000, "GET /healthz 200");
    logs.sink().append("g", "web/app/2", T0 + 2000, "ERROR payment failed: card declined");
    logs.sink().append("g", "worker/1", T0 + 3000, "ERROR queue drained");
    logs.sink().append("g", "web/app/1", T0 + 4000, "error lower case is another term");
    logs.sink().append("g", "web/app/2", T0 + 5000, "GET /ready 200");

    assertThat(filter(FilterLogEventsRequest.builder(), null))
        .containsExactly(
            "GET /healthz 200",
            "ERROR payment failed: card declined",
            "ERROR queue drained",
            "error lower case is another term",
            "GET /ready 200");
    assertThat(filter(FilterLogEventsRequest.builder().filterPattern("ERROR"), null))
        .containsExactly("ERROR payment failed: card declined", "ERROR queue drained");
    assertThat(filter(FilterLogEventsRequest.builder().filterPattern("\"card declined\""), null))
        .containsExactly("ERROR payment failed: card declined");
    assertThat(filter(FilterLogEventsRequest.builder().filterPattern("ERROR -queue"), null))
        .containsExactly("ERROR payment failed: card declined");
    assertThat(filter(FilterLogEventsRequest.builder().filterPattern("?healthz ?ready"), null))
        .containsExactly("GET /healthz 200", "GET /ready 200");
    assertThat(filter(FilterLogEventsRequest.builder().logStreamNamePrefix("web/"), null))
        .hasSize(4);
    assertThat(filter(FilterLogEventsRequest.builder().logStreamNames("worker/1"), null))
        .containsExactly("ERROR queue drained");
    // both ends inclusive
    assertThat(
            filter(FilterLogEventsRequest.builder().startTime(T0 + 2000).endTime(T0 + 3000), null))
        .hasSize(2);
    // paged one at a time: every event exactly once, each page with a token while more match
    assertThat(filter(FilterLogEventsRequest.builder(), 1)).hasSize(5);
    assertThat(filter(FilterLogEventsRequest.builder().filterPattern("GET"), 1))
        .containsExactly("GET /healthz 200", "GET /ready 200");
    assertThatThrownBy(
            () ->
                logs.filterLogEvents(
                    FilterLogEventsRequest.builder()
                        .logGroupName("g")
                        .filterPattern("{ $.level = \"ERROR\" }")
                        .build()))
        .isInstanceOf(InvalidParameterException.class);
    assertThatThrownBy(
            () ->
                logs.filterLogEvents(
                    FilterLogEventsRequest.builder().logGroupName("missing").build()))
        .isInstanceOf(ResourceNotFoundException.class)
        .hasMessageContaining("The specified log group does not exist.");
  }

  private List<String> filter(FilterLogEventsRequest.Builder b, Integer limit) {
    List<String> out = new ArrayList<>();
    String token = null;
    do {
      FilterLogEventsResponse r =
          logs.filterLogEvents(b.logGroupName("g").limit(limit).nextToken(token).build());
      if (limit != null) {
        assertThat(r.events()).hasSizeLessThanOrEqualTo(limit);
      }
      r.events().stream().map(FilteredLogEvent::message).forEach(out::add);
      token = r.nextToken();
    } while (token != null);
    return out;
  }

  @Test
  void putLogEventsNeedsTheStreamKeepsOrderAndRejectsTooOldEvents() {
    logs.createLogGroup(CreateLogGroupRequest.builder().logGroupName("app").build());
    assertThatThrownBy(
            () ->
                logs.putLogEvents(
                    PutLogEventsRequest.builder()
                        .logGroupName("app")
                        .logStreamName("s")
                        .logEvents(InputLogEvent.builder().timestamp(T0).message("m").build())
                        .build()))
        .isInstanceOf(ResourceNotFoundException.class)
        .hasMessageContaining("The specified log stream does not exist.");
    logs.createLogStream(
        CreateLogStreamRequest.builder().logGroupName("app").logStreamName("s").build());
    assertThatThrownBy(
            () ->
                logs.putLogEvents(
                    PutLogEventsRequest.builder()
                        .logGroupName("app")
                        .logStreamName("s")
                        .logEvents(
                            InputLogEvent.builder().timestamp(T0 + 1).message("b").build(),
                            InputLogEvent.builder().timestamp(T0).message("a").build())
                        .build()))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageContaining("chronological order");
    var r =
        logs.putLogEvents(
            PutLogEventsRequest.builder()
                .logGroupName("app")
                .logStreamName("s")
                .logEvents(
                    InputLogEvent.builder()
                        .timestamp(NOW.toEpochMilli() - 14L * 24 * 3600 * 1000 - 3_600_000)
                        .message("old")
                        .build(),
                    InputLogEvent.builder()
                        .timestamp(NOW.toEpochMilli() - 14L * 24 * 3600 * 1000 + 3_600_000)
                        .message("new")
                        .build())
                .build());
    assertThat(r.rejectedLogEventsInfo().tooOldLogEventEndIndex()).isEqualTo(1);
    assertThat(
            logs.getLogEvents(
                    GetLogEventsRequest.builder()
                        .logGroupName("app")
                        .logStreamName("s")
                        .startFromHead(true)
                        .build())
                .events())
        .extracting(OutputLogEvent::message)
        .containsExactly("new");
  }

  @Test
  void eventsSurviveARestart() {
    tenLines();
    logs.close();
    db.close();
    db = new StateDatabase(dir.resolve("state.db"));
    logs = new LocalCloudWatchLogs(db, Clock.fixed(NOW, ZoneOffset.UTC), false);
    assertThat(get(null, true, 100).events()).hasSize(10);
  }
}
