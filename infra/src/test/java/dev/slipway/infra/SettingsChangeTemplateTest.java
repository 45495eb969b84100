package dev.slipway.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Template;

/**
 * A {@code cdk deploy} of changed settings must leave what serves untouched. CloudFormation updates
 * a resource whose properties changed with the template's values: an ECS service back on the
 * never-pushed bootstrap image at 0 tasks, the weighted rule back to blue 100 / green 0. So the
 * services' and the rule's properties must not depend on the settings a user changes; the new
 * settings reach the services through the next pipeline run (a new revision of the family).
 */
class SettingsChangeTemplateTest {
  @TempDir Path dir;

  private Template synth(String infra) throws Exception {
    Path config = dir.resolve(infra.hashCode() + ".json");
    Files.writeString(
        config,
        """
        {"services": [{"pipeline": {"service": "hello", "repository": "acme/hello",
                                    "strategy": "canary"},
                       "infra": %s}]}
        """
            .formatted(infra));
    App app = SlipwayApp.app(dir.resolve("cdk.out-" + infra.hashCode()));
    SlipwayApp.addStacks(
        app,
        SlipwayConfig.load(config),
        SynthesizedStack.handlerCode(),
        SynthesizedStack.ROOT.resolve("statemachines/pipeline.asl.json"));
    return Template.fromStack(
        (SlipwayStack) app.getNode().findChild(SlipwayApp.stackName("hello")));
  }

  @Test
  void changedCpuMemoryCountAndRetentionLeaveServicesAndRuleAsTheyWere() throws Exception {
    Template before =
        synth("{\"cpu\": 256, \"memoryMiB\": 512, \"desiredCount\": 2, \"logRetentionDays\": 30}");
    Template after =
        synth("{\"cpu\": 512, \"memoryMiB\": 1024, \"desiredCount\": 4, \"logRetentionDays\": 90}");

    for (String type :
        new String[] {"AWS::ECS::Service", "AWS::ElasticLoadBalancingV2::ListenerRule"}) {
      Map<String, Map<String, Object>> was = TemplateAssertions.properties(before, type);
      assertThat(was).as(type).isNotEmpty();
      assertThat(TemplateAssertions.properties(after, type)).as(type).isEqualTo(was);
    }
    // the services' own definition is the same; the family the pipeline copies has the new sizes
    var definitions = TemplateAssertions.properties(after, "AWS::ECS::TaskDefinition");
    assertThat(definitions.values())
        .filteredOn(p -> p.get("Family").toString().endsWith("-bootstrap"))
        .hasSize(2)
        .allSatisfy(p -> assertThat(p.get("Cpu")).isEqualTo("256"));
    assertThat(definitions.values())
        .filteredOn(p -> !p.get("Family").toString().endsWith("-bootstrap"))
        .hasSize(2)
        .allSatisfy(
            p -> {
              assertThat(p.get("Cpu")).isEqualTo("512");
              assertThat(p.get("Memory")).isEqualTo("1024");
            });
    // what CloudFormation compares is the resolved value: the definition each service refers to
    // must itself be unchanged, or its new ARN changes the service
    var definitionsBefore = TemplateAssertions.properties(before, "AWS::ECS::TaskDefinition");
    for (var service : TemplateAssertions.properties(after, "AWS::ECS::Service").values()) {
      @SuppressWarnings("unchecked")
      String id = ((Map<String, Object>) service.get("TaskDefinition")).get("Ref").toString();
      assertThat(definitions.get(id)).as(id).isEqualTo(definitionsBefore.get(id));
    }
  }

  /** After cdk destroy the kept repository is used by name: no second repository to create. */
  @Test
  void existingImageRepositoryIsUsedByNameInsteadOfCreated() throws Exception {
    Template created = synth("{}");
    Template existing = synth("{\"existingImageRepository\": true}");

    created.resourceCountIs("AWS::ECR::Repository", 1);
    existing.resourceCountIs("AWS::ECR::Repository", 0);
    String uri = existing.toJSON().toString();
    assertThat(uri).contains(".dkr.ecr.").contains("/slipway/hello");
    // the handlers and the build still get the repository's name and URI
    assertThat(TemplateAssertions.properties(existing, "AWS::Lambda::Function").toString())
        .contains("ECR_REPOSITORY_NAME=slipway/hello");
  }
}
