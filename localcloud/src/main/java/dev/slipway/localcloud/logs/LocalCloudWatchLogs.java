package dev.slipway.localcloud.logs;

import dev.slipway.localcloud.protocol.AwsErrors;
import dev.slipway.localcloud.server.LocalAws;
import dev.slipway.localcloud.server.StateDatabase;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.cloudwatchlogs.model.CreateLogGroupRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.CreateLogGroupResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.CreateLogStreamRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.CreateLogStreamResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.DescribeLogGroupsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.DescribeLogGroupsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.DescribeLogStreamsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.DescribeLogStreamsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.InvalidParameterException;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroupClass;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogStream;
import software.amazon.awssdk.services.cloudwatchlogs.model.OrderBy;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.PutLogEventsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.PutLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.PutRetentionPolicyRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.PutRetentionPolicyResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.RejectedLogEventsInfo;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

/**
 * CloudWatch Logs over JSON 1.1 ({@code Logs_20140328.*}): the groups, streams and events that
 * functions, task containers and builds write (through {@link #sink()}) and that PutLogEvents adds,
 * kept in the state database. Errors, limits and token semantics follow the CloudWatch Logs API
 * reference (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/).
 */
public final class LocalCloudWatchLogs implements AutoCloseable {
  /** The largest answer of GetLogEvents and FilterLogEvents: 1 MB (each event counts +26 bytes). */
  static final int MAX_RESPONSE_BYTES = 1_048_576;

  /** Events FilterLogEvents reads per call at most; past it the answer carries a nextToken. */
  static final int MAX_SCANNED = 100_000;

  /** The values RetentionInDays may take (PutRetentionPolicy). */
  static final Set<Integer> RETENTION_DAYS =
      Set.of(
          1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557,
          2922, 3288, 3653);

  private final LogStore store;
  private final Clock clock;

  /** The service on {@code db}, writing queued lines in the background. */
  public LocalCloudWatchLogs(StateDatabase db, Clock clock) {
    this(db, clock, true);
  }

  LocalCloudWatchLogs(StateDatabase db, Clock clock, boolean background) {
    this.store = new LogStore(db, clock, background);
    this.clock = clock;
  }

  /** Where Lambda, ECS and CodeBuild send their lines (groups and streams created as needed). */
  public LogSink sink() {
    return store;
  }

  /**
   * An {@code AWS::Logs::LogGroup} of the template: created if missing, its retention set (null:
   * never expire).
   */
  public void provisionGroup(String name, Integer retentionDays) {
    checkGroupName(name);
    if (retentionDays != null) {
      checkRetention(retentionDays);
    }
    if (!store.createGroup(name, retentionDays)) {
      store.retention(name, retentionDays);
    }
  }

  /** The ARN of a group as {@code DescribeLogGroups}' {@code logGroupArn} gives it. */
  public static String groupArn(String name) {
    return LocalAws.arn("logs", "log-group:" + name);
  }

  public CreateLogGroupResponse createLogGroup(CreateLogGroupRequest r) {
    String name = AwsErrors.required(r.logGroupName(), "logGroupName");
    checkGroupName(name);
    if (!store.createGroup(name, null)) {
      throw AwsErrors.of(
          ResourceAlreadyExistsException.builder(),
          400,
          "ResourceAlreadyExistsException",
          "The specified log group already exists");
    }
    return CreateLogGroupResponse.builder().build();
  }

  public CreateLogStreamResponse createLogStream(CreateLogStreamRequest r) {
    String group = existingGroup(AwsErrors.required(r.logGroupName(), "logGroupName"));
    String name = AwsErrors.required(r.logStreamName(), "logStreamName");
    if (name.length() > 512 || name.contains(":") || name.contains("*")) {
      throw invalid(
          "1 validation error detected: Value '"
              + name
              + "' at 'logStreamName' failed to satisfy constraint: Member must satisfy regular"
              + " expression pattern: [^:*]*");
    }
    if (!store.createStream(group, name)) {
      throw AwsErrors.of(
          ResourceAlreadyExistsException.builder(),
          400,
          "ResourceAlreadyExistsException",
          "The specified log stream already exists");
    }
    return CreateLogStreamResponse.builder().build();
  }

  public PutRetentionPolicyResponse putRetentionPolicy(PutRetentionPolicyRequest r) {
    String group = existingGroup(AwsErrors.required(r.logGroupName(), "logGroupName"));
    checkRetention(AwsErrors.required(r.retentionInDays(), "retentionInDays"));
    store.retention(group, r.retentionInDays());
    return PutRetentionPolicyResponse.builder().build();
  }

