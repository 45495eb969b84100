package dev.slipway.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/** The state machine resource: the ASL file as it is, placeholders resolved by CloudFormation. */
class PipelineStateMachineTemplateTest {
  private static final Path ASL = SynthesizedStack.ROOT.resolve("statemachines/pipeline.asl.json");

  private final Template template = SynthesizedStack.get().template;

  @SuppressWarnings("unchecked")
  private Map<String, Object> props() {
    return TemplateAssertions.properties(template, "AWS::StepFunctions::StateMachine")
        .values()
        .iterator()
        .next();
  }

  @Test
  void isOneNamedStandardStateMachineWithTracingAndLogsWithoutExecutionData() {
    template.resourceCountIs("AWS::StepFunctions::StateMachine", 1);
    assertThat(props())
        .containsEntry("StateMachineName", "slipway-hello-pipeline")
        .containsEntry("StateMachineType", "STANDARD")
        .containsEntry("TracingConfiguration", Map.of("Enabled", true));
    assertThat(props().get("LoggingConfiguration").toString())
        .contains("IncludeExecutionData=false")
        .contains("Level=ALL");
  }

  @Test
  @SuppressWarnings("unchecked")
  void definitionIsTheAslFileAsAnAssetUnchanged() throws IOException {
    var location = (Map<String, Object>) props().get("DefinitionS3Location");
    String key = location.get("Key").toString();
    Path asset = SynthesizedStack.ROOT.resolve("infra/target/test-cdk.out/asset." + key);
    assertThat(asset).exists();
    assertThat(Files.readString(asset)).isEqualTo(Files.readString(ASL));
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyPlaceholderIsSubstitutedWithAFunctionArnOrANumber() throws IOException {
    var placeholders = new TreeSet<String>();
    var m = Pattern.compile("\\$\\{([A-Za-z0-9]+)}").matcher(Files.readString(ASL));
    while (m.find()) {
      placeholders.add(m.group(1));
    }
    var substitutions = (Map<String, Object>) props().get("DefinitionSubstitutions");
    assertThat(new TreeSet<>(substitutions.keySet())).isEqualTo(placeholders);
    for (Handler h : Handler.values()) {
      if (h == Handler.RECEIVE_WEBHOOK || h == Handler.APPROVE) {
        assertThat(substitutions).doesNotContainKey(h.placeholder());
        continue;
      }
      var value = (Map<String, Object>) substitutions.get(h.placeholder());
      assertThat(value.get("Fn::GetAtt").toString())
          .as(h.placeholder())
          .contains("Handlers" + h.className() + "Function")
          .contains("Arn");
    }
    // example config: build 30 min (+5 min margin), deploy 30 min, approval 24 h
    assertThat(substitutions)
        .containsEntry("BuildTimeoutSeconds", "2100")
        .containsEntry("BuildHeartbeatSeconds", "1800")
        .containsEntry("DeployTimeoutSeconds", "1800")
        .containsEntry("ApprovalTimeoutSeconds", "86400");
  }
}
