package dev.slipway.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Names derived from the service and environment names stay within AWS's rules, or synth stops. */
class ResourceNamesTest {
  private static String config(String service, String environments) {
    return "{\"services\": [{\"pipeline\": {\"service\": \""
        + service
        + "\", \"repository\": \"acme/hello\", \"environments\": "
        + environments
        + "}}]}";
  }

  private static String config(String service) {
    return config(service, "[\"staging\", \"production\"]");
  }

  @Test
  void thirtyTwoCharacterServiceFitsEveryLimit() {
    String service = "s" + "x".repeat(31);
    assertThat(SlipwayConfig.parse(config(service)).services().getFirst().name())
        .isEqualTo(service);
    assertThat(ResourceNames.function(service, Handler.ON_DEPLOYMENT_STATE_CHANGE)).hasSize(64);
  }

  /** Allowed by the config's own rule (≤ 40), but over Lambda's 64 in the longest function name. */
  @Test
  void thirtyThreeCharacterServiceIsRefusedWithTheFunctionNameAndTheFix() {
    String service = "s" + "x".repeat(32);
    assertThatThrownBy(() -> SlipwayConfig.parse(config(service)))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith("services[0].pipeline.service: makes the Lambda function name")
        .hasMessageContaining("'slipway-" + service + "-OnDeploymentStateChange'")
        .hasMessageContaining("65 characters; AWS allows at most 64")
        .hasMessageContaining("shorten the service name to at most 32 characters");
  }

  @Test
  void serviceNamesEcrRefusesAreRefusedAtSynth() {
    for (String service : List.of("hello--world", "hello-")) {
      assertThatThrownBy(() -> SlipwayConfig.parse(config(service)))
          .as(service)
          .isInstanceOf(InvalidConfigException.class)
          .hasMessageContaining("ECR repository name 'slipway/" + service + "'")
          .hasMessageContaining("never two separators in a row or one at the end");
    }
  }

  @Test
  void environmentNamesAreCheckedThroughTheirEcsNames() {
    assertThat(
            ResourceNames.all("hello", List.of("staging", "production")).stream()
                .filter(d -> d.field().startsWith("pipeline.environments"))
                .map(ResourceNames.Derived::name))
        .contains("slipway-hello-production-green", "slipway-hello-staging");
  }

  @Test
  void rulesFollowAwsPatterns() {
    assertThat(ResourceNames.Rule.ECR_REPOSITORY.problem("slipway/a.b_c-d")).isNull();
    assertThat(ResourceNames.Rule.ECR_REPOSITORY.problem("slipway/a_-b")).isNotNull();
    assertThat(ResourceNames.Rule.CODEBUILD_PROJECT.problem("-build")).isNotNull();
    assertThat(ResourceNames.Rule.STACK.problem("Slipway-hello")).isNull();
    assertThat(ResourceNames.Rule.STATE_MACHINE.problem("x".repeat(81)))
        .isEqualTo("81 characters; AWS allows at most 80");
  }

  /** The template's names are the checked ones: no construct derives a name of its own. */
  @Test
  void everyNameInTheTemplateIsADerivedName() {
    var template = SynthesizedStack.get().template;
    Set<String> derived =
        ResourceNames.all("hello", List.of("staging", "production")).stream()
            .map(ResourceNames.Derived::name)
            .collect(Collectors.toSet());
    Map<String, String> nameProperty =
        Map.ofEntries(
            Map.entry("AWS::Lambda::Function", "FunctionName"),
            Map.entry("AWS::Logs::LogGroup", "LogGroupName"),
            Map.entry("AWS::CodeBuild::Project", "Name"),
            Map.entry("AWS::Events::EventBus", "Name"),
            Map.entry("AWS::ECR::Repository", "RepositoryName"),
            Map.entry("AWS::StepFunctions::StateMachine", "StateMachineName"),
            Map.entry("AWS::ECS::Cluster", "ClusterName"),
            Map.entry("AWS::ECS::Service", "ServiceName"),
            Map.entry("AWS::ECS::TaskDefinition", "Family"),
            Map.entry("AWS::SNS::Topic", "TopicName"),
            Map.entry("AWS::CloudWatch::Alarm", "AlarmName"),
            Map.entry("AWS::CloudWatch::Dashboard", "DashboardName"),
            Map.entry("AWS::SecretsManager::Secret", "Name"));
    int checked = 0;
    for (var entry : nameProperty.entrySet()) {
      for (var properties : TemplateAssertions.properties(template, entry.getKey()).values()) {
        Object name = properties.get(entry.getValue());
        if (name instanceof String literal) {
          assertThat(derived).as(entry.getKey() + " " + literal).contains(literal);
          checked++;
        }
      }
    }
    assertThat(checked).as("named resources found in the template").isGreaterThan(30);
  }
}
