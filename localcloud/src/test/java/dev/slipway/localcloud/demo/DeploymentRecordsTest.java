package dev.slipway.localcloud.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.pipeline.model.DeploymentOutcome;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ListTablesRequest;
import software.amazon.awssdk.services.dynamodb.model.ListTablesResponse;

class DeploymentRecordsTest {
  private static DynamoDbClient tables(String... names) {
    return new DynamoDbClient() {
      @Override
      public ListTablesResponse listTables() {
        return ListTablesResponse.builder().tableNames(List.of(names)).build();
      }

      @Override
      public ListTablesResponse listTables(ListTablesRequest request) {
        return listTables();
      }

      @Override
      public String serviceName() {
        return "dynamodb";
      }

      @Override
      public void close() {}
    };
  }

  @Test
  void findsTheDeploymentsTableNotTheDeliveriesTableOfTheDeploymentStore() {
    assertThat(
            DeploymentRecords.table(
                tables(
                    "Slipway-hello-DeploymentStoreDeliveries80623A79",
                    "Slipway-hello-DeploymentStoreDeployments35658BD6",
                    "Slipway-hello-DeploymentStoreLocks3BD898C5")))
        .isEqualTo("Slipway-hello-DeploymentStoreDeployments35658BD6");
    assertThat(
            DeploymentRecords.table(
                tables("Slipway-hello-DeploymentStoreDeployments35658BD6-1QW2ER3TY")))
        .as("with CloudFormation's random suffix on AWS")
        .isEqualTo("Slipway-hello-DeploymentStoreDeployments35658BD6-1QW2ER3TY");
  }

  @Test
  void readsARecordAsRecordDeploymentWritesIt() {
    var record =
        DeploymentRecords.parse(
            "{\"service\":\"hello\",\"environment\":\"production\",\"sha\":\""
                + "a".repeat(40)
                + "\",\"strategy\":\"canary\",\"kind\":\"DEPLOY\",\"result\":\"ROLLED_BACK\","
                + "\"startedAt\":\"2026-11-25T18:00:00Z\",\"finishedAt\":\"2026-11-25T18:01:00Z\","
                + "\"executionName\":\"e1\",\"reason\":\"canary failed\"}");

    assertThat(record.result()).isEqualTo(DeploymentOutcome.ROLLED_BACK);
    assertThat(record.duration()).hasSeconds(60);
  }
}