  /**
   * Adds events to an existing stream, as PutLogEvents does: in chronological order, at most
   * 10,000, within 24 hours of each other; events more than 14 days old or more than 2 hours ahead
   * are rejected and reported in {@code rejectedLogEventsInfo}, the others are stored.
   */
  public PutLogEventsResponse putLogEvents(PutLogEventsRequest r) {
    String group = existingGroup(AwsErrors.required(r.logGroupName(), "logGroupName"));
    String stream = AwsErrors.required(r.logStreamName(), "logStreamName");
    if (store.stream(group, stream).isEmpty()) {
      throw notFound("The specified log stream does not exist.");
    }
    List<InputLogEvent> events = r.logEvents();
    if (events.isEmpty() || events.size() > 10_000) {
      throw invalid(
          "1 validation error detected: Value at 'logEvents' failed to satisfy constraint: Member"
              + " must have length between 1 and 10000");
    }
    for (int i = 1; i < events.size(); i++) {
      if (events.get(i).timestamp() < events.get(i - 1).timestamp()) {
        throw invalid(
            "Log events in a single PutLogEvents request must be in chronological order.");
      }
    }
    if (events.getLast().timestamp() - events.getFirst().timestamp()
        > Duration.ofHours(24).toMillis()) {
      throw invalid(
          "The batch of log events in a single PutLogEvents request cannot span more than 24"
              + " hours.");
    }
    long now = clock.millis();
    long oldest = now - Duration.ofDays(14).toMillis();
    long newest = now + Duration.ofHours(2).toMillis();
    Integer tooOldEnd = null;
    Integer tooNewStart = null;
    for (int i = 0; i < events.size(); i++) {
      InputLogEvent e = events.get(i);
      if (e.timestamp() < oldest) {
        tooOldEnd = i + 1;
      } else if (e.timestamp() > newest) {
        tooNewStart = tooNewStart == null ? i : tooNewStart;
      } else {
        store.append(group, stream, e.timestamp(), AwsErrors.required(e.message(), "message"));
      }
    }
    PutLogEventsResponse.Builder b = PutLogEventsResponse.builder();
    if (tooOldEnd != null || tooNewStart != null) {
      b.rejectedLogEventsInfo(
          RejectedLogEventsInfo.builder()
              .tooOldLogEventEndIndex(tooOldEnd)
              .tooNewLogEventStartIndex(tooNewStart)
              .build());
    }
    return b.build();
  }

  /**
   * Groups in name order, {@code logGroupNamePrefix} or {@code logGroupNamePattern} (a
   * case-insensitive substring) but not both, 1–50 a page (50 by default).
   */
  public DescribeLogGroupsResponse describeLogGroups(DescribeLogGroupsRequest r) {
    int limit = limit(r.limit(), 50);
    if (r.logGroupNamePrefix() != null && r.logGroupNamePattern() != null) {
      throw invalid(
          "LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.");
    }
    String after = r.nextToken() == null ? null : LogTokens.parseOpaque("g", r.nextToken());
    String pattern =
        r.logGroupNamePattern() == null
            ? null
            : r.logGroupNamePattern().toLowerCase(java.util.Locale.ROOT);
    List<LogGroup> out = new ArrayList<>();
    String next = null;
    for (LogStore.Group g : store.groups(r.logGroupNamePrefix(), after, Integer.MAX_VALUE)) {
      if (pattern != null && !g.name().toLowerCase(java.util.Locale.ROOT).contains(pattern)) {
        continue;
      }
      if (out.size() == limit) {
        next = LogTokens.opaque("g", out.getLast().logGroupName());
        break;
      }
      out.add(
          LogGroup.builder()
              .logGroupName(g.name())
              .creationTime(g.createdMs())
              .retentionInDays(g.retentionDays())
              .metricFilterCount(0)
              .arn(groupArn(g.name()) + ":*")
              .logGroupArn(groupArn(g.name()))
              .storedBytes(g.storedBytes())
              .logGroupClass(LogGroupClass.STANDARD)
              .build());
    }
    return DescribeLogGroupsResponse.builder().logGroups(out).nextToken(next).build();
  }

