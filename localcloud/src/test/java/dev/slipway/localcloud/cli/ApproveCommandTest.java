package dev.slipway.localcloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.localcloud.protocol.Json;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ListTablesResponse;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.SendTaskFailureRequest;
import software.amazon.awssdk.services.sfn.model.SendTaskFailureResponse;
import software.amazon.awssdk.services.sfn.model.SendTaskSuccessRequest;
import software.amazon.awssdk.services.sfn.model.SendTaskSuccessResponse;

class ApproveCommandTest {
  private static final String SHA = "0123456789abcdef0123456789abcdef01234567";

  /** Records the answers instead of sending them. */
  private static final class Answers implements SfnClient {
    final List<SendTaskSuccessRequest> successes = new ArrayList<>();
    final List<SendTaskFailureRequest> failures = new ArrayList<>();

    @Override
    public SendTaskSuccessResponse sendTaskSuccess(SendTaskSuccessRequest request) {
      successes.add(request);
      return SendTaskSuccessResponse.builder().build();
    }

    @Override
    public SendTaskFailureResponse sendTaskFailure(SendTaskFailureRequest request) {
      failures.add(request);
      return SendTaskFailureResponse.builder().build();
    }

    @Override
    public String serviceName() {
      return "states";
    }

    @Override
    public void close() {}
  }

  @Test
  void aRejectionFailsTheWaitingStateSoNothingDeploys() {
    ApproveCommand command = new ApproveCommand();
    command.reject = true;
    command.comment = "not on a Friday";
    Answers sfn = new Answers();

    command.answer(sfn, "token-1", SHA, "alice");

    assertThat(sfn.successes)
        .as("a rejection must not resume the run towards production")
        .isEmpty();
    assertThat(sfn.failures).hasSize(1);
    assertThat(sfn.failures.getFirst().taskToken()).isEqualTo("token-1");
    assertThat(sfn.failures.getFirst().error()).isEqualTo("Slipway.ApprovalRejected");
    assertThat(sfn.failures.getFirst().cause())
        .contains(SHA, "rejected by alice", "not on a Friday");
  }

  @Test
  void anApprovalResumesTheRunWithTheApprovalResult() throws Exception {
    ApproveCommand command = new ApproveCommand();
    Answers sfn = new Answers();

    command.answer(sfn, "token-2", SHA, "bob");

    assertThat(sfn.failures).isEmpty();
    assertThat(sfn.successes).hasSize(1);
    assertThat(sfn.successes.getFirst().taskToken()).isEqualTo("token-2");
    var result = Json.MAPPER.readTree(sfn.successes.getFirst().output());
    assertThat(result.path("approved").asBoolean()).isTrue();
    assertThat(result.path("sha").asText()).isEqualTo(SHA);
    assertThat(result.path("approver").asText()).isEqualTo("bob");
  }

  /** A deliveries and a locks table; records the DeleteItem calls. */
  private static final class Locks implements DynamoDbClient {
    final List<DeleteItemRequest> deleted = new ArrayList<>();

    @Override
    public ListTablesResponse listTables() {
      return ListTablesResponse.builder()
          .tableNames(
              "Slipway-hello-DeploymentStoreDeliveries80623A79",
              "Slipway-hello-DeploymentStoreLocks3BD898C5")
          .build();
    }

    @Override
    public DeleteItemResponse deleteItem(DeleteItemRequest request) {
      deleted.add(request);
      return DeleteItemResponse.builder().build();
    }

    @Override
    public String serviceName() {
      return "dynamodb";
    }

    @Override
    public void close() {}
  }

  @Test
  void aDecisionClearsThePendingRequestOnlyIfItStillHoldsThisToken() {
    Locks dynamo = new Locks();

    ApproveCommand.clearRequest(dynamo, "hello", "token-3");

    assertThat(dynamo.deleted)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.tableName()).isEqualTo("Slipway-hello-DeploymentStoreLocks3BD898C5");
              assertThat(r.key().get("id").s()).isEqualTo("approval#hello");
              assertThat(r.conditionExpression()).isEqualTo("taskToken = :t");
              assertThat(r.expressionAttributeValues().get(":t").s()).isEqualTo("token-3");
            });
  }
}
