package dev.slipway.localcloud.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.localcloud.console.ApprovalRequests;
import dev.slipway.localcloud.protocol.Json;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/** Approves (or rejects) the approval the running pipeline execution waits for. */
@Command(
    name = "approve",
    mixinStandardHelpOptions = true,
    description =
        "Approve (or --reject) the pending production approval of the running pipeline execution.")
final class ApproveCommand implements Callable<Integer> {
  /** The error a rejection fails the waiting state with; the pipeline records it as a failure. */
  static final String REJECTED = "Slipway.ApprovalRejected";

  @Mixin CommonOptions common;

  @Option(names = "--reject", description = "Reject instead of approve.")
  boolean reject;

  @Option(
      names = {"-m", "--comment"},
      paramLabel = "TEXT",
      description = "A note recorded with the decision.")
  String comment;

  @Override
  public Integer call() throws Exception {
    Running running = Running.require(common);
    String machine = running.output("StateMachineArn");
    try (SfnClient sfn = running.client(SfnClient.builder())) {
      var executions =
          sfn.listExecutions(r -> r.stateMachineArn(machine).statusFilter("RUNNING")).executions();
      for (var e : executions) {
        String token =
            ExecutionHistory.waitingTask(
                    ExecutionHistory.of(sfn, e.executionArn()), ApproveCommand::isApproval)
                .map(ExecutionHistory.Waiting::token)
                .orElse(null);
        if (token != null) {
          JsonNode detail =
              Json.MAPPER
                  .readTree(sfn.describeExecution(r -> r.executionArn(e.executionArn())).input())
                  .path("detail");
          String sha = detail.path("sha").asText();
          answer(sfn, token, sha, System.getProperty("user.name"));
          try (DynamoDbClient dynamo = running.client(DynamoDbClient.builder())) {
            clearRequest(dynamo, detail.path("service").asText(""), token);
          }
          System.out.println(
              "slipway: "
                  + (reject ? "rejected " : "approved ")
                  + sha
                  + " in execution "
                  + e.name());
          return 0;
        }
      }
    }
    System.out.println("slipway: no pipeline execution is waiting for approval");
    return 1;
  }

  /** Whether {@code state} is the approval's: its name speaks of approving. */
  private static boolean isApproval(String state) {
    return state.toLowerCase(Locale.ROOT).contains("approv");
  }

  /** The decided request no longer waits: the emailed link then says so rather than acting. */
  static void clearRequest(DynamoDbClient dynamo, String service, String token) {
    ApprovalRequests.clear(
        () -> dynamo.listTables().tableNames(), r -> dynamo.deleteItem(r), service, token);
  }

  /**
   * Resumes "Wait for approval": an approval with the {@code ApprovalResult}, a rejection as the
   * failure {@code Slipway.ApprovalRejected} (as the approval link does), which ends the run
   * without deploying.
   */
  void answer(SfnClient sfn, String token, String sha, String approver) {
    if (reject) {
      String cause =
          "Deploy of "
              + sha
              + " rejected by "
              + approver
              + " (slipway approve --reject)"
              + (comment == null || comment.isBlank() ? "" : ": " + comment);
      sfn.sendTaskFailure(r -> r.taskToken(token).error(REJECTED).cause(cause));
      return;
    }
    ObjectNode result = Json.MAPPER.createObjectNode();
    result.put("approved", true);
    result.put("sha", sha);
    result.put("approver", approver);
    result.put("comment", comment);
    result.put("decidedAt", Instant.now().toString());
    sfn.sendTaskSuccess(r -> r.taskToken(token).output(result.toString()));
  }
}