  /**
   * A group's streams by name (default) or by last event time, ascending unless {@code descending},
   * 1–50 a page; a name prefix cannot be combined with ordering by event time.
   */
  public DescribeLogStreamsResponse describeLogStreams(DescribeLogStreamsRequest r) {
    String group = existingGroup(groupOf(r.logGroupName(), r.logGroupIdentifier()));
    int limit = limit(r.limit(), 50);
    boolean byTime = r.orderBy() == OrderBy.LAST_EVENT_TIME;
    String prefix = r.logStreamNamePrefix();
    if (byTime && prefix != null) {
      throw invalid("Cannot order by LastEventTime with a logStreamNamePrefix.");
    }
    int offset = 0;
    if (r.nextToken() != null) {
      try {
        offset = Integer.parseInt(LogTokens.parseOpaque("s", r.nextToken()));
      } catch (NumberFormatException e) {
        throw LogTokens.invalid();
      }
    }
    Comparator<LogStore.Stream> order =
        byTime
            ? Comparator.<LogStore.Stream>comparingLong(s -> s.lastTs() == null ? 0 : s.lastTs())
                .thenComparing(LogStore.Stream::name)
            : Comparator.comparing(LogStore.Stream::name);
    if (Boolean.TRUE.equals(r.descending())) {
      order = order.reversed();
    }
    List<LogStore.Stream> all =
        store.streams(group).stream()
            .filter(s -> prefix == null || s.name().startsWith(prefix))
            .sorted(order)
            .toList();
    List<LogStream> page = new ArrayList<>();
    for (int i = offset; i < all.size() && page.size() < limit; i++) {
      LogStore.Stream s = all.get(i);
      page.add(
          LogStream.builder()
              .logStreamName(s.name())
              .creationTime(s.createdMs())
              .firstEventTimestamp(s.firstTs())
              .lastEventTimestamp(s.lastTs())
              .lastIngestionTime(s.lastIngestion())
              .arn(groupArn(group) + ":log-stream:" + s.name())
              .build());
    }
    int end = offset + page.size();
    return DescribeLogStreamsResponse.builder()
        .logStreams(page)
        .nextToken(end < all.size() ? LogTokens.opaque("s", Integer.toString(end)) : null)
        .build();
  }

  /**
   * One stream's events, oldest first within a page. Without a token: the first page from the head
   * with {@code startFromHead}, else the last page. {@code nextForwardToken} reads on after the
   * page, {@code nextBackwardToken} before it; at either end the same token comes back.
   */
  public GetLogEventsResponse getLogEvents(GetLogEventsRequest r) {
    String group = existingGroup(groupOf(r.logGroupName(), r.logGroupIdentifier()));
    String stream = AwsErrors.required(r.logStreamName(), "logStreamName");
    if (store.stream(group, stream).isEmpty()) {
      throw notFound("The specified log stream does not exist.");
    }
    int limit = limit(r.limit(), 10_000, 10_000);
    LogTokens.StreamToken token =
        r.nextToken() == null ? null : LogTokens.parseStream(r.nextToken());
    boolean forward =
        token == null ? Boolean.TRUE.equals(r.startFromHead()) : token.direction() == 'f';
    LogStore.Position at = token == null ? null : token.position();
    List<LogStore.Event> events = new ArrayList<>();
    int[] bytes = {0};
    store.events(
        new LogStore.EventQuery(
            group,
            List.of(stream),
            null,
            r.startTime(),
            r.endTime(),
            forward ? at : null,
            forward ? null : at,
            !forward),
        limit,
        e -> {
          bytes[0] += e.message().length() + 26;
          if (bytes[0] > MAX_RESPONSE_BYTES && !events.isEmpty()) {
            return false;
          }
          events.add(e);
          return true;
        });
    if (!forward) {
      java.util.Collections.reverse(events);
    }
    String nextForward;
    String nextBackward;
    if (events.isEmpty()) {
      LogStore.Position p = at == null ? new LogStore.Position(0, 0) : at;
      nextForward = LogTokens.stream('f', p);
      nextBackward = LogTokens.stream('b', p);
    } else {
      LogStore.Position last = events.getLast().position();
      nextForward = LogTokens.stream('f', new LogStore.Position(last.ts(), last.seq() + 1));
      nextBackward = LogTokens.stream('b', events.getFirst().position());
    }
    return GetLogEventsResponse.builder()
        .events(
            events.stream()
                .map(
                    e ->
                        OutputLogEvent.builder()
                            .timestamp(e.ts())
                            .message(e.message())
                            .ingestionTime(e.ingestion())
                            .build())
                .toList())
        .nextForwardToken(nextForward)
        .nextBackwardToken(nextBackward)
        .build();
  }

