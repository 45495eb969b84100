package dev.slipway.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every place that needs the image repository's URI (the build's push target, the handlers that
 * verify and deploy images, the stack output) reads it as {@code Fn::GetAtt [repository,
 * RepositoryUri]}: the same value on AWS, and the attribute local mode answers with its own
 * registry, so images are pushed and pulled locally.
 */
class ImageRepositoryUriTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void repositoryUriIsTheRepositorysAttributeEverywhere() {
    JsonNode template = JSON.valueToTree(SynthesizedStack.get().template.toJSON());
    List<JsonNode> uses = new ArrayList<>();
    template
        .path("Resources")
        .forEach(
            r -> {
              JsonNode fn = r.path("Properties").path("Environment").path("Variables");
              if (fn.has("ECR_REPOSITORY_URI")) {
                uses.add(fn.get("ECR_REPOSITORY_URI"));
              }
              r.path("Properties")
                  .path("Environment")
                  .path("EnvironmentVariables")
                  .forEach(
                      v -> {
                        if (v.path("Name").asText().endsWith("_URI")) {
                          uses.add(v.path("Value"));
                        }
                      });
            });
    uses.add(template.path("Outputs").path("EcrRepositoryUri").path("Value"));

    assertThat(uses).hasSizeGreaterThanOrEqualTo(5);
    assertThat(uses)
        .allSatisfy(
            value -> {
              assertThat(value.path("Fn::GetAtt").get(1).asText()).isEqualTo("RepositoryUri");
              assertThat(value.path("Fn::GetAtt").get(0).asText()).startsWith("ImageRepository");
            });
  }
}
