package dev.slipway.localcloud.codebuild;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

/**
 * One build's state, rendered as CodeBuild's {@code Build} shape (BatchGetBuilds) and as the {@code
 * additional-information} of its state change events. Thread-safe: the runner writes, API calls
 * read.
 */
final class BuildRecord {
  private static final ObjectMapper JSON = new ObjectMapper();

  final String id;
  final String arn;
  final long buildNumber;
  final BuildProject project;
  final String sourceVersion;
  final Instant startTime;
  final int timeoutInMinutes;
  final String logFile;

  /** Project variables with StartBuild's overrides applied, as CodeBuild reports them. */
  final Map<String, String> variables;

  private String status = "IN_PROGRESS";
  private String currentPhase = "SUBMITTED";
  private String resolvedSourceVersion;
  private Instant endTime;
  private final List<PhaseRecord> phases = new ArrayList<>();
  private final Map<String, String> exported = new LinkedHashMap<>();

  /** A finished or running phase with its status and the reason it failed. */
  record PhaseRecord(
      String type, Instant start, Instant end, String status, String code, String message) {}

  BuildRecord(
      String id,
      String arn,
      long buildNumber,
      BuildProject project,
      String sourceVersion,
      Instant startTime,
      int timeoutInMinutes,
      String logFile,
      Map<String, String> overrides) {
    this.id = id;
    this.arn = arn;
    this.buildNumber = buildNumber;
    this.project = project;
    this.sourceVersion = sourceVersion;
    this.startTime = startTime;
    this.timeoutInMinutes = timeoutInMinutes;
    this.logFile = logFile;
    Map<String, String> vars = new LinkedHashMap<>(project.variables());
    vars.putAll(overrides);
    this.variables = java.util.Collections.unmodifiableMap(vars);
  }

  synchronized void phase(PhaseRecord phase) {
    phases.add(phase);
  }

  synchronized void currentPhase(String phase) {
    currentPhase = phase;
  }

  synchronized void resolvedSourceVersion(String sha) {
    resolvedSourceVersion = sha;
  }

  synchronized void finish(String finalStatus, Instant end, Map<String, String> exportedVars) {
    status = finalStatus;
    endTime = end;
    currentPhase = "COMPLETED";
    exported.putAll(exportedVars);
  }

  synchronized String status() {
    return status;
  }

  synchronized boolean complete() {
    return endTime != null;
  }

  synchronized String resolvedSourceVersion() {
    return resolvedSourceVersion;
  }

  /** CodeBuild's {@code Build} structure (timestamps as epoch seconds, as AWS JSON sends them). */
  synchronized ObjectNode toBuildJson() {
    ObjectNode b = JSON.createObjectNode();
    b.put("id", id).put("arn", arn).put("buildNumber", buildNumber);
    b.put("startTime", seconds(startTime));
    if (endTime != null) {
      b.put("endTime", seconds(endTime));
    }
    b.put("currentPhase", currentPhase).put("buildStatus", status);
    if (sourceVersion != null) {
      b.put("sourceVersion", sourceVersion);
    }
    if (resolvedSourceVersion != null) {
      b.put("resolvedSourceVersion", resolvedSourceVersion);
    }
    b.put("projectName", project.name());
    ArrayNode ps = b.putArray("phases");
    for (PhaseRecord p : phases) {
      ObjectNode n = ps.addObject();
      n.put("phaseType", p.type()).put("phaseStatus", p.status());
      n.put("startTime", seconds(p.start())).put("endTime", seconds(p.end()));
      n.put("durationInSeconds", p.end().getEpochSecond() - p.start().getEpochSecond());
      if (p.code() != null) {
        n.putArray("contexts").addObject().put("statusCode", p.code()).put("message", p.message());
      }
    }
    ObjectNode source = b.putObject("source").put("type", project.sourceType());
    if (project.sourceLocation() != null) {
      source.put("location", project.sourceLocation());
    }
    ObjectNode env = b.putObject("environment");
    env.put("type", "LINUX_CONTAINER").put("image", project.image());
    env.put("computeType", project.computeType()).put("privilegedMode", true);
    ArrayNode vars = env.putArray("environmentVariables");
    variables.forEach(
        (k, v) -> vars.addObject().put("name", k).put("value", v).put("type", "PLAINTEXT"));
    ObjectNode logs = b.putObject("logs");
    if (project.cloudWatchLogs()) {
      logs.put("groupName", project.logGroup())
          .put("streamName", project.logStream(id))
          .put("cloudWatchLogsArn", logStreamArn());
    }
    // CodeBuild's deep link opens the console; local mode has none, so it names the log file
    logs.put("deepLink", "file://" + logFile);
    logs.putObject("cloudWatchLogs")
        .put("status", project.cloudWatchLogs() ? "ENABLED" : "DISABLED")
        .put("groupName", project.logGroup());
    b.put("timeoutInMinutes", timeoutInMinutes).put("buildComplete", endTime != null);
    b.put("initiator", "slipway-local");
    ArrayNode ex = b.putArray("exportedEnvironmentVariables");
    exported.forEach((k, v) -> ex.addObject().put("name", k).put("value", v));
    return b;
  }

