package dev.slipway.localcloud.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.localcloud.protocol.Json;
import dev.slipway.localcloud.protocol.SdkJson;
import dev.slipway.localcloud.server.ServiceRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionRequest;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.DescribeStateMachineRequest;
import software.amazon.awssdk.services.sfn.model.DescribeStateMachineResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.GetExecutionHistoryRequest;
import software.amazon.awssdk.services.sfn.model.GetExecutionHistoryResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.ListExecutionsRequest;
import software.amazon.awssdk.services.sfn.model.ListExecutionsResponse;
import software.amazon.awssdk.services.sfn.model.ListStateMachinesRequest;
import software.amazon.awssdk.services.sfn.model.ListStateMachinesResponse;

/**
 * The console's Step Functions JSON: state machines, executions per machine, and one execution with
 * its graph, per-state status and full history — all through the Step Functions API.
 */
final class ExecutionsView {
  private final ServiceRegistry services;
  private final java.time.InstantSource clock;

  ExecutionsView(ServiceRegistry services, java.time.InstantSource clock) {
    this.services = services;
    this.clock = clock;
  }

  /** {@code [{arn, name}]}. */
  ArrayNode stateMachines() {
    ListStateMachinesResponse r = services.call(ListStateMachinesRequest.builder().build());
    ArrayNode out = Json.MAPPER.createArrayNode();
    r.stateMachines()
        .forEach(m -> out.addObject().put("arn", m.stateMachineArn()).put("name", m.name()));
    return out;
  }

  /** Newest first; {@code status} null or empty for all. */
  ArrayNode executions(String stateMachineArn, String status) {
    ListExecutionsRequest.Builder request =
        ListExecutionsRequest.builder().stateMachineArn(stateMachineArn);
    if (status != null && !status.isBlank()) {
      request.statusFilter(status);
    }
    ListExecutionsResponse r = services.call(request.build());
    List<ExecutionListItem> items = new ArrayList<>(r.executions());
    items.sort(Comparator.comparing(ExecutionListItem::startDate).reversed());
    ArrayNode out = Json.MAPPER.createArrayNode();
    for (ExecutionListItem e : items) {
      DescribeExecutionResponse d =
          services.call(DescribeExecutionRequest.builder().executionArn(e.executionArn()).build());
      ObjectNode row = out.addObject();
      row.put("arn", e.executionArn()).put("name", e.name()).put("status", e.statusAsString());
      times(row, e.startDate(), e.stopDate());
      JsonNode detail = parse(d.input()).path("detail");
      row.put("sha", detail.path("sha").asText(detail.path("toSha").asText("")));
      row.put("message", message(detail));
      row.put("service", detail.path("service").asText(""));
    }
    return out;
  }

  /** {@code {execution, graph, states, events}}; the graph comes from the run's definition. */
  ObjectNode execution(String arn) {
    DescribeExecutionResponse d =
        services.call(DescribeExecutionRequest.builder().executionArn(arn).build());
    DescribeStateMachineResponse m =
        services.call(
            DescribeStateMachineRequest.builder().stateMachineArn(d.stateMachineArn()).build());
    ObjectNode out = Json.MAPPER.createObjectNode();
    ObjectNode e = out.putObject("execution");
    e.put("arn", d.executionArn()).put("name", d.name()).put("status", d.statusAsString());
    e.put("stateMachineArn", d.stateMachineArn()).put("stateMachineName", m.name());
    times(e, d.startDate(), d.stopDate());
    e.set("input", Redaction.redact(parse(d.input())));
    e.set("output", d.output() == null ? null : Redaction.redact(parse(d.output())));
    e.put("error", d.error()).put("cause", d.cause());
    JsonNode detail = parse(d.input()).path("detail");
    e.put("sha", detail.path("sha").asText(detail.path("toSha").asText("")));
    e.put("message", message(detail));
    out.set("graph", GraphLayout.layout(parse(m.definition())));
    List<JsonNode> events = history(arn);
    ObjectNode states = StateStatuses.of(events);
    if (!d.statusAsString().equals("RUNNING")) {
      endRunning(states, d.statusAsString().equals("SUCCEEDED") ? "SUCCEEDED" : "FAILED");
    }
    out.set("states", Redaction.redact(states));
    ArrayNode table = out.putArray("events");
    events.forEach(ev -> table.add(Redaction.redact(ev)));
    return out;
  }

  /** The commit message of a push; "rollback: <reason>" for a requested rollback. */
  private static String message(JsonNode detail) {
    return detail
        .path("commitMessage")
        .asText(detail.has("toSha") ? "rollback: " + detail.path("reason").asText() : "");
  }

  /** Once the run ended, what still shows running (and each such Map iteration) ended as it did. */
  private static void endRunning(ObjectNode states, String end) {
    for (var p : states.properties()) {
      List<JsonNode> shown = new ArrayList<>(List.of(p.getValue()));
      p.getValue().path("iterations").forEach(shown::add);
      for (JsonNode s : shown) {
        if (s.path("status").asText().equals("RUNNING") && s instanceof ObjectNode o) {
          o.put("status", end);
        }
      }
    }
  }

  private List<JsonNode> history(String arn) {
    List<JsonNode> events = new ArrayList<>();
    String token = null;
    do {
      GetExecutionHistoryResponse page =
          services.call(
              GetExecutionHistoryRequest.builder()
                  .executionArn(arn)
                  .nextToken(token)
                  .maxResults(1000)
                  .build());
      for (HistoryEvent h : page.events()) {
        events.add(parse(SdkJson.write(h)));
      }
      token = page.nextToken();
    } while (token != null);
    return events;
  }

  private void times(ObjectNode row, Instant start, Instant stop) {
    row.put("start", start == null ? null : start.toString());
    row.put("stop", stop == null ? null : stop.toString());
    if (start != null) {
      Instant end = stop != null ? stop : clock.instant();
      row.put("durationMs", Duration.between(start, end).toMillis());
    }
  }

  static JsonNode parse(String json) {
    if (json == null || json.isBlank()) {
      return Json.MAPPER.createObjectNode();
    }
    try {
      return Json.MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      return Json.MAPPER.getNodeFactory().textNode(json);
    }
  }
}
