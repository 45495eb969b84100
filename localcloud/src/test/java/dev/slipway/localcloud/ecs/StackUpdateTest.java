package dev.slipway.localcloud.ecs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.localcloud.deploy.ResourceProvisioner.StackResource;
import dev.slipway.localcloud.protocol.Json;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.CreateClusterRequest;
import software.amazon.awssdk.services.ecs.model.DescribeServicesRequest;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.UpdateServiceRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/**
 * A stack deployed again updates an ECS service as CloudFormation does: not at all when its
 * properties are unchanged (what the pipeline deployed keeps serving), and with the template's
 * values when they changed (the pipeline's task definition and count are overwritten).
 */
class StackUpdateTest {
  private EcsService ecs;

  @BeforeEach
  void start() {
    var n = new AtomicInteger();
    ecs =
        new EcsService(
            new FakeContainers(),
            new FakeTargets(),
            r -> GetSecretValueResponse.builder().secretString("x").build(),
            r -> {},
            Clock.systemUTC(),
            () -> String.format("%032x", n.incrementAndGet()),
            Duration.ofMillis(20),
            "us-east-1",
            "000000000000",
            null);
    ecs.createCluster(CreateClusterRequest.builder().clusterName("c").build());
  }

  @AfterEach
  void stop() {
    ecs.close();
  }

  private String register(String family, String image) {
    return ecs.registerTaskDefinition(
            RegisterTaskDefinitionRequest.builder()
                .family(family)
                .containerDefinitions(
                    ContainerDefinition.builder().name("app").image(image).build())
                .build())
        .taskDefinition()
        .taskDefinitionArn();
  }

  private void deployStack(String taskDefinition) throws Exception {
    var properties =
        Json.MAPPER.readTree(
            """
            {"ServiceName": "web", "Cluster": "c", "TaskDefinition": "%s", "DesiredCount": 0,
             "LaunchType": "FARGATE"}
            """
                .formatted(taskDefinition));
    EcsResources.service(
        new StackResource("Stack", "WebService", "AWS::ECS::Service", properties, null), ecs);
  }

  private Service web() {
    return ecs.describeServices(
            DescribeServicesRequest.builder().cluster("c").services("web").build())
        .services()
        .getFirst();
  }

  @Test
  void unchangedPropertiesLeaveThePipelinesDeployAndChangedOnesOverwriteIt() throws Exception {
    String bootstrap = register("web-bootstrap", "registry/web:bootstrap");
    deployStack(bootstrap);
    String released = register("web", "registry/web@sha256:1");
    ecs.updateService(
        UpdateServiceRequest.builder()
            .cluster("c")
            .service("web")
            .taskDefinition(released)
            .desiredCount(2)
            .build());

    deployStack(bootstrap);
    assertThat(web().taskDefinition()).isEqualTo(released);
    assertThat(web().desiredCount()).isEqualTo(2);

    String changed = register("web-bootstrap", "registry/web:bootstrap-with-other-settings");
    deployStack(changed);
    assertThat(web().taskDefinition())
        .as("CloudFormation pushes the template's")
        .isEqualTo(changed);
    assertThat(web().desiredCount()).isZero();
  }
}