  /**
   * A group's events across its streams (all, {@code logStreamNames} or {@code
   * logStreamNamePrefix}, not both) in time order, {@code startTime} and {@code endTime} both
   * inclusive, matching {@code filterPattern} ({@link FilterPattern}); up to {@code limit}
   * (1–10,000, default 10,000) or 1 MB, and a {@code nextToken} while more match.
   */
  public FilterLogEventsResponse filterLogEvents(FilterLogEventsRequest r) {
    String group = existingGroup(groupOf(r.logGroupName(), r.logGroupIdentifier()));
    int limit = limit(r.limit(), 10_000, 10_000);
    boolean names = r.hasLogStreamNames() && !r.logStreamNames().isEmpty();
    if (names && r.logStreamNamePrefix() != null) {
      throw invalid("Cannot specify both logStreamNames and logStreamNamePrefix.");
    }
    if (names && r.logStreamNames().size() > 100) {
      throw invalid(
          "1 validation error detected: Value at 'logStreamNames' failed to satisfy constraint:"
              + " Member must have length less than or equal to 100");
    }
    FilterPattern pattern;
    try {
      pattern = FilterPattern.parse(r.filterPattern());
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage());
    }
    LogStore.Position from = null;
    if (r.nextToken() != null) {
      LogTokens.StreamToken t = LogTokens.parseStream(LogTokens.parseOpaque("e", r.nextToken()));
      from = t.position();
    }
    List<FilteredLogEvent> out = new ArrayList<>();
    LogStore.Position[] next = {null};
    LogStore.Position[] lastScanned = {null};
    int[] scanned = {0};
    int[] bytes = {0};
    store.events(
        new LogStore.EventQuery(
            group,
            names ? r.logStreamNames() : null,
            r.logStreamNamePrefix(),
            r.startTime(),
            r.endTime() == null ? null : r.endTime() + 1,
            from,
            null,
            false),
        MAX_SCANNED,
        e -> {
          scanned[0]++;
          lastScanned[0] = e.position();
          if (!pattern.matches(e.message())) {
            return true;
          }
          bytes[0] += e.message().length() + 26;
          if (out.size() == limit || bytes[0] > MAX_RESPONSE_BYTES && !out.isEmpty()) {
            next[0] = e.position();
            return false;
          }
          out.add(
              FilteredLogEvent.builder()
                  .logStreamName(e.stream())
                  .timestamp(e.ts())
                  .message(e.message())
                  .ingestionTime(e.ingestion())
                  .eventId(LogTokens.digits(e.position()))
                  .build());
          return true;
        });
    if (next[0] == null && scanned[0] == MAX_SCANNED) {
      next[0] = new LogStore.Position(lastScanned[0].ts(), lastScanned[0].seq() + 1);
    }
    return FilterLogEventsResponse.builder()
        .events(out)
        .nextToken(next[0] == null ? null : LogTokens.opaque("e", LogTokens.stream('f', next[0])))
        .build();
  }

  /** Writes what is queued and stops the background writer. */
  @Override
  public void close() {
    store.close();
  }

  /** The group a request names: by {@code logGroupName}, or by name or ARN as identifier. */
  private static String groupOf(String name, String identifier) {
    if (name != null && identifier != null) {
      throw invalid("LogGroup name and LogGroup ARN are mutually exclusive parameters.");
    }
    if (name != null) {
      return name;
    }
    String id = AwsErrors.required(identifier, "logGroupIdentifier");
    if (id.startsWith("arn:")) {
      int at = id.indexOf(":log-group:");
      if (at < 0) {
        throw invalid("Invalid log group ARN: " + id);
      }
      String rest = id.substring(at + ":log-group:".length());
      return rest.endsWith(":*") ? rest.substring(0, rest.length() - 2) : rest;
    }
    return id;
  }

  private String existingGroup(String name) {
    if (store.group(name).isEmpty()) {
      throw notFound("The specified log group does not exist.");
    }
    return name;
  }

  private static void checkGroupName(String name) {
    if (name.length() > 512 || !name.matches("[.\\-_/#A-Za-z0-9]+")) {
      throw invalid(
          "1 validation error detected: Value '"
              + name
              + "' at 'logGroupName' failed to satisfy constraint: Member must satisfy regular"
              + " expression pattern: [\\.\\-_/#A-Za-z0-9]+");
    }
  }

  private static void checkRetention(int days) {
    if (!RETENTION_DAYS.contains(days)) {
      throw invalid(
          "1 validation error detected: Value '"
              + days
              + "' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum"
              + " value set: [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096,"
              + " 1827, 2192, 2557, 2922, 3288, 3653]");
    }
  }

  private static int limit(Integer value, int max) {
    return limit(value, max, max);
  }

  private static int limit(Integer value, int max, int fallback) {
    if (value == null) {
      return fallback;
    }
    if (value < 1) {
      throw invalid(
          "1 validation error detected: Value '"
              + value
              + "' at 'limit' failed to satisfy constraint: Member must have value greater than or"
              + " equal to 1");
    }
    if (value > max) {
      throw invalid(
          "1 validation error detected: Value '"
              + value
              + "' at 'limit' failed to satisfy constraint: Member must have value less than or"
              + " equal to "
              + max);
    }
    return value;
  }

  private static ResourceNotFoundException notFound(String message) {
    return AwsErrors.of(
        ResourceNotFoundException.builder(), 400, "ResourceNotFoundException", message);
  }

  static InvalidParameterException invalid(String message) {
    return AwsErrors.of(
        InvalidParameterException.builder(), 400, "InvalidParameterException", message);
  }
}
