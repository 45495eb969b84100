package dev.slipway.localcloud.ecs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.localcloud.protocol.Json;
import org.junit.jupiter.api.Test;

/** CloudFormation properties to ECS API members, and template images to the local registry. */
class EcsResourcesTest {
  @Test
  void propertyNamesBecomeMemberNamesButFreeFormMapsKeepTheirKeys() throws Exception {
    JsonNode cfn =
        Json.MAPPER.readTree(
            """
            {"ContainerDefinitions": [{"Name": "app", "PortMappings": [{"ContainerPort": 8080}],
              "LogConfiguration": {"LogDriver": "awslogs", "Options": {"Awslogs-Group": "G"}},
              "DockerLabels": {"Team": "X"}}],
             "EnableECSManagedTags": false}
            """);
    JsonNode api = EcsResources.camelCase(cfn);
    JsonNode container = api.path("containerDefinitions").get(0);
    assertThat(container.path("name").asText()).isEqualTo("app");
    assertThat(container.path("portMappings").get(0).path("containerPort").asInt()).isEqualTo(8080);
    assertThat(container.path("logConfiguration").path("logDriver").asText()).isEqualTo("awslogs");
    assertThat(container.path("logConfiguration").path("options").path("Awslogs-Group").asText())
        .isEqualTo("G");
    assertThat(container.path("dockerLabels").path("Team").asText()).isEqualTo("X");
    assertThat(api.has("enableECSManagedTags")).isTrue();
  }

  @Test
  void ecrImagesOfTheTemplatePointAtTheLocalRegistry() {
    var rewrite = EcsResources.image("127.0.0.1:4567");
    assertThat(
            rewrite.apply("000000000000.dkr.ecr.us-east-1.amazonaws.com/slipway-hello:bootstrap"))
        .isEqualTo("127.0.0.1:4567/slipway-hello:bootstrap");
    assertThat(rewrite.apply("127.0.0.1:4567/app@sha256:ab"))
        .isEqualTo("127.0.0.1:4567/app@sha256:ab");
    assertThat(rewrite.apply("public.example/app:1")).isEqualTo("public.example/app:1");
    assertThat(EcsResources.image(null).apply("1.dkr.ecr.x.amazonaws.com/a"))
        .isEqualTo("1.dkr.ecr.x.amazonaws.com/a");
  }
}