  /** The ARN of the build's log stream. */
  String logStreamArn() {
    return "arn:aws:logs:"
        + arn.split(":")[3]
        + ":"
        + arn.split(":")[4]
        + ":log-group:"
        + project.logGroup()
        + ":log-stream:"
        + project.logStream(id);
  }

  /** The {@code detail} of a "CodeBuild Build State Change" event, shaped as AWS sends it. */
  synchronized ObjectNode toEventDetail() {
    ObjectNode d = JSON.createObjectNode();
    d.put("build-status", status).put("project-name", project.name()).put("build-id", arn);
    ObjectNode info = d.putObject("additional-information");
    info.putObject("artifact").put("location", "");
    ObjectNode env = info.putObject("environment");
    env.put("image", project.image()).put("privileged-mode", true);
    env.put("compute-type", project.computeType()).put("type", "LINUX_CONTAINER");
    ArrayNode vars = env.putArray("environment-variables");
    variables.forEach(
        (k, v) -> vars.addObject().put("name", k).put("type", "PLAINTEXT").put("value", v));
    info.put("timeout-in-minutes", timeoutInMinutes).put("build-complete", endTime != null);
    info.put("initiator", "slipway-local").put("build-start-time", EventTime.format(startTime));
    ObjectNode source = info.putObject("source").put("type", project.sourceType());
    if (project.sourceLocation() != null) {
      source.put("location", project.sourceLocation());
    }
    if (sourceVersion != null) {
      info.put("source-version", sourceVersion);
    }
    info.putObject("logs")
        .put("group-name", project.logGroup())
        .put("stream-name", project.logStream(id))
        .put("deep-link", "file://" + logFile);
    ArrayNode ps = info.putArray("phases");
    for (PhaseRecord p : phases) {
      ObjectNode n = ps.addObject();
      ArrayNode ctx = n.putArray("phase-context");
      if (p.code() != null) {
        ctx.add(p.code() + ": " + p.message());
      }
      n.put("start-time", EventTime.format(p.start())).put("end-time", EventTime.format(p.end()));
      n.put("duration-in-seconds", p.end().getEpochSecond() - p.start().getEpochSecond());
      n.put("phase-type", p.type()).put("phase-status", p.status());
    }
    if (endTime != null) {
      ps.addObject().put("start-time", EventTime.format(endTime)).put("phase-type", "COMPLETED");
    }
    ArrayNode ex = info.putArray("exported-environment-variables");
    exported.forEach((k, v) -> ex.addObject().put("name", k).put("value", v));
    d.put("current-phase", currentPhase).put("current-phase-context", "[]").put("version", "1");
    return d;
  }

  /** The last failed phase and its reason, for messages. */
  synchronized String failure() {
    for (int i = phases.size() - 1; i >= 0; i--) {
      PhaseRecord p = phases.get(i);
      if (!p.status().equals("SUCCEEDED")) {
        return p.type() + " " + p.status() + (p.message() == null ? "" : ": " + p.message());
      }
    }
    return null;
  }

  private static double seconds(Instant t) {
    return t.getEpochSecond() + t.getNano() / 1e9;
  }

  /** The "CodeBuild Build State Change" event for EventBridge's PutEvents. */
  PutEventsRequestEntry toEventEntry(Instant time) {
    return PutEventsRequestEntry.builder()
        .source("aws.codebuild")
        .detailType("CodeBuild Build State Change")
        .resources(arn)
        .detail(toEventDetail().toString())
        .time(time)
        .build();
  }

  synchronized int phaseCount() {
    return phases.size();
  }

  /** The "CodeBuild Build Phase Change" event for phase {@code index} (it has completed). */
  synchronized PutEventsRequestEntry toPhaseChangeEntry(int index, Instant time) {
    PhaseRecord p = phases.get(index);
    ObjectNode d = JSON.createObjectNode();
    d.put("completed-phase", p.type()).put("project-name", project.name()).put("build-id", arn);
    d.put(
        "completed-phase-context",
        p.code() == null ? "[]" : "[" + p.code() + ": " + p.message() + "]");
    d.set("additional-information", toEventDetail().path("additional-information"));
    d.put("completed-phase-status", p.status());
    d.put(
        "completed-phase-duration-seconds", p.end().getEpochSecond() - p.start().getEpochSecond());
    d.put("version", "1");
    d.put("completed-phase-start", EventTime.format(p.start()));
    d.put("completed-phase-end", EventTime.format(p.end()));
    return PutEventsRequestEntry.builder()
        .source("aws.codebuild")
        .detailType("CodeBuild Build Phase Change")
        .resources(arn)
        .detail(d.toString())
        .time(time)
        .build();
  }
}
