package dev.slipway.localcloud.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.localcloud.protocol.Json;
import dev.slipway.localcloud.server.ServiceRegistry;
import java.time.InstantSource;
import java.util.Locale;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.model.ListTablesRequest;
import software.amazon.awssdk.services.dynamodb.model.ListTablesResponse;
import software.amazon.awssdk.services.eventbridge.model.EventBus;
import software.amazon.awssdk.services.eventbridge.model.ListEventBusesRequest;
import software.amazon.awssdk.services.eventbridge.model.ListEventBusesResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionRequest;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.GetExecutionHistoryRequest;
import software.amazon.awssdk.services.sfn.model.GetExecutionHistoryResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.SendTaskFailureRequest;
import software.amazon.awssdk.services.sfn.model.SendTaskSuccessRequest;

/**
 * The CLI's actions as console buttons: approve or reject the approval an execution waits for (the
 * task token is found server-side and never sent to the page), and a manual rollback request on the
 * pipeline's bus, as {@code slipway approve} and {@code slipway rollback --to} do.
 */
final class ConsoleActions {
  /** The error a rejection fails the waiting approval with (as the approval link's Approve). */
  static final String REJECTED = "Slipway.ApprovalRejected";

  private final ServiceRegistry services;
  private final InstantSource clock;

  ConsoleActions(ServiceRegistry services, InstantSource clock) {
    this.services = services;
    this.clock = clock;
  }

  /**
   * Sends the decision to the execution's pending approval, as the approval link and {@code slipway
   * approve} do: an approval resumes the task with an ApprovalResult, a rejection fails it with
   * {@value #REJECTED}, which ends the run without deploying. A message for the page.
   */
  String decide(String executionArn, boolean approve, String comment) throws Exception {
    String token = pendingApprovalToken(executionArn);
    if (token == null) {
      throw new IllegalArgumentException(
          "execution " + executionArn + " is not waiting for an approval (nothing to decide)");
    }
    DescribeExecutionResponse d =
        services.call(DescribeExecutionRequest.builder().executionArn(executionArn).build());
    String sha = Json.MAPPER.readTree(d.input()).path("detail").path("sha").asText();
    String approver = System.getProperty("user.name") + " (console)";
    if (approve) {
      ObjectNode result = Json.MAPPER.createObjectNode();
      result.put("approved", true);
      result.put("sha", sha);
      result.put("approver", approver);
      result.put("comment", comment);
      result.put("decidedAt", clock.instant().toString());
      services.call(
          SendTaskSuccessRequest.builder().taskToken(token).output(result.toString()).build());
    } else {
      String cause =
          "Deploy of "
              + sha
              + " rejected by "
              + approver
              + (comment == null || comment.isBlank() ? "" : ": " + comment);
      services.call(
          SendTaskFailureRequest.builder().taskToken(token).error(REJECTED).cause(cause).build());
    }
    String service = Json.MAPPER.readTree(d.input()).path("detail").path("service").asText("");
    clearApprovalRequest(service, token);
    return (approve ? "approved " : "rejected ") + sha + " in execution " + d.name();
  }

  /**
   * Removes the request the notification's approve/reject links answer ({@code approval#<service>}
   * in the pipeline's locks table), as using a link does: a decided request is no longer pending.
   * Only the item holding this very token goes; a newer push's request stays.
   */
  private void clearApprovalRequest(String service, String token) {
    ApprovalRequests.clear(
        () -> services.<ListTablesResponse>call(ListTablesRequest.builder().build()).tableNames(),
        services::call,
        service,
        token);
  }

  /**
   * The token of a callback task scheduled in a state whose name mentions approval and not yet
   * exited, or null.
   */
  String pendingApprovalToken(String executionArn) throws Exception {
    String token = null;
    String state = null;
    String next = null;
    do {
      GetExecutionHistoryResponse page =
          services.call(
              GetExecutionHistoryRequest.builder()
                  .executionArn(executionArn)
                  .nextToken(next)
                  .build());
      for (HistoryEvent h : page.events()) {
        if (h.stateEnteredEventDetails() != null) {
          state = h.stateEnteredEventDetails().name();
        }
        if (h.taskScheduledEventDetails() != null
            && state != null
            && state.toLowerCase(Locale.ROOT).contains("approv")) {
          JsonNode p = Json.MAPPER.readTree(h.taskScheduledEventDetails().parameters());
          JsonNode t = p.path("Payload").path("taskToken");
          token = t.isTextual() ? t.asText() : p.findPath("taskToken").asText(null);
        }
        if (h.stateExitedEventDetails() != null
            && h.stateExitedEventDetails().name().equals(state)) {
          token = null;
        }
      }
      next = page.nextToken();
    } while (next != null);
    return token;
  }

  /** Puts a {@code slipway.manual} rollback request on the pipeline's bus. */
  String rollback(String service, String environment, String sha, String reason) {
    if (sha == null || !sha.matches("[0-9a-f]{40}")) {
      throw new IllegalArgumentException(
          "roll back needs a full 40-character commit SHA, got " + sha);
    }
    if (service == null || service.isBlank() || environment == null || environment.isBlank()) {
      throw new IllegalArgumentException("roll back needs a service and an environment");
    }
    ListEventBusesResponse buses = services.call(ListEventBusesRequest.builder().build());
    String bus =
        buses.eventBuses().stream()
            .map(EventBus::name)
            .filter(b -> !b.equals("default"))
            .findFirst()
            .orElse("default");
    ObjectNode detail = Json.MAPPER.createObjectNode();
    detail.put("service", service);
    detail.put("environment", environment);
    detail.put("toSha", sha);
    detail.put("requestedBy", System.getProperty("user.name") + " (console)");
    detail.put("reason", reason == null || reason.isBlank() ? "manual rollback" : reason);
    detail.put("requestId", UUID.randomUUID().toString());
    PutEventsResponse out =
        services.call(
            PutEventsRequest.builder()
                .entries(
                    PutEventsRequestEntry.builder()
                        .eventBusName(bus)
                        .source("slipway.manual")
                        .detailType("rollback")
                        .detail(detail.toString())
                        .build())
                .build());
    if (out.failedEntryCount() != null && out.failedEntryCount() > 0) {
      throw new IllegalStateException(
          "the rollback request was rejected: " + out.entries().getFirst().errorMessage());
    }
    return "rollback of " + service + "/" + environment + " to " + sha + " requested";
  }
}
